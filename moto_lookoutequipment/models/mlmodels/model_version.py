"""A model version: one training, retraining or import of a model, and what it produced."""

from __future__ import annotations

import gzip
from datetime import datetime
from typing import TYPE_CHECKING, Any

from moto.core.common_models import BaseModel

from ...dashboard import StoredFieldsOnly
from ...data.resampling import rate_of
from ...data.scoring import TrainedModel
from ...data.training import TrainingOutcome
from ...serialization import json_document
from .. import s3_access
from ..common import Result, utcnow
from ..lifecycle import Lifecycle

if TYPE_CHECKING:
    from .model import Model

IN_PROGRESS = "IN_PROGRESS"
IMPORT_IN_PROGRESS = "IMPORT_IN_PROGRESS"
SUCCESS = "SUCCESS"
FAILED = "FAILED"
CANCELED = "CANCELED"
TRANSITIONAL = (IN_PROGRESS, IMPORT_IN_PROGRESS)

TRAINING = "TRAINING"
RETRAINING = "RETRAINING"
IMPORT = "IMPORT"

DIAGNOSTICS_FILE = "model_diagnostics_results.json.gz"

# What a version was trained on: DescribeModel shows them for the version it describes, and an
# import copies them from the source version.
TRAINING_MEMBERS = (
    "Schema",
    "TrainingDataStartTime",
    "TrainingDataEndTime",
    "EvaluationDataStartTime",
    "EvaluationDataEndTime",
    "DataPreProcessingConfiguration",
    "OffCondition",
)
SUMMARY_RETRAINING_MEMBERS = (
    "LatestScheduledRetrainingStatus",
    "LatestScheduledRetrainingModelVersion",
    "LatestScheduledRetrainingStartTime",
    "NextScheduledRetrainingStartDate",
    "RetrainingSchedulerStatus",
)

InferenceSpan = tuple[datetime, datetime] | None


class ModelVersion(StoredFieldsOnly, BaseModel):
    """One version of a model: what it was trained (or imported) with, and the outcome."""

    def __init__(
        self,
        model: Model,
        version: int,
        source_type: str,
        config: Result,
        outcome: TrainingOutcome,
    ) -> None:
        self.model = model
        self.version = version
        self.arn = f"{model.arn}/model-version/{version}"
        self.source_type = source_type
        # Wire-named members: DatasetName, DatasetArn, Schema, LabelsInputConfiguration, the
        # time ranges, RoleArn, DataPreProcessingConfiguration, ServerSideKmsKeyId,
        # OffCondition, ModelDiagnosticsOutputConfiguration.
        self.config = {key: value for key, value in config.items() if value is not None}
        self.outcome = outcome
        self.created_at = utcnow()
        self.last_updated_at = self.created_at
        self.ended_at: datetime | None = None
        initial = IMPORT_IN_PROGRESS if source_type == IMPORT else IN_PROGRESS
        final = SUCCESS if outcome.trained is not None else FAILED
        self.initial_status = initial
        self.lifecycle = Lifecycle("modelversion", initial, final)
        self.import_fields: Result = {}
        self.diagnostics_object: Result | None = None
        # Filled by retraining for the versions it creates (PriorModelMetrics, ...).
        self.retraining_fields: Result = {}
        self._settled = False

    @property
    def status(self) -> str:
        return self.lifecycle.current

    def settle(self) -> None:
        """Record the end of a training or import that has ended: its end time, and its
        diagnostics file in S3."""
        status = self.lifecycle.current
        if status in TRANSITIONAL or self._settled:
            return
        self._settled = True
        self.ended_at = utcnow()
        self.last_updated_at = self.ended_at
        if status == SUCCESS:
            self._write_diagnostics()

    def observe(self) -> None:
        """One more look at the version (and its model, whose action it may be), for moto's
        ``manual`` progression."""
        self.lifecycle.advance()
        self.model.settle()
        self.settle()

    def _write_diagnostics(self) -> None:
        output = self.config.get("ModelDiagnosticsOutputConfiguration")
        if output is None or not self.outcome.diagnostics:
            return
        location = output["S3OutputConfiguration"]
        bucket = location["Bucket"]
        key = f"{location.get('Prefix') or ''}{self.model.name}/{self.version}/{DIAGNOSTICS_FILE}"
        lines = "".join(json_document(line) + "\n" for line in self.outcome.diagnostics)
        body = gzip.compress(lines.encode(), mtime=0)
        if s3_access.put_object(self.model.account_id, self.model.region, bucket, key, body):
            self.diagnostics_object = {"Bucket": bucket, "Key": key}

    def cancel(self, reason: str) -> None:
        """Stop the version's training or import before it ends: it becomes ``CANCELED``."""
        self.outcome = TrainingOutcome(failed_reason=reason)
        self.lifecycle.move(CANCELED)

    @property
    def settled(self) -> bool:
        return self.status not in TRANSITIONAL

    @property
    def trained(self) -> TrainedModel | None:
        """The trained parameters, once the version is ``SUCCESS``."""
        return self.outcome.trained if self.status == SUCCESS else None

    @property
    def schema(self) -> dict[str, Any]:
        return self.config["Schema"]  # type: ignore[no-any-return]

    @property
    def sampling_rate(self) -> str | None:
        """The ``TargetSamplingRate`` the version was trained with, which its inference uses."""
        return rate_of(self.config.get("DataPreProcessingConfiguration"))

    @property
    def quality(self) -> str | None:
        return self.outcome.quality if self.status == SUCCESS else None

    @property
    def metrics(self) -> dict[str, Any] | None:
        return self.outcome.metrics if self.status == SUCCESS else None

    @property
    def failed_reason(self) -> str | None:
        return self.outcome.failed_reason if self.status in (FAILED, CANCELED) else None

    def run_fields(self) -> Result:
        """When the version's training or import ran, and what it produced."""
        fields: Result = {"ModelMetrics": self.metrics, "FailedReason": self.failed_reason}
        if self.source_type == IMPORT:
            fields["ImportJobStartTime"] = self.created_at
            fields["ImportJobEndTime"] = self.ended_at
        else:
            fields["TrainingExecutionStartTime"] = self.created_at
            fields["TrainingExecutionEndTime"] = self.ended_at
        return fields

    def summary(self) -> Result:
        return {
            "ModelName": self.model.name,
            "ModelArn": self.model.arn,
            "ModelVersion": self.version,
            "ModelVersionArn": self.arn,
            "CreatedAt": self.created_at,
            "Status": self.status,
            "SourceType": self.source_type,
            "ModelQuality": self.quality,
        }

    def describe(self) -> Result:
        return {
            **self.summary(),
            **self.config,
            **self.run_fields(),
            **self.import_fields,
            **self.retraining_fields,
            "LastUpdatedTime": self.last_updated_at,
            "ModelDiagnosticsResultsObject": self.diagnostics_object,
        }

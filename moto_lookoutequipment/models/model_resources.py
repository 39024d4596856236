"""Models and model versions, with the members their Describe and List operations show.

A model moves through one *action* at a time (a training or an import), carried by one new
version. The version's status follows ``lookoutequipment::modelversion`` and the model's
``lookoutequipment::model`` on moto's state manager. The outcome of an action is computed when
it is requested and only shown once the state manager lets the status settle: the version's
end time, trained parameters and diagnostics file when the version settles; activation and
imported inference data when the model settles too. An action still running can be canceled:
its version becomes ``CANCELED`` and the model, whose statuses have no such value, ``FAILED``.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import datetime
from typing import Any

from moto.core.common_models import BaseModel

from ..dashboard import StoredFieldsOnly
from ..data.scoring import TrainedModel
from ..data.training import TrainingOutcome
from ..serialization import json_document
from . import s3_access
from .common import Result, creation_number, new_resource_id, resource_arn, utcnow
from .lifecycle import Lifecycle

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
_SUMMARY_RETRAINING_MEMBERS = (
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
        status = self.lifecycle.current
        if status not in TRANSITIONAL and not self._settled:
            self._settle(status)
        return status

    def _settle(self, status: str) -> None:
        self._settled = True
        self.ended_at = utcnow()
        self.last_updated_at = self.ended_at
        if status == SUCCESS:
            self._write_diagnostics()

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


class Model(StoredFieldsOnly, BaseModel):
    def __init__(
        self,
        account_id: str,
        region: str,
        name: str,
        dataset_name: str,
        dataset_arn: str,
        kms_key_arn: str | None,
        settings: Result,
    ) -> None:
        self.creation_number = creation_number()
        self.account_id = account_id
        self.region = region
        self.name = name
        self.arn = resource_arn(account_id, region, "model", name, new_resource_id())
        self.dataset_name = dataset_name
        self.dataset_arn = dataset_arn
        self.kms_key_arn = kms_key_arn
        # LabelsInputConfiguration, RoleArn, ModelDiagnosticsOutputConfiguration: what the
        # next training uses; UpdateModel changes them.
        self.settings = {key: value for key, value in settings.items() if value is not None}
        self.versions: dict[int, ModelVersion] = {}
        self.created_at = utcnow()
        self.last_updated_at = self.created_at
        self.lifecycle = Lifecycle("model", IN_PROGRESS)
        self.action: ModelVersion | None = None
        self._on_success: Callable[[ModelVersion], None] | None = None
        self._applied = True
        self.active: ModelVersion | None = None
        self.activated_at: datetime | None = None
        self.previous: ModelVersion | None = None
        self.previous_activated_at: datetime | None = None
        self.inference_data: InferenceSpan = None

    # The state of the latest action

    def start(
        self, version: ModelVersion, on_success: Callable[[ModelVersion], None] | None
    ) -> None:
        """Run a new action with ``version``; ``on_success`` runs once it has succeeded."""
        self.versions[version.version] = version
        self.action = version
        self._on_success = on_success
        self._applied = False
        final = SUCCESS if version.outcome.trained is not None else FAILED
        self.lifecycle.move(version.initial_status, final)
        self.last_updated_at = version.created_at

    def touch(self) -> None:
        self.last_updated_at = utcnow()

    def cancel_action(self, reason: str) -> None:
        """Cancel the running action; the model, whose status has no ``CANCELED``, fails."""
        action = self.action
        if action is None or action.status not in TRANSITIONAL:
            return
        action.cancel(reason)
        self.lifecycle.move(FAILED)

    def advance(self) -> None:
        """One more observation of the model's status (``manual`` progression)."""
        self.lifecycle.advance()
        if self.action is not None:
            self.action.lifecycle.advance()

    def _refresh(self) -> None:
        action = self.action
        if self._applied or action is None:
            return
        if self.lifecycle.current in TRANSITIONAL or not action.settled:
            return
        self._applied = True
        self.last_updated_at = utcnow()
        if action.status == SUCCESS and self._on_success is not None:
            self._on_success(action)

    @property
    def status(self) -> str:
        self._refresh()
        if not self._applied and self.action is not None:
            return self.action.initial_status
        return self.lifecycle.current

    @property
    def busy(self) -> bool:
        return self.status in TRANSITIONAL

    def next_version_number(self) -> int:
        return max(self.versions, default=0) + 1

    # Activation

    def activate(self, version: ModelVersion) -> None:
        if version is self.active:
            return
        self.previous, self.previous_activated_at = self.active, self.activated_at
        self.active, self.activated_at = version, utcnow()
        self.last_updated_at = self.activated_at

    @property
    def active_version(self) -> ModelVersion | None:
        self._refresh()
        return self.active

    @property
    def quality(self) -> str | None:
        active = self.active_version
        return active.quality if active is not None else None

    @property
    def sampling_rate(self) -> str | None:
        shown = self._shown()
        if shown is None:
            return None
        preprocessing = shown.config.get("DataPreProcessingConfiguration") or {}
        return preprocessing.get("TargetSamplingRate")

    def _shown(self) -> ModelVersion | None:
        """The version whose training DescribeModel shows: the active one, else the latest."""
        return self.active_version or self.action

    # Inference data

    def record_inference_data(self, start: datetime, end: datetime) -> None:
        if self.inference_data is not None:
            start = min(start, self.inference_data[0])
            end = max(end, self.inference_data[1])
        self.inference_data = (start, end)

    # Responses

    def summary(self, retraining: Result) -> Result:
        active = self.active_version
        return {
            "ModelName": self.name,
            "ModelArn": self.arn,
            "DatasetName": self.dataset_name,
            "DatasetArn": self.dataset_arn,
            "Status": self.status,
            "CreatedAt": self.created_at,
            "ActiveModelVersion": active.version if active else None,
            "ActiveModelVersionArn": active.arn if active else None,
            "ModelDiagnosticsOutputConfiguration": self.settings.get(
                "ModelDiagnosticsOutputConfiguration"
            ),
            "ModelQuality": self.quality,
            **{key: retraining[key] for key in _SUMMARY_RETRAINING_MEMBERS if key in retraining},
        }

    def describe(self, retraining: Result) -> Result:
        status = self.status
        shown = self._shown()
        active, previous = self.active, self.previous
        result: Result = {
            **self.summary(retraining),
            **retraining,
            "LastUpdatedTime": self.last_updated_at,
            "ServerSideKmsKeyId": self.kms_key_arn,
            **self.settings,
            "ModelVersionActivatedAt": self.activated_at,
            "PreviousActiveModelVersion": previous.version if previous else None,
            "PreviousActiveModelVersionArn": previous.arn if previous else None,
            "PreviousModelVersionActivatedAt": self.previous_activated_at if previous else None,
        }
        if shown is not None:
            result.update({key: shown.config.get(key) for key in TRAINING_MEMBERS})
            run = shown.run_fields()
            if shown is self.action and not self._applied:
                # The model is still running this action: no outcome to show yet.
                run = {key: run[key] for key in ("TrainingExecutionStartTime",) if key in run}
            elif shown.source_type == IMPORT and shown is not active:
                # The import members describe the active version only.
                run = {"ModelMetrics": run["ModelMetrics"]}
            elif shown.source_type == IMPORT:
                run["SourceModelVersionArn"] = shown.import_fields["SourceModelVersionArn"]
            result.update(run)
        action = self.action
        result["FailedReason"] = (
            action.failed_reason if action is not None and status == FAILED else None
        )
        if self.inference_data is not None:
            result["AccumulatedInferenceDataStartTime"] = self.inference_data[0]
            result["AccumulatedInferenceDataEndTime"] = self.inference_data[1]
        return result

"""A model and the versions it holds, with the members DescribeModel and ListModels show.

A model moves through one *action* at a time (a training or an import), carried by one new
version. The version's status follows ``lookoutequipment::modelversion`` and the model's
``lookoutequipment::model`` on moto's state manager. The outcome of an action is computed when
it is requested and only shown once the state manager lets the status settle: the version's
end time, trained parameters and diagnostics file when the version settles; activation and
imported inference data when the model settles too. An action still running can be canceled:
its version becomes ``CANCELED`` and the model, whose statuses have no such value, ``FAILED``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache

from moto.core.common_models import BaseModel

from ... import spec
from ...dashboard import StoredFieldsOnly
from ...data.sensor_data import DatasetData, add_data, drop_before
from ..common import Result, creation_number, new_resource_id, resource_arn, utcnow
from ..lifecycle import Lifecycle
from .model_version import (
    FAILED,
    IMPORT,
    IN_PROGRESS,
    RETRAINING,
    SUCCESS,
    SUMMARY_RETRAINING_MEMBERS,
    TRAINING_MEMBERS,
    TRANSITIONAL,
    InferenceSpan,
    ModelVersion,
)

IMPORT_SETTINGS = ("LabelsInputConfiguration", "RoleArn")


@lru_cache(maxsize=1)
def longest_lookback() -> timedelta:
    """The longest ``LookbackWindow`` the service model allows."""
    pattern = spec.shape("LookbackWindow").metadata["pattern"]
    return timedelta(days=max(int(days) for days in re.findall(r"P(\d+)D", pattern)))


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
        # The rows of the inference data: a retraining trains on those of its lookback window.
        self.inference_rows = DatasetData()

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

    def observe(self) -> None:
        """One more look at the model's status (``manual`` progression)."""
        self.lifecycle.advance()
        if self.action is not None:
            self.action.lifecycle.advance()
        self.settle()

    def settle(self) -> None:
        """Finish an action that has ended: settle its version, then, once the model's own
        status has moved on too, apply what it succeeded with (activation, imported data)."""
        action = self.action
        if action is None:
            return
        action.settle()
        if self._applied:
            return
        if self.lifecycle.current in TRANSITIONAL or not action.settled:
            return
        self._applied = True
        self.last_updated_at = utcnow()
        if action.status == SUCCESS and self._on_success is not None:
            self._on_success(action)

    @property
    def status(self) -> str:
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
        if version.source_type == IMPORT:
            # An import brings the labels and role it was given; they stay the model's
            # settings for later trainings, as if UpdateModel had set them.
            for key in IMPORT_SETTINGS:
                if key in version.config:
                    self.settings[key] = version.config[key]
        self.previous, self.previous_activated_at = self.active, self.activated_at
        self.active, self.activated_at = version, utcnow()
        self.last_updated_at = self.activated_at

    @property
    def active_version(self) -> ModelVersion | None:
        return self.active

    @property
    def quality(self) -> str | None:
        active = self.active_version
        return active.quality if active is not None else None

    @property
    def sampling_rate(self) -> str | None:
        shown = self._shown()
        return shown.sampling_rate if shown is not None else None

    def _shown(self) -> ModelVersion | None:
        """The version whose training DescribeModel shows: the active one, else the latest."""
        return self.active_version or self.action

    # Inference data

    def record_inference_data(
        self,
        start: datetime,
        end: datetime,
        rows: DatasetData | None = None,
    ) -> None:
        """Accumulate an inference's window and input rows. Rows older than the longest
        lookback window before the newest one can never be retrained on, and are dropped."""
        if self.inference_data is not None:
            start = min(start, self.inference_data[0])
            end = max(end, self.inference_data[1])
        self.inference_data = (start, end)
        if rows is not None:
            add_data(self.inference_rows, rows)
        drop_before(self.inference_rows, (end - longest_lookback()).timestamp())

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
            **{key: retraining[key] for key in SUMMARY_RETRAINING_MEMBERS if key in retraining},
        }

    def describe(self, retraining: Result) -> Result:
        status = self.status
        shown = self._shown()
        active, previous = self.active, self.previous
        result: Result = {
            **self.summary(retraining),
            **retraining,
            "LastUpdatedTime": self.last_updated_at,
            # The key of the model data in use: the active version's.
            "ServerSideKmsKeyId": (
                active.config.get("ServerSideKmsKeyId") if active else self.kms_key_arn
            ),
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
        if active is not None and active.source_type == RETRAINING:
            # The prior model's performance on the new training range.
            result["PriorModelMetrics"] = active.retraining_fields.get("PriorModelMetrics")
        if self.inference_data is not None:
            result["AccumulatedInferenceDataStartTime"] = self.inference_data[0]
            result["AccumulatedInferenceDataEndTime"] = self.inference_data[1]
        return result

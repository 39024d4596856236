"""Inference executions: one run of a scheduler over one data window.

An execution is computed when its scheduled time has passed (the scheduler materialises it on
the next read): it finds its input files in S3, scores their rows with the model version active
at that moment and settles as ``SUCCESS`` or ``FAILED`` through moto's state manager. When it
settles as ``SUCCESS`` its ``results.jsonl`` is written and the model's accumulated inference
data grows by its window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from moto.core.common_models import BaseModel

from ...dashboard import StoredFieldsOnly
from ...data.inference_results import (
    AnomalyRun,
    ScoredRow,
    anomaly_runs,
    results_jsonl,
    results_key,
    score_rows,
)
from ...data.inference_windows import Window, iso_z
from ...data.resampling import resampled_rows, rows_in
from ...data.scoring import RowScorer
from ...data.sensor_data import DatasetData, row_count
from .. import s3_access
from ..common import INFERENCE_ROWS_PER_EXECUTION, Result
from ..lifecycle import Lifecycle
from .input_reader import InputReader, InputUnusable

IN_PROGRESS = "IN_PROGRESS"
SUCCESS = "SUCCESS"
FAILED = "FAILED"


@dataclass
class Outcome:
    status: str
    failed_reason: str | None = None
    # The results file, kept only until it is written: as bytes rather than scored rows, since
    # thousands of runs of one read wait for it together (fewer objects for the collector).
    results: bytes = b""
    # A tuple: most runs have none, and the empty tuple is shared.
    runs: tuple[AnomalyRun, ...] = ()
    # The input rows, kept only until the model accumulates them as inference data.
    inputs: DatasetData | None = None

    @property
    def anomalous(self) -> bool:
        return bool(self.runs)


def failed(reason: str) -> Outcome:
    return Outcome(FAILED, failed_reason=reason)


def succeeded(rows: list[ScoredRow], inputs: DatasetData) -> Outcome:
    return Outcome(
        SUCCESS, results=results_jsonl(rows), runs=tuple(anomaly_runs(rows)), inputs=inputs
    )


class InferenceExecution(StoredFieldsOnly, BaseModel):
    def __init__(
        self,
        scheduler: Any,
        window: Window,
        model: Any | None,
        version: Any | None,
        outcome: Outcome,
        on_settle: Callable[[InferenceExecution], None],
    ) -> None:
        self.scheduler_name: str = scheduler.name
        self.scheduler_arn: str = scheduler.arn
        self.model_name: str = scheduler.model_name
        self.model_arn: str = scheduler.model_arn
        # Shared with the scheduler, which replaces (never changes) them on an update.
        self.input_config: dict[str, Any] = scheduler.input_config
        self.output_config: dict[str, Any] = scheduler.output_config
        self.window = window
        self.model = model
        self.model_version: int | None = version.version if version is not None else None
        self.model_version_arn: str | None = version.arn if version is not None else None
        self.outcome = outcome
        self.result_bucket: str = self.output_config["S3OutputConfiguration"]["Bucket"]
        self.result_key = results_key(
            self.output_config["S3OutputConfiguration"].get("Prefix", ""), window.scheduled
        )
        self.lifecycle = Lifecycle("inferenceexecution", IN_PROGRESS, outcome.status)
        self._on_settle = on_settle
        self.settled = False

    @property
    def status(self) -> str:
        return self.lifecycle.current

    def settle(self) -> bool:
        """Finish a run whose status has moved on (its results are written); whether it has."""
        if not self.settled and self.lifecycle.current != IN_PROGRESS:
            self.settled = True
            self._on_settle(self)
        return self.settled

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCESS

    def summary(self) -> Result:
        status = self.status
        return {
            "ModelName": self.model_name,
            "ModelArn": self.model_arn,
            "InferenceSchedulerName": self.scheduler_name,
            "InferenceSchedulerArn": self.scheduler_arn,
            "ScheduledStartTime": self.window.scheduled,
            "DataStartTime": self.window.start,
            "DataEndTime": self.window.end,
            "DataInputConfiguration": self.input_config,
            "DataOutputConfiguration": self.output_config,
            "CustomerResultObject": (
                {"Bucket": self.result_bucket, "Key": self.result_key}
                if status == SUCCESS
                else None
            ),
            "Status": status,
            "FailedReason": self.outcome.failed_reason if status == FAILED else None,
            "ModelVersion": self.model_version,
            "ModelVersionArn": self.model_version_arn,
        }


def model_components(version: Any) -> list[tuple[str, list[str]]]:
    """The components a model version scores and the sensors of each, in schema order."""
    schema = getattr(version, "schema", None)
    if schema:
        return [
            (
                component["ComponentName"],
                [c["Name"] for c in component["Columns"] if c.get("Type") == "DOUBLE"],
            )
            for component in schema["Components"]
        ]
    grouped: dict[str, list[str]] = {}
    for component, sensor in version.trained.sensors:
        grouped.setdefault(component, []).append(sensor)
    return list(grouped.items())


def version_at(model: Any | None, moment: datetime) -> Any | None:
    """The model version active at ``moment``: the active one, or the one it replaced when it
    was activated after ``moment`` (runs not yet read when a version is activated keep the
    version they ran with)."""
    if model is None:
        return None
    active = model.active_version
    activated_at = getattr(model, "activated_at", None)
    previous = getattr(model, "previous", None)
    if previous is not None and activated_at is not None and moment < activated_at:
        return previous
    return active


@dataclass(frozen=True)
class VersionInputs:
    """What the windows of a read that one model version scores share: the components (and
    their sensors) it reads, and its scorer."""

    components: list[tuple[str, list[str]]]
    scorer: RowScorer


def _infer(
    reader: InputReader, version: Any, inputs: VersionInputs, window: Window, frequency: str
) -> Outcome:
    try:
        rows = reader.rows(inputs.components, window)
    except InputUnusable as unusable:
        return failed(str(unusable))
    rate = version.sampling_rate
    sampled = resampled_rows(rows, rate, window)
    limit = INFERENCE_ROWS_PER_EXECUTION[frequency]
    count = row_count(sampled)
    if count > limit:
        return failed(
            f"The input data under '{reader.location}' holds {rows_in(count, rate)} "
            f"within ({iso_z(window.start)}, {iso_z(window.end)}], more than the {limit} rows an "
            f"execution of a scheduler with data upload frequency {frequency} may take."
        )
    scored = score_rows(inputs.scorer, sampled)
    if not scored:
        return failed(
            f"Could not find a valid value for any sensor of the model within expected range of "
            f"({iso_z(window.start)}, {iso_z(window.end)}] in the {row_count(rows)} rows of the "
            f"input data under '{reader.location}': every value is empty or not a number."
        )
    return succeeded(scored, rows)


class ExecutionRunner:
    """Computes a scheduler's executions from S3 input, in the scheduler's account."""

    def __init__(self, backend: Any) -> None:
        self.account_id: str = backend.account_id
        self.region: str = backend.region_name

    def run(self, scheduler: Any, windows: Sequence[Window], model: Any | None) -> list[Any]:
        s3_input = scheduler.input_config["S3InputConfiguration"]
        bucket, prefix = s3_input["Bucket"], s3_input.get("Prefix", "")
        unusable_buckets = self._missing_bucket(
            scheduler.output_config["S3OutputConfiguration"],
            "Could not write inference results",
            "output",
        ) or self._missing_bucket(s3_input, "Could not read input data", "input")
        reader: InputReader | None = None
        # The windows of a read use one version (two around an activation): each is judged,
        # its components listed and its scorer made, once.
        unusable: dict[int, str | None] = {}
        inputs: dict[int, VersionInputs] = {}
        settle = self._settle
        ran = []
        for window in windows:
            version = version_at(model, window.scheduled)
            if id(version) not in unusable:
                reason = self._unusable_model(scheduler, model, version) or unusable_buckets
                unusable[id(version)] = reason
                if reason is None and version is not None:
                    inputs[id(version)] = VersionInputs(
                        model_components(version), RowScorer(version.trained)
                    )
            reason = unusable[id(version)]
            if reason is not None:
                outcome = failed(reason)
            else:
                if reader is None:
                    reader = InputReader(
                        self.account_id, self.region, bucket, prefix, scheduler.naming
                    )
                outcome = _infer(reader, version, inputs[id(version)], window, scheduler.frequency)
            ran.append(InferenceExecution(scheduler, window, model, version, outcome, settle))
        return ran

    def _missing_bucket(self, location: dict[str, Any], failure: str, role: str) -> str | None:
        """Why every window fails when the bucket of the ``role`` (input or output) location
        does not exist, else ``None``."""
        bucket = location["Bucket"]
        if s3_access.bucket_exists(self.account_id, self.region, bucket):
            return None
        return (
            f"{failure}: the bucket '{bucket}' of the {role} location "
            f"'{s3_access.s3_url(bucket, location.get('Prefix', ''))}' does not exist."
        )

    @staticmethod
    def _unusable_model(scheduler: Any, model: Any | None, version: Any | None) -> str | None:
        if model is None:
            return (
                f"Model '{scheduler.model_name}' ({scheduler.model_arn}) used by inference "
                f"scheduler '{scheduler.name}' does not exist; it was deleted."
            )
        if version is None or version.status != SUCCESS or version.trained is None:
            return f"Model '{model.name}' has no successfully trained active version."
        return None

    def _settle(self, execution: InferenceExecution) -> None:
        if execution.outcome.status != SUCCESS or execution.model is None:
            return
        s3_access.put_object(
            self.account_id,
            self.region,
            execution.result_bucket,
            execution.result_key,
            execution.outcome.results,
        )
        execution.outcome.results = b""
        inputs, execution.outcome.inputs = execution.outcome.inputs, None
        execution.model.record_inference_data(execution.window.start, execution.window.end, inputs)

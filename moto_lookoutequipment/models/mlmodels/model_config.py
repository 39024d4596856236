"""The cross-field rules of a model's configuration, which the service model cannot express.

Shared by CreateModel, UpdateModel and ImportModelVersion: where labels come from, which role
and diagnostics location go with them, which sensors a model uses, its time windows and its
off condition.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ...data.scoring import OffCondition, SensorKey, parse_off_condition, sensor_label
from ...data.sensor_data import DatasetData
from ...data.training import Window, metric_time, time_span
from ...exceptions import ValidationException
from .. import s3_access
from ..datasets.schema import parse_schema

if TYPE_CHECKING:
    from .. import LookoutEquipmentBackend

MIN_TRAINING_SPAN = timedelta(days=180)
MAX_MODEL_SENSORS = 300


def check_labels_source(labels: dict[str, Any] | None, role_arn: str | None) -> None:
    """Labels come from exactly one place, and reading them from S3 needs a role."""
    if labels is None:
        return
    has_group = labels.get("LabelGroupName") is not None
    has_s3 = labels.get("S3InputConfiguration") is not None
    if has_group == has_s3:
        raise ValidationException(
            "LabelsInputConfiguration must give exactly one of S3InputConfiguration and "
            "LabelGroupName."
        )
    if has_s3 and role_arn is None:
        raise ValidationException(
            "RoleArn is required to read labels from S3 (LabelsInputConfiguration."
            "S3InputConfiguration)."
        )


def check_diagnostics_output(
    backend: LookoutEquipmentBackend, output: dict[str, Any] | None, role_arn: str | None
) -> None:
    """The pointwise-diagnostics location needs a role, an existing bucket and a usable key."""
    if output is None:
        return
    if role_arn is None:
        raise ValidationException(
            "RoleArn is required with ModelDiagnosticsOutputConfiguration: the service writes "
            "the diagnostics with that role."
        )
    bucket = output["S3OutputConfiguration"]["Bucket"]
    if not s3_access.bucket_exists(backend.account_id, backend.region_name, bucket):
        raise ValidationException(
            f"The diagnostics output bucket '{bucket}' does not exist in this account."
        )
    if output.get("KmsKeyId") is not None:
        backend.resolve_kms_key(output["KmsKeyId"])


def sensor_keys(schema: dict[str, Any]) -> list[SensorKey]:
    """The sensors (``DOUBLE`` columns) of a schema, in schema order."""
    return [
        (component["ComponentName"], column["Name"])
        for component in schema["Components"]
        for column in component["Columns"]
        if column["Type"] == "DOUBLE"
    ]


def model_schema(
    dataset_name: str, dataset_schema: dict[str, Any], requested: dict[str, Any] | None
) -> dict[str, Any]:
    """The schema of a new model: the dataset's, or the requested subset of its sensors."""
    if requested is None or requested.get("InlineDataSchema") is None:
        schema = dataset_schema
    else:
        schema = parse_schema(requested["InlineDataSchema"])
        check_subset(dataset_name, dataset_schema, schema)
    count = len(sensor_keys(schema))
    if count > MAX_MODEL_SENSORS:
        raise ValidationException(
            f"A model can use at most {MAX_MODEL_SENSORS} sensors; this schema has {count}."
        )
    return schema


def check_subset(
    dataset_name: str,
    dataset_schema: dict[str, Any],
    schema: dict[str, Any],
    owner: str = "The schema",
) -> None:
    """Every sensor of ``schema`` (of ``owner``) must be a sensor of the dataset."""
    available = set(sensor_keys(dataset_schema))
    missing = [key for key in sensor_keys(schema) if key not in available]
    if missing:
        names = ", ".join(sensor_label(key) for key in missing)
        raise ValidationException(
            f"{owner} names sensors that dataset '{dataset_name}' does not have: {names}."
        )


def off_condition(text: str | None, sensors: Sequence[SensorKey]) -> OffCondition | None:
    """Parse ``component\\sensor < number`` (or ``>``); the sensor must be one of the model's."""
    if text is None:
        return None
    condition = parse_off_condition(text)
    if condition is None:
        raise ValidationException(
            f"OffCondition {json.dumps(text)} is not of the form 'component\\sensor < number' "
            "or 'component\\sensor > number'."
        )
    if condition.key not in sensors:
        raise ValidationException(
            f"OffCondition names the sensor '{sensor_label(condition.key)}', which is not a "
            "sensor of the model."
        )
    return condition


def _pair(params: dict[str, Any], kind: str) -> Window | None:
    start = params.get(f"{kind}DataStartTime")
    end = params.get(f"{kind}DataEndTime")
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValidationException(
            f"{kind}DataStartTime and {kind}DataEndTime must be given together."
        )
    if start >= end:
        raise ValidationException(
            f"{kind}DataStartTime ({metric_time(start)}) must be before {kind}DataEndTime "
            f"({metric_time(end)})."
        )
    return start, end


def windows(params: dict[str, Any], data: DatasetData) -> tuple[Window, Window | None]:
    """The training window (by default the data before the evaluation window, or all of it)
    and the evaluation window, checked against each other and against the data's span."""
    data_start, data_end = data.start, data.end
    if data_start is None or data_end is None:
        raise ValidationException("The dataset's ingested data holds no rows.")
    evaluation = _pair(params, "Evaluation")
    training = _pair(params, "Training") or (
        data_start,
        evaluation[0] if evaluation is not None else data_end,
    )
    for kind, window in (("training", training), ("evaluation", evaluation)):
        if window is not None and (window[0] < data_start or window[1] > data_end):
            raise ValidationException(
                f"The {kind} range {time_span(window)} is not inside the dataset's data, which "
                f"runs from {metric_time(data_start)} to {metric_time(data_end)}."
            )
    if evaluation is not None and training[1] > evaluation[0]:
        raise ValidationException(
            f"The training range must end before the evaluation range starts; it ends at "
            f"{metric_time(training[1])}, after {metric_time(evaluation[0])}."
        )
    if training[1] - training[0] < MIN_TRAINING_SPAN:
        days = (training[1] - training[0]) / timedelta(days=1)
        raise ValidationException(
            f"The training range {time_span(training)} spans {days:g} days; a model needs at least "
            f"{MIN_TRAINING_SPAN.days} days of training data."
        )
    return training, evaluation

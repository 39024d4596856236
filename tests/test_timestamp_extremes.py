"""Timestamps at the ends of the calendar: valid in the service model, refused by name when the
service cannot compute with them, never a server error."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inference_helpers import INPUT_BUCKET, OUTPUT_BUCKET, scheduler_request
from model_helpers import DATASET, MODEL, dataset_with_data, train_model
from wire_helpers import error_of, post

from moto_lookoutequipment import spec


def timestamp_members(shape: Shape | None, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The paths of the timestamp members of ``shape`` (structures only: no list in this model
    holds a timestamp)."""
    if shape is None:
        return []
    if shape.type_name == "timestamp":
        return [path]
    if shape.type_name != "structure":
        return []
    return [
        found
        for name, member in shape.members.items()  # type: ignore[attr-defined]
        for found in timestamp_members(member, (*path, name))
    ]


TIMESTAMP_MEMBERS = {
    operation: members
    for operation in spec.operation_names()
    if (members := timestamp_members(spec.operation(operation).input_shape))
}

LABEL_GROUP = "faults"
OTHER_MODEL = "other-pump-model"


def requests_of(operation: str) -> dict[str, Any]:
    """A request of ``operation`` that reaches the resources ``service`` holds."""
    label = {"LabelGroupName": LABEL_GROUP, "Rating": "ANOMALY"}
    times = {"StartTime": 1_700_000_000, "EndTime": 1_700_003_600}
    return {
        "CreateLabel": {**label, **times, "ClientToken": uuid.uuid4().hex},
        "CreateModel": {
            "ModelName": "new-model",
            "DatasetName": DATASET,
            "ClientToken": uuid.uuid4().hex,
        },
        "CreateRetrainingScheduler": {
            "ModelName": MODEL,
            "RetrainingFrequency": "P30D",
            "LookbackWindow": "P180D",
            "ClientToken": uuid.uuid4().hex,
        },
        "UpdateRetrainingScheduler": {"ModelName": OTHER_MODEL},
        "ListInferenceEvents": {
            "InferenceSchedulerName": "pump-scheduler",
            "IntervalStartTime": 1_700_000_000,
            "IntervalEndTime": 1_700_003_600,
        },
        "ListInferenceExecutions": {"InferenceSchedulerName": "pump-scheduler"},
        "ListLabels": {"LabelGroupName": LABEL_GROUP},
        "ListModelVersions": {"ModelName": MODEL},
    }[operation]


def test_every_operation_with_a_timestamp_member_has_a_request() -> None:
    assert sorted(TIMESTAMP_MEMBERS) == [
        "CreateLabel",
        "CreateModel",
        "CreateRetrainingScheduler",
        "ListInferenceEvents",
        "ListInferenceExecutions",
        "ListLabels",
        "ListModelVersions",
        "UpdateRetrainingScheduler",
    ]


@pytest.fixture
def service(client: Any, s3: Any) -> Any:
    """A trained model with an inference scheduler, a second one with a retraining scheduler,
    and a label group."""
    dataset_with_data(client)
    train_model(client)
    train_model(client, name=OTHER_MODEL)
    client.create_retraining_scheduler(
        ModelName=OTHER_MODEL, RetrainingFrequency="P30D", LookbackWindow="P180D"
    )
    client.create_label_group(LabelGroupName=LABEL_GROUP)
    s3.create_bucket(Bucket=INPUT_BUCKET)
    s3.create_bucket(Bucket=OUTPUT_BUCKET)
    client.create_inference_scheduler(**scheduler_request(ModelName=MODEL))
    return client


FIRST = datetime(1, 1, 1)
LAST = datetime(9999, 12, 31, 23, 59, 59, 999999)
# Offsets of up to 14 hours either way, the furthest most often.
OFFSETS = (st.sampled_from([-14 * 60, -1, 1, 14 * 60]) | st.integers(-14 * 60, 14 * 60)).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
WITHIN_A_DAY = st.timedeltas(timedelta(0), timedelta(days=1))


def _iso(moment: datetime, zone: timezone) -> str:
    return moment.replace(tzinfo=zone).isoformat()


EXTREMES = st.one_of(
    st.builds(_iso, WITHIN_A_DAY.map(lambda step: FIRST + step), OFFSETS),
    st.builds(_iso, WITHIN_A_DAY.map(lambda step: LAST - step), OFFSETS),
    st.sampled_from([-62135596800, 253402300799, 253402300799.999999]),
    st.floats(-62135596800, -62135596800 + 86400),
    st.floats(253402300799 - 86400, 253402300799.999),
)


@st.composite
def extreme_requests(draw: st.DrawFn) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    operation = draw(st.sampled_from(sorted(TIMESTAMP_MEMBERS)))
    request = requests_of(operation)
    members = draw(st.sets(st.sampled_from(TIMESTAMP_MEMBERS[operation]), min_size=1))
    for path in members:
        request[path[-1]] = draw(EXTREMES)
    return operation, tuple(sorted(members)), request


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=extreme_requests())
def test_extreme_timestamps_are_never_a_server_error(
    service: Any, case: tuple[str, tuple[str, ...], dict[str, Any]]
) -> None:
    operation, members, request = case
    response = post(operation, raw=json.dumps(request))

    assert response.status_code < 500, response.text
    if response.status_code != 200:
        code, _ = error_of(response)
        assert code in spec.error_codes(operation)
    elif operation == "CreateRetrainingScheduler":
        service.stop_retraining_scheduler(ModelName=MODEL)
        service.delete_retraining_scheduler(ModelName=MODEL)
    elif operation == "CreateModel":
        service.delete_model(ModelName="new-model")


@pytest.mark.parametrize(
    ("operation", "member", "value"),
    [
        ("CreateRetrainingScheduler", "RetrainingStartDate", "0001-01-01T00:00:00+14:00"),
        ("UpdateRetrainingScheduler", "RetrainingStartDate", "9999-12-31T23:59:59-00:01"),
        ("CreateModel", "TrainingDataStartTime", "0001-01-01T13:59:59+14:00"),
        ("CreateModel", "EvaluationDataEndTime", "9999-12-31T10:00:00-14:00"),
        ("CreateLabel", "EndTime", "9999-12-31T23:00:00-01:00"),
        ("ListModelVersions", "CreatedAtStartTime", "0001-01-01T00:00:00+00:01"),
    ],
)
def test_a_time_an_offset_takes_out_of_the_calendar_is_refused_by_name(
    service: Any, operation: str, member: str, value: str
) -> None:
    request = {**requests_of(operation), member: value}

    response = post(operation, raw=json.dumps(request))

    assert response.status_code == 400
    assert error_of(response) == (
        "ValidationException",
        f"1 validation error detected: Value '{value}' at '{member[0].lower() + member[1:]}' "
        "failed to satisfy constraint: Member must be a timestamp from 0001-01-01T00:00:00Z to "
        "9999-12-31T23:59:59.999999Z in UTC",
    )


def test_the_last_day_in_utc_is_a_retraining_start_date(service: Any) -> None:
    request = {**requests_of("CreateRetrainingScheduler"), "RetrainingStartDate": LAST.isoformat()}

    response = post("CreateRetrainingScheduler", raw=json.dumps(request))

    assert response.status_code == 200
    described = service.describe_retraining_scheduler(ModelName=MODEL)
    assert described["RetrainingStartDate"] == datetime(9999, 12, 31, tzinfo=timezone.utc)

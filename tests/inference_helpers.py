"""Inference test helpers: stand-in trained models, input files in S3, scheduler requests.

The stand-in models let scheduler tests choose exactly what a model learnt (a pump whose Sensor0
centres on 10 and Sensor1 on 50) without training one; end-to-end tests use real CreateModel.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from mode import frozen_time, set_transition, unset_transition
from model_helpers import COMPONENT, SCHEMA, SENSORS

from moto_lookoutequipment.data.scoring import OffCondition, SensorModel, TrainedModel
from moto_lookoutequipment.data.sensor_data import DatasetData, add_data
from moto_lookoutequipment.exceptions import ResourceNotFoundException
from moto_lookoutequipment.models.family import Family

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
NORMAL = {"Sensor0": 10.2, "Sensor1": 50.5}
SPIKE = 100.0
INPUT_BUCKET = "inference-input"
OUTPUT_BUCKET = "inference-output"
INPUT_PREFIX = "input/"
OUTPUT_PREFIX = "output/"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/lookout"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


NINE = utc(2024, 1, 1, 9)


@pytest.fixture
def clock(aws: None) -> Iterator[FrozenDateTimeFactory]:
    """moto's clock, frozen at 09:00 on 2024-01-01; ``clock.move_to(...)`` lets time pass."""
    with frozen_time(NINE) as frozen:
        yield frozen


def pump_model(off_condition: OffCondition | None = None) -> TrainedModel:
    return TrainedModel(
        {
            (COMPONENT, "Sensor0"): SensorModel(median=10.0, mad=0.5),
            (COMPONENT, "Sensor1"): SensorModel(median=50.0, mad=1.0),
        },
        off_condition,
    )


@dataclass
class FakeVersion:
    version: int
    arn: str
    trained: TrainedModel | None
    status: str = "SUCCESS"
    schema: dict[str, Any] = field(default_factory=lambda: SCHEMA)
    sampling_rate: str | None = None


@dataclass
class FakeModel:
    name: str
    arn: str
    dataset_name: str = "pump-data"
    dataset_arn: str = f"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:dataset/pump-data/1"
    sampling_rate: str | None = None
    quality: str | None = "CANNOT_DETERMINE_QUALITY"
    status: str = "SUCCESS"
    versions: list[FakeVersion] = field(default_factory=list)
    active_version: FakeVersion | None = None
    inference_data: list[tuple[datetime, datetime]] = field(default_factory=list)
    inference_rows: DatasetData = field(default_factory=DatasetData)

    def add_version(self, trained: TrainedModel | None, status: str = "SUCCESS") -> FakeVersion:
        number = len(self.versions) + 1
        version = FakeVersion(number, f"{self.arn}/model-version/{number}", trained, status)
        self.versions.append(version)
        return version

    def record_inference_data(
        self, start: datetime, end: datetime, rows: DatasetData | None = None
    ) -> None:
        self.inference_data.append((start, end))
        if rows is not None:
            add_data(self.inference_rows, rows)


class FakeModels(Family):
    """Stands in for the models family: holds ready-made models."""

    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, FakeModel] = {}

    def get(self, name: str) -> FakeModel:
        model = self.items.get(name)
        if model is None:
            raise ResourceNotFoundException(f"Model '{name}' does not exist.")
        return model

    def add(self, name: str = "pump-model", **fields: Any) -> FakeModel:
        arn = f"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:model/{name}/{uuid.uuid4()}"
        model = FakeModel(name, arn, **fields)
        model.active_version = model.add_version(pump_model())
        self.items[name] = model
        return model

    def delete(self, name: str) -> None:
        model = self.items.pop(name)
        for family in self.backend.families:
            family.model_deleted(model)


@pytest.fixture
def models(backend: Any, monkeypatch: pytest.MonkeyPatch) -> FakeModels:
    fake = FakeModels(backend)
    monkeypatch.setattr(backend, "ml_models", fake)
    return fake


@pytest.fixture
def buckets(s3: Any) -> Any:
    s3.create_bucket(Bucket=INPUT_BUCKET)
    s3.create_bucket(Bucket=OUTPUT_BUCKET)
    return s3


def sensor_csv(rows: Iterable[tuple[datetime, dict[str, float]]]) -> bytes:
    lines = ["Timestamp," + ",".join(SENSORS)]
    for moment, values in rows:
        stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
        lines.append(stamp + "," + ",".join(str(values[s]) for s in SENSORS))
    return ("\n".join(lines) + "\n").encode()


def minutes(start: datetime, end: datetime) -> Iterator[datetime]:
    """Every minute in ``(start, end]``."""
    moment = start + timedelta(minutes=1)
    while moment <= end:
        yield moment
        moment += timedelta(minutes=1)


def upload_windows(
    s3: Any,
    start: datetime,
    end: datetime,
    *,
    spikes: Iterable[datetime] = (),
    skip: Iterable[datetime] = (),
    window: timedelta = timedelta(minutes=5),
    name: Any = None,
    normal: dict[str, float] = NORMAL,
) -> list[str]:
    """One file per window from ``start`` to ``end``, named after the window's start, with a
    row each minute of the window; Sensor0 reads ``SPIKE`` at each of ``spikes``. Windows
    starting at a time in ``skip`` get no file. Returns the keys written."""
    spike_times, skipped = set(spikes), set(skip)
    keys = []
    moment = start
    while moment < end:
        if moment not in skipped:
            rows = [
                (m, {**normal, "Sensor0": SPIKE} if m in spike_times else normal)
                for m in minutes(moment, moment + window)
            ]
            file_name = name(moment) if name else f"{COMPONENT}-{moment:%Y%m%d%H%M%S}.csv"
            key = INPUT_PREFIX + file_name
            s3.put_object(Bucket=INPUT_BUCKET, Key=key, Body=sensor_csv(rows))
            keys.append(key)
        moment += window
    return keys


def scheduler_request(**overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "ModelName": "pump-model",
        "InferenceSchedulerName": "pump-scheduler",
        "DataUploadFrequency": "PT5M",
        "DataInputConfiguration": {
            "S3InputConfiguration": {"Bucket": INPUT_BUCKET, "Prefix": INPUT_PREFIX}
        },
        "DataOutputConfiguration": {
            "S3OutputConfiguration": {"Bucket": OUTPUT_BUCKET, "Prefix": OUTPUT_PREFIX}
        },
        "RoleArn": ROLE_ARN,
    }
    request.update(overrides)
    return request


def executions(client: Any, name: str = "pump-scheduler", **filters: Any) -> list[dict[str, Any]]:
    response = client.list_inference_executions(InferenceSchedulerName=name, **filters)
    return list(response["InferenceExecutionSummaries"])


def results(s3: Any, key: str) -> list[dict[str, Any]]:
    body = s3.get_object(Bucket=OUTPUT_BUCKET, Key=key)["Body"].read().decode()
    assert body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def set_progression(resource: str, transition: dict[str, Any]) -> None:
    set_transition(f"lookoutequipment::{resource}", transition)


@pytest.fixture
def manual_progression() -> Iterator[Any]:
    """Switch status machines to ``manual`` progression (one read per step) for one test."""
    changed: list[str] = []

    def switch(resource: str, times: int = 1) -> None:
        set_progression(resource, {"progression": "manual", "times": times})
        changed.append(resource)

    yield switch
    for resource in changed:
        unset_transition(f"lookoutequipment::{resource}")

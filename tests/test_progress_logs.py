"""Long work reports itself at INFO through the package's loggers, and a catch-up of more than a
day of scheduled runs warns (once) of its likely cause."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from inference_helpers import (
    FakeModels,
    buckets,
    clock,
    executions,
    models,
    scheduler_request,
    utc,
)
from ingestion_helpers import create_dataset_with_data
from model_helpers import MODEL, dataset_with_data, train_model

pytestmark = pytest.mark.in_process(reason="reads the log records of the test process")

__all__ = ["buckets", "clock", "models"]

PACKAGE = "moto_lookoutequipment"


def test_an_ingestion_logs_objects_rows_megabytes_and_seconds(
    client: Any, s3: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=PACKAGE):
        create_dataset_with_data(client, s3, "pumps", days=10)

    (record,) = [r for r in caplog.records if r.message.startswith("Ingestion of ")]
    assert record.name == f"{PACKAGE}.models.datasets.ingestion_run"
    assert record.levelno == logging.INFO
    objects, rows, megabytes = record.args[1:4]  # type: ignore[index]
    assert (objects, rows) == (1, 241)
    assert 0 < megabytes < 0.1
    assert record.message.startswith("Ingestion of s3://sensor-data/pumps/: 1 objects, 241 rows,")
    assert record.message.endswith(" s")


def test_training_logs_its_window_sensors_and_seconds(
    client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    dataset_with_data(client)
    with caplog.at_level(logging.INFO, logger=PACKAGE):
        train_model(client)
        client.describe_model(ModelName=MODEL)

    (record,) = [r for r in caplog.records if r.message.startswith("Training on ")]
    assert record.name == f"{PACKAGE}.data.training"
    assert "of 2 sensors: 2 sensors learnt in " in record.message


def test_a_catch_up_of_more_than_a_day_warns_once_naming_freeze_time(
    client: Any,
    models: FakeModels,
    buckets: Any,
    clock: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    models.add()
    client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT1H"))
    start = utc(2024, 1, 1, 9)

    with caplog.at_level(logging.INFO, logger=PACKAGE):
        clock.move_to(start + timedelta(hours=5))
        executions(client)
        clock.move_to(start + timedelta(days=3))
        executions(client)
        clock.move_to(start + timedelta(days=6))
        executions(client)

    warnings = [r.message for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "Inference scheduler 'pump-scheduler' is catching up 67 scheduled runs over "
        "2 days, 19:00:00 of moto's clock at once. If a test left freeze_time (or moved the "
        "server's clock) while the scheduler was running, stop the scheduler before the clock "
        "jumps, or keep the clock where the test needs it."
    ]
    caught_up = [r.args[1] for r in caplog.records if "caught up" in r.message]  # type: ignore[index]
    assert caught_up == [5, 67, 72]

"""The data factory builds through the public API what inference and retraining tests need."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from freezegun import freeze_time
from readme_examples import run_readme_example

from moto_lookoutequipment.factory import (
    ANOMALY_SHIFT,
    FactoryError,
    LookoutEquipmentFactory,
    utc,
)
from moto_lookoutequipment.transitions import transition

pytestmark = pytest.mark.in_process(reason="checks the factory under the test process's own mock")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def rows_of(s3: Any, bucket: str, key: str) -> list[list[str]]:
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def factory(aws: None) -> LookoutEquipmentFactory:
    return LookoutEquipmentFactory()


def test_a_dataset_holds_the_days_of_readings_asked_for(
    factory: LookoutEquipmentFactory, client: Any, s3: Any
) -> None:
    dataset = factory.dataset(
        "line-data",
        days=20,
        frequency="PT30M",
        start="2024-03-01",
        component="fan",
        sensors=["Speed", "Heat", "Noise"],
    )

    described = client.describe_dataset(DatasetName="line-data")
    assert described["Status"] == "ACTIVE"
    assert described["DatasetArn"] == dataset.arn
    assert described["DataStartTime"] == at("2024-03-01 00:00:00")
    assert described["DataEndTime"] == at("2024-03-21 00:00:00")
    job = client.describe_data_ingestion_job(JobId=dataset.ingestion_job_id)
    assert job["Status"] == "SUCCESS"
    assert job["IngestedFilesSummary"]["IngestedNumberOfFiles"] == 1
    rows = rows_of(s3, "sensor-data", "line-data/fan/fan.csv")
    assert rows[0] == ["Timestamp", "Speed", "Heat", "Noise"]
    assert len(rows) == 1 + 20 * 48 + 1
    assert dataset.typical() == {"Speed": 10.5, "Heat": 20.5, "Noise": 30.5}
    for row in rows[1:]:
        for value, centre in zip(row[1:], dataset.typical().values(), strict=True):
            assert abs(float(value) - centre) <= 0.5


def test_anomalies_shift_the_anomalous_sensors_and_labels_name_them(
    factory: LookoutEquipmentFactory, client: Any, s3: Any
) -> None:
    dataset = factory.dataset(
        days=10,
        anomalies=["2023-01-03 05:00", ("2023-01-05 10:00", "2023-01-05 12:00")],
        anomalous_sensors=["Sensor1"],
        labels=True,
    )

    shifted = [
        row[0]
        for row in rows_of(s3, "sensor-data", "pump-data/pump/pump.csv")[1:]
        if float(row[2]) > ANOMALY_SHIFT
    ]
    assert shifted == [
        "2023-01-03 05:00:00",
        "2023-01-05 10:00:00",
        "2023-01-05 11:00:00",
        "2023-01-05 12:00:00",
    ]
    labels = client.list_labels(LabelGroupName="pump-data-labels")["LabelSummaries"]
    assert [(label["StartTime"], label["EndTime"]) for label in labels] == [
        (at("2023-01-03 05:00:00"), at("2023-01-03 06:00:00")),  # one step at least
        (at("2023-01-05 10:00:00"), at("2023-01-05 12:00:00")),
    ]
    assert dataset.label_group == "pump-data-labels"


def test_a_trained_model_finds_its_labelled_anomalies(factory: LookoutEquipmentFactory) -> None:
    model = factory.trained_model(
        anomalies=["2023-08-10 06:00", ("2023-08-20 00:00", "2023-08-20 03:00")], labels=True
    )

    assert model.name == "pump-model"
    assert model.dataset.name == "pump-model-data"
    assert model.description["Status"] == "SUCCESS"
    assert model.description["TrainingDataEndTime"] == at("2023-06-30 00:00:00")
    assert model.description["ModelQuality"] == "QUALITY_THRESHOLD_MET"
    metrics = json.loads(model.description["ModelMetrics"])
    assert metrics["labeled_event_metrics"]["num_identified"] == 2
    assert [(r["start"][:16], r["end"][:16]) for r in metrics["predicted_ranges"]] == [
        ("2023-08-10T06:00", "2023-08-10T06:00"),
        ("2023-08-20T00:00", "2023-08-20T03:00"),
    ]
    assert model.version_arn == f"{model.arn}/model-version/1"


def test_create_model_arguments_pass_through(factory: LookoutEquipmentFactory) -> None:
    dataset = factory.dataset(days=200)
    model = factory.trained_model(
        "whole", dataset, Tags=[{"Key": "Team", "Value": "reliability"}], training_days=200
    )
    assert "EvaluationDataStartTime" not in model.description
    tags = factory.lookout.list_tags_for_resource(ResourceArn=model.arn)["Tags"]
    assert tags == [{"Key": "Team", "Value": "reliability"}]


def test_waiting_goes_through_manual_progressions(factory: LookoutEquipmentFactory) -> None:
    with transition("ingestionjob", "manual", times=3), transition("model", "manual", times=4):
        model = factory.trained_model()
    assert model.description["Status"] == "SUCCESS"


def test_a_failure_or_a_status_that_never_ends_is_a_factory_error(aws: None) -> None:
    factory = LookoutEquipmentFactory(timeout=0.05, poll_interval=0.01)
    with pytest.raises(FactoryError, match="the job ended FAILED: no bucket"):
        factory.wait("the job", lambda: {"Status": "FAILED", "FailedReason": "no bucket"})
    with pytest.raises(FactoryError, match="the job was still IN_PROGRESS after 0.05 s"):
        factory.wait("the job", lambda: {"Status": "IN_PROGRESS"})


def test_inference_input_is_one_file_per_window(factory: LookoutEquipmentFactory, s3: Any) -> None:
    dataset = factory.dataset(days=1)
    keys = factory.inference_input(
        dataset,
        bucket="live-data",
        prefix="in/",
        start="2024-01-01 09:00",
        end="2024-01-01 09:20",
        upload_frequency="PT10M",
        frequency=timedelta(minutes=5),
        anomalies=["2024-01-01 09:15"],
        delimiter="_",
    )

    assert keys == ["in/pump_20240101090000.csv", "in/pump_20240101091000.csv"]
    first, second = (rows_of(s3, "live-data", key) for key in keys)
    assert [row[0] for row in first[1:]] == ["2024-01-01 09:05:00", "2024-01-01 09:10:00"]
    assert [row[0] for row in second[1:]] == ["2024-01-01 09:15:00", "2024-01-01 09:20:00"]
    assert float(second[1][1]) > ANOMALY_SHIFT
    assert float(second[2][1]) < ANOMALY_SHIFT


def test_moments_are_utc() -> None:
    assert utc("2024-01-01 09:00") == at("2024-01-01 09:00:00")
    assert utc("2024-01-01T10:00:00+01:00") == at("2024-01-01 09:00:00")


def test_a_factory_works_against_a_server(lookoutequipment_server: Any) -> None:
    factory = lookoutequipment_server.factory()
    model = factory.trained_model(days=200, training_days=200)
    lookout = lookoutequipment_server.client()
    assert lookout.describe_model(ModelName=model.name)["Status"] == "SUCCESS"


def test_the_readme_example_runs() -> None:
    run_readme_example("Test data in one call", "test_a_model_that_finds_the_anomaly")


def test_a_model_trained_at_a_frozen_time(aws: None) -> None:
    with freeze_time("2023-09-01"):
        model = LookoutEquipmentFactory().trained_model()
    assert model.description["CreatedAt"] == at("2023-09-01 00:00:00")

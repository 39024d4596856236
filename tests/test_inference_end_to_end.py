"""Scheduled inference as a user's test runs it: sensor data ingested from S3, a model trained
through CreateModel, input files uploaded, time moved (freezegun in-process, the clock endpoint
against a server in another process)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun.api import FrozenDateTimeFactory
from inference_helpers import (
    INPUT_BUCKET,
    NINE,
    OUTPUT_BUCKET,
    REGION,
    clock,
    executions,
    results,
    scheduler_request,
    upload_windows,
    utc,
)
from ingestion_helpers import create_dataset_with_data
from model_helpers import error
from readme_examples import run_readme_example
from wire_helpers import server_in_another_process

from moto_lookoutequipment.clock import advance_server_time, set_server_time

__all__ = ["clock"]

DATASET = "pump-data"
MODEL = "pump-model"
# The middle of what the ingested sensors read (Sensor0 10 to 11, Sensor1 20 to 21).
TYPICAL = {"Sensor0": 10.5, "Sensor1": 20.5}


def at(minute: int) -> datetime:
    return utc(2024, 1, 1, 9, minute)


def train_pump_model(lookout: Any, s3: Any, **options: Any) -> str:
    """Ingest 200 days of pump data and train ``pump-model`` on it; returns the model ARN."""
    for bucket in (INPUT_BUCKET, OUTPUT_BUCKET):
        s3.create_bucket(Bucket=bucket)
    create_dataset_with_data(lookout, s3, DATASET)
    arn: str = lookout.create_model(ModelName=MODEL, DatasetName=DATASET, **options)["ModelArn"]
    assert lookout.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"
    return arn


@pytest.fixture
def trained(client: Any, s3: Any, clock: FrozenDateTimeFactory) -> str:
    return train_pump_model(client, s3)


def test_a_trained_model_scores_the_uploaded_data(
    client: Any, s3: Any, trained: str, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(15), spikes=[at(12)], normal=TYPICAL)
    created = client.create_inference_scheduler(**scheduler_request())
    assert created["ModelQuality"] == "CANNOT_DETERMINE_QUALITY"
    clock.move_to(at(15))

    listed = executions(client)
    assert [e["Status"] for e in listed] == ["SUCCESS"] * 3
    assert listed[0]["ModelVersionArn"] == f"{trained}/model-version/1"
    lines = results(s3, listed[0]["CustomerResultObject"]["Key"])
    assert [line["prediction"] for line in lines] == [0, 1, 0, 0, 0]
    assert lines[1]["diagnostics"][0]["name"] == "pump\\Sensor0"
    events = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler", IntervalStartTime=NINE, IntervalEndTime=at(15)
    )["InferenceEventSummaries"]
    assert [(e["EventStartTime"], e["EventEndTime"]) for e in events] == [(at(12), at(12))]
    assert json.loads(events[0]["Diagnostics"])[0]["name"] == "pump\\Sensor0"
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["LatestInferenceResult"] == "ANOMALOUS"
    model = client.describe_model(ModelName=MODEL)
    assert model["AccumulatedInferenceDataStartTime"] == NINE
    assert model["AccumulatedInferenceDataEndTime"] == at(15)


def test_rows_meeting_the_models_off_condition_are_machine_off(
    client: Any, s3: Any, clock: FrozenDateTimeFactory
) -> None:
    train_pump_model(client, s3, OffCondition="pump\\Sensor1 < 5")
    upload_windows(s3, NINE, at(5), normal={"Sensor0": 10.5, "Sensor1": 0.0})
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    (run,) = executions(client)
    lines = results(s3, run["CustomerResultObject"]["Key"])
    assert {line["prediction_reason"] for line in lines} == {"MACHINE_OFF"}
    assert "anomaly_score" not in lines[0]


def test_the_sampling_rate_of_the_model_bounds_the_frequency(
    client: Any, s3: Any, clock: FrozenDateTimeFactory
) -> None:
    train_pump_model(client, s3, DataPreProcessingConfiguration={"TargetSamplingRate": "PT15M"})
    with pytest.raises(ClientError) as raised:
        client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT10M"))
    assert error(raised) == (
        "ValidationException",
        f"DataUploadFrequency 'PT10M' is shorter than the TargetSamplingRate 'PT15M' of model "
        f"'{MODEL}'; choose a frequency of at least PT15M.",
    )
    assert client.list_inference_schedulers()["InferenceSchedulerSummaries"] == []

    client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT15M"))
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["DataUploadFrequency"] == "PT15M"


def test_the_dataset_of_a_scheduled_model_cannot_be_deleted(client: Any, trained: str) -> None:
    client.create_inference_scheduler(**scheduler_request())
    with pytest.raises(ClientError) as raised:
        client.delete_dataset(DatasetName=DATASET)
    assert error(raised) == (
        "ConflictException",
        f"Dataset '{DATASET}' cannot be deleted: inference scheduler 'pump-scheduler' uses a "
        "model trained on it.",
    )
    assert client.describe_dataset(DatasetName=DATASET)["DatasetName"] == DATASET


def test_deleting_the_model_fails_the_later_runs(
    client: Any, s3: Any, trained: str, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(10), normal=TYPICAL)
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    client.delete_model(ModelName=MODEL)
    clock.move_to(at(10))
    latest, first = executions(client)
    assert first["Status"] == "SUCCESS"
    assert latest["Status"] == "FAILED"
    assert latest["FailedReason"] == (
        f"Model '{MODEL}' ({trained}) used by inference scheduler 'pump-scheduler' does not "
        "exist; it was deleted."
    )


def test_runs_before_an_activation_keep_the_version_active_when_they_ran(
    client: Any, s3: Any, trained: str, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(20), normal=TYPICAL)
    client.create_inference_scheduler(**scheduler_request())
    client.import_model_version(
        SourceModelVersionArn=f"{trained}/model-version/1",
        DatasetName=DATASET,
        ModelName=MODEL,
        ClientToken="second-version",
    )
    clock.move_to(at(12))
    client.update_active_model_version(ModelName=MODEL, ModelVersion=2)
    clock.move_to(at(20))
    assert [e["ModelVersion"] for e in executions(client)] == [2, 2, 1, 1]


@pytest.mark.in_process(reason="its README example moves time with freezegun")
def test_the_readme_example_runs() -> None:
    run_readme_example("Inference schedulers", "test_scheduled_inference")


@pytest.mark.in_process(reason="starts its own server")
def test_a_users_test_against_a_server_in_another_process(tmp_path: Any) -> None:
    with server_in_another_process(tmp_path / "server.log") as url:
        options = {
            "endpoint_url": url,
            "region_name": REGION,
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        lookout, s3 = boto3.client("lookoutequipment", **options), boto3.client("s3", **options)
        train_pump_model(lookout, s3)
        upload_windows(s3, NINE, at(20), spikes=[at(18)], normal=TYPICAL)

        set_server_time(url, NINE)
        lookout.create_inference_scheduler(**scheduler_request())
        advance_server_time(url, 20 * 60)

        listed = executions(lookout)
        assert [e["DataEndTime"] for e in listed] == [at(20), at(15), at(10), at(5)]
        assert {e["Status"] for e in listed} == {"SUCCESS"}
        lines = results(s3, listed[0]["CustomerResultObject"]["Key"])
        assert [line["prediction"] for line in lines] == [0, 0, 1, 0, 0]
        described = lookout.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
        assert described["LatestInferenceResult"] == "ANOMALOUS"

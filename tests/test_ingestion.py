"""StartDataIngestionJob, DescribeDataIngestionJob and DescribeDataset after an ingestion."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ingestion_helpers import (
    BUCKET,
    ROLE_ARN,
    START,
    create_dataset_with_data,
    put_sensor_csv,
    schema,
    sensor_rows,
    start_ingestion,
)

PUMP_SCHEMA = schema({"pump": ["Sensor0", "Sensor1"]})
CLEAN_QUALITY = {
    "InsufficientSensorData": {
        "MissingCompleteSensorData": {"AffectedSensorCount": 0},
        "SensorsWithShortDateRange": {"AffectedSensorCount": 0},
    },
    "MissingSensorData": {"AffectedSensorCount": 0, "TotalNumberOfMissingValues": 0},
    "InvalidSensorData": {"AffectedSensorCount": 0, "TotalNumberOfInvalidValues": 0},
    "UnsupportedTimestamps": {"TotalNumberOfUnsupportedTimestamps": 0},
    "DuplicateTimestamps": {"TotalNumberOfDuplicateTimestamps": 0},
}


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def test_a_successful_ingestion_fills_the_job_and_the_dataset(client: Any, s3: Any) -> None:
    rows = sensor_rows(days=200)
    put_sensor_csv(s3, BUCKET, "plant/pump/pump.csv", rows)
    client.create_dataset(DatasetName="pump-data", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})
    size = s3.head_object(Bucket=BUCKET, Key="plant/pump/pump.csv")["ContentLength"]

    started = client.start_data_ingestion_job(
        DatasetName="pump-data",
        IngestionInputConfiguration={
            "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "plant/"}
        },
        RoleArn=ROLE_ARN,
    )
    assert started["Status"] == "IN_PROGRESS"
    assert len(started["JobId"]) == 32

    job = client.describe_data_ingestion_job(JobId=started["JobId"])
    assert job["Status"] == "SUCCESS"
    assert job["IngestionInputConfiguration"] == {
        "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "plant/"}
    }
    assert job["RoleArn"] == ROLE_ARN
    assert job["IngestedFilesSummary"] == {
        "TotalNumberOfFiles": 1,
        "IngestedNumberOfFiles": 1,
        "DiscardedFiles": [],
    }
    assert job["DataQualitySummary"] == CLEAN_QUALITY
    assert job["IngestedDataSize"] == size
    assert job["DataStartTime"] == START
    assert job["DataEndTime"] == datetime(2023, 7, 20, tzinfo=timezone.utc)
    assert "FailedReason" not in job

    dataset = client.describe_dataset(DatasetName="pump-data")
    assert dataset["Status"] == "ACTIVE"
    assert job["DatasetArn"] == dataset["DatasetArn"]
    assert dataset["IngestionInputConfiguration"] == job["IngestionInputConfiguration"]
    assert dataset["RoleArn"] == ROLE_ARN
    assert dataset["IngestedFilesSummary"] == job["IngestedFilesSummary"]
    assert dataset["DataQualitySummary"] == CLEAN_QUALITY
    assert (dataset["DataStartTime"], dataset["DataEndTime"]) == (
        job["DataStartTime"],
        job["DataEndTime"],
    )
    assert json.loads(dataset["Schema"]) == json.loads(PUMP_SCHEMA)


def test_the_ingested_data_is_kept_on_the_dataset(client: Any, s3: Any, backend: Any) -> None:
    rows = sensor_rows(days=200)
    create_dataset_with_data(client, s3, "pump-data", rows=rows)

    data = backend.datasets.get("pump-data").data
    component = data.components["pump"]
    assert component.sensors == ["Sensor0", "Sensor1"]
    assert len(component) == len(rows)
    assert component.timestamps[0] == START.timestamp()
    assert list(component.values["Sensor1"][:3]) == [row[2] for row in rows[:3]]


def test_a_dataset_without_data_lists_no_statistics_and_shows_no_ingestion(
    client: Any,
) -> None:
    client.create_dataset(DatasetName="empty", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    assert client.list_sensor_statistics(DatasetName="empty")["SensorStatisticsSummaries"] == []
    dataset = client.describe_dataset(DatasetName="empty")
    assert dataset["Status"] == "CREATED"
    assert "IngestedFilesSummary" not in dataset
    assert "DataQualitySummary" not in dataset


def test_an_unknown_dataset_cannot_be_ingested(client: Any, s3: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        start_ingestion(client, "nowhere", prefix="plant/")
    assert error_of(excinfo) == ("ResourceNotFoundException", "Dataset 'nowhere' does not exist.")


def test_an_unknown_job_is_not_found(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.describe_data_ingestion_job(JobId="0" * 32)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"Data ingestion job '{'0' * 32}' does not exist.",
    )

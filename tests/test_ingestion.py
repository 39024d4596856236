"""StartDataIngestionJob, DescribeDataIngestionJob and DescribeDataset after an ingestion."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ingestion_helpers import (
    BUCKET,
    PUMP_SCHEMA,
    ROLE_ARN,
    START,
    create_dataset_with_data,
    put_sensor_csv,
    schema,
    sensor_rows,
    start_ingestion,
)
from model_helpers import error
from readme_examples import run_readme_example

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
    assert error(excinfo) == ("ResourceNotFoundException", "Dataset 'nowhere' does not exist.")


def test_an_unknown_job_is_not_found(client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.describe_data_ingestion_job(JobId="0" * 32)
    assert error(excinfo) == (
        "ResourceNotFoundException",
        f"Data ingestion job '{'0' * 32}' does not exist.",
    )


def derived(components: dict[str, list[str]], timestamp: str = "Timestamp") -> dict[str, Any]:
    return json.loads(schema(components, timestamp))


@pytest.mark.parametrize(
    ("key_pattern", "keys"),
    [
        ("{prefix}/{component_name}/*", ["pump/2023.csv", "motor/2023.csv"]),
        ("{prefix}/{component_name}_*", ["pump_2023.csv", "motor_2023.csv"]),
        ("{prefix}/{component_name}-*", ["pump-2023.csv", "motor-2023.csv"]),
        ("{prefix}/{component_name}.*", ["pump.csv", "motor.csv"]),
        ("{prefix}/{component_name} *", ["pump 2023.csv", "motor 2023.csv"]),
        ("{prefix}/{component_name}[DELIMITER]*", ["pump.csv", "motor_2023.csv"]),
    ],
)
def test_a_schemaless_dataset_gets_its_schema_from_keys_and_headers(
    client: Any, s3: Any, key_pattern: str, keys: list[str]
) -> None:
    put_sensor_csv(s3, BUCKET, f"plant/{keys[0]}", sensor_rows(days=20), ("Time", "a", "b"))
    put_sensor_csv(s3, BUCKET, f"plant/{keys[1]}", sensor_rows(days=20, sensors=["c"]), ("T", "c"))
    client.create_dataset(DatasetName="derived")

    job_id = start_ingestion(client, "derived", prefix="plant/", key_pattern=key_pattern)

    job = client.describe_data_ingestion_job(JobId=job_id)
    assert job["Status"] == "SUCCESS"
    assert job["IngestionInputConfiguration"]["S3InputConfiguration"]["KeyPattern"] == key_pattern
    assert job["IngestedFilesSummary"]["IngestedNumberOfFiles"] == 2
    dataset = client.describe_dataset(DatasetName="derived")
    expected = derived({"pump": ["a", "b"]}, "Time")
    expected["Components"] += derived({"motor": ["c"]}, "T")["Components"]
    assert sorted(json.loads(dataset["Schema"])["Components"], key=str) == sorted(
        expected["Components"], key=str
    )


def test_the_default_pattern_finds_one_folder_per_component_of_the_schema(
    client: Any, s3: Any
) -> None:
    put_sensor_csv(s3, BUCKET, "plant/pump/2023-01.csv", sensor_rows(days=10))
    put_sensor_csv(
        s3, BUCKET, "plant/pump/2023-02.csv", sensor_rows(days=10, start=START.replace(month=2))
    )
    put_sensor_csv(
        s3,
        BUCKET,
        "plant/motor/all.csv",
        sensor_rows(days=10, sensors=["rpm"]),
        ("Timestamp", "rpm"),
    )
    put_sensor_csv(s3, BUCKET, "plant/fan/ignored.csv", sensor_rows(days=10))
    put_sensor_csv(s3, BUCKET, "plant/pump.csv", sensor_rows(days=10))
    put_sensor_csv(s3, BUCKET, "elsewhere/pump/x.csv", sensor_rows(days=10))
    s3.put_object(Bucket=BUCKET, Key="plant/pump/", Body=b"")  # a console "folder"
    dataset_schema = schema({"pump": ["Sensor0", "Sensor1"], "motor": ["rpm"]})
    client.create_dataset(DatasetName="plant", DatasetSchema={"InlineDataSchema": dataset_schema})

    job = client.describe_data_ingestion_job(
        JobId=start_ingestion(client, "plant", prefix="plant/")
    )

    assert job["Status"] == "SUCCESS"
    assert job["IngestedFilesSummary"] == {
        "TotalNumberOfFiles": 3,
        "IngestedNumberOfFiles": 3,
        "DiscardedFiles": [],
    }
    assert job["DataStartTime"] == START
    assert job["DataEndTime"] == datetime(2023, 2, 11, tzinfo=timezone.utc)


def test_all_sensors_of_one_component_can_come_from_several_files(
    client: Any, s3: Any, backend: Any
) -> None:
    january = sensor_rows(days=10)
    february = sensor_rows(days=10, start=START.replace(month=2))
    put_sensor_csv(s3, BUCKET, "p/pump/b.csv", february, ("Timestamp", "Sensor1", "Sensor0"))
    put_sensor_csv(s3, BUCKET, "p/pump/a.csv", january)
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    start_ingestion(client, "pump", prefix="p/")
    assert client.describe_dataset(DatasetName="pump")["Status"] == "ACTIVE"

    component = backend.datasets.get("pump").data.components["pump"]
    assert len(component) == len(january) + len(february)
    assert component.timestamps[0] == START.timestamp()
    # The columns of b.csv are in the other order: values follow their header.
    assert component.values["Sensor0"][len(january)] == february[0][2]


def test_the_whole_bucket_is_read_without_a_prefix(client: Any, s3: Any) -> None:
    put_sensor_csv(s3, BUCKET, "pump/data.csv", sensor_rows(days=10))
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    job = client.describe_data_ingestion_job(JobId=start_ingestion(client, "pump"))

    assert job["Status"] == "SUCCESS"
    assert job["IngestionInputConfiguration"] == {"S3InputConfiguration": {"Bucket": BUCKET}}


def test_a_reingestion_replaces_the_data_and_keeps_the_derived_schema(
    client: Any, s3: Any, backend: Any
) -> None:
    put_sensor_csv(s3, BUCKET, "v1/pump_1.csv", sensor_rows(days=10))
    put_sensor_csv(s3, BUCKET, "v2/pump_1.csv", sensor_rows(days=30))
    client.create_dataset(DatasetName="pump")
    start_ingestion(client, "pump", prefix="v1/", key_pattern="{prefix}/{component_name}_*")
    first_schema = client.describe_dataset(DatasetName="pump")["Schema"]

    # No KeyPattern now: the one the schema was derived with is used again.
    job_id = start_ingestion(client, "pump", prefix="v2/")

    assert client.describe_data_ingestion_job(JobId=job_id)["Status"] == "SUCCESS"
    dataset = client.describe_dataset(DatasetName="pump")
    assert dataset["Schema"] == first_schema
    assert dataset["DataEndTime"] == datetime(2023, 1, 31, tzinfo=timezone.utc)
    assert dataset["IngestionInputConfiguration"] == {
        "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "v2/"}
    }
    assert len(backend.datasets.get("pump").data.components["pump"]) == 30 * 24 + 1


def test_the_same_client_token_returns_the_same_job(client: Any, s3: Any) -> None:
    put_sensor_csv(s3, BUCKET, "p/pump/a.csv", sensor_rows(days=10))
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    first = start_ingestion(client, "pump", prefix="p/", ClientToken="token-1")
    again = client.start_data_ingestion_job(
        DatasetName="pump",
        IngestionInputConfiguration={"S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "p/"}},
        RoleArn=ROLE_ARN,
        ClientToken="token-1",
    )

    assert again["JobId"] == first
    assert again["Status"] == "SUCCESS"
    assert len(client.list_data_ingestion_jobs()["DataIngestionJobSummaries"]) == 1
    with pytest.raises(ClientError) as excinfo:
        start_ingestion(client, "pump", prefix="other/", ClientToken="token-1")
    assert error(excinfo) == (
        "ConflictException",
        "The client token 'token-1' was already used by another StartDataIngestionJob request "
        "with different parameters.",
    )


def test_the_readme_example_works() -> None:
    run_readme_example("Ingesting data", "test_ingestion")

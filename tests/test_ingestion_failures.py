"""Ingestions that fail, files that are discarded, and requests that are refused."""

from __future__ import annotations

import gzip
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from ingestion_helpers import (
    BUCKET,
    PUMP_SCHEMA,
    ROLE_ARN,
    create_dataset_with_data,
    csv_bytes,
    ensure_bucket,
    put_sensor_csv,
    sensor_rows,
    start_ingestion,
)
from model_helpers import error


def pump_dataset(client: Any, name: str = "pump") -> None:
    client.create_dataset(DatasetName=name, DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})


def run(client: Any, prefix: str = "plant/", bucket: str = BUCKET, **options: Any) -> Any:
    job_id = start_ingestion(client, "pump", prefix=prefix, bucket=bucket, **options)
    return client.describe_data_ingestion_job(JobId=job_id)


def test_a_missing_bucket_fails_the_job_and_the_dataset_stays_created(client: Any) -> None:
    pump_dataset(client)

    job = run(client, bucket="no-such-bucket")

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        "Cannot read s3://no-such-bucket/plant/: the S3 bucket 'no-such-bucket' does not exist."
    )
    assert "IngestedFilesSummary" not in job
    assert "DataQualitySummary" not in job
    dataset = client.describe_dataset(DatasetName="pump")
    assert dataset["Status"] == "CREATED"
    assert "IngestionInputConfiguration" not in dataset
    assert client.list_sensor_statistics(DatasetName="pump")["SensorStatisticsSummaries"] == []


def test_nothing_under_the_prefix_fails_the_job(client: Any, s3: Any) -> None:
    put_sensor_csv(s3, BUCKET, "other/pump/a.csv", sensor_rows(days=5))
    put_sensor_csv(s3, BUCKET, "plant/motor/a.csv", sensor_rows(days=5))
    pump_dataset(client)

    job = run(client)

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        "No object under s3://sensor-data/plant/ matches the key pattern "
        "'{prefix}/{component_name}/*' for the components of the dataset's schema (pump)."
    )


def test_nothing_matching_the_key_pattern_fails_a_schemaless_ingestion(
    client: Any, s3: Any
) -> None:
    put_sensor_csv(s3, BUCKET, "plant/pump.csv", sensor_rows(days=5))
    client.create_dataset(DatasetName="pump")

    job = run(client, key_pattern="{prefix}/{component_name}_*")

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        "No object under s3://sensor-data/plant/ matches the key pattern "
        "'{prefix}/{component_name}_*'."
    )
    assert client.describe_dataset(DatasetName="pump")["Status"] == "CREATED"
    assert "Schema" not in client.describe_dataset(DatasetName="pump")


@pytest.mark.parametrize("column", ["Sensor 1", "Sensör", "", "a" * 201, "Sensor/1"])
def test_an_invalid_header_character_fails_the_whole_job(client: Any, s3: Any, column: str) -> None:
    put_sensor_csv(s3, BUCKET, "plant/pump/a.csv", sensor_rows(days=5))
    put_sensor_csv(s3, BUCKET, "plant/pump/b.csv", sensor_rows(days=5), ["Timestamp", column, "x"])
    pump_dataset(client)

    job = run(client)

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        f"The header of s3://sensor-data/plant/pump/b.csv has the column name '{column}', which "
        "is empty, longer than 200 characters or holds a character other than letters, digits "
        "and : # $ . - _; an invalid header fails the whole ingestion."
    )


def test_unusable_files_are_discarded_while_the_others_are_ingested(client: Any, s3: Any) -> None:
    good = sensor_rows(days=5)
    header = ["Timestamp", "Sensor0", "Sensor1"]
    put_sensor_csv(s3, BUCKET, "plant/pump/1-good.csv", good)
    s3.put_object(Bucket=BUCKET, Key="plant/pump/2-image.png", Body=b"\x89PNG\r\n\x1a\n\xff\x00")
    s3.put_object(Bucket=BUCKET, Key="plant/pump/3-empty.csv", Body=b"")
    s3.put_object(Bucket=BUCKET, Key="plant/pump/4-notes.txt", Body=b"just some notes\n")
    put_sensor_csv(s3, BUCKET, "plant/pump/5-other.csv", good, ["Timestamp", "Sensor0", "Other"])
    put_sensor_csv(s3, BUCKET, "plant/pump/6-bad-dates.csv", [["01/01/2023", 1, 2]])
    put_sensor_csv(s3, BUCKET, "plant/pump/7-no-values.csv", [[good[0][0], None, "n/a"]])
    put_sensor_csv(s3, BUCKET, "plant/pump/8-twice.csv", good, ["Timestamp", "Sensor0", "Sensor0"])
    s3.put_object(
        Bucket=BUCKET, Key="plant/pump/9-good.csv.gz", Body=gzip.compress(csv_bytes(header, good))
    )
    pump_dataset(client)

    job = run(client)

    assert job["Status"] == "SUCCESS"
    discarded = [
        "2-image.png",
        "3-empty.csv",
        "4-notes.txt",
        "5-other.csv",
        "6-bad-dates.csv",
        "7-no-values.csv",
        "8-twice.csv",
        "9-good.csv.gz",
    ]
    assert job["IngestedFilesSummary"] == {
        "TotalNumberOfFiles": 9,
        "IngestedNumberOfFiles": 1,
        "DiscardedFiles": [{"Bucket": BUCKET, "Key": f"plant/pump/{k}"} for k in discarded],
    }
    size = s3.head_object(Bucket=BUCKET, Key="plant/pump/1-good.csv")["ContentLength"]
    assert job["IngestedDataSize"] == size
    # Nothing of the discarded files is counted.
    assert job["DataQualitySummary"]["UnsupportedTimestamps"] == {
        "TotalNumberOfUnsupportedTimestamps": 0
    }
    assert job["DataQualitySummary"]["MissingSensorData"]["TotalNumberOfMissingValues"] == 0
    detail = job["StatusDetail"]
    assert detail.startswith(
        "Discarded 8 of 9 files: s3://sensor-data/plant/pump/2-image.png: it is not UTF-8 text "
        "(it holds the byte 0x89, which UTF-8 cannot decode); "
    )
    assert "3-empty.csv: the object is empty" in detail
    assert "5-other.csv: its columns (Timestamp, Sensor0, Other) do not match the columns of " in (
        detail
    )
    assert "6-bad-dates.csv: no row has a supported timestamp and a numeric sensor value" in detail
    assert "8-twice.csv: its header repeats the column 'Sensor0'" in detail
    assert "9-good.csv.gz: it is gzip-compressed; objects are read as plain CSV text." in detail
    assert client.describe_dataset(DatasetName="pump")["Status"] == "ACTIVE"


def test_when_no_file_can_be_ingested_the_job_fails_naming_each(client: Any, s3: Any) -> None:
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="plant/pump/a.bin", Body=b"\xff\xfe\xfa")
    put_sensor_csv(s3, BUCKET, "plant/pump/b.csv", [["yesterday", 1, 2], ["today", 3, 4]])
    pump_dataset(client)

    job = run(client)

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        "None of the 2 files under s3://sensor-data/plant/ that match the key pattern "
        "'{prefix}/{component_name}/*' could be ingested: s3://sensor-data/plant/pump/a.bin: "
        "it is not UTF-8 text (it holds the byte 0xff, which UTF-8 cannot decode); "
        "s3://sensor-data/plant/pump/b.csv: no row has a supported timestamp and a numeric "
        "sensor value."
    )
    assert job["IngestedFilesSummary"] == {
        "TotalNumberOfFiles": 2,
        "IngestedNumberOfFiles": 0,
        "DiscardedFiles": [
            {"Bucket": BUCKET, "Key": "plant/pump/a.bin"},
            {"Bucket": BUCKET, "Key": "plant/pump/b.csv"},
        ],
    }
    assert client.describe_dataset(DatasetName="pump")["Status"] == "CREATED"


def test_a_component_name_a_key_gives_must_be_valid(client: Any, s3: Any) -> None:
    put_sensor_csv(s3, BUCKET, "plant/pump+1/a.csv", sensor_rows(days=5))
    client.create_dataset(DatasetName="pump")

    job = run(client, key_pattern="{prefix}/{component_name}/*")

    assert job["Status"] == "FAILED"
    assert job["FailedReason"].endswith(
        "s3://sensor-data/plant/pump+1/a.csv: the component name 'pump+1' its key gives is "
        "not valid."
    )


def test_a_derived_schema_keeps_to_the_dataset_limit_of_3000_sensors(client: Any, s3: Any) -> None:
    for component, count in (("pump", 1500), ("motor", 1501)):
        sensors = [f"{component}{n}" for n in range(count)]
        row = [sensor_rows(days=0)[0][0], *range(count)]
        put_sensor_csv(s3, BUCKET, f"plant/{component}/a.csv", [row], ["Timestamp", *sensors])
    client.create_dataset(DatasetName="pump")

    job = run(client, key_pattern="{prefix}/{component_name}/*")

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        "The schema derived from the objects under s3://sensor-data/plant/ is not valid: "
        "it has 3001 sensor columns; at most 3000 are allowed."
    )
    assert job["IngestedFilesSummary"]["IngestedNumberOfFiles"] == 2
    dataset = client.describe_dataset(DatasetName="pump")
    assert (dataset["Status"], "Schema" in dataset) == ("CREATED", False)


def test_a_failed_reingestion_leaves_an_active_dataset_as_it_was(
    client: Any, s3: Any, backend: Any
) -> None:
    create_dataset_with_data(client, s3, "pump", days=20)
    before = client.describe_dataset(DatasetName="pump")
    data = backend.datasets.get("pump").data
    ensure_bucket(s3, "empty-bucket")

    job_id = start_ingestion(client, "pump", prefix="pump/", bucket="empty-bucket")

    assert client.describe_data_ingestion_job(JobId=job_id)["Status"] == "FAILED"
    after = client.describe_dataset(DatasetName="pump")
    assert after["Status"] == "ACTIVE"
    for member in ("IngestionInputConfiguration", "IngestedFilesSummary", "DataEndTime"):
        assert after[member] == before[member]
    assert backend.datasets.get("pump").data is data
    statistics = client.list_sensor_statistics(DatasetName="pump")["SensorStatisticsSummaries"]
    assert len(statistics) == 2


def test_a_schemaless_dataset_needs_a_key_pattern_at_first(client: Any) -> None:
    client.create_dataset(DatasetName="pump")

    with pytest.raises(ClientError) as excinfo:
        start_ingestion(client, "pump", prefix="plant/")

    assert error(excinfo) == (
        "ValidationException",
        "Dataset 'pump' has no schema yet: its first ingestion derives one from the objects in "
        "S3 and needs a KeyPattern to find the components.",
    )
    assert client.list_data_ingestion_jobs()["DataIngestionJobSummaries"] == []


def test_an_unsupported_key_pattern_is_refused(client: Any) -> None:
    pump_dataset(client)

    with pytest.raises(ClientError) as excinfo:
        start_ingestion(client, "pump", prefix="plant/", key_pattern="{prefix}/*.csv")

    code, message = error(excinfo)
    assert code == "ValidationException"
    assert message.startswith(
        "The KeyPattern '{prefix}/*.csv' is not supported; use one of "
        "{prefix}/{component_name}/*, {prefix}/{component_name}_*, "
    )


@pytest.mark.parametrize(
    ("s3_input", "path"),
    [
        ({"Bucket": "Bad_Bucket"}, "ingestionInputConfiguration.s3InputConfiguration.bucket"),
        (
            {"Bucket": BUCKET, "Prefix": "no-slash"},
            "ingestionInputConfiguration.s3InputConfiguration.prefix",
        ),
    ],
)
def test_a_malformed_location_is_a_validation_error(
    client: Any, s3_input: dict[str, str], path: str
) -> None:
    pump_dataset(client)

    with pytest.raises(ClientError) as excinfo:
        client.start_data_ingestion_job(
            DatasetName="pump",
            IngestionInputConfiguration={"S3InputConfiguration": s3_input},
            RoleArn=ROLE_ARN,
        )

    code, message = error(excinfo)
    assert code == "ValidationException"
    assert f"at '{path}' failed to satisfy constraint" in message


def test_the_role_is_required(aws: None) -> None:
    unchecked = boto3.client(
        "lookoutequipment",
        region_name="us-east-1",
        config=Config(parameter_validation=False),
    )
    pump_dataset(unchecked)

    with pytest.raises(ClientError) as excinfo:
        unchecked.start_data_ingestion_job(
            DatasetName="pump",
            IngestionInputConfiguration={"S3InputConfiguration": {"Bucket": BUCKET}},
            ClientToken="t",
        )

    code, message = error(excinfo)
    assert code == "ValidationException"
    assert "'roleArn'" in message

"""Ingestion and ImportDataset against moto's server, as an SDK outside the process sees them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ingestion_helpers import (
    BUCKET,
    PUMP_SCHEMA,
    START,
    put_sensor_csv,
    sensor_rows,
    start_ingestion,
)
from mode import state_manager_call

from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer


@pytest.fixture
def server(lookoutequipment_server: LookoutEquipmentServer) -> LookoutEquipmentServer:
    return lookoutequipment_server


@pytest.fixture
def held_jobs(server: LookoutEquipmentServer) -> Iterator[None]:
    """Ingestion jobs on the server hold their first status for two reads."""
    model = "lookoutequipment::ingestionjob"
    transition = {"progression": "manual", "times": 2}
    state_manager_call(
        server.endpoint_url, "set-transition", {"model_name": model, "transition": transition}
    )
    try:
        yield
    finally:
        state_manager_call(server.endpoint_url, "unset-transition", {"model_name": model})


def test_an_ingestion_over_http(server: LookoutEquipmentServer) -> None:
    client, s3 = server.client(), server.client("s3")
    rows = sensor_rows(days=20)
    rows[5][1] = None
    put_sensor_csv(s3, BUCKET, "plant/pump/data.csv", rows)
    s3.put_object(Bucket=BUCKET, Key="plant/pump/readme.md", Body=b"# notes\n")
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    job = client.describe_data_ingestion_job(JobId=start_ingestion(client, "pump", prefix="plant/"))

    assert job["Status"] == "SUCCESS"
    assert job["IngestedFilesSummary"] == {
        "TotalNumberOfFiles": 2,
        "IngestedNumberOfFiles": 1,
        "DiscardedFiles": [{"Bucket": BUCKET, "Key": "plant/pump/readme.md"}],
    }
    assert job["DataQualitySummary"]["MissingSensorData"] == {
        "AffectedSensorCount": 1,
        "TotalNumberOfMissingValues": 1,
    }
    assert job["DataStartTime"] == START
    dataset = client.describe_dataset(DatasetName="pump")
    assert dataset["Status"] == "ACTIVE"
    assert dataset["IngestedFilesSummary"] == job["IngestedFilesSummary"]
    statistics = client.list_sensor_statistics(DatasetName="pump")["SensorStatisticsSummaries"]
    assert [s["MissingValues"]["Count"] for s in statistics] == [1, 0]
    assert statistics[0]["DataStartTime"] == START

    copy = client.import_dataset(SourceDatasetArn=dataset["DatasetArn"], DatasetName="copy")
    assert copy["Status"] == "IMPORT_IN_PROGRESS"
    imported = client.describe_dataset(DatasetName="copy")
    assert (imported["Status"], imported["SourceDatasetArn"]) == ("ACTIVE", dataset["DatasetArn"])


def test_a_failing_ingestion_over_http_with_held_statuses(
    server: LookoutEquipmentServer, held_jobs: None
) -> None:
    client = server.client()
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    job_id = start_ingestion(client, "pump", prefix="plant/", bucket="missing")

    assert client.describe_data_ingestion_job(JobId=job_id)["Status"] == "IN_PROGRESS"
    assert client.describe_dataset(DatasetName="pump")["Status"] == "INGESTION_IN_PROGRESS"
    failed = client.describe_data_ingestion_job(JobId=job_id)
    assert failed["Status"] == "FAILED"
    assert failed["FailedReason"] == (
        "Cannot read s3://missing/plant/: the S3 bucket 'missing' does not exist."
    )
    assert client.describe_dataset(DatasetName="pump")["Status"] == "CREATED"

"""Job and dataset statuses on moto's state manager, conflicts while a job runs, and the quota."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ingestion_helpers import (
    BUCKET,
    PUMP_SCHEMA,
    create_dataset_with_data,
    manual_progression,
    put_sensor_csv,
    sensor_rows,
    start_ingestion,
)
from model_helpers import error


def pump_dataset(client: Any, s3: Any, name: str = "pump", days: int = 20) -> None:
    put_sensor_csv(s3, BUCKET, f"{name}/pump/data.csv", sensor_rows(days=days))
    client.create_dataset(DatasetName=name, DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})


def job_status(client: Any, job_id: str) -> str:
    return str(client.describe_data_ingestion_job(JobId=job_id)["Status"])


def dataset_status(client: Any, name: str = "pump") -> str:
    return str(client.describe_dataset(DatasetName=name)["Status"])


def test_the_dataset_is_busy_until_the_job_ends(client: Any, s3: Any, backend: Any) -> None:
    pump_dataset(client, s3)
    with manual_progression("ingestionjob", times=3):
        job_id = start_ingestion(client, "pump", prefix="pump/")

        assert job_status(client, job_id) == "IN_PROGRESS"
        running = client.describe_data_ingestion_job(JobId=job_id)
        assert running["StatusDetail"] == "Reading data from s3://sensor-data/pump/."
        assert "IngestedFilesSummary" not in running
        assert dataset_status(client) == "INGESTION_IN_PROGRESS"
        assert backend.datasets.get("pump").data is None
        with pytest.raises(ClientError) as excinfo:
            start_ingestion(client, "pump", prefix="pump/")
        assert error(excinfo) == (
            "ConflictException",
            "Dataset 'pump' is INGESTION_IN_PROGRESS; wait until the running job ends.",
        )
        with pytest.raises(ClientError) as excinfo:
            client.delete_dataset(DatasetName="pump")
        assert error(excinfo) == (
            "ConflictException",
            "Dataset 'pump' cannot be deleted: a data ingestion or import job is working on it "
            "(INGESTION_IN_PROGRESS).",
        )

        assert job_status(client, job_id) == "SUCCESS"
        assert dataset_status(client) == "ACTIVE"
        assert backend.datasets.get("pump").data is not None


def test_the_dataset_can_be_held_after_its_job_ended(client: Any, s3: Any, backend: Any) -> None:
    pump_dataset(client, s3)
    with manual_progression("dataset", times=2):
        job_id = start_ingestion(client, "pump", prefix="pump/")

        assert job_status(client, job_id) == "SUCCESS"
        assert dataset_status(client) == "INGESTION_IN_PROGRESS"
        assert backend.datasets.get("pump").data is None
        summaries = client.list_datasets()["DatasetSummaries"]
        assert [s["Status"] for s in summaries] == ["ACTIVE"]
        assert backend.datasets.get("pump").data is not None


def test_an_active_dataset_is_busy_during_a_reingestion_and_keeps_its_data(
    client: Any, s3: Any, backend: Any
) -> None:
    create_dataset_with_data(client, s3, "pump", days=20)
    old = backend.datasets.get("pump").data
    put_sensor_csv(s3, BUCKET, "v2/pump/data.csv", sensor_rows(days=40))
    with manual_progression("ingestionjob", times=2):
        job_id = start_ingestion(client, "pump", prefix="v2/")

        assert job_status(client, job_id) == "IN_PROGRESS"
        assert dataset_status(client) == "INGESTION_IN_PROGRESS"
        assert backend.datasets.get("pump").data is old

        assert job_status(client, job_id) == "SUCCESS"
        assert dataset_status(client) == "ACTIVE"
        assert len(backend.datasets.get("pump").data.components["pump"]) == 40 * 24 + 1


def test_a_first_ingestion_that_fails_returns_the_dataset_to_created(client: Any) -> None:
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})
    with manual_progression("ingestionjob", times=2):
        job_id = start_ingestion(client, "pump", prefix="pump/", bucket="missing-bucket")

        running = client.describe_data_ingestion_job(JobId=job_id)
        assert running["Status"] == "IN_PROGRESS"
        assert "FailedReason" not in running
        assert dataset_status(client) == "INGESTION_IN_PROGRESS"

        assert job_status(client, job_id) == "FAILED"
        assert dataset_status(client) == "CREATED"


def test_at_most_five_jobs_run_at_once(client: Any, s3: Any) -> None:
    for index in range(6):
        pump_dataset(client, s3, f"pump{index}", days=2)
    with manual_progression("ingestionjob", times=10**6):
        for index in range(5):
            start_ingestion(client, f"pump{index}", prefix=f"pump{index}/")

        with pytest.raises(ClientError) as excinfo:
            start_ingestion(client, "pump5", prefix="pump5/")

        assert error(excinfo) == (
            "ServiceQuotaExceededException",
            "Service quota exceeded: at most 5 ingestion jobs in progress are allowed per "
            "account and region.",
        )
        assert dataset_status(client, "pump5") == "CREATED"
    # Once the jobs have ended there is room again.
    job_id = start_ingestion(client, "pump5", prefix="pump5/")
    assert job_status(client, job_id) == "SUCCESS"


def test_a_replayed_start_shows_the_current_status(client: Any, s3: Any) -> None:
    pump_dataset(client, s3)
    with manual_progression("ingestionjob", times=1):
        job_id = start_ingestion(client, "pump", prefix="pump/", ClientToken="once")
        again = start_ingestion(client, "pump", prefix="pump/", ClientToken="once")
        assert again == job_id
        assert job_status(client, job_id) == "SUCCESS"
        replay = client.start_data_ingestion_job(
            DatasetName="pump",
            IngestionInputConfiguration={
                "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "pump/"}
            },
            RoleArn="arn:aws:iam::123456789012:role/lookout-equipment-access",
            ClientToken="once",
        )
        assert (replay["JobId"], replay["Status"]) == (job_id, "SUCCESS")


def test_deleting_a_dataset_forgets_its_jobs(client: Any, s3: Any) -> None:
    create_dataset_with_data(client, s3, "pump", days=5)
    job_id = client.list_data_ingestion_jobs()["DataIngestionJobSummaries"][0]["JobId"]

    client.delete_dataset(DatasetName="pump")

    with pytest.raises(ClientError) as excinfo:
        client.describe_data_ingestion_job(JobId=job_id)
    assert error(excinfo) == (
        "ResourceNotFoundException",
        f"Data ingestion job '{job_id}' does not exist.",
    )
    assert client.list_data_ingestion_jobs()["DataIngestionJobSummaries"] == []

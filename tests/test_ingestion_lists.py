"""ListDataIngestionJobs and ListSensorStatistics: filters, order, pages and unknown parents."""

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
    schema,
    sensor_rows,
    start_ingestion,
)
from model_helpers import (
    INVALID_NEXT_TOKEN,
    error,
    pages_of,
)


@pytest.fixture
def three_jobs(client: Any, s3: Any) -> list[str]:
    """Jobs on two datasets, in this order: pump SUCCESS, motor FAILED, pump SUCCESS."""
    create_dataset_with_data(client, s3, "pump", days=5)
    client.create_dataset(DatasetName="motor", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})
    failed = start_ingestion(client, "motor", prefix="motor/", bucket="no-bucket")
    again = start_ingestion(client, "pump", prefix="pump/")
    first = client.list_data_ingestion_jobs(DatasetName="pump")["DataIngestionJobSummaries"][0]
    return [first["JobId"], failed, again]


def test_jobs_are_listed_in_creation_order_with_their_summary(
    client: Any, three_jobs: list[str]
) -> None:
    summaries = client.list_data_ingestion_jobs()["DataIngestionJobSummaries"]

    assert [s["JobId"] for s in summaries] == three_jobs
    assert [s["Status"] for s in summaries] == ["SUCCESS", "FAILED", "SUCCESS"]
    pump_arn = client.describe_dataset(DatasetName="pump")["DatasetArn"]
    assert summaries[0] == {
        "JobId": three_jobs[0],
        "DatasetName": "pump",
        "DatasetArn": pump_arn,
        "IngestionInputConfiguration": {
            "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "pump/"}
        },
        "Status": "SUCCESS",
    }


def test_jobs_are_filtered_by_dataset_and_status(client: Any, three_jobs: list[str]) -> None:
    def listed(**filters: Any) -> list[str]:
        response = client.list_data_ingestion_jobs(**filters)
        return [s["JobId"] for s in response["DataIngestionJobSummaries"]]

    assert listed(DatasetName="pump") == [three_jobs[0], three_jobs[2]]
    assert listed(Status="FAILED") == [three_jobs[1]]
    assert listed(DatasetName="pump", Status="FAILED") == []
    assert listed(DatasetName="nothing") == []
    assert listed(Status="IMPORT_IN_PROGRESS") == []


def test_running_jobs_are_listed_as_in_progress(client: Any, s3: Any) -> None:
    put_sensor_csv(s3, BUCKET, "p/pump/a.csv", sensor_rows(days=5))
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})
    with manual_progression("ingestionjob", times=2):
        job_id = start_ingestion(client, "pump", prefix="p/")

        running = client.list_data_ingestion_jobs(Status="IN_PROGRESS")
        assert [s["JobId"] for s in running["DataIngestionJobSummaries"]] == [job_id]
        # The list counted as one look at the job, this is the second.
        assert (
            client.list_data_ingestion_jobs(Status="IN_PROGRESS")["DataIngestionJobSummaries"] == []
        )


def test_jobs_are_paged(client: Any, three_jobs: list[str]) -> None:
    pages = pages_of(
        client.list_data_ingestion_jobs, "DataIngestionJobSummaries", "JobId", MaxResults=2
    )

    assert pages == [three_jobs[:2], three_jobs[2:]]
    first = client.list_data_ingestion_jobs(MaxResults=2)
    with pytest.raises(ClientError) as excinfo:
        client.list_data_ingestion_jobs(
            MaxResults=2, Status="SUCCESS", NextToken=first["NextToken"]
        )
    assert error(excinfo) == ("ValidationException", INVALID_NEXT_TOKEN)


def test_statistics_of_the_latest_or_of_a_given_job(client: Any, s3: Any) -> None:
    components = {"pump": ["Sensor0", "Sensor1"], "motor": ["rpm"]}
    put_sensor_csv(s3, BUCKET, "v1/pump/a.csv", sensor_rows(days=5))
    put_sensor_csv(
        s3, BUCKET, "v1/motor/a.csv", sensor_rows(days=5, sensors=["rpm"]), ["Timestamp", "rpm"]
    )
    put_sensor_csv(s3, BUCKET, "v2/pump/a.csv", [[row[0], None, row[2]] for row in sensor_rows(2)])
    client.create_dataset(
        DatasetName="plant", DatasetSchema={"InlineDataSchema": schema(components)}
    )
    first = start_ingestion(client, "plant", prefix="v1/")
    second = start_ingestion(client, "plant", prefix="v2/")
    failed = start_ingestion(client, "plant", prefix="v3/", bucket="no-bucket")

    def missing(**params: Any) -> list[tuple[str, int]]:
        listed = client.list_sensor_statistics(DatasetName="plant", **params)
        return [
            (s["SensorName"], s["MissingValues"]["Count"])
            for s in listed["SensorStatisticsSummaries"]
        ]

    rows = 2 * 24 + 1
    assert missing() == [("Sensor0", rows), ("Sensor1", 0), ("rpm", 0)]
    assert missing(IngestionJobId=second) == missing()
    assert missing(IngestionJobId=first) == [("Sensor0", 0), ("Sensor1", 0), ("rpm", 0)]
    assert missing(IngestionJobId=failed) == []


def test_statistics_are_paged(client: Any, s3: Any) -> None:
    sensors = [f"S{index}" for index in range(5)]
    create_dataset_with_data(client, s3, "plant", days=2, sensors=sensors)

    pages = pages_of(
        client.list_sensor_statistics,
        "SensorStatisticsSummaries",
        "SensorName",
        DatasetName="plant",
        MaxResults=2,
    )

    assert pages == [["S0", "S1"], ["S2", "S3"], ["S4"]]


def test_jobs_started_between_pages_are_listed_once_on_a_later_page(
    client: Any, three_jobs: list[str]
) -> None:
    def add(listed: list[str]) -> None:
        three_jobs.append(start_ingestion(client, "pump", prefix="pump/"))

    pages = pages_of(
        client.list_data_ingestion_jobs, "DataIngestionJobSummaries", "JobId", add, MaxResults=2
    )

    # The job started after the first page is the last of the second.
    assert pages == [three_jobs[0:2], three_jobs[2:4]]
    assert len(three_jobs) == 4


@pytest.mark.parametrize("of_the_first_job", [True, False])
def test_statistics_pages_stay_complete_as_jobs_are_added(
    client: Any, s3: Any, of_the_first_job: bool
) -> None:
    sensors = [f"S{index}" for index in range(5)]
    create_dataset_with_data(client, s3, "plant", days=2, sensors=sensors)
    first = client.list_data_ingestion_jobs(DatasetName="plant")["DataIngestionJobSummaries"][0]
    job = {"IngestionJobId": first["JobId"]} if of_the_first_job else {}

    pages = pages_of(
        client.list_sensor_statistics,
        "SensorStatisticsSummaries",
        "SensorName",
        lambda listed: start_ingestion(client, "plant", prefix="plant/"),
        DatasetName="plant",
        MaxResults=2,
        **job,
    )

    assert pages == [["S0", "S1"], ["S2", "S3"], ["S4"]]
    assert (
        len(client.list_data_ingestion_jobs(DatasetName="plant")["DataIngestionJobSummaries"]) == 3
    )


def test_statistics_of_unknown_datasets_or_jobs_are_not_found(client: Any, s3: Any) -> None:
    create_dataset_with_data(client, s3, "pump", days=2)
    create_dataset_with_data(client, s3, "motor", days=2)
    motor_job = client.list_data_ingestion_jobs(DatasetName="motor")["DataIngestionJobSummaries"]

    with pytest.raises(ClientError) as excinfo:
        client.list_sensor_statistics(DatasetName="fan")
    assert error(excinfo) == ("ResourceNotFoundException", "Dataset 'fan' does not exist.")
    for job_id in ("a" * 32, motor_job[0]["JobId"]):
        with pytest.raises(ClientError) as excinfo:
            client.list_sensor_statistics(DatasetName="pump", IngestionJobId=job_id)
        assert error(excinfo) == (
            "ResourceNotFoundException",
            f"Data ingestion job '{job_id}' of dataset 'pump' does not exist.",
        )

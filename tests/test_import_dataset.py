"""ImportDataset: copies of datasets of this account and, through resource policies, of others."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ingestion_helpers import (
    ACCOUNT_ID,
    BUCKET,
    PUMP_SCHEMA,
    create_dataset_with_data,
    manual_progression,
    put_sensor_csv,
    sensor_rows,
    start_ingestion,
)
from model_helpers import error, session_in

OTHER_ACCOUNT = "222222222222"


def import_policy(resource: str, principal: str = ACCOUNT_ID, effect: str = "Allow") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": effect,
                    "Principal": {"AWS": f"arn:aws:iam::{principal}:root"},
                    "Action": "lookoutequipment:ImportDataset",
                    "Resource": resource,
                }
            ],
        }
    )


@pytest.fixture
def source_arn(client: Any, s3: Any) -> str:
    create_dataset_with_data(client, s3, "pump", days=20)
    return str(client.describe_dataset(DatasetName="pump")["DatasetArn"])


@pytest.fixture
def other_account(aws: None) -> Any:
    """A boto3 session acting as another account."""
    return session_in(OTHER_ACCOUNT)


@pytest.fixture
def foreign_arn(other_account: Any) -> str:
    """A dataset with data in the other account."""
    lookout, s3 = other_account.client("lookoutequipment"), other_account.client("s3")
    role = f"arn:aws:iam::{OTHER_ACCOUNT}:role/lookout"
    create_dataset_with_data(lookout, s3, "remote-pump", days=20, role_arn=role)
    return str(lookout.describe_dataset(DatasetName="remote-pump")["DatasetArn"])


COPIED = ("Schema", "IngestedFilesSummary", "DataQualitySummary", "DataStartTime", "DataEndTime")


def test_a_dataset_of_the_same_account_is_copied(
    client: Any, source_arn: str, backend: Any
) -> None:
    imported = client.import_dataset(SourceDatasetArn=source_arn, DatasetName="copy")

    assert imported["DatasetName"] == "copy"
    assert imported["Status"] == "IMPORT_IN_PROGRESS"
    assert imported["DatasetArn"].startswith(
        f"arn:aws:lookoutequipment:us-east-1:{ACCOUNT_ID}:dataset/copy/"
    )
    source = client.describe_dataset(DatasetName="pump")
    copy = client.describe_dataset(DatasetName="copy")
    assert copy["Status"] == "ACTIVE"
    assert copy["DatasetArn"] == imported["DatasetArn"]
    assert copy["SourceDatasetArn"] == source_arn
    for member in COPIED:
        assert copy[member] == source[member]
    assert "IngestionInputConfiguration" not in copy
    assert backend.datasets.get("copy").data is backend.datasets.get("pump").data
    statistics = client.list_sensor_statistics(DatasetName="copy")["SensorStatisticsSummaries"]
    assert (
        statistics == client.list_sensor_statistics(DatasetName="pump")["SensorStatisticsSummaries"]
    )

    job = client.describe_data_ingestion_job(JobId=imported["JobId"])
    assert job["Status"] == "SUCCESS"
    assert job["SourceDatasetArn"] == source_arn
    assert job["DatasetArn"] == imported["DatasetArn"]
    assert job["IngestedFilesSummary"] == source["IngestedFilesSummary"]
    assert "IngestionInputConfiguration" not in job


def test_the_import_job_and_dataset_show_the_import_while_it_runs(
    client: Any, source_arn: str
) -> None:
    with manual_progression("ingestionjob", times=3):
        imported = client.import_dataset(
            SourceDatasetArn=source_arn, DatasetName="copy", ClientToken="import-1"
        )

        listed = client.list_data_ingestion_jobs(Status="IMPORT_IN_PROGRESS")
        assert [s["JobId"] for s in listed["DataIngestionJobSummaries"]] == [imported["JobId"]]
        running = client.describe_data_ingestion_job(JobId=imported["JobId"])
        assert running["StatusDetail"] == f"Importing the data of {source_arn}."
        assert client.describe_dataset(DatasetName="copy")["Status"] == "IMPORT_IN_PROGRESS"
        replay = client.import_dataset(
            SourceDatasetArn=source_arn, DatasetName="copy", ClientToken="import-1"
        )
        assert replay == {**imported, "ResponseMetadata": replay["ResponseMetadata"]}
        with pytest.raises(ClientError) as excinfo:
            client.import_dataset(SourceDatasetArn=source_arn, DatasetName="copy")
        assert error(excinfo) == (
            "ConflictException",
            "Dataset 'copy' is IMPORT_IN_PROGRESS; wait until the running job ends.",
        )

        assert client.describe_data_ingestion_job(JobId=imported["JobId"])["Status"] == "SUCCESS"
        replay = client.import_dataset(
            SourceDatasetArn=source_arn, DatasetName="copy", ClientToken="import-1"
        )
        assert (replay["JobId"], replay["DatasetArn"]) == (
            imported["JobId"],
            imported["DatasetArn"],
        )
        assert replay["Status"] == "ACTIVE"
    assert len(client.list_datasets()["DatasetSummaries"]) == 2


def test_an_import_cannot_overwrite_its_own_source(client: Any, source_arn: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.import_dataset(SourceDatasetArn=source_arn)

    assert error(excinfo) == (
        "ConflictException",
        "Dataset 'pump' is the source of the import; give the copy another DatasetName.",
    )


def test_an_existing_dataset_is_overwritten_in_place(
    client: Any, s3: Any, source_arn: str, backend: Any
) -> None:
    create_dataset_with_data(client, s3, "target", days=3, sensors=["Other"])
    target_arn = client.describe_dataset(DatasetName="target")["DatasetArn"]

    imported = client.import_dataset(
        SourceDatasetArn=source_arn, DatasetName="target", Tags=[{"Key": "from", "Value": "pump"}]
    )

    assert imported["DatasetArn"] == target_arn
    target = client.describe_dataset(DatasetName="target")
    assert target["Status"] == "ACTIVE"
    assert json.loads(target["Schema"]) == json.loads(PUMP_SCHEMA)
    assert target["DataEndTime"] == client.describe_dataset(DatasetName="pump")["DataEndTime"]
    assert target["SourceDatasetArn"] == source_arn
    assert backend.datasets.get("target").data is backend.datasets.get("pump").data
    assert client.list_tags_for_resource(ResourceArn=target_arn)["Tags"] == [
        {"Key": "from", "Value": "pump"}
    ]


def test_a_missing_source_is_not_found(client: Any, source_arn: str) -> None:
    missing = source_arn.replace("/pump/", "/nothing/")
    foreign = source_arn.replace(ACCOUNT_ID, OTHER_ACCOUNT)

    for arn in (missing, foreign):
        with pytest.raises(ClientError) as excinfo:
            client.import_dataset(SourceDatasetArn=arn, DatasetName="copy")
        assert error(excinfo) == (
            "ResourceNotFoundException",
            f"Dataset '{arn}' does not exist.",
        )


def test_a_source_without_data_gives_a_failed_import(client: Any) -> None:
    source = client.create_dataset(
        DatasetName="empty", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA}
    )["DatasetArn"]

    imported = client.import_dataset(SourceDatasetArn=source, DatasetName="copy")

    job = client.describe_data_ingestion_job(JobId=imported["JobId"])
    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        f"The source dataset '{source}' has no ingested data to import; its status is CREATED."
    )
    copy = client.describe_dataset(DatasetName="copy")
    assert copy["Status"] == "CREATED"
    assert "SourceDatasetArn" not in copy


def test_another_accounts_dataset_needs_a_policy(
    client: Any, other_account: Any, foreign_arn: str, backend: Any
) -> None:
    with pytest.raises(ClientError) as excinfo:
        client.import_dataset(SourceDatasetArn=foreign_arn)
    assert error(excinfo) == (
        "AccessDeniedException",
        f"Account {ACCOUNT_ID} may not import dataset '{foreign_arn}': no resource policy on it "
        "allows lookoutequipment:ImportDataset for this account.",
    )

    owner = other_account.client("lookoutequipment")
    owner.put_resource_policy(ResourceArn=foreign_arn, ResourcePolicy=import_policy(foreign_arn))
    imported = client.import_dataset(SourceDatasetArn=foreign_arn)

    assert imported["DatasetName"] == "remote-pump"
    copy = client.describe_dataset(DatasetName="remote-pump")
    assert copy["Status"] == "ACTIVE"
    assert copy["SourceDatasetArn"] == foreign_arn
    assert f":{ACCOUNT_ID}:dataset/remote-pump/" in copy["DatasetArn"]
    source = owner.describe_dataset(DatasetName="remote-pump")
    for member in COPIED:
        assert copy[member] == source[member]
    assert backend.datasets.get("remote-pump").data is not None


def test_a_policy_for_another_account_or_a_deny_does_not_allow_the_import(
    client: Any, other_account: Any, foreign_arn: str
) -> None:
    owner = other_account.client("lookoutequipment")
    for policy in (
        import_policy(foreign_arn, principal="333333333333"),
        import_policy(foreign_arn, effect="Deny"),
    ):
        owner.put_resource_policy(ResourceArn=foreign_arn, ResourcePolicy=policy)
        with pytest.raises(ClientError) as excinfo:
            client.import_dataset(SourceDatasetArn=foreign_arn)
        assert error(excinfo) == (
            "AccessDeniedException",
            f"Account {ACCOUNT_ID} may not import dataset '{foreign_arn}': no resource policy on "
            "it allows lookoutequipment:ImportDataset for this account.",
        )
        owner.delete_resource_policy(ResourceArn=foreign_arn)
    assert client.list_datasets()["DatasetSummaries"] == []


def test_a_copy_of_a_schemaless_dataset_keeps_its_key_pattern(client: Any, s3: Any) -> None:
    put_sensor_csv(s3, BUCKET, "v1/pump_a.csv", sensor_rows(days=3))
    put_sensor_csv(s3, BUCKET, "v2/pump_b.csv", sensor_rows(days=5))
    client.create_dataset(DatasetName="pump")
    start_ingestion(client, "pump", prefix="v1/", key_pattern="{prefix}/{component_name}_*")
    source_arn = client.describe_dataset(DatasetName="pump")["DatasetArn"]
    client.import_dataset(SourceDatasetArn=source_arn, DatasetName="copy")

    # No KeyPattern: the copy reads its components as the source was read.
    job_id = start_ingestion(client, "copy", prefix="v2/")

    job = client.describe_data_ingestion_job(JobId=job_id)
    assert (job["Status"], job["IngestedFilesSummary"]["IngestedNumberOfFiles"]) == ("SUCCESS", 1)
    assert client.describe_dataset(DatasetName="copy")["DataEndTime"] == job["DataEndTime"]

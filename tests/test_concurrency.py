"""Many callers at once against one server: every request is atomic for its account and region.

32 threads share moto's threaded server while the interpreter switches threads every 10 µs, and
each test asserts the one outcome that some serial order of the requests gives: one resource per
client token, one winner per name, quotas to the unit, unique version numbers, no orphan, no 5xx.
``LOOKOUTEQUIPMENT_STRESS_ROUNDS`` repeats each race (default 1; e.g. 50 for a long local run).
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from inference_helpers import INPUT_BUCKET, OUTPUT_BUCKET, scheduler_request
from ingestion_helpers import BUCKET, create_dataset_with_data, put_sensor_csv, sensor_rows
from ingestion_helpers import ROLE_ARN as INGESTION_ROLE
from ingestion_helpers import SENSORS as INGESTION_SENSORS
from ingestion_helpers import schema as ingestion_schema
from model_helpers import DATASET, MODEL, dataset_with_data, train_model
from threads import THREADS, Outcome, at_once, threads_switching_often

from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer

ROUNDS = int(os.environ.get("LOOKOUTEQUIPMENT_STRESS_ROUNDS", "1"))
rounds = pytest.mark.parametrize("round_", range(ROUNDS))


@pytest.fixture(autouse=True)
def _switch_threads_often() -> Iterator[None]:
    with threads_switching_often():
        yield


@pytest.fixture
def server(lookoutequipment_server: LookoutEquipmentServer) -> LookoutEquipmentServer:
    return lookoutequipment_server


@pytest.fixture
def client(server: LookoutEquipmentServer) -> Any:
    # No retries: a 5xx or a throttle must show, not be hidden by botocore trying again.
    config = Config(retries={"total_max_attempts": 1}, max_pool_connections=THREADS * 2)
    return server.client(config=config)


def succeeded(outcomes: list[Outcome]) -> list[Any]:
    return [response for code, response in outcomes if code == "ok"]


def codes(outcomes: list[Outcome]) -> Counter[str]:
    return Counter(code for code, _ in outcomes)


# One resource per client token


@rounds
def test_a_client_token_raced_creates_one_dataset(client: Any, round_: int) -> None:
    def create(_: int) -> Any:
        return client.create_dataset(DatasetName="pumps", ClientToken="one-token")["DatasetArn"]

    arns = succeeded(at_once(create))

    assert len(arns) == THREADS and len(set(arns)) == 1
    listed = client.list_datasets()["DatasetSummaries"]
    assert [d["DatasetArn"] for d in listed] == arns[:1]


@rounds
def test_a_client_token_raced_starts_one_ingestion_job(
    server: LookoutEquipmentServer, client: Any, round_: int
) -> None:
    s3 = server.client("s3")
    create_dataset_with_data(client, s3, "pumps", days=20)
    first = client.list_data_ingestion_jobs(DatasetName="pumps")["DataIngestionJobSummaries"]

    def start(_: int) -> Any:
        return client.start_data_ingestion_job(
            DatasetName="pumps",
            IngestionInputConfiguration={
                "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "pumps/"}
            },
            RoleArn=INGESTION_ROLE,
            ClientToken="again",
        )["JobId"]

    job_ids = succeeded(at_once(start))

    assert len(job_ids) == THREADS and len(set(job_ids)) == 1
    jobs = client.list_data_ingestion_jobs(DatasetName="pumps")["DataIngestionJobSummaries"]
    assert sorted(j["JobId"] for j in jobs) == sorted([first[0]["JobId"], job_ids[0]])


@rounds
def test_a_client_token_raced_imports_one_dataset(
    server: LookoutEquipmentServer, client: Any, round_: int
) -> None:
    source_arn = dataset_with_data(client)

    def import_(_: int) -> Any:
        response = client.import_dataset(
            SourceDatasetArn=source_arn, DatasetName="copy", ClientToken="copy-once"
        )
        return response["JobId"], response["DatasetArn"]

    answers = succeeded(at_once(import_))

    assert len(answers) == THREADS and len(set(answers)) == 1
    jobs = client.list_data_ingestion_jobs(DatasetName="copy")["DataIngestionJobSummaries"]
    assert [j["JobId"] for j in jobs] == [answers[0][0]]
    names = sorted(d["DatasetName"] for d in client.list_datasets()["DatasetSummaries"])
    assert names == sorted([DATASET, "copy"])


@rounds
def test_a_client_token_raced_creates_one_label(client: Any, round_: int) -> None:
    client.create_label_group(LabelGroupName="pumps", FaultCodes=["leak"])

    def create(_: int) -> Any:
        return client.create_label(
            LabelGroupName="pumps",
            StartTime="2024-01-01T00:00:00Z",
            EndTime="2024-01-02T00:00:00Z",
            Rating="ANOMALY",
            FaultCode="leak",
            ClientToken="label-once",
        )["LabelId"]

    label_ids = succeeded(at_once(create))

    assert len(label_ids) == THREADS and len(set(label_ids)) == 1
    labels = client.list_labels(LabelGroupName="pumps")["LabelSummaries"]
    assert [label["LabelId"] for label in labels] == label_ids[:1]


@rounds
def test_a_client_token_raced_creates_one_model(client: Any, round_: int) -> None:
    dataset_with_data(client)

    def create(_: int) -> Any:
        return train_model(client, ClientToken="model-once")

    arns = succeeded(at_once(create))

    assert len(arns) == THREADS and len(set(arns)) == 1
    models = client.list_models()["ModelSummaries"]
    assert [m["ModelArn"] for m in models] == arns[:1]
    assert client.describe_model(ModelName=MODEL)["ModelArn"] == arns[0]


@rounds
def test_a_client_token_raced_creates_one_inference_scheduler(
    server: LookoutEquipmentServer, client: Any, round_: int
) -> None:
    s3 = server.client("s3")
    for bucket in (INPUT_BUCKET, OUTPUT_BUCKET):
        s3.create_bucket(Bucket=bucket)
    dataset_with_data(client)
    train_model(client)
    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"

    def create(_: int) -> Any:
        request = scheduler_request(ModelName=MODEL, ClientToken="scheduler-once")
        return client.create_inference_scheduler(**request)["InferenceSchedulerArn"]

    arns = succeeded(at_once(create))

    assert len(arns) == THREADS and len(set(arns)) == 1
    schedulers = client.list_inference_schedulers()["InferenceSchedulerSummaries"]
    assert [s["InferenceSchedulerArn"] for s in schedulers] == arns[:1]
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["InferenceSchedulerArn"] == arns[0]


# One winner per name, quotas to the unit


@rounds
def test_one_name_raced_creates_one_model_and_conflicts_for_the_rest(
    client: Any, round_: int
) -> None:
    dataset_with_data(client)

    outcomes = at_once(lambda i: train_model(client, ClientToken=f"token-{i}"))

    assert codes(outcomes) == {"ok": 1, "ConflictException": THREADS - 1}
    assert {message for code, message in outcomes if code != "ok"} == {
        f"Model '{MODEL}' already exists."
    }
    (arn,) = succeeded(outcomes)
    assert [m["ModelArn"] for m in client.list_models()["ModelSummaries"]] == [arn]


@rounds
def test_one_name_raced_creates_one_dataset(client: Any, round_: int) -> None:
    outcomes = at_once(lambda i: client.create_dataset(DatasetName="pumps"))

    assert codes(outcomes) == {"ok": 1, "ConflictException": THREADS - 1}
    (created,) = succeeded(outcomes)
    listed = client.list_datasets()["DatasetSummaries"]
    assert [d["DatasetArn"] for d in listed] == [created["DatasetArn"]]


@rounds
def test_racing_creates_stop_at_the_dataset_quota(client: Any, round_: int) -> None:
    outcomes = at_once(lambda i: client.create_dataset(DatasetName=f"dataset-{i}"))

    assert codes(outcomes) == {"ok": 15, "ServiceQuotaExceededException": THREADS - 15}
    created = sorted(response["DatasetName"] for response in succeeded(outcomes))
    listed = client.list_datasets(MaxResults=50)["DatasetSummaries"]
    assert sorted(d["DatasetName"] for d in listed) == created


@rounds
def test_racing_label_groups_stop_at_their_quota(client: Any, round_: int) -> None:
    outcomes = at_once(lambda i: client.create_label_group(LabelGroupName=f"group-{i}"))

    assert codes(outcomes) == {"ok": 15, "ServiceQuotaExceededException": THREADS - 15}
    listed = client.list_label_groups()["LabelGroupSummaries"]
    assert len(listed) == 15


# Version numbers


@rounds
def test_racing_imports_into_one_model_get_unique_version_numbers(client: Any, round_: int) -> None:
    dataset_with_data(client)
    source = f"{train_model(client)}/model-version/1"
    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"
    client.create_dataset(DatasetName="target", DatasetSchema=_dataset_schema(client))

    def import_(i: int) -> Any:
        return client.import_model_version(
            SourceModelVersionArn=source,
            ModelName="copies",
            DatasetName="target",
            ClientToken=f"import-{i}",
        )

    outcomes = at_once(import_, threads=16)

    versions = [response["ModelVersion"] for response in succeeded(outcomes)]
    assert versions and len(versions) == len(set(versions))
    assert set(codes(outcomes)) <= {"ok", "ConflictException"}
    listed = client.list_model_versions(ModelName="copies")["ModelVersionSummaries"]
    assert sorted(v["ModelVersion"] for v in listed) == sorted(versions)
    assert sorted(versions) == list(range(1, len(versions) + 1))


def _dataset_schema(client: Any) -> dict[str, str]:
    described = client.describe_dataset(DatasetName=DATASET)
    return {"InlineDataSchema": described["Schema"]}


# A delete racing a start leaves no orphan


@rounds
def test_a_delete_racing_ingestion_starts_leaves_no_orphan_job(
    server: LookoutEquipmentServer, client: Any, round_: int
) -> None:
    s3 = server.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    put_sensor_csv(
        s3,
        BUCKET,
        "pumps/pump/pump.csv",
        sensor_rows(20, INGESTION_SENSORS),
        ("Timestamp", *INGESTION_SENSORS),
    )
    client.create_dataset(
        DatasetName="pumps",
        DatasetSchema={"InlineDataSchema": ingestion_schema({"pump": INGESTION_SENSORS})},
    )

    def start_or_delete(i: int) -> Any:
        if i % 2:
            return client.delete_dataset(DatasetName="pumps")
        return client.start_data_ingestion_job(
            DatasetName="pumps",
            IngestionInputConfiguration={
                "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "pumps/"}
            },
            RoleArn=INGESTION_ROLE,
        )["JobId"]

    outcomes = at_once(start_or_delete)

    started = [answer for answer in succeeded(outcomes) if isinstance(answer, str)]
    datasets = client.list_datasets()["DatasetSummaries"]
    jobs = client.list_data_ingestion_jobs()["DataIngestionJobSummaries"]
    if datasets:  # every delete came while a job was running
        assert sorted(j["JobId"] for j in jobs) == sorted(started)
    else:
        assert jobs == []
        for job_id in started:
            with pytest.raises(ClientError) as info:
                client.describe_data_ingestion_job(JobId=job_id)
            assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert set(codes(outcomes)) <= {
        "ok",
        "ConflictException",
        "ResourceNotFoundException",
        "ServiceQuotaExceededException",
    }


# Lists, tags and deletes while others write


@rounds
def test_lists_while_labels_are_written_never_fail(client: Any, round_: int) -> None:
    client.create_label_group(LabelGroupName="pumps", FaultCodes=["leak"])
    writers = THREADS // 2

    def write_or_list(i: int) -> Any:
        if i < writers:
            for n in range(5):
                client.create_label(
                    LabelGroupName="pumps",
                    StartTime=f"2024-01-{n + 1:02d}T{i % 24:02d}:00:00Z",
                    EndTime=f"2024-01-{n + 1:02d}T{i % 24:02d}:30:00Z",
                    Rating="ANOMALY",
                )
            return None
        return [len(client.list_labels(LabelGroupName="pumps")["LabelSummaries"]) for _ in range(5)]

    outcomes = at_once(write_or_list)

    assert codes(outcomes) == {"ok": THREADS}
    for counts in succeeded(outcomes)[writers:]:
        assert counts == sorted(counts)  # a later list never shows fewer labels
    labels, token = [], None
    while True:
        page = client.list_labels(LabelGroupName="pumps", **({"NextToken": token} if token else {}))
        labels += page["LabelSummaries"]
        if not (token := page.get("NextToken")):
            break
    assert len(labels) == writers * 5


@rounds
def test_tags_raced_by_many_writers_end_exact(client: Any, round_: int) -> None:
    arn = client.create_label_group(LabelGroupName="pumps")["LabelGroupArn"]

    def tag_and_untag(i: int) -> Any:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": str(i)}])
        client.list_tags_for_resource(ResourceArn=arn)
        if i % 2:
            client.untag_resource(ResourceArn=arn, TagKeys=[f"k{i}"])
        return client.list_tags_for_resource(ResourceArn=arn)["Tags"]

    outcomes = at_once(tag_and_untag)

    assert codes(outcomes) == {"ok": THREADS}
    tags = client.list_tags_for_resource(ResourceArn=arn)["Tags"]
    assert sorted(t["Key"] for t in tags) == sorted(f"k{i}" for i in range(0, THREADS, 2))


@rounds
def test_a_label_group_deleted_by_many_is_deleted_once(client: Any, round_: int) -> None:
    arn = client.create_label_group(LabelGroupName="pumps", Tags=[{"Key": "a", "Value": "b"}])[
        "LabelGroupArn"
    ]

    def delete_or_read(i: int) -> Any:
        if i % 2:
            return client.list_tags_for_resource(ResourceArn=arn)["Tags"]
        return client.delete_label_group(LabelGroupName="pumps")

    outcomes = at_once(delete_or_read)

    deletes = outcomes[0::2]
    assert codes(deletes) == {"ok": 1, "ResourceNotFoundException": THREADS // 2 - 1}
    assert set(codes(outcomes[1::2])) <= {"ok", "ResourceNotFoundException"}
    assert client.list_label_groups()["LabelGroupSummaries"] == []


@rounds
def test_imports_between_two_accounts_in_both_directions_finish(
    server: LookoutEquipmentServer, client: Any, round_: int
) -> None:
    from model_helpers import OTHER_ACCOUNT_ID, session_in

    other = session_in(OTHER_ACCOUNT_ID, server.endpoint_url).client(
        "lookoutequipment",
        endpoint_url=server.endpoint_url,
        config=Config(retries={"total_max_attempts": 1}, max_pool_connections=THREADS),
    )
    mine, theirs = dataset_with_data(client), dataset_with_data(other, account_id=OTHER_ACCOUNT_ID)
    for owner, arn, reader in ((client, mine, OTHER_ACCOUNT_ID), (other, theirs, "123456789012")):
        owner.put_resource_policy(
            ResourceArn=arn, ResourcePolicy=_import_dataset_policy(reader, arn)
        )

    def import_(i: int) -> Any:
        caller, source = (client, theirs) if i % 2 else (other, mine)
        return caller.import_dataset(SourceDatasetArn=source, DatasetName=f"copy-{i}")

    outcomes = at_once(import_, threads=16)

    assert codes(outcomes) == {"ok": 16}
    for caller in (client, other):
        assert len(caller.list_datasets()["DatasetSummaries"]) == 1 + 8


def _import_dataset_policy(account_id: str, arn: str) -> str:
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
        "Action": "lookoutequipment:ImportDataset",
        "Resource": arn,
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_a_reset_waits_for_the_request_in_flight(
    lookoutequipment_backend: Any, lookoutequipment_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = lookoutequipment_backend.labels
    inside, release = threading.Event(), threading.Event()
    new_group = labels._new_group

    def slow_new_group(params: Any) -> Any:
        inside.set()
        release.wait(timeout=10)
        return new_group(params)

    monkeypatch.setattr(labels, "_new_group", slow_new_group)
    creating = threading.Thread(
        target=lookoutequipment_client.create_label_group, kwargs={"LabelGroupName": "pumps"}
    )
    creating.start()
    inside.wait(timeout=10)
    resetting = threading.Thread(target=lookoutequipment_backend.reset)
    resetting.start()
    resetting.join(timeout=0.3)

    assert resetting.is_alive()  # waiting for the create, not clearing state under it
    release.set()
    creating.join()
    resetting.join()
    assert lookoutequipment_client.list_label_groups()["LabelGroupSummaries"] == []

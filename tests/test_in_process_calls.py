"""boto3 calls in the test process are answered at botocore's ``before-call`` event, with the
same answers, accounts and moto settings as moto's own path through ``before-send``."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto import mock_aws
from moto.core import config as moto_config
from moto.core.botocore_stubber import BotocoreStubber
from readme_examples import run_readme_example
from threads import THREADS, at_once, threads_switching_often

from moto_lookoutequipment import faults
from moto_lookoutequipment.in_process_calls import EVENT, answer_call

pytestmark = pytest.mark.in_process(reason="counts what moto's in-process stubber is handed")

REGION = "us-east-1"


@pytest.fixture
def stubber_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs moto's stubber is asked to answer."""
    seen: list[str] = []
    original = BotocoreStubber.process_request

    def process_request(self: BotocoreStubber, request: Any) -> Any:
        seen.append(str(request.url))
        return original(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", process_request)
    return seen


def moto_path_client(**kwargs: Any) -> Any:
    """A client whose calls go through moto's stubber, as without the in-process handler."""
    client = boto3.client("lookoutequipment", region_name=REGION, **kwargs)
    client.meta.events.unregister(EVENT, answer_call)
    return client


VARYING = {"RequestId", "x-amzn-requestid", "DatasetArn", "CreatedAt", "LastUpdatedAt"}


def comparable(answer: Any) -> Any:
    """An answer without what differs between any two calls (ids, times, ARNs' random part)."""
    if isinstance(answer, dict):
        return {k: comparable(v) for k, v in answer.items() if k not in VARYING}
    if isinstance(answer, list):
        return [comparable(item) for item in answer]
    return answer


def outcomes(client: Any) -> Iterator[dict[str, Any]]:
    calls: list[tuple[str, dict[str, Any]]] = [
        ("create_dataset", {"DatasetName": "pump", "ClientToken": "t1"}),
        ("describe_dataset", {"DatasetName": "pump"}),
        ("describe_dataset", {"DatasetName": "missing"}),
        ("create_label_group", {"LabelGroupName": "x" * 201, "ClientToken": "t2"}),
        ("create_dataset", {"DatasetName": "pump", "ClientToken": "t3"}),
        ("list_datasets", {}),
    ]
    for name, params in calls:
        try:
            yield comparable(getattr(client, name)(**params))
        except ClientError as error:
            yield comparable(error.response)


def test_answers_equal_those_of_moto_path_without_reaching_moto_stubber(
    stubber_calls: list[str],
) -> None:
    with mock_aws():
        direct = list(outcomes(boto3.client("lookoutequipment", region_name=REGION)))
        assert stubber_calls == []
    with mock_aws():
        through_moto = list(outcomes(moto_path_client()))
        assert stubber_calls == [f"https://lookoutequipment.{REGION}.amazonaws.com/"] * 6

    assert direct == through_moto
    assert direct[1]["DatasetName"] == "pump"
    assert direct[2]["Error"] == {
        "Code": "ResourceNotFoundException",
        "Message": "Dataset 'pump' does not exist.".replace("pump", "missing"),
    }
    assert direct[2]["Message"] == "Dataset 'missing' does not exist."
    assert direct[2]["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert direct[3]["Error"]["Code"] == "ValidationException"
    assert direct[4]["Error"]["Code"] == "ConflictException"
    assert direct[5]["DatasetSummaries"][0]["DatasetName"] == "pump"


def test_other_services_and_other_endpoints_keep_moto_path(stubber_calls: list[str]) -> None:
    with mock_aws():
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="lookoutequipment")
        china = boto3.client("lookoutequipment", region_name="cn-north-1")
        china.create_dataset(DatasetName="pump", ClientToken="t")

        assert stubber_calls[0].startswith("https://lookoutequipment.s3.amazonaws.com")
        assert stubber_calls[1] == "https://lookoutequipment.cn-north-1.amazonaws.com.cn/"
        assert china.list_datasets()["DatasetSummaries"][0]["DatasetName"] == "pump"


def test_botocore_stubber_on_a_client_answers_before_the_mock() -> None:
    with mock_aws():
        client = boto3.client("lookoutequipment", region_name=REGION)
        with Stubber(client) as stubbed:
            stubbed.add_response("list_datasets", {"DatasetSummaries": []})
            stubbed.add_client_error("describe_dataset", service_error_code="ThrottlingException")

            assert client.list_datasets()["DatasetSummaries"] == []
            with pytest.raises(ClientError, match="ThrottlingException"):
                client.describe_dataset(DatasetName="pump")
            stubbed.assert_no_pending_responses()


def test_the_account_comes_from_sts_credentials_and_the_access_key_is_marked_used() -> None:
    with mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        iam.create_user(UserName="engineer")
        key = iam.create_access_key(UserName="engineer")["AccessKey"]
        credentials = boto3.client(
            "sts",
            region_name=REGION,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        ).assume_role(RoleArn="arn:aws:iam::111122223333:role/ops", RoleSessionName="ops-session")[
            "Credentials"
        ]
        other = boto3.client(
            "lookoutequipment",
            region_name="eu-west-1",
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
        )
        mine = boto3.client(
            "lookoutequipment",
            region_name=REGION,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )

        arn = other.create_dataset(DatasetName="pump", ClientToken="t")["DatasetArn"]
        mine.list_datasets()

        assert arn.startswith("arn:aws:lookoutequipment:eu-west-1:111122223333:dataset/pump/")
        used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        assert used["ServiceName"] == "lookoutequipment"
        assert used["Region"] == REGION


def test_moto_account_id_and_the_account_header_name_the_account(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def add_account_header(request: Any, **kwargs: Any) -> None:
        request.headers["x-moto-account-id"] = "444455556666"

    with mock_aws():
        client = boto3.client("lookoutequipment", region_name=REGION)
        client.meta.events.register("before-sign.lookoutequipment", add_account_header)
        by_header = client.create_dataset(DatasetName="a", ClientToken="t")["DatasetArn"]
        monkeypatch.setenv("MOTO_ACCOUNT_ID", "777788889999")
        by_variable = boto3.client("lookoutequipment", region_name=REGION).create_dataset(
            DatasetName="b", ClientToken="t"
        )["DatasetArn"]

    assert ":444455556666:dataset/a/" in by_header
    assert ":777788889999:dataset/b/" in by_variable


@pytest.mark.skipif(
    not hasattr(moto_config, "service_whitelisted"), reason="moto has service whitelists from 5.1"
)
def test_moto_service_whitelist_still_refuses_the_service() -> None:
    config: Any = {"core": {"service_whitelist": ["s3"]}}
    with mock_aws(config=config):
        client = boto3.client("lookoutequipment", region_name=REGION)
        with pytest.raises(Exception, match="lookoutequipment") as refused:
            client.list_datasets()
    assert type(refused.value).__name__ == "ServiceNotWhitelisted"


def test_moto_recorder_records_the_calls(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.moto_api import recorder

    monkeypatch.chdir(tmp_path)  # the recording is a file in the working directory

    with mock_aws():
        recorder.reset_recording()
        recorder.start_recording()
        try:
            boto3.client("lookoutequipment", region_name=REGION).create_dataset(
                DatasetName="pump", ClientToken="t"
            )
        finally:
            recorder.stop_recording()
        recording = recorder.download_recording()
        recorder.reset_recording()

    entries = [json.loads(line) for line in recording.splitlines()]
    assert [entry["headers"]["X-Amz-Target"] for entry in entries] == [
        "AWSLookoutEquipmentFrontendService.CreateDataset"
    ]
    assert json.loads(base64.b64decode(entries[0]["body"])) == {
        "DatasetName": "pump",
        "ClientToken": "t",
    }


def test_injected_faults_are_retried_by_botocore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    with mock_aws():
        client = boto3.client("lookoutequipment", region_name=REGION)
        faults.inject("ListDatasets", "ThrottlingException", count=1)
        try:
            answer = client.list_datasets()
        finally:
            faults.clear()

    assert answer["ResponseMetadata"]["RetryAttempts"] == 1


def test_many_threads_at_once_through_the_in_process_handler() -> None:
    with mock_aws():
        client = boto3.client("lookoutequipment", region_name=REGION)
        client.create_label_group(LabelGroupName="group", ClientToken="g")

        def create(index: int) -> tuple[str, str]:
            arn = client.create_dataset(DatasetName="pump", ClientToken="same")["DatasetArn"]
            label = client.create_label(
                LabelGroupName="group",
                StartTime=1_700_000_000 + 3600 * index,
                EndTime=1_700_000_000 + 3600 * index + 60,
                Rating="ANOMALY",
                ClientToken=f"label-{index}",
            )
            return arn, label["LabelId"]

        with threads_switching_often():
            outcomes = at_once(create)

        assert [code for code, _ in outcomes] == ["ok"] * THREADS
        arns = {arn for _, (arn, _) in outcomes}
        label_ids = [label_id for _, (_, label_id) in outcomes]
        assert len(arns) == 1 and len(set(label_ids)) == THREADS
        listed = client.list_labels(LabelGroupName="group", MaxResults=500)["LabelSummaries"]
        assert sorted(label["LabelId"] for label in listed) == sorted(label_ids)
        assert [d["DatasetArn"] for d in client.list_datasets()["DatasetSummaries"]] == [*arns]


def test_the_readme_example_sends_a_client_through_moto_stubber(
    stubber_calls: list[str],
) -> None:
    with mock_aws():
        client = boto3.client("lookoutequipment", region_name=REGION)
        client.list_datasets()
        assert stubber_calls == []
        run_readme_example("How it plugs into moto", client=client)
        client.list_datasets()

    assert stubber_calls == [f"https://lookoutequipment.{REGION}.amazonaws.com/"]

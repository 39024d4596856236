"""Injected faults: the errors a caller meets by circumstance (throttling, internal failures)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws
from readme_examples import run_readme_example

from moto_lookoutequipment import faults
from moto_lookoutequipment.faults import FAULTS_PATH, clear_server_faults, inject_server_fault

NO_RETRIES = Config(retries={"total_max_attempts": 1})
SOURCE = "arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/1234/model-version/1"


@pytest.fixture(autouse=True)
def _no_faults_left() -> Any:
    yield
    faults.clear()


def strict_client() -> Any:
    return boto3.client("lookoutequipment", region_name="us-east-1", config=NO_RETRIES)


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        ("ThrottlingException", 400, "Rate exceeded."),
        (
            "InternalServerException",
            500,
            "An internal error occurred in Amazon Lookout for Equipment.",
        ),
    ],
)
@pytest.mark.in_process(reason="injects faults through the package's Python API")
def test_an_injected_fault_answers_before_the_request_is_looked_at(
    aws: None, response_shapes: Any, error: str, status: int, message: str
) -> None:
    response_shapes.expect_internal_errors()
    client = strict_client()
    faults.inject("ImportModelVersion", error)

    with pytest.raises(ClientError) as raised:
        client.import_model_version(SourceModelVersionArn=SOURCE, DatasetName="missing")

    assert raised.value.response["Error"] == {"Code": error, "Message": message}
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    # The fault is used up: the same request now meets the real check (no such dataset).
    with pytest.raises(ClientError) as raised:
        client.import_model_version(SourceModelVersionArn=SOURCE, DatasetName="missing")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


@pytest.mark.in_process(reason="injects faults through the package's Python API")
def test_faults_count_down_and_touch_only_their_operation(aws: None) -> None:
    client = strict_client()
    faults.inject("ListDatasets", "ThrottlingException", count=2, message="Slow down.")

    assert client.list_label_groups()["LabelGroupSummaries"] == []
    for _ in range(2):
        with pytest.raises(ClientError) as raised:
            client.list_datasets()
        assert raised.value.response["Error"] == {
            "Code": "ThrottlingException",
            "Message": "Slow down.",
        }
    assert client.list_datasets()["DatasetSummaries"] == []
    assert faults.waiting() == []


@pytest.mark.in_process(reason="injects faults through the package's Python API")
def test_botocore_retries_a_throttled_call_to_success(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # botocore backs off before each retry; record the pauses instead of sleeping through them.
    pauses: list[float] = []
    monkeypatch.setattr(time, "sleep", pauses.append)
    client = boto3.client("lookoutequipment", region_name="us-east-1")
    faults.inject("ListDatasets", "ThrottlingException", count=2)

    answer = client.list_datasets()

    assert answer["DatasetSummaries"] == []
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(pauses) == 2


@pytest.mark.parametrize(
    ("operation", "error", "count", "problem"),
    [
        ("DescribeWidget", "ThrottlingException", 1, "not an operation"),
        ("ListDatasets", "ConflictException", 1, "ListDatasets does not answer ConflictException"),
        ("ListDatasets", "ThrottlingException", 0, "count must be"),
    ],
)
def test_only_modelled_errors_of_real_operations_can_be_injected(
    operation: str, error: str, count: int, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        faults.inject(operation, error, count=count)
    assert faults.waiting() == []


@pytest.mark.in_process(reason="injects faults through the package's Python API")
def test_a_reset_clears_the_faults() -> None:
    with mock_aws():
        boto3.client("lookoutequipment", region_name="us-east-1").list_datasets()
        faults.inject("ListDatasets", "InternalServerException")
    assert faults.waiting() == []


class RawBody(str):
    """A request body sent as it is, not as JSON."""


def _request(endpoint_url: str, method: str, body: Any = None) -> tuple[int, Any]:
    data = None
    if body is not None:
        data = body.encode() if isinstance(body, RawBody) else json.dumps(body).encode()
    request = urllib.request.Request(endpoint_url + FAULTS_PATH, data=data, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_server_takes_faults_over_http(lookoutequipment_server: Any) -> None:
    url = lookoutequipment_server.endpoint_url
    client = lookoutequipment_server.client(config=NO_RETRIES)

    inject_server_fault(url, "DescribeDataset", "ThrottlingException", count=3, message="Later.")
    assert _request(url, "GET") == (
        200,
        {
            "faults": [
                {
                    "operation": "DescribeDataset",
                    "error": "ThrottlingException",
                    "count": 3,
                    "message": "Later.",
                }
            ]
        },
    )
    with pytest.raises(ClientError) as raised:
        client.describe_dataset(DatasetName="pump")
    assert raised.value.response["Error"] == {"Code": "ThrottlingException", "Message": "Later."}
    assert _request(url, "GET")[1]["faults"][0]["count"] == 2

    clear_server_faults(url)
    with pytest.raises(ClientError) as raised:
        client.describe_dataset(DatasetName="pump")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            {"operation": "ListDatasets", "error": "ResourceNotFoundException"},
            "ListDatasets does not answer ResourceNotFoundException",
        ),
        (
            {"operation": "ListDatasets", "error": "ThrottlingException", "message": 5},
            "message must be text",
        ),
        ({"operation": "ListDatasets", "error": "ThrottlingException", "count": "2"}, "count"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        (
            {"operation": "ListDatasets", "error": "ThrottlingException", "times": 2},
            "Unknown member(s) times: send operation, error, count, message.",
        ),
    ],
)
def test_the_server_refuses_a_fault_it_cannot_inject(
    lookoutequipment_server: Any, body: Any, problem: str
) -> None:
    url = lookoutequipment_server.endpoint_url
    status, answer = _request(url, "POST", RawBody(body) if isinstance(body, str) else body)

    assert status == 400
    assert problem in answer["message"]
    assert faults.waiting() == []


@pytest.mark.in_process(reason="patches the package")
def test_the_readme_example_injects_the_faults_its_comments_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waiting_when_cleared: list[list[faults.Fault]] = []
    clear = faults.clear

    def clear_and_record() -> None:
        waiting_when_cleared.append(faults.waiting())
        clear()

    monkeypatch.setattr(faults, "clear", clear_and_record)

    run_readme_example("Throttling and internal errors on demand", level=3)

    assert waiting_when_cleared == [
        [
            faults.Fault("ImportModelVersion", "ThrottlingException", 2, "Rate exceeded."),
            faults.Fault("DescribeModel", "InternalServerException", 1, "Try again later."),
        ]
    ]
    assert faults.waiting() == []

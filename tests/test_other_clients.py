"""Clients that are not boto3: signed ``requests`` calls under ``mock_aws``, beside a user's own
``responses`` mocks for other hosts."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
import requests
import responses
from moto import mock_aws
from moto.core.models import override_responses_real_send
from readme_examples import run_readme_example

pytestmark = pytest.mark.in_process(
    reason="answered in the test process by mock_aws beside the user's own responses mocks"
)

WEBHOOK = "https://alerts.example.com/hooks/pump"


@pytest.fixture
def readme() -> dict[str, Any]:
    """The names the README's example defines (``call``, ``alert_if_missing``...)."""
    return run_readme_example("Clients other than boto3")


@pytest.fixture
def webhooks() -> Any:
    with responses.RequestsMock() as mock, mock_aws():
        override_responses_real_send(mock)
        try:
            yield mock
        finally:
            override_responses_real_send(None)


def test_the_readme_example_runs() -> None:
    run_readme_example("Clients other than boto3", "test_a_thin_client_and_a_webhook")


def test_a_signed_request_is_answered_like_boto3s(readme: dict[str, Any], webhooks: Any) -> None:
    created = readme["call"]("CreateDataset", DatasetName="pump", ClientToken="t")
    assert created.status_code == 200
    assert created.headers["Content-Type"] == "application/x-amz-json-1.0"
    lookout = boto3.client("lookoutequipment", region_name="us-east-1")
    assert (
        lookout.describe_dataset(DatasetName="pump")["DatasetArn"] == created.json()["DatasetArn"]
    )


def test_errors_come_back_as_the_service_sends_them(readme: dict[str, Any], webhooks: Any) -> None:
    refused = readme["call"]("CreateDataset", DatasetName="bad name!")
    assert refused.status_code == 400
    assert refused.headers["x-amzn-ErrorType"] == "ValidationException"
    assert refused.json()["__type"] == "ValidationException"
    unknown = readme["call"]("LaunchRocket")
    assert unknown.status_code == 400
    assert unknown.json()["__type"] == "UnknownOperationException"


def test_the_webhook_mock_answers_only_what_it_registered(
    readme: dict[str, Any], webhooks: Any
) -> None:
    webhooks.post(WEBHOOK, json={"ok": True})
    assert readme["alert_if_missing"]("fan") == 400
    assert [call.request.url for call in webhooks.calls] == [WEBHOOK]
    with pytest.raises(requests.ConnectionError, match="doesn't match any registered mock"):
        requests.get("https://alerts.example.com/other", timeout=5)


def test_an_unexpected_webhook_call_fails_the_users_mock(readme: dict[str, Any]) -> None:
    with pytest.raises(requests.ConnectionError), responses.RequestsMock() as mock, mock_aws():
        override_responses_real_send(mock)
        try:
            readme["alert_if_missing"]("fan")  # no webhook registered
        finally:
            override_responses_real_send(None)

"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from shape_check import ResponseRecorder

import moto_lookoutequipment  # noqa: F401  (registers the service with moto)

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"


@pytest.fixture(autouse=True)
def _aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)


@pytest.fixture(autouse=True)
def response_shapes(monkeypatch: pytest.MonkeyPatch) -> Iterator[ResponseRecorder]:
    """Every response of every test is checked against its operation's output shape and
    modelled errors; a test that breaks the mock on purpose calls ``expect_internal_errors()``."""
    recorder = ResponseRecorder()
    recorder.install(monkeypatch)
    yield recorder
    problems = recorder.problems()
    if problems:
        pytest.fail("responses that break the service model:\n" + "\n".join(problems))


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


@pytest.fixture
def client(aws: None) -> Any:
    return boto3.client("lookoutequipment", region_name=REGION)


@pytest.fixture
def s3(aws: None) -> Any:
    return boto3.client("s3", region_name=REGION)


@pytest.fixture
def backend(aws: None) -> Any:
    return moto_lookoutequipment.lookoutequipment_backends[ACCOUNT_ID][REGION]

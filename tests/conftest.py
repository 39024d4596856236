"""Fixtures shared by the whole suite, and its two modes.

The suite runs in-process (``mock_aws`` answers inside the test process) and again against a
moto server in another process (``TEST_SERVER_MODE=true`` and ``TEST_SERVER_MODE_ENDPOINT``, see
``make test-server-mode``). Tests that look inside the backend, or otherwise need the mock in
their own process, are marked ``in_process`` and skipped in server mode; so is every test that
asks for a fixture in ``IN_PROCESS_FIXTURES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import freezegun
import pytest
from moto import settings
from shape_check import ResponseRecorder

import moto_lookoutequipment  # noqa: F401  (registers the service with moto)

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
SERVER_MODE: bool = settings.TEST_SERVER_MODE

# Fixtures that reach into the test process: the backend itself, or a server in a thread.
IN_PROCESS_FIXTURES = {
    "backend": "reads or writes the backend",
    "lookoutequipment_backend": "reads or writes the backend",
    "lookoutequipment_server": "starts its own server in the test process",
}

# Real times in ``pytest --durations`` while freezegun holds the clock.
freezegun.configure(extend_ignore_list=["_pytest.timing"])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        reasons = [reason for name, reason in IN_PROCESS_FIXTURES.items() if name in fixtures]
        if reasons and item.get_closest_marker("in_process") is None:
            item.add_marker(pytest.mark.in_process(reason=reasons[0]))
        marker = item.get_closest_marker("in_process")
        if SERVER_MODE and marker is not None:
            reason = marker.kwargs.get("reason", "needs the mock in the test process")
            item.add_marker(pytest.mark.skip(reason=f"in-process only: {reason}"))


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


# Short names for the package's own pytest fixtures (moto_lookoutequipment.pytest_plugin).


@pytest.fixture
def aws(lookoutequipment_mock: Any) -> None:
    """AWS mocked for the whole test."""


@pytest.fixture
def client(lookoutequipment_client: Any) -> Any:
    return lookoutequipment_client


@pytest.fixture
def s3(aws: None) -> Any:
    return boto3.client("s3", region_name=REGION)


@pytest.fixture
def backend(lookoutequipment_backend: Any) -> Any:
    return lookoutequipment_backend

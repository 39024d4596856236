"""pytest fixtures for code that calls Amazon Lookout for Equipment (loaded through ``pytest11``).

- ``lookoutequipment_client``: a boto3 client inside an active mock (``mock_aws``).
- ``lookoutequipment_backend``: the backend behind that client, for direct inspection.
- ``lookoutequipment_region``: the region of both (``us-east-1``); override it to use another.
- ``lookoutequipment_mock``: the active mock itself, for tests that only need AWS mocked.
- ``lookoutequipment_server``: moto's server on a free 127.0.0.1 port, started once per session
  and reset before each test that uses it.
- ``lookoutequipment_factory``: a ``LookoutEquipmentFactory`` inside the same mock, for datasets
  with sensor data, trained models and inference input in one call.
- ``lookoutequipment_transitions``: ``lookoutequipment_transitions("model", "manual", times=2)``
  sets a status progression until the test (or its ``with`` block) ends.

Disable the plugin with ``-p no:lookoutequipment``.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from ._registration import register, server_mode_endpoint, server_port
from .decorator import mock_lookoutequipment
from .factory import LookoutEquipmentFactory
from .models import LookoutEquipmentBackend
from .transitions import Transition

if TYPE_CHECKING:
    from moto.core.models import MockAWS

DEFAULT_REGION = "us-east-1"
LOOPBACK = "127.0.0.1"
# Servers accept any credentials; explicit ones keep the client independent of the environment.
SERVER_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass(frozen=True)
class LookoutEquipmentServer:
    """A running moto server (all of moto plus Lookout for Equipment)."""

    host: str
    port: int

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def client(self, service: str = "lookoutequipment", **kwargs: Any) -> Any:
        """A boto3 client for ``service`` that talks to this server."""
        options: dict[str, Any] = {
            "endpoint_url": self.endpoint_url,
            "region_name": DEFAULT_REGION,
            **SERVER_CREDENTIALS,
        }
        options.update(kwargs)
        return boto3.client(service, **options)

    def factory(self, **kwargs: Any) -> LookoutEquipmentFactory:
        """A ``LookoutEquipmentFactory`` whose clients talk to this server."""
        return LookoutEquipmentFactory(self.client(), self.client("s3"), **kwargs)

    def reset(self) -> None:
        """Forget every resource of every service (moto's ``POST /moto-api/reset``)."""
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


@pytest.fixture
def lookoutequipment_region() -> str:
    """The region of ``lookoutequipment_client`` and ``lookoutequipment_backend``."""
    return DEFAULT_REGION


@pytest.fixture
def lookoutequipment_mock() -> Iterator[MockAWS]:
    """An active ``mock_aws`` for the whole test: every boto3 client the test makes is mocked."""
    with mock_lookoutequipment() as mock:
        yield mock


@pytest.fixture
def lookoutequipment_client(lookoutequipment_mock: MockAWS, lookoutequipment_region: str) -> Any:
    """A boto3 ``lookoutequipment`` client inside an active mock."""
    return boto3.client("lookoutequipment", region_name=lookoutequipment_region)


SERVER_MODE_BACKEND = (
    "lookoutequipment_backend cannot be used under TEST_SERVER_MODE=true: the calls of "
    "lookoutequipment_client go to the server at {endpoint}, whose backend lives in that "
    "server's process. Assert through the API instead (Describe and List calls), or run this "
    "test without TEST_SERVER_MODE."
)


class ServerModeError(RuntimeError):
    """A fixture that reads the in-process backend was asked for under moto's server mode."""


@pytest.fixture
def lookoutequipment_backend(
    request: pytest.FixtureRequest, lookoutequipment_region: str
) -> LookoutEquipmentBackend:
    """The backend that answers ``lookoutequipment_client`` (its account and region); not
    available under ``TEST_SERVER_MODE=true``, where that backend is in the server's process."""
    endpoint = server_mode_endpoint()
    if endpoint is not None:
        raise ServerModeError(SERVER_MODE_BACKEND.format(endpoint=endpoint))
    request.getfixturevalue("lookoutequipment_client")
    sts = boto3.client("sts", region_name=lookoutequipment_region)
    account_id = sts.get_caller_identity()["Account"]
    return LookoutEquipmentBackend.serving(account_id, lookoutequipment_region)


@pytest.fixture
def lookoutequipment_factory(
    lookoutequipment_client: Any, lookoutequipment_region: str
) -> LookoutEquipmentFactory:
    """A ``LookoutEquipmentFactory`` inside the active mock: ``.dataset(...)`` ingests
    generated sensor data, ``.trained_model(...)`` trains a model on it, ``.inference_input(...)``
    writes a scheduler's input files."""
    s3 = boto3.client("s3", region_name=lookoutequipment_region)
    return LookoutEquipmentFactory(lookoutequipment_client, s3)


class Transitions:
    """Sets status progressions that last until the test ends (or their ``with`` block)."""

    def __init__(self) -> None:
        self.started: list[Transition] = []

    def __call__(
        self,
        model: str,
        progression: str = "manual",
        *,
        times: int | None = None,
        seconds: float | None = None,
        endpoint_url: str | None = None,
    ) -> Transition:
        started = Transition(
            model, progression, times=times, seconds=seconds, endpoint_url=endpoint_url
        ).start()
        self.started.append(started)
        return started

    def stop_all(self) -> None:
        while self.started:
            self.started.pop().stop()


@pytest.fixture
def lookoutequipment_transitions() -> Iterator[Transitions]:
    """``lookoutequipment_transitions("model", "manual", times=2)``: the status machine
    ``lookoutequipment::model`` moves every two reads until the test ends, or until its ``with``
    block ends when used as one; moto's defaults are back afterwards."""
    transitions = Transitions()
    try:
        yield transitions
    finally:
        transitions.stop_all()


@pytest.fixture(scope="session")
def _lookoutequipment_threaded_server() -> Iterator[LookoutEquipmentServer]:
    register()
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        pytest.fail(
            "lookoutequipment_server needs moto's server extra: "
            f"pip install 'moto-lookoutequipment[server]' ({error})"
        )
    # Port 0: the system picks a free port, with no race against other processes.
    server = ThreadedMotoServer(ip_address=LOOPBACK, port=0, verbose=False)
    server.start()
    try:
        yield LookoutEquipmentServer(host=LOOPBACK, port=server_port(server))
    finally:
        server.stop()


@pytest.fixture
def lookoutequipment_server(
    _lookoutequipment_threaded_server: LookoutEquipmentServer,
) -> LookoutEquipmentServer:
    """moto's server on a free 127.0.0.1 port, shared by the session and empty for each test.

    It runs in a thread of the test process, so it shares moto's state with ``mock_aws``.
    """
    _lookoutequipment_threaded_server.reset()
    return _lookoutequipment_threaded_server

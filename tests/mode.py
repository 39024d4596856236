"""What a test does differently when the suite runs against a moto server in another process.

``SERVER_MODE`` is moto's ``TEST_SERVER_MODE``. Status transitions and the service's clock are set
in this process in-process, and over moto's HTTP API in server mode:

- ``set_transition`` / ``unset_transition``: moto's state manager (``/moto-api/state-manager``);
- ``frozen_time(moment)``: freezegun in-process, the service's clock endpoint in server mode
  (only this service's clock moves there; the test process keeps real time).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from freezegun import freeze_time
from moto import settings
from moto.moto_api import state_manager

from moto_lookoutequipment.clock import (
    advance_server_time,
    parse_time,
    reset_server_time,
    set_server_time,
)

SERVER_MODE: bool = settings.TEST_SERVER_MODE


def server_endpoint() -> str:
    """The server that moto sends every mocked call to in server mode."""
    return settings.test_server_mode_endpoint()


def state_manager_call(endpoint_url: str, action: str, body: dict[str, Any]) -> None:
    """One call of moto's state manager API on the server at ``endpoint_url``."""
    request = urllib.request.Request(
        f"{endpoint_url}/moto-api/state-manager/{action}",
        data=json.dumps(body).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def set_transition(model_name: str, transition: dict[str, Any]) -> None:
    if SERVER_MODE:
        body = {"model_name": model_name, "transition": transition}
        state_manager_call(server_endpoint(), "set-transition", body)
    else:
        state_manager.set_transition(model_name, transition)


def unset_transition(model_name: str) -> None:
    if SERVER_MODE:
        state_manager_call(server_endpoint(), "unset-transition", {"model_name": model_name})
    else:
        state_manager.unset_transition(model_name)


class ServerClock:
    """The part of freezegun's ``FrozenDateTimeFactory`` that tests use, for the server's clock."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint

    def move_to(self, moment: datetime | str) -> None:
        set_server_time(self.endpoint, _moment(moment))

    def tick(self, delta: timedelta | float = 1) -> None:
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else delta
        advance_server_time(self.endpoint, seconds)


def _moment(moment: datetime | str) -> datetime:
    return parse_time(moment) if isinstance(moment, str) else moment


@contextmanager
def frozen_time(moment: datetime | str) -> Iterator[Any]:
    """The service's clock held at ``moment`` (a naive time is UTC) until the block ends; yields
    an object with ``move_to(moment)`` and ``tick(delta)``."""
    if not SERVER_MODE:
        with freeze_time(moment) as frozen:
            yield frozen
        return
    clock = ServerClock(server_endpoint())
    clock.move_to(moment)
    try:
        yield clock
    finally:
        reset_server_time(clock.endpoint)

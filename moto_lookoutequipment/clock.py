"""The clock of Lookout for Equipment in this process, which tests can move.

In-process tests move time with ``freezegun``. A server runs in another process, where freezegun
cannot reach, so the server answers ``/moto-api/lookoutequipment/clock``:

- ``POST {"now": "2024-01-01T09:20:00Z"}`` holds the service's clock at that time;
- ``POST {"advance_seconds": 600}`` moves it forward (from the held time, or from real time);
- ``DELETE`` returns to real time; ``GET`` tells the current time.

``set_server_time``, ``advance_server_time`` and ``reset_server_time`` call it from Python.
Only this service's clock moves: other services of moto keep real time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from .control_api import Answer, call, refuse_unknown, serve

CLOCK_PATH = "/moto-api/lookoutequipment/clock"


@dataclass
class _Setting:
    held: datetime | None = None
    offset: timedelta = timedelta(0)


_lock = threading.Lock()
_setting = _Setting()
# The times the clock may show: enough room either side for windows, delays and time zones.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9999, 1, 1, tzinfo=timezone.utc)
_RANGE = f"a time from {EARLIEST:%Y-%m-%d} to before {LATEST:%Y-%m-%d}"


def _checked(moment: datetime) -> datetime:
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"{moment.isoformat()} is out of the clock's range: {_RANGE}.")
    return moment


def now(real: datetime) -> datetime:
    """The service's current time, given the real (or freezegun's) current time."""
    with _lock:
        if _setting.held is not None:
            return _setting.held
        return real + _setting.offset


def hold(moment: datetime) -> None:
    """Stop the clock at ``moment`` (a naive time is taken as UTC); ``ValueError`` for a time
    out of the clock's range."""
    _move(moment, None)


def advance(seconds: float) -> None:
    """Move the clock forward (or back, with a negative number); ``ValueError`` when that
    leaves the clock's range, and the clock does not move."""
    _move(None, seconds)


def _move(moment: datetime | None, seconds: float | None) -> None:
    """Hold the clock at ``moment`` (when given), then move it by ``seconds`` (when given): both
    or neither, as ``ValueError`` leaves the clock as it was."""
    if moment is not None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = _checked(moment.astimezone(timezone.utc))
    with _lock:
        held = moment if moment is not None else _setting.held
        offset = timedelta(0) if moment is not None else _setting.offset
        if seconds is not None:
            try:
                step = timedelta(seconds=seconds)
                base = held or datetime.now(timezone.utc) + offset
                _checked(base + step)
            except (OverflowError, ValueError) as error:
                raise ValueError(
                    f"Moving the clock by {seconds} seconds would take it out of its range: "
                    f"{_RANGE}."
                ) from error
            if held is not None:
                held += step
            else:
                offset += step
        _setting.held, _setting.offset = held, offset
    _cleared_by_moto_reset()


def _cleared_by_moto_reset() -> None:
    from .models import keep_in_use

    keep_in_use()


def reset() -> None:
    """Back to real time."""
    with _lock:
        _setting.held = None
        _setting.offset = timedelta(0)


def _state() -> dict[str, Any]:
    current = now(datetime.now(timezone.utc))
    with _lock:
        held = _setting.held is not None
    return {"now": current.isoformat().replace("+00:00", "Z"), "held": held}


def parse_time(value: Any) -> datetime:
    """An ISO-8601 text (``Z`` allowed) or epoch seconds, as an aware UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError) as error:
            raise ValueError(f"{value!r} is not a time the clock can show") from error
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def clock_endpoint(request: Any, full_url: str, headers: Any) -> Answer:
    """The ``/moto-api/lookoutequipment/clock`` handler of moto's server."""
    return serve(request, _apply, reset, _state)


_MEMBERS = ("now", "advance_seconds")


def _apply(body: Any) -> None:
    """Take the whole request, or refuse it with ``ValueError`` and leave the clock alone."""
    if not isinstance(body, dict) or not (set(_MEMBERS) & set(body)):
        raise ValueError('Send {"now": "<ISO-8601 time>"} or {"advance_seconds": <number>}.')
    refuse_unknown(body, _MEMBERS)
    seconds = body.get("advance_seconds")
    if "advance_seconds" in body and (
        isinstance(seconds, bool) or not isinstance(seconds, (int, float))
    ):
        raise ValueError("advance_seconds must be a number of seconds.")
    _move(parse_time(body["now"]) if "now" in body else None, seconds)


def _call(endpoint_url: str, method: str, body: dict[str, Any] | None = None) -> datetime:
    return parse_time(call(endpoint_url, CLOCK_PATH, method, body)["now"])


def set_server_time(endpoint_url: str, moment: datetime | str) -> datetime:
    """Hold the server's Lookout for Equipment clock at ``moment``; returns the new time."""
    text = moment if isinstance(moment, str) else parse_time(moment.isoformat()).isoformat()
    return _call(endpoint_url, "POST", {"now": text})


def advance_server_time(endpoint_url: str, seconds: float) -> datetime:
    """Move the server's Lookout for Equipment clock forward; returns the new time."""
    return _call(endpoint_url, "POST", {"advance_seconds": seconds})


def reset_server_time(endpoint_url: str) -> datetime:
    """Return the server's Lookout for Equipment clock to real time."""
    return _call(endpoint_url, "DELETE")


def server_time(endpoint_url: str) -> datetime:
    """The server's current Lookout for Equipment time."""
    return _call(endpoint_url, "GET")

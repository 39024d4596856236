"""Errors injected on purpose, so that tests can exercise a caller's handling of the errors the
service answers with by circumstance rather than by request: ``ThrottlingException`` when a
request rate is exceeded, ``InternalServerException`` when something fails inside the service,
and any other error an operation lists in its model.

In-process::

    from moto_lookoutequipment import faults

    faults.inject("ImportModelVersion", "ThrottlingException", count=2)

makes the next two ``ImportModelVersion`` calls fail with that error before the request is
looked at; the third goes through. Against a server, ``inject_server_fault`` and
``clear_server_faults`` call ``/moto-api/lookoutequipment/faults``
(``POST {"operation": ..., "error": ..., "count": N, "message": ...}``, ``GET`` to list the
faults still waiting, ``DELETE`` to clear them). A reset of moto's state clears them too.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from . import exceptions, spec
from .control_api import Answer, call, refuse_unknown, serve

FAULTS_PATH = "/moto-api/lookoutequipment/faults"

DEFAULT_MESSAGES = {
    "ThrottlingException": "Rate exceeded.",
    "InternalServerException": "An internal error occurred in Amazon Lookout for Equipment.",
}


@dataclass
class Fault:
    operation: str
    error: str
    count: int
    message: str


_lock = threading.Lock()
_waiting: list[Fault] = []


def _error_class(code: str) -> type[exceptions.LookoutEquipmentError]:
    found = getattr(exceptions, code, None)
    assert isinstance(found, type) and issubclass(found, exceptions.LookoutEquipmentError)
    return found


def inject(operation: str, error: str, count: int = 1, message: str | None = None) -> Fault:
    """Make the next ``count`` calls of ``operation`` fail with ``error``, one of the errors
    that operation lists in the service model."""
    if operation not in spec.operation_names():
        raise ValueError(f"'{operation}' is not an operation of Amazon Lookout for Equipment.")
    allowed = spec.error_codes(operation)
    if error not in allowed:
        raise ValueError(f"{operation} does not answer {error}; it answers {', '.join(allowed)}.")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("count must be a whole number of calls, at least 1.")
    if message is not None and not isinstance(message, str):
        raise ValueError("message must be text.")
    text = message or DEFAULT_MESSAGES.get(error, f"{error} injected for {operation}.")
    fault = Fault(operation, error, count, text)
    with _lock:
        _waiting.append(fault)
    _cleared_by_moto_reset()
    return fault


def _cleared_by_moto_reset() -> None:
    from .models import keep_in_use

    keep_in_use()


def clear() -> None:
    with _lock:
        _waiting.clear()


def waiting() -> list[Fault]:
    with _lock:
        return [Fault(**asdict(fault)) for fault in _waiting]


def any_waiting() -> bool:
    return bool(_waiting)


def raise_if_injected(operation: str) -> None:
    """Raise the first fault waiting for ``operation``, using up one of its calls."""
    with _lock:
        fault = next((f for f in _waiting if f.operation == operation), None)
        if fault is None:
            return
        fault.count -= 1
        if fault.count == 0:
            _waiting.remove(fault)
    raise _error_class(fault.error)(fault.message)


def faults_endpoint(request: Any, full_url: str, headers: Any) -> Answer:
    """The ``/moto-api/lookoutequipment/faults`` handler of moto's server."""
    return serve(request, _inject_from, clear, _state)


_MEMBERS = ("operation", "error", "count", "message")


def _inject_from(body: Any) -> None:
    """Take the whole request, or refuse it with ``ValueError`` and inject nothing."""
    if not isinstance(body, dict):
        raise ValueError("Send a JSON object with operation, error and count.")
    refuse_unknown(body, _MEMBERS)
    inject(body.get("operation", ""), body.get("error", ""), **_options(body))


def _state() -> dict[str, Any]:
    return {"faults": [asdict(fault) for fault in waiting()]}


def _options(body: dict[str, Any]) -> dict[str, Any]:
    return {key: body[key] for key in ("count", "message") if key in body}


def inject_server_fault(
    endpoint_url: str, operation: str, error: str, count: int = 1, message: str | None = None
) -> None:
    """``inject`` on the server at ``endpoint_url``."""
    body: dict[str, Any] = {"operation": operation, "error": error, "count": count}
    if message is not None:
        body["message"] = message
    call(endpoint_url, FAULTS_PATH, "POST", body)


def clear_server_faults(endpoint_url: str) -> None:
    """``clear`` on the server at ``endpoint_url``."""
    call(endpoint_url, FAULTS_PATH, "DELETE")

"""Plumbing shared by this package's own endpoints under moto's ``/moto-api`` (the service clock
and injected faults): JSON in and out on the server side, and a small client for tests."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from typing import Any

JSON = {"Content-Type": "application/json"}

Answer = tuple[int, dict[str, str], str]


def request_method(request: Any) -> str:
    return str(getattr(request, "method", "GET")).upper()


def request_json(request: Any) -> Any:
    """The JSON body of a request to moto's server (``{}`` when there is none); ``ValueError``
    for a body that is not UTF-8 JSON."""
    raw = request.get_data() if hasattr(request, "get_data") else getattr(request, "body", b"")
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    try:
        return json.loads(raw or "{}")
    except RecursionError as error:
        raise ValueError("The body is nested too deeply.") from error


def refuse_unknown(body: dict[str, Any], members: tuple[str, ...]) -> None:
    """``ValueError`` naming the members of ``body`` that are not among ``members``."""
    unknown = sorted(set(body) - set(members))
    if unknown:
        raise ValueError(f"Unknown member(s) {', '.join(unknown)}: send {', '.join(members)}.")


def serve(
    request: Any,
    apply: Callable[[Any], None],
    clear: Callable[[], None],
    state: Callable[[], Any],
) -> Answer:
    """One endpoint: ``POST`` applies its JSON body, ``DELETE`` clears, and both, like ``GET``,
    answer the resulting state; a body ``apply`` cannot take is a 400 naming the problem."""
    method = request_method(request)
    if method == "DELETE":
        clear()
    elif method == "POST":
        try:
            apply(request_json(request))
        except (ValueError, TypeError, OverflowError) as error:
            return refusal(error)
    elif method != "GET":
        return not_allowed()
    return answer(200, state())


def answer(status: int, body: Any) -> Answer:
    return status, dict(JSON), json.dumps(body)


def refusal(error: Exception) -> Answer:
    return answer(400, {"message": str(error)})


def not_allowed() -> Answer:
    return 405, {"Allow": "GET, POST, DELETE"}, ""


def call(endpoint_url: str, path: str, method: str, body: dict[str, Any] | None = None) -> Any:
    """Call one of these endpoints on a running server; returns the decoded JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        endpoint_url.rstrip("/") + path, data=data, method=method, headers=dict(JSON)
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())

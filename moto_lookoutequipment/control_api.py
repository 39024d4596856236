"""Plumbing shared by this package's own endpoints under moto's ``/moto-api`` (the service clock
and injected faults): JSON in and out on the server side, and a small client for tests."""

from __future__ import annotations

import json
import urllib.request
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

"""Raw HTTP calls to the mocked service, for what boto3 would refuse or hide."""

from __future__ import annotations

import json
import re
from typing import Any

import requests

from moto_lookoutequipment import spec

ENDPOINT = "https://lookoutequipment.us-east-1.amazonaws.com/"
CONTENT_TYPE = "application/x-amz-json-1.0"


def post(
    operation: str | None = None,
    body: Any = None,
    *,
    raw: str | bytes | None = None,
    target: str | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """POST one request; ``body`` is sent as JSON unless ``raw`` gives the exact bytes."""
    sent = {
        "Content-Type": CONTENT_TYPE,
        "X-Amz-Target": target if target is not None else f"{spec.TARGET_PREFIX}.{operation}",
        **(headers or {}),
    }
    data = raw if raw is not None else json.dumps({} if body is None else body)
    return requests.post(ENDPOINT, data=data, headers=sent, timeout=10)


def error_of(response: requests.Response) -> tuple[str, str]:
    body = response.json()
    return body["__type"], body["Message"]


def violations(message: str) -> list[str]:
    """The paths a ValidationException message names, one per broken constraint."""
    return re.findall(r" at '([^']*)' failed to satisfy constraint: ", message)

"""The HTTP face of the service: one POST / endpoint speaking AWS JSON 1.0.

Every request goes the same way: read the JSON body, find the operation named by
``X-Amz-Target``, validate the body against the operation's input shape, call the backend's
handler, and serialize its result through the output shape. Errors become AWS error bodies;
nothing a caller sends produces a traceback.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from moto.core.responses import BaseResponse

from . import faults, request_body, spec
from .exceptions import (
    InternalServerException,
    LookoutEquipmentError,
    NoOperationAt,
    UnknownOperationException,
)
from .models import LookoutEquipmentBackend
from .validation import validate_request

log = logging.getLogger(__name__)


class LookoutEquipmentResponse(BaseResponse):
    def __init__(self) -> None:
        super().__init__(service_name=spec.SERVICE_NAME)
        # The body is decompressed by this class, so that bad gzip is a SerializationException.
        self.allow_request_decompression = False
        self.request_bytes: bytes | None = None

    def setup_class(
        self,
        request: Any,
        full_url: str | None = None,
        headers: Any = None,
        use_raw_body: bool | None = None,
    ) -> None:
        # The body stays bytes: this class decodes it, so that text that is not UTF-8 becomes a
        # SerializationException instead of an exception inside moto. It is taken as sent,
        # before moto reads a form Content-Type's body as a form.
        self.request_bytes = request_body.raw_bytes(request)
        super().setup_class(request, full_url, headers, use_raw_body=True)

    @property
    def lookoutequipment_backend(self) -> LookoutEquipmentBackend:
        return LookoutEquipmentBackend.serving(self.current_account, self.region)

    def call_action(self) -> tuple[int, dict[str, str], str]:
        body = self.request_bytes if self.request_bytes is not None else self.body
        return answer(
            RequestParts(
                method=str(self.method),
                path=str(self.path),
                headers=self.headers,
                body=body_bytes(body),
                account=self.current_account,
                region=self.region,
            )
        )


@dataclass(frozen=True)
class RequestParts:
    """What the service reads of a request, however it arrived."""

    method: str
    path: str
    headers: Any
    body: bytes
    account: str
    region: str


def body_bytes(body: bytes | str | None) -> bytes:
    """A request body as bytes, however the request held it."""
    return body.encode("utf-8") if isinstance(body, str) else body or b""


def answer(request: RequestParts) -> tuple[int, dict[str, str], str]:
    """The status, headers and body the service answers ``request`` with."""
    request_id = str(uuid.uuid4())
    try:
        status, headers, body = 200, {"Content-Type": spec.CONTENT_TYPE}, _answer(request)
    except LookoutEquipmentError as error:
        status, headers, body = error.status, error.headers(), error.body()
    except Exception as error:  # the caller gets an AWS error, the log gets the details
        log.exception("lookoutequipment request failed")
        failure = InternalServerException(
            f"The request could not be processed: {type(error).__name__}: {error}"
        )
        status, headers, body = failure.status, failure.headers(), failure.body()
    headers["x-amzn-RequestId"] = request_id
    return status, headers, body


def _answer(request: RequestParts) -> str:
    if request.method.upper() != "POST":
        raise NoOperationAt(f"{request.method} {request.path}")
    operation = _operation_name(request.headers)
    faults.raise_if_injected(operation)
    body = request_body.decoded(request.body, request.headers.get("Content-Encoding"))
    params = request_body.json_object(body)
    validated = validate_request(spec.operation(operation), params)
    backend = LookoutEquipmentBackend.serving(request.account, request.region)
    return json.dumps(backend.respond(operation, validated))


def _operation_name(headers: Any) -> str:
    target = headers.get("X-Amz-Target") or headers.get("x-amz-target") or ""
    prefix, _, name = str(target).partition(".")
    if prefix != spec.TARGET_PREFIX or name not in spec.operation_names():
        raise UnknownOperationException(
            f"'{target}' is not an operation of Amazon Lookout for Equipment."
        )
    return name

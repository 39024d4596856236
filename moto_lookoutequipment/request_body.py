"""The JSON body of a request, read the way the service reads it.

The body is JSON whatever the ``Content-Type`` says: the bytes are taken as sent, before anything
parses them as a form. A ``Content-Encoding`` of ``gzip`` is undone here. A body that cannot be
decoded (bad compression, not UTF-8, not JSON, ``NaN`` or ``Infinity`` instead of a number, a
number too large for a double) is a ``SerializationException``.
"""

from __future__ import annotations

import gzip
import json
import math
import zlib
from typing import Any

from .exceptions import SerializationException

_IDENTITY = ("", "identity")
_GZIP = ("gzip", "x-gzip")


def raw_bytes(request: Any) -> bytes | None:
    """The body as sent, or ``None`` when the request does not hold it as bytes.

    A werkzeug request keeps what it reads, so reading here leaves the body for moto too.
    """
    get_data = getattr(request, "get_data", None)
    if callable(get_data):
        data = get_data(cache=True, parse_form_data=False)
    else:  # botocore's prepared request (in-process, older moto)
        data = getattr(request, "body", None)
    if isinstance(data, str):
        return data.encode("utf-8")
    return data if isinstance(data, bytes) else None


def decoded(body: bytes, content_encoding: str | None) -> bytes:
    """``body`` with its ``Content-Encoding`` undone."""
    encoding = (content_encoding or "").strip().lower()
    if encoding in _IDENTITY:
        return body
    if encoding not in _GZIP:
        raise SerializationException(
            f"The request body has the Content-Encoding '{content_encoding}'; only gzip is "
            "understood."
        )
    try:
        return gzip.decompress(body)
    except (OSError, EOFError, zlib.error) as error:
        raise SerializationException(
            "The request body is not gzip data, as its Content-Encoding says."
        ) from error


def _no_constant(text: str) -> Any:
    raise SerializationException(f"The request body is not valid JSON: {text} is not a number.")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise SerializationException(
            f"The request body is not valid JSON: {text} is too large for a number."
        )
    return number


def json_object(body: bytes | str) -> dict[str, Any]:
    """The request's members from its (decoded) body; an empty body is an empty request."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SerializationException("The request body is not UTF-8 text.") from error
    if not body.strip():
        return {}
    try:
        params = json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except ValueError as error:
        raise SerializationException(f"The request body is not valid JSON: {error}.") from error
    except RecursionError as error:
        raise SerializationException("The request body is nested too deeply.") from error
    if not isinstance(params, dict):
        raise SerializationException("The request body must be a JSON object.")
    return params

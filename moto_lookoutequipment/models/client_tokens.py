"""The client tokens of idempotent requests, per account and region, and the fingerprint that
tells a replay from another request with the same token.

Parameters are compared as values, by the operation's input shape in the service model: a list
of tags (the shape ``TagResource`` takes) as a set, and a JSON document carried in a string (a
member the model marks ``jsonvalue``, or documents as JSON-formatted) as the parsed document, so
that reordered tags or re-spaced JSON repeat the request rather than change it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from .. import spec
from ..exceptions import ConflictException

Params = dict[str, Any]


class ClientTokens:
    """What each client token of each operation made, and the parameters it was sent with.

    The same token with the same parameters finds what the first call stored; the same token with
    other parameters is a ``ConflictException``. Tokens live as long as what they stored: ``forget``
    drops them when it is deleted, and a replay still checks that what it finds is live.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[str, Any]] = {}

    def replay(self, operation: str, token: str, request: str) -> Any | None:
        """What the first call with this token stored, or ``None`` for a new token; ``request``
        is the ``fingerprint`` of the request's other members."""
        seen = self._seen.get((operation, token))
        if seen is None:
            return None
        first, stored = seen
        if first != request:
            raise ConflictException(
                f"The client token '{token}' was already used by another {operation} request "
                "with different parameters."
            )
        return stored

    def remember(self, operation: str, token: str, request: str, stored: Any) -> None:
        self._seen[(operation, token)] = (request, stored)

    def count(self) -> int:
        """How many tokens are remembered."""
        return len(self._seen)

    def forget(self, *resources: Any) -> None:
        """Drop the tokens whose stored value is, or holds, one of ``resources``."""
        gone = {id(resource) for resource in resources}
        for key in [key for key, (_, stored) in self._seen.items() if _holds(stored, gone)]:
            del self._seen[key]


def _holds(stored: Any, ids: set[int]) -> bool:
    parts = stored if isinstance(stored, tuple) else (stored,)
    return any(id(part) in ids for part in parts)


def fingerprint(operation: str, params: Params) -> str:
    """The request's members as values, in one canonical text."""
    shape = spec.operation(operation).input_shape
    try:
        return json.dumps(_value(shape, params), sort_keys=True, default=str)
    except RecursionError:  # a document nested too deeply to parse is compared as text
        return json.dumps(params, sort_keys=True, default=str)


@cache
def _tag_list() -> str:
    return str(spec.operation("TagResource").input_shape.members["Tags"].name)


def _is_document(shape: Shape) -> bool:
    if shape.serialization.get("jsonvalue") or shape.metadata.get("jsonvalue"):
        return True
    return "JSON-formatted" in (shape.documentation or "")


def _value(shape: Shape | None, value: Any) -> Any:
    if shape is None:
        return value
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        return {name: _value(shape.members.get(name), item) for name, item in value.items()}
    if isinstance(shape, ListShape) and isinstance(value, list):
        items = [_value(shape.member, item) for item in value]
        if shape.name == _tag_list():
            return sorted({json.dumps(item, sort_keys=True) for item in items})
        return items
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {key: _value(shape.value, item) for key, item in value.items()}
    if shape.type_name == "string" and isinstance(value, str) and _is_document(shape):
        try:
            document = json.loads(value)
        except (ValueError, RecursionError):
            return value
        if isinstance(document, (dict, list)):
            return {"document": document}
    return value

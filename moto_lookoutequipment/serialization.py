"""Responses serialized from the operation's output shape.

Backend results are dictionaries keyed by the wire member names, holding native values:
``datetime`` for timestamps, and ``dict``/``list`` for members that travel as JSON documents in a
string (``Schema``, ``ModelMetrics``, ``Diagnostics``, ...). Members whose value is ``None`` are
left out. A member the shape does not declare is a defect of the mock and raises ``TypeError``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from botocore.model import ListShape, Shape, StructureShape


def json_document(value: Any) -> str:
    """The compact JSON form AWS uses for documents carried in string members."""
    return json.dumps(value, separators=(",", ":"))


def epoch_seconds(value: datetime) -> float:
    return round(value.timestamp(), 3)


def serialize(shape: Shape | None, value: Any) -> Any:
    if shape is None:
        return {}
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape, value)
    if kind == "list":
        assert isinstance(shape, ListShape)
        return [serialize(shape.member, item) for item in value]
    if kind == "timestamp":
        if isinstance(value, datetime):
            return epoch_seconds(value)
        return value
    if kind == "string" and isinstance(value, (dict, list)):
        return json_document(value)
    return value


def _structure(shape: StructureShape, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{shape.name} must be serialized from a dict, not {type(value).__name__}")
    unknown = set(value) - set(shape.members)
    if unknown:
        raise TypeError(f"{shape.name} has no member(s) {sorted(unknown)}")
    return {
        name: serialize(shape.members[name], item)
        for name, item in value.items()
        if item is not None
    }

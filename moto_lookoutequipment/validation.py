"""Request validation driven by the service model.

Every constraint the model states (required members, types, lengths, patterns, enums, ranges,
list sizes) is checked for the whole request, and all violations are reported together in one
``ValidationException``, in the wording AWS JSON services use. The validated request comes back
with timestamps as timezone-aware ``datetime`` objects and unknown members dropped.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import cache
from typing import Any

from botocore.model import ListShape, OperationModel, Shape, StructureShape

from .exceptions import MAX_MESSAGE_LENGTH, ValidationException

_MAX_VALUE_IN_MESSAGE = 100
_IN_CALENDAR = (
    "Member must be a timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z in UTC"
)

# Java regular-expression classes that Python's ``re`` does not know.
_JAVA_CLASSES = {
    r"[\P{M}\p{M}]": r"[\s\S]",
    r"\p{ASCII}": r"[\x00-\x7F]",
}

# Java's ``.`` stops at every line terminator, not only at ``\n`` as Python's does.
_JAVA_DOT = r"[^\n\r\x85\u2028\u2029]"


def _translate(pattern: str) -> str:
    for java, python in _JAVA_CLASSES.items():
        pattern = pattern.replace(java, python)
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "." and not in_class:
            char = _JAVA_DOT
        out.append(char)
    return "".join(out)


@cache
def java_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a service-model pattern (Java syntax) for whole-value matching in Python.

    ``re.ASCII`` gives ``\\w``, ``\\d`` and ``\\s`` their Java (ASCII-only) meaning.
    """
    return re.compile(_translate(pattern), re.ASCII)


def matches(pattern: str, value: str) -> bool:
    return java_pattern(pattern).fullmatch(value) is not None


def lower_camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def describe_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        try:
            text = json.dumps(value, separators=(",", ":"), default=str)
        except RecursionError:
            # A body nested almost as deep as the JSON parser allows: say what it starts with.
            text = _opening(value)
    else:
        text = str(value)
    if len(text) > _MAX_VALUE_IN_MESSAGE:
        text = text[:_MAX_VALUE_IN_MESSAGE] + "..."
    return f"'{text}'"


def _opening(value: Any) -> str:
    """The first brackets of a deeply nested document, without recursing into it."""
    text = ""
    while isinstance(value, (dict, list)) and len(text) <= _MAX_VALUE_IN_MESSAGE:
        if isinstance(value, list):
            text += "["
            value = value[0] if value else None
        else:
            key = next(iter(value), None)
            text += "{" + (json.dumps(key) + ":" if key is not None else "")
            value = value[key] if key is not None else None
    return text


class _Checker:
    def __init__(self) -> None:
        self.count = 0
        self.errors: list[str] = []
        self._length = 0

    def fail(self, value: Any, path: str, constraint: str) -> None:
        self.count += 1
        # Past what the message can hold, violations are counted, not written out.
        if self._length > MAX_MESSAGE_LENGTH:
            return
        error = (
            f"Value {describe_value(value)} at '{path}' failed to satisfy constraint: {constraint}"
        )
        self.errors.append(error)
        self._length += len(error) + 2

    def check(self, shape: Shape, value: Any, path: str) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape, value, path)
        if kind == "list":
            return self._list(shape, value, path)
        if kind == "string":
            return self._string(shape, value, path)
        if kind in ("integer", "long"):
            return self._number(shape, value, path, integral=True)
        if kind in ("float", "double"):
            return self._number(shape, value, path, integral=False)
        if kind == "boolean":
            if not isinstance(value, bool):
                self.fail(value, path, "Member must be a boolean")
            return value
        if kind == "timestamp":
            return self._timestamp(value, path)
        return value

    def _structure(self, shape: StructureShape, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            self.fail(value, path or "request", "Member must be a structure")
            return value
        cleaned: dict[str, Any] = {}
        for name in shape.required_members:
            if value.get(name) is None:
                self.fail(None, _join(path, lower_camel(name)), "Member must not be null")
        for name, member in shape.members.items():
            if value.get(name) is None:
                continue
            cleaned[name] = self.check(member, value[name], _join(path, lower_camel(name)))
        return cleaned

    def _list(self, shape: ListShape, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            self.fail(value, path, "Member must be a list")
            return value
        self._size(shape, len(value), value, path)
        return [
            self.check(shape.member, item, f"{path}.{index}.member")
            for index, item in enumerate(value, start=1)
        ]

    def _string(self, shape: Shape, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            self.fail(value, path, "Member must be a string")
            return value
        self._size(shape, len(value), value, path)
        pattern = shape.metadata.get("pattern")
        if pattern is not None and not matches(pattern, value):
            self.fail(value, path, f"Member must satisfy regular expression pattern: {pattern}")
        if shape.enum and value not in shape.enum:
            self.fail(value, path, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        return value

    def _number(self, shape: Shape, value: Any, path: str, integral: bool) -> Any:
        valid = isinstance(value, int) if integral else isinstance(value, (int, float))
        if isinstance(value, bool) or not valid:
            kind = "a whole number" if integral else "a number"
            self.fail(value, path, f"Member must be {kind}")
            return value
        minimum = shape.metadata.get("min")
        maximum = shape.metadata.get("max")
        if minimum is not None and value < minimum:
            self.fail(value, path, f"Member must have value greater than or equal to {minimum}")
        if maximum is not None and value > maximum:
            self.fail(value, path, f"Member must have value less than or equal to {maximum}")
        return value

    def _size(self, shape: Shape, size: int, value: Any, path: str) -> None:
        minimum = shape.metadata.get("min")
        maximum = shape.metadata.get("max")
        if minimum is not None and size < minimum:
            self.fail(value, path, f"Member must have length greater than or equal to {minimum}")
        if maximum is not None and size > maximum:
            self.fail(value, path, f"Member must have length less than or equal to {maximum}")

    def _timestamp(self, value: Any, path: str) -> Any:
        if isinstance(value, bool):
            self.fail(value, path, "Member must be a timestamp")
            return value
        if isinstance(value, (int, float)):
            try:
                return datetime.fromtimestamp(value, tz=timezone.utc)
            except (OverflowError, OSError, ValueError):
                self.fail(value, path, "Member must be a timestamp")
                return value
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                self.fail(value, path, "Member must be a timestamp")
                return value
            if parsed.tzinfo is None:
                return parsed.replace(tzinfo=timezone.utc)
            try:
                # The service computes in UTC: a time whose offset takes it out of the calendar
                # (year 1 ahead of UTC, year 9999 behind it) cannot be computed with.
                return parsed.astimezone(timezone.utc)
            except OverflowError:
                self.fail(value, path, _IN_CALENDAR)
                return value
        self.fail(value, path, "Member must be a timestamp")
        return value


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def validation_error(errors: list[str], count: int) -> ValidationException:
    """One message for all ``count`` violations, of which ``errors`` shows those that fit (the
    exception cuts a message longer than the error shapes allow)."""
    noun = "error" if count == 1 else "errors"
    return ValidationException(f"{count} validation {noun} detected: " + "; ".join(errors))


def validate_request(operation: OperationModel, params: Any) -> dict[str, Any]:
    """Check ``params`` against the operation's input shape; return the cleaned request."""
    checker = _Checker()
    shape = operation.input_shape
    cleaned = checker.check(shape, params, "") if shape is not None else {}
    if checker.errors:
        raise validation_error(checker.errors, checker.count)
    return cleaned

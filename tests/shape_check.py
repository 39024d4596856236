"""Checks every response the mock sends against the service model.

``ResponseRecorder`` wraps the dispatcher for the duration of one test (conftest installs it for
every test of the suite) and keeps what each call answered. Its ``problems()`` lists every
successful body that leaves its operation's output shape (unknown or missing members, wrong
types, enums, patterns, lengths, timestamps that are not numbers, JSON documents that do not
parse) and every error that leaves the wire format or the operation's modelled error list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from botocore.model import Shape

from moto_lookoutequipment import responses, spec
from moto_lookoutequipment.responses import RequestParts
from moto_lookoutequipment.validation import matches

# String shapes whose content is a JSON document.
JSON_DOCUMENT_SHAPES = {"InlineDataSchema", "ModelMetrics", "Policy"}

# Errors of the protocol itself, which any operation may answer.
PROTOCOL_ERRORS = {"SerializationException", "UnknownOperationException", "NotImplementedException"}

CONTENT_TYPE = "application/x-amz-json-1.0"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str) -> Any:
    """Strict JSON: ``NaN`` and ``Infinity`` are refused, as every JSON parser but Python's does."""
    return json.loads(text, parse_constant=_reject_constant)


def shape_problems(shape: Shape, value: Any, path: str) -> list[str]:
    kind = shape.type_name
    if kind == "structure":
        return _structure_problems(shape, value, path)
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {value!r}"]
        problems = _size_problems(shape, len(value), path)
        for index, item in enumerate(value):
            problems += shape_problems(shape.member, item, f"{path}[{index}]")
        return problems
    if kind == "string":
        return _string_problems(shape, value, path)
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            return [f"{path}: expected a whole number, got {value!r}"]
        return _range_problems(shape, value, path)
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"{path}: expected a number, got {value!r}"]
        return _range_problems(shape, value, path)
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean, got {value!r}"]
    if kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return [f"{path}: a timestamp must be epoch seconds, got {value!r}"]
        return []
    return [f"{path}: the checker does not know the shape type {kind}"]


def _structure_problems(shape: Any, value: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected an object, got {value!r}"]
    problems = [
        f"{path}.{name}: not a member of {shape.name}"
        for name in value
        if name not in shape.members
    ]
    problems += [
        f"{path}.{name}: required member of {shape.name} is missing"
        for name in shape.required_members
        if value.get(name) is None
    ]
    for name, item in value.items():
        if name in shape.members and item is not None:
            problems += shape_problems(shape.members[name], item, f"{path}.{name}")
    return problems


def _string_problems(shape: Shape, value: Any, path: str) -> list[str]:
    if not isinstance(value, str):
        return [f"{path}: expected a string, got {value!r}"]
    problems = _size_problems(shape, len(value), path)
    pattern = shape.metadata.get("pattern")
    if pattern is not None and not matches(pattern, value):
        problems.append(f"{path}: {value[:200]!r} does not match {pattern}")
    if shape.enum and value not in shape.enum:
        problems.append(f"{path}: {value!r} is not one of {shape.enum}")
    if shape.name in JSON_DOCUMENT_SHAPES:
        try:
            document = parse_json(value)
        except ValueError as error:
            problems.append(f"{path}: not a JSON document ({error})")
        else:
            if not isinstance(document, (dict, list)):
                problems.append(f"{path}: the JSON document is not an object or array")
    return problems


def _bound_problems(shape: Shape, value: float, what: str, path: str) -> list[str]:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    problems = []
    if low is not None and value < low:
        problems.append(f"{path}: {what}{value} is below the minimum {low}")
    if high is not None and value > high:
        problems.append(f"{path}: {what}{value} is above the maximum {high}")
    return problems


def _size_problems(shape: Shape, size: int, path: str) -> list[str]:
    return _bound_problems(shape, size, "length ", path)


def _range_problems(shape: Shape, value: float, path: str) -> list[str]:
    return _bound_problems(shape, value, "", path)


def response_problems(
    operation: str | None, status: int, headers: dict[str, str], body: str
) -> list[str]:
    """Everything wrong with one response; ``operation`` is ``None`` for an unknown target."""
    lowered = {key.lower(): value for key, value in headers.items()}
    problems = []
    if not lowered.get("x-amzn-requestid"):
        problems.append("no x-amzn-RequestId header")
    if lowered.get("content-type") != CONTENT_TYPE:
        problems.append(f"content type {lowered.get('content-type')!r}")
    try:
        document = parse_json(body)
    except ValueError as error:
        return [*problems, f"the body is not JSON ({error}): {body[:200]!r}"]
    if status == 200:
        if operation is None:
            return [*problems, "an unknown operation answered 200"]
        output = spec.operation(operation).output_shape
        if output is None:
            return problems if document == {} else [*problems, "expected an empty object"]
        return problems + shape_problems(output, document, operation)
    return problems + _error_problems(operation, status, lowered, document)


def _error_problems(
    operation: str | None, status: int, headers: dict[str, str], document: Any
) -> list[str]:
    if not isinstance(document, dict) or set(document) != {"__type", "Message"}:
        return [f"an error body must be {{'__type', 'Message'}}, not {document!r}"]
    code, message = document["__type"], document["Message"]
    problems = []
    if headers.get("x-amzn-errortype") != code:
        problems.append(f"x-amzn-ErrorType {headers.get('x-amzn-errortype')!r} is not {code!r}")
    allowed = set(PROTOCOL_ERRORS)
    if operation is not None:
        allowed |= set(spec.error_codes(operation))
    if code not in allowed:
        problems.append(f"{operation} may not answer {code} (modelled: {sorted(allowed)})")
    # A request other than POST / reaches no operation: 404.
    expected_status = {
        "InternalServerException": (500,),
        "NotImplementedException": (501,),
        "UnknownOperationException": (400, 404),
    }.get(code, (400,))
    if status not in expected_status:
        problems.append(
            f"{code} came with HTTP {status}, not {' or '.join(map(str, expected_status))}"
        )
    if not isinstance(message, str) or not message or "Traceback" in message:
        problems.append(f"the error message {message!r} is empty or holds a traceback")
    return problems


@dataclass
class Recorded:
    operation: str | None
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class ResponseRecorder:
    """What the dispatcher answered during one test."""

    records: list[Recorded] = field(default_factory=list)
    internal_errors_expected: bool = False

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = responses.answer
        recorder = self

        def answer(request: RequestParts) -> tuple[int, dict[str, str], str]:
            status, headers, body = original(request)
            recorder.records.append(Recorded(_operation(request), status, dict(headers), body))
            return status, headers, body

        # Both doors (moto's HTTP handler and the in-process handler) answer through it.
        monkeypatch.setattr(responses, "answer", answer)

    def expect_internal_errors(self) -> None:
        """For a test that makes the mock fail on purpose."""
        self.internal_errors_expected = True

    def problems(self) -> list[str]:
        found = []
        for record in self.records:
            if record.status == 500 and self.internal_errors_expected:
                continue
            if record.status == 500:
                found.append(f"{record.operation}: HTTP 500 {record.body[:500]}")
                continue
            for problem in response_problems(
                record.operation, record.status, record.headers, record.body
            ):
                found.append(f"{record.operation} (HTTP {record.status}): {problem}")
        return found


def _operation(request: RequestParts) -> str | None:
    if request.method.upper() != "POST":
        return None
    target = request.headers.get("X-Amz-Target") or ""
    prefix, _, name = str(target).partition(".")
    if prefix == spec.TARGET_PREFIX and name in spec.operation_names():
        return name
    return None

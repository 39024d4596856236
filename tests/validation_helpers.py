"""Requests built from the service model: a valid one for every operation, and every way to
break exactly one of its constraints, with the message the server must answer."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape

from moto_lookoutequipment import spec

ARN = "arn:aws:lookoutequipment:us-east-1:123456789012"
UUID = "0f1e2d3c-4b5a-4697-8877-665544332211"

# Every pattern of the model: a value that matches it, and one within the shape's lengths that
# does not (None where every value of an allowed length matches).
PATTERN_VALUES: dict[str, tuple[str, str | None]] = {
    r"[\P{M}\p{M}]{1,5000}": ("Some text", None),
    r"[\P{M}\p{M}]{1,2560}": ("A comment", None),
    r"[\P{M}\p{M}]{1,200}": ("pump-7", None),
    r"[\P{M}\p{M}]{1,100}": ("F1", None),
    r"^[0-9a-zA-Z._\-]{1,200}$": ("pump.component-1", "pump component"),
    r"^(\-|\_|\s)?$": ("-", "x"),
    r"arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\-]*:[0-9]{12}:dataset\/[0-9a-zA-Z_-]{1,200}\/.+": (  # noqa: E501
        f"{ARN}:dataset/pump/{UUID}",
        f"{ARN}:model/pump/{UUID}",
    ),
    r"^[0-9a-zA-Z_-]{1,200}$": ("pump_1", "pump 1"),
    r"^EPOCH|yyyy-MM-dd-HH-mm-ss|yyyyMMddHHmmss$": ("EPOCH", "EPOCHS"),
    r"arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+": (
        "arn:aws:iam::123456789012:role/lookout",
        "arn:aws:iam::123456789012:user/lookout",
    ),
    r"\p{ASCII}{1,256}": ("token-1", "jeton-\u00e9"),
    r"arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\-]*:[0-9]{12}:inference-scheduler\/.+": (
        f"{ARN}:inference-scheduler/s/{UUID}",
        f"{ARN}:model/s/{UUID}",
    ),
    r"[A-Fa-f0-9]{0,32}": ("0123456789abcdef0123456789ABCDEF", "not-hex"),
    r"arn:aws[a-z\-]*:kms:[a-z0-9\-]*:\d{12}:[\w\-\/]+": (
        f"arn:aws:kms:us-east-1:123456789012:key/{UUID}",
        f"arn:aws:kms:us-east-1:12345:key/{UUID}",
    ),
    r"arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\-]*:[0-9]{12}:label-group\/.+": (
        f"{ARN}:label-group/g/{UUID}",
        f"{ARN}:dataset/g/{UUID}",
    ),
    r"^P180D$|^P360D$|^P540D$|^P720D$": ("P180D", "P181D"),
    r"arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\-]*:[0-9]{12}:model\/.+": (
        f"{ARN}:model/m/{UUID}",
        f"{ARN}:dataset/m/{UUID}",
    ),
    r"^arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\-]*:[0-9]{12}:model\/[0-9a-zA-Z_-]{1,200}\/.+\/model-version\/[0-9]{1,}$": (  # noqa: E501
        f"{ARN}:model/m/{UUID}/model-version/1",
        f"{ARN}:model/m/{UUID}/model-version/one",
    ),
    r"^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$": ("alias/lookout", "-alias"),
    r"\p{ASCII}{0,8192}": ("page-2", "p\u00e1gina"),
    r"[\u0009\u000A\u000D\u0020-\u00FF]+": ('{"Version": "2012-10-17"}', "\u0100"),
    r"[0-9A-Fa-f]+": ("0123abcd", "revision"),
    r"arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9\-]*:[0-9]{12}:.+": (
        f"{ARN}:dataset/pump/{UUID}",
        "arn:aws:s3:::lookout-bucket/data",
    ),
    r"^P(\dY)?(\d{1,2}M)?(\d{1,3}D)?$": ("P1M", "1M"),
    r"^[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]$": ("lookout-bucket", "Lookout_Bucket"),
    r"[\P{M}\p{M}]{1,1024}[^/]$": ("data/pump.csv", "data/pump/"),
    r"(^$)|([\u0009\u000A\u000D\u0020-\u00FF]{1,1023}/$)": ("data/", "data"),
    r"^[0-9a-zA-Z:#$.\-_]{1,200}$": ("Sensor-1", "Sensor 1"),
    r"^(?!aws:)[a-zA-Z+-=._:/]+$": ("Team", "aws:team"),
    r"[\s\w+-=\.:/@]*": ("blue team", "#blue"),
    r"^(\+|\-)[0-9]{2}\:[0-9]{2}$": ("+00:00", "00:00"),
}

TIMESTAMP = 1_600_000_000
REMOVE = object()


def model_patterns() -> set[str]:
    model = spec.service_model()
    return {
        pattern
        for name in model.shape_names
        if (pattern := model.shape_for(name).metadata.get("pattern")) is not None
    }


def valid_value(shape: Shape) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return {name: valid_value(member) for name, member in shape.members.items()}
    if kind == "list":
        return [valid_value(shape.member) for _ in range(max(shape.metadata.get("min", 0), 1))]
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        pattern = shape.metadata.get("pattern")
        if pattern is not None:
            return PATTERN_VALUES[pattern][0]
        return "x" * max(shape.metadata.get("min", 1), 1)
    if kind in ("integer", "long"):
        return shape.metadata.get("min", 1)
    if kind == "timestamp":
        return TIMESTAMP
    if kind == "boolean":
        return True
    raise AssertionError(f"no valid value for {shape.name} ({kind})")


def valid_request(operation: str) -> dict[str, Any]:
    shape = spec.operation(operation).input_shape
    return valid_value(shape) if shape is not None else {}


@dataclass(frozen=True)
class Case:
    """One request that breaks exactly one constraint at one place."""

    operation: str
    keys: tuple[str | int, ...]
    path: str
    constraint: str
    value: Any

    @property
    def id(self) -> str:
        words = self.constraint.split(":")[0].replace("Member must ", "").replace(" ", "-")
        return f"{self.operation}-{self.path}-{words}"

    def request(self) -> dict[str, Any]:
        request = valid_request(self.operation)
        *parents, last = self.keys
        target: Any = request
        for key in parents:
            target = target[key]
        if self.value is REMOVE:
            del target[last]
        else:
            target[last] = copy.deepcopy(self.value)
        return request


def cases() -> Iterator[Case]:
    for operation in spec.operation_names():
        shape = spec.operation(operation).input_shape
        if shape is not None:
            yield from _structure_cases(operation, shape, (), "")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _structure_cases(
    operation: str, shape: Any, keys: tuple[str | int, ...], path: str
) -> Iterator[Case]:
    for name, member in shape.members.items():
        member_keys = (*keys, name)
        member_path = _join(path, name[:1].lower() + name[1:])
        if name in shape.required_members:
            yield Case(operation, member_keys, member_path, "Member must not be null", REMOVE)
        yield from _member_cases(operation, member, member_keys, member_path)


def _member_cases(
    operation: str, shape: Shape, keys: tuple[str | int, ...], path: str
) -> Iterator[Case]:
    def case(constraint: str, value: Any) -> Case:
        return Case(operation, keys, path, constraint, value)

    kind = shape.type_name
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if kind == "structure":
        yield case("Member must be a structure", "not a structure")
        yield from _structure_cases(operation, shape, keys, path)
    elif kind == "list":
        yield case("Member must be a list", "not a list")
        item = valid_value(shape.member)
        if low:
            yield case(
                f"Member must have length greater than or equal to {low}", [item] * (low - 1)
            )
        if high is not None:
            yield case(f"Member must have length less than or equal to {high}", [item] * (high + 1))
        yield from _member_cases(operation, shape.member, (*keys, 0), f"{path}.1.member")
    elif kind == "string":
        yield from _string_cases(shape, case)
    elif kind in ("integer", "long"):
        yield case("Member must be a whole number", "12")
        if low is not None:
            yield case(f"Member must have value greater than or equal to {low}", low - 1)
        if high is not None:
            yield case(f"Member must have value less than or equal to {high}", high + 1)
    elif kind == "timestamp":
        yield case("Member must be a timestamp", "yesterday")
    else:
        raise AssertionError(f"no cases for {shape.name} ({kind})")


def _string_cases(shape: Shape, case: Any) -> Iterator[Case]:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    yield case("Member must be a string", 12)
    if shape.enum:
        allowed = ", ".join(shape.enum)
        yield case(f"Member must satisfy enum value set: [{allowed}]", "NOT_A_VALUE")
    valid = valid_value(shape)
    if low:
        yield case(f"Member must have length greater than or equal to {low}", valid[: low - 1])
    if high is not None:
        longer = (valid * (high // max(len(valid), 1) + 2))[: high + 1]
        yield case(f"Member must have length less than or equal to {high}", longer)
    pattern = shape.metadata.get("pattern")
    if pattern is not None and PATTERN_VALUES[pattern][1] is not None:
        invalid = PATTERN_VALUES[pattern][1]
        assert (low or 0) <= len(invalid) <= (high or len(invalid)), (shape.name, invalid)
        yield case(f"Member must satisfy regular expression pattern: {pattern}", invalid)

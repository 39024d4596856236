"""Passing a role to the service: a request's ``RoleArn`` must name a role of the caller's
account, as IAM's ``iam:PassRole`` would require. The role need not exist in moto's IAM.

The members checked are every ``RoleArn`` of the operation's input shape, found by walking the
service model.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from botocore.model import Shape, StructureShape

from .. import spec
from ..exceptions import AccessDeniedException
from .common import arn_account, partition_for

ROLE_MEMBER = "RoleArn"

Path = tuple[str, ...]


@cache
def role_paths(operation: str) -> tuple[Path, ...]:
    """Where ``operation``'s input holds a role ARN: paths of structure members."""
    return tuple(_paths(spec.operation(operation).input_shape, (), frozenset()))


def _paths(shape: Shape | None, prefix: Path, seen: frozenset[str]) -> Iterator[Path]:
    if not isinstance(shape, StructureShape) or shape.name in seen:
        return
    for name, member in shape.members.items():
        if name == ROLE_MEMBER and member.type_name == "string":
            yield (*prefix, name)
        else:
            yield from _paths(member, (*prefix, name), seen | {shape.name})


def _value(params: dict[str, Any], path: Path) -> Any:
    value: Any = params
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def check_pass_role(operation: str, params: dict[str, Any], account_id: str, region: str) -> None:
    """``AccessDeniedException`` when a role the request passes belongs to another account."""
    for path in role_paths(operation):
        role = _value(params, path)
        if isinstance(role, str) and arn_account(role) != account_id:
            caller = f"arn:{partition_for(region)}:iam::{account_id}:root"
            raise AccessDeniedException(
                f"User: {caller} is not authorized to perform: iam:PassRole on resource: {role}"
            )

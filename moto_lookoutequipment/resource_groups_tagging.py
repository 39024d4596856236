"""What this service shows to moto's Resource Groups Tagging API (``resourcegroupstaggingapi``).

``GetResources``, ``GetTagKeys`` and ``GetTagValues`` list the live tagged resources of the
caller's account and region; ``TagResources`` and ``UntagResources`` go through this service's own
``TagResource``/``UntagResource``, with the same checks (existence, ``aws:`` keys, 50 tags). The
registration module plugs these functions into moto.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import spec
from .exceptions import LookoutEquipmentError
from .models import LookoutEquipmentBackend, lookoutequipment_backends
from .models.common import partition_for, tags_to_list

# The failure entry of TagResources/UntagResources for one ARN; its ErrorCode is one of the
# tagging API's two codes, the message names this service's own error.
Failure = dict[str, Any]


@dataclass(frozen=True)
class Tagged:
    arn: str
    resource_type: str
    tags: dict[str, str]


def owns(arn: str) -> bool:
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and parts[2] == spec.SERVICE_NAME


def resource_type(arn: str) -> str:
    """``lookoutequipment:dataset``, ``...:model``, ``...:model-version``, ``...:label-group``..."""
    resource = arn.split(":", 5)[5]
    kind = "model-version" if "/model-version/" in resource else resource.split("/", 1)[0]
    return f"{spec.SERVICE_NAME}:{kind}"


def _existing_backend(account_id: str, region: str) -> LookoutEquipmentBackend | None:
    """The backend of that account and region if one was ever used; never creates one."""
    per_region = dict.get(lookoutequipment_backends, account_id)
    if per_region is None:
        return None
    backend: LookoutEquipmentBackend | None = dict.get(per_region, region)
    return backend


def tagged_resources(account_id: str, region: str) -> Iterator[Tagged]:
    backend = _existing_backend(account_id, region)
    if backend is None:
        return
    with backend.lock:
        found = [
            Tagged(arn=arn, resource_type=resource_type(arn), tags=tags)
            for arn in backend.tags.by_arn
            if (tags := backend.tags.of(arn)) and backend.resource_exists(arn)
        ]
    yield from found


def selected(
    resource: Tagged,
    tag_filters: list[dict[str, Any]] | None,
    type_filters: list[str] | None,
    arns: list[str] | None,
) -> bool:
    """GetResources' filters: every tag filter's key present (with one of its values, if any),
    a type filter naming the service or the exact type, and the ARN in the list when one is given.
    """
    if arns and resource.arn not in arns:
        return False
    if type_filters and not any(
        wanted in (spec.SERVICE_NAME, resource.resource_type) for wanted in type_filters
    ):
        return False
    for tag_filter in tag_filters or []:
        key, values = tag_filter.get("Key"), tag_filter.get("Values") or []
        if key not in resource.tags or (values and resource.tags[key] not in values):
            return False
    return True


def _failure(status: int, code: str, message: str) -> Failure:
    return {"StatusCode": status, "ErrorCode": code, "ErrorMessage": message}


def _call(account_id: str, region: str, operation: str, params: dict[str, Any]) -> Failure | None:
    arn = params["ResourceArn"]
    parts = arn.split(":", 5)
    if parts[1:2] != [partition_for(region)] or parts[3:5] != [region, account_id]:
        message = f"Resource '{arn}' is not in account {account_id} and region {region}."
        return _failure(400, "InvalidParameterException", message)
    backend = lookoutequipment_backends[account_id][region]
    try:
        backend.handle_unvalidated(operation, params)
    except LookoutEquipmentError as error:
        code = "InternalServiceException" if error.status >= 500 else "InvalidParameterException"
        return _failure(error.status, code, f"{error.code}: {error.message}")
    return None


def tag(account_id: str, region: str, arn: str, tags: dict[str, str]) -> Failure | None:
    params = {"ResourceArn": arn, "Tags": tags_to_list(tags)}
    return _call(account_id, region, "TagResource", params)


def untag(account_id: str, region: str, arn: str, keys: list[str]) -> Failure | None:
    return _call(account_id, region, "UntagResource", {"ResourceArn": arn, "TagKeys": keys})

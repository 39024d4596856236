"""What this service shows to moto's Resource Groups Tagging API (``resourcegroupstaggingapi``).

The backend takes part through moto's ``TaggableResourcesMixin`` (moto 5.2.2 and later; a shim in
``_compat`` asks the same methods on older releases): ``GetResources``, ``GetTagKeys`` and
``GetTagValues`` list the live tagged resources of the caller's account and region;
``TagResources`` and ``UntagResources`` go through this service's own ``TagResource`` and
``UntagResource``, with the same checks (existence, ``aws:`` keys, 50 tags). A resource they
refuse is listed among the failed ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import spec
from ._compat import TaggedResource, TaggingRefused
from .exceptions import LookoutEquipmentError
from .models.common import partition_for, tags_to_list

if TYPE_CHECKING:
    from .models import LookoutEquipmentBackend

# The failure entry of TagResources/UntagResources for one ARN; its ErrorCode is one of the
# tagging API's two codes, the message names this service's own error.
Failure = dict[str, Any]


def owns(arn: str) -> bool:
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and parts[2] == spec.SERVICE_NAME


def resource_type(arn: str) -> str:
    """``lookoutequipment:dataset``, ``...:model``, ``...:model-version``, ``...:label-group``..."""
    resource = arn.split(":", 5)[5]
    kind = "model-version" if "/model-version/" in resource else resource.split("/", 1)[0]
    return f"{spec.SERVICE_NAME}:{kind}"


def existing_backend(account_id: str, region: str) -> LookoutEquipmentBackend | None:
    """The backend of that account and region if one was ever used; never creates one."""
    from .models import lookoutequipment_backends

    if account_id not in lookoutequipment_backends.keys():
        return None
    per_region = lookoutequipment_backends[account_id]
    if region not in per_region.keys():
        return None
    return per_region[region]


def tagged_resources(backend: LookoutEquipmentBackend) -> Iterator[TaggedResource]:
    """The backend's live resources that have tags, as of one moment."""
    with backend.lock:
        found = [
            TaggedResource(arn=arn, tags=tags, resource_type=resource_type(arn))
            for arn in backend.tags.by_arn
            if (tags := backend.tags.of(arn)) and backend.resource_exists(arn)
        ]
    yield from found


def _failure(status: int, code: str, message: str) -> Failure:
    return {"StatusCode": status, "ErrorCode": code, "ErrorMessage": message}


def _call(backend: LookoutEquipmentBackend, operation: str, params: dict[str, Any]) -> None:
    """The operation, or ``TaggingRefused`` with the failure entry of its ARN."""
    account_id, region = backend.account_id, backend.region_name
    arn = params["ResourceArn"]
    parts = arn.split(":", 5)
    if parts[1:2] != [partition_for(region)] or parts[3:5] != [region, account_id]:
        message = f"Resource '{arn}' is not in account {account_id} and region {region}."
        raise TaggingRefused(_failure(400, "InvalidParameterException", message))
    try:
        backend.handle_unvalidated(operation, params)
    except LookoutEquipmentError as error:
        code = "InternalServiceException" if error.status >= 500 else "InvalidParameterException"
        failure = _failure(error.status, code, f"{error.code}: {error.message}")
        raise TaggingRefused(failure) from error


def tag(backend: LookoutEquipmentBackend, arn: str, tags: dict[str, str]) -> None:
    _call(backend, "TagResource", {"ResourceArn": arn, "Tags": tags_to_list(tags)})


def untag(backend: LookoutEquipmentBackend, arn: str, keys: list[str]) -> None:
    _call(backend, "UntagResource", {"ResourceArn": arn, "TagKeys": keys})

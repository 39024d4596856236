"""Building blocks shared by every resource family: clock, identifiers, ARNs, pages, tokens."""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import itertools
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol, TypeVar

from .. import clock
from ..exceptions import ServiceQuotaExceededException, ValidationException

T = TypeVar("T")

Params = dict[str, Any]
Result = dict[str, Any]

# Account-and-region quotas of the service, enforced with ServiceQuotaExceededException.
QUOTAS = {
    "datasets": 15,
    "models": 15,
    "label_groups": 15,
    "ingestion_jobs_in_progress": 5,
    "trainings_in_progress": 5,
    "inference_schedulers_per_model": 1,
    "tags_per_resource": 50,
    "fault_codes_per_label_group": 50,
}

# Limits on the data the service reads: an ingestion fails (or discards a file) and an inference
# execution fails beyond them.
DATA_LIMITS = {
    "files_per_component": 1_000,
    "bytes_per_file": 5 * 1024**3,
    "bytes_per_dataset": 50 * 1024**3,
}
# The rows a model's training and evaluation windows may hold (after resampling).
MODEL_ROWS = {
    "training": 1_500_000,
    "evaluation": 1_500_000,
}
# The rows one inference execution may score (after resampling), by data upload frequency.
INFERENCE_ROWS_PER_EXECUTION = {
    "PT5M": 300,
    "PT10M": 600,
    "PT15M": 900,
    "PT30M": 1_800,
    "PT1H": 3_600,
}

DEFAULT_MAX_RESULTS = 50


def utcnow() -> datetime:
    """The current time on moto's clock (``freezegun`` moves it), shifted or held where a test
    moved this service's clock (``moto_lookoutequipment.clock``, for the server)."""
    return clock.now(datetime.now(timezone.utc))


def new_resource_id() -> str:
    return str(uuid.uuid4())


def new_hex_id() -> str:
    return uuid.uuid4().hex


def resource_arn(account_id: str, region: str, kind: str, name: str, resource_id: str) -> str:
    partition = partition_for(region)
    return f"arn:{partition}:lookoutequipment:{region}:{account_id}:{kind}/{name}/{resource_id}"


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def arn_account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 5 else ""


def arn_region(arn: str) -> str:
    parts = arn.split(":")
    return parts[3] if len(parts) > 5 else ""


def check_quota(name: str, current: int, adding: int = 1) -> None:
    limit = QUOTAS[name]
    if current + adding > limit:
        label = name.replace("_", " ")
        raise ServiceQuotaExceededException(
            f"Service quota exceeded: at most {limit} {label} are allowed per account and region."
        )


# The request members that choose a page rather than the list it is a page of.
_PAGING_MEMBERS = ("NextToken", "MaxResults")

# A list's order: each item's key, ascending, unique within the list.
SortKey = tuple[int | str, ...]

_CREATION_NUMBERS = itertools.count(1)


def creation_number() -> int:
    """A number larger than any handed out before, for ordering resources by creation (creation
    times tie under a frozen clock, and go back when a test moves the clock back)."""
    return next(_CREATION_NUMBERS)


class Created(Protocol):
    creation_number: int


def creation_order(item: Created) -> SortKey:
    return (item.creation_number,)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def micros(moment: datetime) -> int:
    """``moment`` as whole microseconds since the epoch, for sort keys."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


_NO_MORE = object()


def paginate(
    items: Sequence[T],
    params: Params,
    operation: str,
    key: Callable[[T], SortKey],
    *,
    where: Callable[[T], bool] | None = None,
    in_order: bool = False,
) -> tuple[list[T], str | None]:
    """One page of ``items`` in the list's order, ascending ``key``, and the token for the next
    page, if there is one.

    The token is a cursor: the key of the last item returned. A page holds the items after the
    cursor that pass ``where``, so items deleted or added between two calls never make a later
    page skip or repeat one. ``in_order`` says that ``items`` is already sorted by ``key``: the
    cursor is then found by bisection and only the items of the page are looked at.

    The token is opaque to callers and bound to the operation and to the request's other
    members (its filters) that made it; a token from elsewhere, or one that was altered, is a
    ``ValidationException``.
    """
    max_results = params.get("MaxResults", DEFAULT_MAX_RESULTS)
    filters = {name: value for name, value in params.items() if name not in _PAGING_MEMBERS}
    scope = _token_scope(operation, filters)
    ordered = items if in_order else sorted(items, key=key)
    start = 0
    token = params.get("NextToken")
    if token is not None:
        start = _position_after(ordered, _read_token(token, scope), key)
    following = (ordered[index] for index in range(start, len(ordered)))
    found = following if where is None else filter(where, following)
    page = list(itertools.islice(found, max_results))
    more = next(found, _NO_MORE) is not _NO_MORE
    next_token = _make_token(scope, key(page[-1])) if page and more else None
    return page, next_token


def _position_after(items: Sequence[T], cursor: SortKey, key: Callable[[T], SortKey]) -> int:
    try:
        return bisect.bisect_right(items, cursor, key=key)
    except TypeError as error:  # a cursor whose parts do not compare with this list's keys
        raise _invalid_token() from error


def _token_scope(operation: str, filters: Params) -> str:
    canonical = json.dumps([operation, filters], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _make_token(scope: str, cursor: SortKey) -> str:
    payload = json.dumps({"s": scope, "k": list(cursor)}, separators=(",", ":"))
    check = hashlib.sha256(f"lookoutequipment:{payload}".encode()).hexdigest()[:12]
    return base64.urlsafe_b64encode(f"{payload}|{check}".encode()).decode()


def _read_token(token: str, scope: str) -> SortKey:
    try:
        payload, check = base64.urlsafe_b64decode(token.encode()).decode().rsplit("|", 1)
        expected = hashlib.sha256(f"lookoutequipment:{payload}".encode()).hexdigest()[:12]
        data = json.loads(payload)
        cursor = data["k"]
        if check != expected or data["s"] != scope or not _is_cursor(cursor):
            raise ValueError(token)
        return tuple(cursor)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as error:
        raise _invalid_token() from error


def _is_cursor(cursor: Any) -> bool:
    return (
        isinstance(cursor, list)
        and bool(cursor)
        and all(isinstance(part, (int, str)) and not isinstance(part, bool) for part in cursor)
    )


def _invalid_token() -> ValidationException:
    return ValidationException(
        "The NextToken is not valid for this request; pass the token returned by the "
        "previous call with the same parameters."
    )


def begins_with(value: str, prefix: str | None) -> bool:
    return prefix is None or value.startswith(prefix)


def tags_to_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def tags_from_list(tags: Iterable[dict[str, str]] | None) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in tags or []}

"""Tags on every taggable resource, by ARN: one mechanism for all families."""

from __future__ import annotations

from typing import Any

from ...exceptions import ServiceQuotaExceededException
from ...operations import operation
from ..common import QUOTAS, Params, Result, tags_from_list, tags_to_list
from ..family import Family


class Tags(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.by_arn: dict[str, dict[str, str]] = {}

    def check_new(
        self, tags: list[dict[str, str]] | None, existing: dict[str, str] | None = None
    ) -> None:
        merged = dict(existing or {})
        merged.update(tags_from_list(tags))
        limit = QUOTAS["tags_per_resource"]
        if len(merged) > limit:
            raise ServiceQuotaExceededException(
                f"A resource can have at most {limit} tags; this request would leave {len(merged)}."
            )

    def add(self, arn: str, tags: dict[str, str]) -> None:
        self.by_arn.setdefault(arn, {}).update(tags)

    def of(self, arn: str) -> dict[str, str]:
        return dict(self.by_arn.get(arn, {}))

    def forget(self, arn: str) -> None:
        self.by_arn.pop(arn, None)

    @operation("TagResource")
    def tag_resource(self, params: Params) -> Result:
        arn = params["ResourceArn"]
        self.backend.require_resource(arn)
        self.check_new(params["Tags"], self.by_arn.get(arn))
        self.add(arn, tags_from_list(params["Tags"]))
        return {}

    @operation("UntagResource")
    def untag_resource(self, params: Params) -> Result:
        arn = params["ResourceArn"]
        self.backend.require_resource(arn)
        current = self.by_arn.get(arn, {})
        for key in params["TagKeys"]:
            current.pop(key, None)
        return {}

    @operation("ListTagsForResource")
    def list_tags_for_resource(self, params: Params) -> Result:
        arn = params["ResourceArn"]
        self.backend.require_resource(arn)
        return {"Tags": tags_to_list(self.by_arn.get(arn, {}))}

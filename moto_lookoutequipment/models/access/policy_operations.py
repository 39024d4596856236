"""Resource policies on datasets, models and model versions, and their evaluation for imports."""

from __future__ import annotations

from typing import Any

from ...exceptions import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from ...operations import Created, operation
from ..common import Params, Result, arn_account
from ..family import Family
from .policy_document import (
    POLICY_RESOURCE,
    ResourcePolicy,
    as_list,
    parse_policy,
    statement_applies,
)


class ResourcePolicies(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.by_arn: dict[str, ResourcePolicy] = {}

    def forget(self, arn: str) -> None:
        self.by_arn.pop(arn, None)

    def _require_owned_resource(self, arn: str) -> None:
        if arn_account(arn) != self.account_id:
            raise AccessDeniedException(
                f"Only the account that owns '{arn}' can manage its resource policy."
            )
        if not POLICY_RESOURCE.search(arn):
            raise ValidationException(
                f"'{arn}' is not a dataset, model or model version; only those can have a "
                "resource policy."
            )
        self.backend.require_resource(arn)

    def _policy(self, arn: str) -> ResourcePolicy:
        self._require_owned_resource(arn)
        policy = self.by_arn.get(arn)
        if policy is None:
            raise ResourceNotFoundException(f"Resource '{arn}' has no resource policy.")
        return policy

    def _policy_again(self, stored: tuple[str, ResourcePolicy, str]) -> Result | None:
        arn, policy, revision = stored
        if self.by_arn.get(arn) is not policy:
            return None
        return {"ResourceArn": arn, "PolicyRevisionId": revision}

    @operation("PutResourcePolicy", replay=_policy_again)
    def put_resource_policy(self, params: Params) -> Created:
        arn = params["ResourceArn"]
        self._require_owned_resource(arn)
        document = parse_policy(params["ResourcePolicy"])
        current = self.by_arn.get(arn)
        revision = params.get("PolicyRevisionId")
        if current is None and revision is not None:
            raise ConflictException(
                f"Resource '{arn}' has no resource policy, so PolicyRevisionId must be omitted."
            )
        if current is not None and revision is not None and revision.lower() != current.revision_id:
            raise ConflictException(
                f"PolicyRevisionId '{revision}' does not match the current revision of the "
                f"resource policy of '{arn}'."
            )
        if current is None:
            current = ResourcePolicy(document, params["ResourcePolicy"])
            self.by_arn[arn] = current
        else:
            current.replace(document, params["ResourcePolicy"])
        answer = {"ResourceArn": arn, "PolicyRevisionId": current.revision_id}
        return Created((arn, current, current.revision_id), answer)

    @operation("DescribeResourcePolicy")
    def describe_resource_policy(self, params: Params) -> Result:
        policy = self._policy(params["ResourceArn"])
        return {
            "PolicyRevisionId": policy.revision_id,
            "ResourcePolicy": policy.text,
            "CreationTime": policy.created_at,
            "LastModifiedTime": policy.last_modified_at,
        }

    @operation("DeleteResourcePolicy")
    def delete_resource_policy(self, params: Params) -> Result:
        arn = params["ResourceArn"]
        self._policy(arn)
        del self.by_arn[arn]
        return {}

    def permits(
        self,
        resource_arns: list[str],
        action: str,
        caller_account: str,
        importing_data: bool = False,
    ) -> bool:
        """Whether the policies on ``resource_arns`` (a resource and its parents) let another
        account's caller perform ``action``. An explicit ``Deny`` anywhere wins; without any
        ``Allow`` the answer is no."""
        allowed = False
        requested = resource_arns[0]
        for arn in resource_arns:
            policy = self.by_arn.get(arn)
            if policy is None:
                continue
            for statement in as_list(policy.document["Statement"]):
                if not statement_applies(
                    statement, action, caller_account, requested, importing_data
                ) and not statement_applies(statement, action, caller_account, arn, importing_data):
                    continue
                if statement["Effect"] == "Deny":
                    return False
                allowed = True
        return allowed

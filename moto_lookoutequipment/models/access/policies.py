"""Resource policies on datasets, models and model versions, and their evaluation for imports."""

from __future__ import annotations

import fnmatch
import json
import re
from datetime import datetime
from typing import Any

from ...exceptions import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from ..common import Params, Result, arn_account, new_hex_id, utcnow
from ..family import Family

IMPORT_DATASET = "lookoutequipment:ImportDataset"
IMPORT_MODEL_VERSION = "lookoutequipment:ImportModelVersion"
# The only actions a resource policy can grant.
IMPORT_ACTIONS = (IMPORT_DATASET, IMPORT_MODEL_VERSION)
IMPORTING_DATA_KEY = "lookoutequipment:IsImportingData"
_POLICY_RESOURCE = re.compile(r":(dataset/[^/]+/[^/]+|model/[^/]+/[^/]+(/model-version/\d+)?)$")


class ResourcePolicy:
    def __init__(self, document: dict[str, Any], text: str) -> None:
        self.document = document
        self.text = text
        self.revision_id = new_hex_id()
        self.created_at: datetime = utcnow()
        self.last_modified_at: datetime = self.created_at

    def replace(self, document: dict[str, Any], text: str) -> None:
        self.document = document
        self.text = text
        self.revision_id = new_hex_id()
        self.last_modified_at = utcnow()


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


VERSIONS = ("2012-10-17", "2008-10-17")
_DOCUMENT_KEYS = ("Version", "Id", "Statement")
_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Principal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
# A principal of {"AWS": ...}: an account id, or the ARN of an account's root, user or role.
_AWS_PRINCIPAL = re.compile(r"\*|\d{12}|arn:aws(-[a-z]+)*:iam::\d{12}:(root|user/\S+|role/\S+)")


def _unknown_keys(found: dict[str, Any], known: tuple[str, ...]) -> str | None:
    unknown = [key for key in found if key not in known]
    if not unknown:
        return None
    names = ", ".join(json.dumps(key) for key in unknown)
    return f"has the unknown key(s) {names}; it may hold {', '.join(known)}"


def parse_policy(text: str) -> dict[str, Any]:
    """Parse a policy document and check it as IAM does; ``ValidationException`` naming the
    reason for anything it cannot hold."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationException(f"The resource policy is not valid JSON: {error}.") from error
    if not isinstance(document, dict) or "Statement" not in document:
        raise ValidationException("The resource policy must be a JSON object with a Statement.")
    unknown = _unknown_keys(document, _DOCUMENT_KEYS)
    if unknown is not None:
        raise ValidationException(f"The resource policy {unknown}.")
    if document.get("Version") not in VERSIONS:
        raise ValidationException(
            f"The resource policy's Version must be {' or '.join(VERSIONS)}, not "
            f"{json.dumps(document.get('Version'))}."
        )
    statements = document["Statement"]
    if not isinstance(statements, (dict, list)):
        raise ValidationException(
            "The resource policy's Statement must be an object or a list of objects."
        )
    statements = _as_list(statements)
    if not statements:
        raise ValidationException("The resource policy must have at least one statement.")
    sids: set[str] = set()
    for index, statement in enumerate(statements, start=1):
        _check_statement(index, statement)
        sid = statement.get("Sid")
        if sid in sids:
            raise ValidationException(
                f"Statement {index} of the resource policy repeats the Sid {json.dumps(sid)}; "
                "each statement's Sid must be unique."
            )
        if sid is not None:
            sids.add(sid)
    return document


def _check_statement(index: int, statement: Any) -> None:
    where = f"Statement {index} of the resource policy"
    if not isinstance(statement, dict):
        raise ValidationException(f"{where} must be an object.")
    unknown = _unknown_keys(statement, _STATEMENT_KEYS)
    if unknown is not None:
        raise ValidationException(f"{where} {unknown}.")
    if "Sid" in statement and not isinstance(statement["Sid"], str):
        raise ValidationException(f"{where} has a Sid that is not text.")
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise ValidationException(f"{where} must have an Effect of Allow or Deny.")
    if not _valid_principal(statement.get("Principal")):
        raise ValidationException(
            f'{where} must name a Principal: "*" or {{"AWS": account ids or IAM ARNs}}.'
        )
    for member in ("Action", "Resource"):
        _check_names(where, statement, member)
    for action in _as_list(statement.get("Action", statement.get("NotAction"))):
        if action.lower() not in [a.lower() for a in IMPORT_ACTIONS]:
            raise ValidationException(
                f"{where} names the action {json.dumps(action)}; a resource policy can only "
                f"grant {' and '.join(IMPORT_ACTIONS)}."
            )
    _check_condition(where, statement.get("Condition", {}))


def _check_names(where: str, statement: dict[str, Any], member: str) -> None:
    """``member`` or ``Not<member>`` (exactly one): a text or a non-empty list of texts."""
    given = [name for name in (member, f"Not{member}") if name in statement]
    if len(given) > 1:
        raise ValidationException(f"{where} has both {member} and Not{member}.")
    if not given:
        raise ValidationException(f"{where} needs {member} or Not{member}.")
    values = _as_list(statement[given[0]])
    if not values or not all(isinstance(value, str) and value for value in values):
        raise ValidationException(
            f"{where}: {given[0]} must be a name or a non-empty list of names."
        )


def _check_condition(where: str, condition: Any) -> None:
    if not isinstance(condition, dict):
        raise ValidationException(f"{where} has a Condition that is not an object.")
    for operator, keys in condition.items():
        if isinstance(keys, dict):
            for key, values in keys.items():
                if values == []:
                    raise ValidationException(
                        f"{where} gives the condition {operator} on {key} an empty list of values."
                    )
        if (
            operator != "Bool"
            or not isinstance(keys, dict)
            or [key.lower() for key in keys] != [IMPORTING_DATA_KEY.lower()]
            or not all(_bool_text(value) is not None for value in _condition_values(keys))
        ):
            raise ValidationException(
                f"{where} has an unsupported condition; the only condition key is "
                f"{IMPORTING_DATA_KEY} with the Bool operator and true or false."
            )


def _valid_principal(principal: Any) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict) or set(principal) != {"AWS"}:
        return False
    entries = _as_list(principal["AWS"])
    return bool(entries) and all(
        isinstance(entry, str) and _AWS_PRINCIPAL.fullmatch(entry) is not None for entry in entries
    )


def _bool_text(value: Any) -> bool | None:
    """A condition value as a boolean (IAM accepts true/false in any case, or JSON booleans)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _principal_matches(principal: Any, account_id: str) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        principal = principal.get("AWS", [])
    for entry in _as_list(principal):
        if not isinstance(entry, str):
            continue
        if entry in ("*", account_id) or arn_account(entry) == account_id:
            return True
    return False


def _condition_values(keys: dict[str, Any]) -> list[Any]:
    """The values given for the one condition key (IAM reads its name in any case)."""
    return [value for values in keys.values() for value in _as_list(values)]


def _condition_holds(condition: dict[str, Any], importing_data: bool) -> bool:
    # Several values of one key are alternatives; several keys must all hold.
    return all(
        any(_bool_text(value) is importing_data for value in _condition_values(keys))
        for keys in condition.values()
    )


def _names(resource: str, patterns: Any) -> bool:
    return any(fnmatch.fnmatchcase(resource, str(pattern)) for pattern in _as_list(patterns))


def _names_action(actions: Any, action: str) -> bool:
    return action.lower() in [str(a).lower() for a in _as_list(actions)]


def _statement_applies(
    statement: dict[str, Any], action: str, account_id: str, resource: str, importing_data: bool
) -> bool:
    if "Action" in statement and not _names_action(statement["Action"], action):
        return False
    if "NotAction" in statement and _names_action(statement["NotAction"], action):
        return False
    if not _principal_matches(statement["Principal"], account_id):
        return False
    if "Resource" in statement and not _names(resource, statement["Resource"]):
        return False
    if "NotResource" in statement and _names(resource, statement["NotResource"]):
        return False
    return _condition_holds(statement.get("Condition", {}), importing_data)


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
        if not _POLICY_RESOURCE.search(arn):
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

    def put_resource_policy(self, params: Params) -> Result:
        arn = params["ResourceArn"]
        self._require_owned_resource(arn)
        replayed = self.backend.client_tokens.replay("PutResourcePolicy", params)
        if replayed is not None and self.by_arn.get(arn) is replayed[0]:
            return {"ResourceArn": arn, "PolicyRevisionId": replayed[1]}
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
        self.backend.client_tokens.remember(
            "PutResourcePolicy", params, (current, current.revision_id)
        )
        return {"ResourceArn": arn, "PolicyRevisionId": current.revision_id}

    def describe_resource_policy(self, params: Params) -> Result:
        policy = self._policy(params["ResourceArn"])
        return {
            "PolicyRevisionId": policy.revision_id,
            "ResourcePolicy": policy.text,
            "CreationTime": policy.created_at,
            "LastModifiedTime": policy.last_modified_at,
        }

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
            for statement in _as_list(policy.document["Statement"]):
                if not _statement_applies(
                    statement, action, caller_account, requested, importing_data
                ) and not _statement_applies(
                    statement, action, caller_account, arn, importing_data
                ):
                    continue
                if statement["Effect"] == "Deny":
                    return False
                allowed = True
        return allowed

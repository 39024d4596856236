"""A resource policy document: checked as IAM checks it, and evaluated for imports."""

from __future__ import annotations

import fnmatch
import json
import re
from datetime import datetime
from typing import Any

from ...exceptions import (
    ValidationException,
)
from ..common import arn_account, new_hex_id, utcnow

IMPORT_DATASET = "lookoutequipment:ImportDataset"
IMPORT_MODEL_VERSION = "lookoutequipment:ImportModelVersion"
# The only actions a resource policy can grant.
IMPORT_ACTIONS = (IMPORT_DATASET, IMPORT_MODEL_VERSION)
IMPORTING_DATA_KEY = "lookoutequipment:IsImportingData"
POLICY_RESOURCE = re.compile(r":(dataset/[^/]+/[^/]+|model/[^/]+/[^/]+(/model-version/\d+)?)$")


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


def as_list(value: Any) -> list[Any]:
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
    statements = as_list(statements)
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
    for action in as_list(statement.get("Action", statement.get("NotAction"))):
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
    values = as_list(statement[given[0]])
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
    entries = as_list(principal["AWS"])
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
    for entry in as_list(principal):
        if not isinstance(entry, str):
            continue
        if entry in ("*", account_id) or arn_account(entry) == account_id:
            return True
    return False


def _condition_values(keys: dict[str, Any]) -> list[Any]:
    """The values given for the one condition key (IAM reads its name in any case)."""
    return [value for values in keys.values() for value in as_list(values)]


def _condition_holds(condition: dict[str, Any], importing_data: bool) -> bool:
    # Several values of one key are alternatives; several keys must all hold.
    return all(
        any(_bool_text(value) is importing_data for value in _condition_values(keys))
        for keys in condition.values()
    )


def _names(resource: str, patterns: Any) -> bool:
    return any(fnmatch.fnmatchcase(resource, str(pattern)) for pattern in as_list(patterns))


def _names_action(actions: Any, action: str) -> bool:
    return action.lower() in [str(a).lower() for a in as_list(actions)]


def statement_applies(
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

"""PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy, and how policies decide
whether another account may import a resource."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time
from model_helpers import error, session_in

from moto_lookoutequipment.models.policies import ResourcePolicy, parse_policy

OWNER = "123456789012"
IMPORTER = "111111111111"
IMPORT_DATASET = "lookoutequipment:ImportDataset"
IMPORT_VERSION = "lookoutequipment:ImportModelVersion"


def statement(
    principal: Any = f"arn:aws:iam::{IMPORTER}:root",
    action: Any = IMPORT_DATASET,
    effect: str = "Allow",
    **extra: Any,
) -> dict[str, Any]:
    return {"Effect": effect, "Principal": {"AWS": principal}, "Action": action, **extra}


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements or [statement()])})


@pytest.fixture
def arn(client: Any) -> str:
    created: str = client.create_dataset(DatasetName="pump", ClientToken="t1")["DatasetArn"]
    return created


def put(client: Any, arn: str, text: str | None = None, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.put_resource_policy(
        ResourceArn=arn, ResourcePolicy=text or policy(), **params
    )
    return result


class TestPutAndDescribe:
    def test_put_answers_a_32_hex_revision(self, client: Any, arn: str) -> None:
        result = put(client, arn)

        assert result["ResourceArn"] == arn
        assert re.fullmatch(r"[0-9a-f]{32}", result["PolicyRevisionId"])

    def test_describe_returns_the_policy_as_given(self, client: Any, arn: str) -> None:
        text = json.dumps(json.loads(policy()), indent=4)
        with freeze_time("2024-03-01 10:00:00"):
            revision = put(client, arn, text)["PolicyRevisionId"]

        described = client.describe_resource_policy(ResourceArn=arn)

        when = datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
        assert described["ResourcePolicy"] == text
        assert described["PolicyRevisionId"] == revision
        assert described["CreationTime"] == described["LastModifiedTime"] == when

    def test_a_put_without_revision_replaces_the_policy(self, client: Any, arn: str) -> None:
        with freeze_time("2024-03-01 10:00:00"):
            first = put(client, arn)["PolicyRevisionId"]
        replacement = policy(statement(principal="*"))
        with freeze_time("2024-03-02 10:00:00"):
            second = put(client, arn, replacement)["PolicyRevisionId"]

        described = client.describe_resource_policy(ResourceArn=arn)

        assert second != first
        assert described["PolicyRevisionId"] == second
        assert described["ResourcePolicy"] == replacement
        assert described["CreationTime"] == datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
        assert described["LastModifiedTime"] == datetime(2024, 3, 2, 10, tzinfo=timezone.utc)

    def test_a_put_with_the_current_revision_replaces_the_policy(
        self, client: Any, arn: str
    ) -> None:
        first = put(client, arn)["PolicyRevisionId"]

        second = put(client, arn, policy(statement(principal=IMPORTER)), PolicyRevisionId=first)

        assert second["PolicyRevisionId"] not in (first, first.upper())
        assert (
            client.describe_resource_policy(ResourceArn=arn)["PolicyRevisionId"]
            == (second["PolicyRevisionId"])
        )

    def test_the_revision_may_be_given_in_capitals(self, client: Any, arn: str) -> None:
        first = put(client, arn)["PolicyRevisionId"]

        second = put(
            client, arn, policy(statement(principal=IMPORTER)), PolicyRevisionId=first.upper()
        )

        assert second["PolicyRevisionId"] != first

    def test_a_stale_revision_is_a_conflict(self, client: Any, arn: str) -> None:
        first = put(client, arn)["PolicyRevisionId"]
        put(client, arn, policy(statement(principal="*")))

        with pytest.raises(ClientError) as raised:
            put(client, arn, policy(statement(principal=IMPORTER)), PolicyRevisionId=first)

        code, message = error(raised)
        assert (code, message) == (
            "ConflictException",
            f"PolicyRevisionId '{first}' does not match the current revision of the resource "
            f"policy of '{arn}'.",
        )
        assert json.loads(client.describe_resource_policy(ResourceArn=arn)["ResourcePolicy"]) == (
            json.loads(policy(statement(principal="*")))
        )

    def test_a_revision_without_a_policy_is_a_conflict(self, client: Any, arn: str) -> None:
        with pytest.raises(ClientError) as raised:
            put(client, arn, PolicyRevisionId="0123456789abcdef0123456789abcdef")

        code, message = error(raised)
        assert (code, message) == (
            "ConflictException",
            f"Resource '{arn}' has no resource policy, so PolicyRevisionId must be omitted.",
        )

    def test_a_replayed_put_returns_the_first_revision(self, client: Any, arn: str) -> None:
        first = put(client, arn, ClientToken="same")["PolicyRevisionId"]

        again = put(client, arn, ClientToken="same")["PolicyRevisionId"]

        assert again == first
        assert client.describe_resource_policy(ResourceArn=arn)["PolicyRevisionId"] == first

    def test_the_same_token_with_another_policy_is_a_conflict(self, client: Any, arn: str) -> None:
        put(client, arn, ClientToken="same")

        with pytest.raises(ClientError) as raised:
            put(client, arn, policy(statement(principal="*")), ClientToken="same")

        assert error(raised) == (
            "ConflictException",
            "The client token 'same' was already used by another PutResourcePolicy request "
            "with different parameters.",
        )


class TestWithoutPolicy:
    def test_describe_is_not_found(self, client: Any, arn: str) -> None:
        with pytest.raises(ClientError) as raised:
            client.describe_resource_policy(ResourceArn=arn)

        assert error(raised) == (
            "ResourceNotFoundException",
            f"Resource '{arn}' has no resource policy.",
        )

    def test_delete_is_not_found(self, client: Any, arn: str) -> None:
        with pytest.raises(ClientError) as raised:
            client.delete_resource_policy(ResourceArn=arn)

        assert error(raised) == (
            "ResourceNotFoundException",
            f"Resource '{arn}' has no resource policy.",
        )

    def test_a_deleted_policy_is_gone(self, client: Any, arn: str) -> None:
        put(client, arn)

        client.delete_resource_policy(ResourceArn=arn)

        with pytest.raises(ClientError) as raised:
            client.describe_resource_policy(ResourceArn=arn)
        assert error(raised) == (
            "ResourceNotFoundException",
            f"Resource '{arn}' has no resource policy.",
        )
        assert re.fullmatch(r"[0-9a-f]{32}", put(client, arn)["PolicyRevisionId"])


@pytest.mark.parametrize(
    "operation", ["put_resource_policy", "describe_resource_policy", "delete_resource_policy"]
)
def test_an_unknown_dataset_is_not_found(client: Any, operation: str) -> None:
    missing = f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/none/0f1e2d3c"
    params = {"ResourcePolicy": policy(), "ClientToken": "t"} if operation.startswith("put") else {}

    with pytest.raises(ClientError) as raised:
        getattr(client, operation)(ResourceArn=missing, **params)

    assert error(raised) == ("ResourceNotFoundException", f"Resource '{missing}' does not exist.")


def test_only_datasets_models_and_versions_take_a_policy(client: Any) -> None:
    scheduler = f"arn:aws:lookoutequipment:us-east-1:{OWNER}:inference-scheduler/s/0f1e2d3c"

    with pytest.raises(ClientError) as raised:
        put(client, scheduler)

    code, message = error(raised)
    assert code == "ValidationException"
    assert "only those can have a resource policy" in message


@pytest.mark.parametrize(
    "operation", ["put_resource_policy", "describe_resource_policy", "delete_resource_policy"]
)
def test_only_the_owner_manages_the_policy(client: Any, arn: str, operation: str) -> None:
    put(client, arn)
    other = session_in(IMPORTER).client("lookoutequipment")
    params = {"ResourcePolicy": policy(), "ClientToken": "t"} if operation.startswith("put") else {}

    with pytest.raises(ClientError) as raised:
        getattr(other, operation)(ResourceArn=arn, **params)

    code, message = error(raised)
    assert (code, message) == (
        "AccessDeniedException",
        f"Only the account that owns '{arn}' can manage its resource policy.",
    )
    assert client.describe_resource_policy(ResourceArn=arn)["ResourcePolicy"] == policy()


def test_deleting_the_dataset_deletes_its_policy(client: Any, arn: str, backend: Any) -> None:
    put(client, arn)

    client.delete_dataset(DatasetName="pump")

    assert arn not in backend.policies.by_arn
    with pytest.raises(ClientError) as raised:
        client.describe_resource_policy(ResourceArn=arn)
    assert error(raised) == ("ResourceNotFoundException", f"Resource '{arn}' does not exist.")


BAD_POLICIES = [
    ("{not json", "is not valid JSON"),
    ("[]", "must be a JSON object with a Statement"),
    ('{"Version": "2012-10-17"}', "must be a JSON object with a Statement"),
    ('{"Statement": []}', "at least one statement"),
    ('{"Statement": ["Allow"]}', "Statement 1 of the resource policy must be an object"),
    (policy(statement(effect="Permit")), "must have an Effect of Allow or Deny"),
    (
        json.dumps({"Statement": [{"Effect": "Allow", "Action": IMPORT_DATASET}]}),
        "must name a Principal",
    ),
    (policy(statement(principal=[])), "must name a Principal"),
    (policy(statement(principal=5)), "must name a Principal"),
    (
        policy({**statement(), "Principal": {"Service": "lookoutequipment.amazonaws.com"}}),
        "must name a Principal",
    ),
    (policy(statement(action=[])), "must name an Action"),
    (policy(statement(action="lookoutequipment:DescribeDataset")), "names the action"),
    (policy(statement(action="lookoutequipment:*")), "names the action"),
    (policy(statement(action=[IMPORT_DATASET, "s3:GetObject"])), '"s3:GetObject"'),
    (policy(statement(Resource=5)), "Resource that is not an ARN"),
    (policy(statement(Resource=None)), "Resource that is not an ARN"),
    (policy(statement(NotResource=[5])), "NotResource that is not an ARN"),
    (
        policy(statement(Resource="*", NotResource="arn:aws:s3:::x")),
        "both a Resource and a NotResource",
    ),
    (policy(statement(Condition=[])), "Condition that is not an object"),
    (
        policy(statement(Condition={"StringEquals": {"aws:SourceAccount": IMPORTER}})),
        "unsupported condition",
    ),
    (
        policy(statement(Condition={"Bool": {"lookoutequipment:IsImportingData": "maybe"}})),
        "unsupported condition",
    ),
    (policy(statement(), statement(action="iam:PassRole")), "Statement 2 of the resource policy"),
    ("[" * 5000 + "]" * 5000, "is not valid JSON"),
]


@pytest.mark.parametrize(("text", "problem"), BAD_POLICIES)
def test_a_policy_it_cannot_hold_is_refused(client: Any, arn: str, text: str, problem: str) -> None:
    with pytest.raises(ClientError) as raised:
        put(client, arn, text)

    code, message = error(raised)
    assert code == "ValidationException"
    assert problem in message
    with pytest.raises(ClientError):
        client.describe_resource_policy(ResourceArn=arn)


@pytest.mark.parametrize(
    "text",
    [
        policy(statement(action=[IMPORT_DATASET, IMPORT_VERSION])),
        policy(statement(action="LookoutEquipment:importdataset")),
        json.dumps({"Statement": statement()}),
        json.dumps({"Statement": [{**statement(), "Principal": "*"}]}),
        policy(statement(Condition={"Bool": {"lookoutequipment:IsImportingData": ["true"]}})),
        policy(statement(Condition={"Bool": {"lookoutequipment:IsImportingData": False}})),
    ],
)
def test_policies_of_every_accepted_form(client: Any, arn: str, text: str) -> None:
    put(client, arn, text)

    assert client.describe_resource_policy(ResourceArn=arn)["ResourcePolicy"] == text


def test_any_family_that_owns_an_arn_takes_a_policy(
    client: Any, backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = f"arn:aws:lookoutequipment:us-east-1:{OWNER}:model/m/0f1e2d3c/model-version/2"
    monkeypatch.setattr(backend.policies, "owns", lambda arn: arn == version)

    put(client, version, policy(statement(action=IMPORT_VERSION)))

    assert client.describe_resource_policy(ResourceArn=version)["ResourcePolicy"]


class TestPermits:
    DATASET = f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/pump/0f1e2d3c"
    MODEL = f"arn:aws:lookoutequipment:us-east-1:{OWNER}:model/m/0f1e2d3c"
    VERSION = f"{MODEL}/model-version/3"

    @pytest.fixture
    def policies(self, backend: Any) -> Any:
        return backend.policies

    def attach(self, policies: Any, arn: str, *statements: dict[str, Any]) -> None:
        text = policy(*statements)
        policies.by_arn[arn] = ResourcePolicy(parse_policy(text), text)

    def test_no_policy_permits_nothing(self, policies: Any) -> None:
        assert not policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)

    @pytest.mark.parametrize(
        "principal",
        [
            f"arn:aws:iam::{IMPORTER}:root",
            f"arn:aws:iam::{IMPORTER}:role/importer",
            f"arn:aws:iam::{IMPORTER}:user/someone",
            IMPORTER,
            "*",
            ["arn:aws:iam::222222222222:root", IMPORTER],
        ],
    )
    def test_an_allow_for_the_callers_account(self, policies: Any, principal: Any) -> None:
        self.attach(policies, self.DATASET, statement(principal=principal))

        assert policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)

    def test_a_bare_star_principal(self, policies: Any) -> None:
        self.attach(policies, self.DATASET, {**statement(), "Principal": "*"})

        assert policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)

    @pytest.mark.parametrize(
        "principal", ["arn:aws:iam::222222222222:root", "222222222222", f"{IMPORTER}0"]
    )
    def test_an_allow_for_another_account(self, policies: Any, principal: str) -> None:
        self.attach(policies, self.DATASET, statement(principal=principal))

        assert not policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)

    def test_the_action_must_match(self, policies: Any) -> None:
        self.attach(policies, self.DATASET, statement(action=IMPORT_VERSION))

        assert not policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)

    @pytest.mark.parametrize(
        ("resource", "expected"),
        [
            (DATASET, True),
            (f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/pump/*", True),
            ([f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/other/*", DATASET], True),
            (f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/other/0f1e2d3c", False),
        ],
    )
    def test_the_resource_must_match(self, policies: Any, resource: Any, expected: bool) -> None:
        self.attach(policies, self.DATASET, statement(Resource=resource))

        assert policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER) is expected

    @pytest.mark.parametrize(
        ("excluded", "expected"),
        [
            (DATASET, False),
            (f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/*", False),
            (f"arn:aws:lookoutequipment:us-east-1:{OWNER}:dataset/other/*", True),
        ],
    )
    def test_not_resource_excludes_what_it_names(
        self, policies: Any, excluded: str, expected: bool
    ) -> None:
        self.attach(policies, self.DATASET, statement(NotResource=excluded))

        assert policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER) is expected

    def test_a_deny_wins_over_an_allow(self, policies: Any) -> None:
        self.attach(
            policies,
            self.DATASET,
            statement(principal="*"),
            statement(principal=f"arn:aws:iam::{IMPORTER}:role/blocked", effect="Deny"),
        )

        assert not policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)
        assert policies.permits([self.DATASET], IMPORT_DATASET, "333333333333")

    def test_a_policy_on_the_model_covers_its_versions(self, policies: Any) -> None:
        self.attach(policies, self.MODEL, statement(action=IMPORT_VERSION, Resource=self.MODEL))

        assert policies.permits([self.VERSION, self.MODEL], IMPORT_VERSION, IMPORTER)

    def test_a_deny_on_the_model_wins_over_an_allow_on_the_version(self, policies: Any) -> None:
        self.attach(policies, self.VERSION, statement(action=IMPORT_VERSION))
        self.attach(policies, self.MODEL, statement(action=IMPORT_VERSION, effect="Deny"))

        assert policies.permits([self.VERSION], IMPORT_VERSION, IMPORTER)
        assert not policies.permits([self.VERSION, self.MODEL], IMPORT_VERSION, IMPORTER)

    @pytest.mark.parametrize(
        ("value", "importing", "expected"),
        [
            ("true", True, True),
            ("true", False, False),
            ("false", False, True),
            ("FALSE", True, False),
            (True, True, True),
            (["false", "true"], False, True),
        ],
    )
    @pytest.mark.parametrize(
        "key", ["lookoutequipment:IsImportingData", "LookoutEquipment:isimportingdata"]
    )
    def test_the_importing_data_condition(
        self, policies: Any, value: Any, importing: bool, expected: bool, key: str
    ) -> None:
        condition = {"Bool": {key: value}}
        self.attach(policies, self.DATASET, statement(Condition=condition))

        permitted = policies.permits(
            [self.DATASET], IMPORT_DATASET, IMPORTER, importing_data=importing
        )

        assert permitted is expected

"""PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy, and how policies decide
whether another account may import a resource."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from mode import frozen_time
from model_helpers import error, session_in

from moto_lookoutequipment.models.access.policy_document import ResourcePolicy, parse_policy

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
    resource = {} if "NotResource" in extra else {"Resource": "*"}
    return {
        "Effect": effect,
        "Principal": {"AWS": principal},
        "Action": action,
        **resource,
        **extra,
    }


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
        with frozen_time("2024-03-01 10:00:00"):
            revision = put(client, arn, text)["PolicyRevisionId"]

        described = client.describe_resource_policy(ResourceArn=arn)

        when = datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
        assert described["ResourcePolicy"] == text
        assert described["PolicyRevisionId"] == revision
        assert described["CreationTime"] == described["LastModifiedTime"] == when

    def test_a_put_without_revision_replaces_the_policy(self, client: Any, arn: str) -> None:
        with frozen_time("2024-03-01 10:00:00"):
            first = put(client, arn)["PolicyRevisionId"]
        replacement = policy(statement(principal="*"))
        with frozen_time("2024-03-02 10:00:00"):
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


def document(*statements: Any, **members: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements), **members})


def without(member: str, **changes: Any) -> dict[str, Any]:
    """The default statement without ``member``, with ``changes``."""
    return {key: value for key, value in statement(**changes).items() if key != member}


WHERE = "Statement 1 of the resource policy"
PRINCIPAL = f'{WHERE} must name a Principal: "*" or {{"AWS": account ids or IAM ARNs}}.'
NOT_IMPORT = f"a resource policy can only grant {IMPORT_DATASET} and {IMPORT_VERSION}."

BAD_POLICIES = [
    ("[]", "The resource policy must be a JSON object with a Statement."),
    ('{"Version": "2012-10-17"}', "The resource policy must be a JSON object with a Statement."),
    (
        json.dumps({"Statement": [statement()]}),
        "The resource policy's Version must be 2012-10-17 or 2008-10-17, not null.",
    ),
    (
        document(statement(), Version="2012-10-18"),
        'The resource policy\'s Version must be 2012-10-17 or 2008-10-17, not "2012-10-18".',
    ),
    (
        document(statement(), Extra=1),
        'The resource policy has the unknown key(s) "Extra"; it may hold Version, Id, Statement.',
    ),
    (document(), "The resource policy must have at least one statement."),
    (
        document(Statement="Allow"),
        "The resource policy's Statement must be an object or a list of objects.",
    ),
    (document("Allow"), f"{WHERE} must be an object."),
    (document(statement(effect="Permit")), f"{WHERE} must have an Effect of Allow or Deny."),
    (document(without("Principal")), PRINCIPAL),
    (document(statement(principal=[])), PRINCIPAL),
    (document(statement(principal=5)), PRINCIPAL),
    (document(statement(principal="not-an-account")), PRINCIPAL),
    (document(statement(principal=f"{IMPORTER}0")), PRINCIPAL),
    (document(statement(principal=["*", "arn:aws:s3:::bucket"])), PRINCIPAL),
    (document(statement(principal="arn:aws:iam::123:root")), PRINCIPAL),
    (
        document({**statement(), "Principal": {"Service": "lookoutequipment.amazonaws.com"}}),
        PRINCIPAL,
    ),
    (document({**statement(), "Principal": "someone"}), PRINCIPAL),
    (document(without("Action")), f"{WHERE} needs Action or NotAction."),
    (
        document(statement(action=[])),
        f"{WHERE}: Action must be a name or a non-empty list of names.",
    ),
    (
        document(without("Action", NotAction="")),
        f"{WHERE}: NotAction must be a name or a non-empty list of names.",
    ),
    (
        document(statement(NotAction=IMPORT_VERSION)),
        f"{WHERE} has both Action and NotAction.",
    ),
    (
        document(statement(action="lookoutequipment:DescribeDataset")),
        f'{WHERE} names the action "lookoutequipment:DescribeDataset"; {NOT_IMPORT}',
    ),
    (
        document(statement(action="lookoutequipment:*")),
        f'{WHERE} names the action "lookoutequipment:*"; {NOT_IMPORT}',
    ),
    (
        document(statement(action=[IMPORT_DATASET, "s3:GetObject"])),
        f'{WHERE} names the action "s3:GetObject"; {NOT_IMPORT}',
    ),
    (document(without("Resource")), f"{WHERE} needs Resource or NotResource."),
    (
        document(statement(Resource=[])),
        f"{WHERE}: Resource must be a name or a non-empty list of names.",
    ),
    (
        document(statement(Resource=5)),
        f"{WHERE}: Resource must be a name or a non-empty list of names.",
    ),
    (
        document(statement(Resource=None)),
        f"{WHERE}: Resource must be a name or a non-empty list of names.",
    ),
    (
        document(statement(NotResource=[5])),
        f"{WHERE}: NotResource must be a name or a non-empty list of names.",
    ),
    (
        document(statement(Resource="*", NotResource="arn:aws:s3:::x")),
        f"{WHERE} has both Resource and NotResource.",
    ),
    (
        document(statement(Sid="a"), statement(Sid="a")),
        'Statement 2 of the resource policy repeats the Sid "a"; each statement\'s Sid must be '
        "unique.",
    ),
    (document(statement(Sid=1)), f"{WHERE} has a Sid that is not text."),
    (
        document(statement(NotPrincipal={"AWS": IMPORTER})),
        f'{WHERE} has the unknown key(s) "NotPrincipal"; it may hold Sid, Effect, Principal, '
        "Action, NotAction, Resource, NotResource, Condition.",
    ),
    (document(statement(Condition=[])), f"{WHERE} has a Condition that is not an object."),
    (
        document(statement(Condition={"Bool": {"lookoutequipment:IsImportingData": []}})),
        f"{WHERE} gives the condition Bool on lookoutequipment:IsImportingData an empty list "
        "of values.",
    ),
    (
        document(statement(Condition={"StringEquals": {"aws:SourceAccount": IMPORTER}})),
        f"{WHERE} has an unsupported condition; the only condition key is "
        "lookoutequipment:IsImportingData with the Bool operator and true or false.",
    ),
    (
        document(statement(Condition={"Bool": {"lookoutequipment:IsImportingData": "maybe"}})),
        f"{WHERE} has an unsupported condition; the only condition key is "
        "lookoutequipment:IsImportingData with the Bool operator and true or false.",
    ),
    (
        document(statement(), statement(action="iam:PassRole")),
        f'Statement 2 of the resource policy names the action "iam:PassRole"; {NOT_IMPORT}',
    ),
]

UNREADABLE_POLICIES = ["{not json", "[" * 5000 + "]" * 5000]


@pytest.mark.parametrize("text", UNREADABLE_POLICIES)
def test_a_policy_that_is_not_json_is_refused(client: Any, arn: str, text: str) -> None:
    with pytest.raises(ClientError) as raised:
        put(client, arn, text)

    code, message = error(raised)
    assert code == "ValidationException"
    assert message.startswith("The resource policy is not valid JSON: ")


@pytest.mark.parametrize(("text", "problem"), BAD_POLICIES)
def test_a_policy_it_cannot_hold_is_refused(client: Any, arn: str, text: str, problem: str) -> None:
    with pytest.raises(ClientError) as raised:
        put(client, arn, text)

    assert error(raised) == ("ValidationException", problem)
    with pytest.raises(ClientError):
        client.describe_resource_policy(ResourceArn=arn)


@pytest.mark.parametrize(
    "text",
    [
        policy(statement(action=[IMPORT_DATASET, IMPORT_VERSION])),
        policy(statement(action="LookoutEquipment:importdataset")),
        json.dumps({"Version": "2008-10-17", "Statement": statement()}),
        policy({**statement(), "Principal": "*"}),
        policy(statement(principal=["*", IMPORTER, f"arn:aws:iam::{IMPORTER}:role/a/b"])),
        policy(without("Action", NotAction=IMPORT_VERSION, Sid="one"), statement(Sid="two")),
        policy(statement(NotResource=["arn:aws:s3:::x"])),
        json.dumps({"Version": "2012-10-17", "Id": "p", "Statement": [statement(Sid="s")]}),
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
        "principal", ["arn:aws:iam::222222222222:root", "222222222222", f"{IMPORTER[:-1]}2"]
    )
    def test_an_allow_for_another_account(self, policies: Any, principal: str) -> None:
        self.attach(policies, self.DATASET, statement(principal=principal))

        assert not policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)

    def test_not_action_covers_the_other_import_action(self, policies: Any) -> None:
        self.attach(policies, self.DATASET, without("Action", NotAction=IMPORT_VERSION))

        assert policies.permits([self.DATASET], IMPORT_DATASET, IMPORTER)
        assert not policies.permits([self.DATASET], IMPORT_VERSION, IMPORTER)

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

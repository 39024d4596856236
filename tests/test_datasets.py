"""CreateDataset, DescribeDataset, ListDatasets and DeleteDataset."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from mode import frozen_time
from model_helpers import (
    INVALID_NEXT_TOKEN,
    check_pages_while_deleting_each,
    error,
    pages_of,
    session_in,
)
from readme_examples import run_readme_example

from moto_lookoutequipment.exceptions import ValidationException
from moto_lookoutequipment.models.common import paginate

ARN_PATTERN = (
    r"arn:aws:lookoutequipment:us-east-1:123456789012:dataset/{name}/"
    r"[0-9a-f]{{8}}-[0-9a-f]{{4}}-4[0-9a-f]{{3}}-[89ab][0-9a-f]{{3}}-[0-9a-f]{{12}}"
)


def schema(*components: dict[str, Any]) -> str:
    return json.dumps({"Components": list(components)})


def component(name: str = "pump", *sensors: str) -> dict[str, Any]:
    columns = [{"Name": "Timestamp", "Type": "DATETIME"}]
    columns += [{"Name": sensor, "Type": "DOUBLE"} for sensor in sensors or ("Sensor1",)]
    return {"ComponentName": name, "Columns": columns}


def names(client: Any, **params: Any) -> list[str]:
    return [d["DatasetName"] for d in client.list_datasets(**params)["DatasetSummaries"]]


def test_create_answers_the_name_a_uuid_arn_and_created(client: Any) -> None:
    created = client.create_dataset(DatasetName="pump", ClientToken="t1")

    assert created["DatasetName"] == "pump"
    assert created["Status"] == "CREATED"
    assert re.fullmatch(ARN_PATTERN.format(name="pump"), created["DatasetArn"])


def test_describe_shows_what_was_created(client: Any) -> None:
    with frozen_time("2024-03-01 10:00:00"):
        created = client.create_dataset(
            DatasetName="pump",
            DatasetSchema={"InlineDataSchema": schema(component("pump", "Sensor1", "Sensor2"))},
            ClientToken="t1",
        )
        described = client.describe_dataset(DatasetName="pump")

    when = datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    assert described["DatasetArn"] == created["DatasetArn"]
    assert described["CreatedAt"] == described["LastUpdatedAt"] == when
    assert json.loads(described["Schema"]) == json.loads(
        schema(component("pump", "Sensor1", "Sensor2"))
    )
    assert "ServerSideKmsKeyId" not in described
    assert "SourceDatasetArn" not in described


def test_a_dataset_without_schema_describes_without_schema(client: Any) -> None:
    client.create_dataset(DatasetName="pump", ClientToken="t1")

    assert "Schema" not in client.describe_dataset(DatasetName="pump")


def test_describe_of_an_unknown_dataset(client: Any) -> None:
    with pytest.raises(ClientError) as raised:
        client.describe_dataset(DatasetName="pump")

    assert error(raised) == ("ResourceNotFoundException", "Dataset 'pump' does not exist.")


def test_a_name_in_use_is_a_conflict(client: Any) -> None:
    first = client.create_dataset(DatasetName="pump", ClientToken="t1")

    with pytest.raises(ClientError) as raised:
        client.create_dataset(DatasetName="pump", ClientToken="t2")

    assert error(raised) == ("ConflictException", "Dataset 'pump' already exists.")
    assert client.describe_dataset(DatasetName="pump")["DatasetArn"] == first["DatasetArn"]


class TestClientToken:
    def test_a_replay_returns_the_same_dataset_and_creates_nothing(self, client: Any) -> None:
        first = client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=[])
        again = client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=[])

        assert again["DatasetArn"] == first["DatasetArn"]
        assert again["Status"] == "CREATED"
        assert names(client) == ["pump"]

    def test_the_same_token_with_other_parameters_is_a_conflict(self, client: Any) -> None:
        client.create_dataset(DatasetName="pump", ClientToken="t1")

        with pytest.raises(ClientError) as raised:
            client.create_dataset(DatasetName="fan", ClientToken="t1")

        code, message = error(raised)
        assert (code, message) == (
            "ConflictException",
            "The client token 't1' was already used by another CreateDataset request with "
            "different parameters.",
        )
        assert names(client) == ["pump"]

    def test_tokens_are_per_operation(self, client: Any) -> None:
        client.create_dataset(DatasetName="pump", ClientToken="t1")
        arn = client.describe_dataset(DatasetName="pump")["DatasetArn"]

        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                    "Action": "lookoutequipment:ImportDataset",
                    "Resource": arn,
                }
            ],
        }
        put = client.put_resource_policy(
            ResourceArn=arn, ResourcePolicy=json.dumps(policy), ClientToken="t1"
        )

        assert put["ResourceArn"] == arn

    def test_a_token_of_a_deleted_dataset_creates_a_new_one(self, client: Any) -> None:
        first = client.create_dataset(DatasetName="pump", ClientToken="t1")
        client.delete_dataset(DatasetName="pump")

        again = client.create_dataset(DatasetName="pump", ClientToken="t1")

        assert again["DatasetArn"] != first["DatasetArn"]
        assert names(client) == ["pump"]

    def test_the_token_of_a_rejected_create_stays_free(self, client: Any) -> None:
        too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
        with pytest.raises(ClientError):
            client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=too_many)

        client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=too_many[:50])

        arn = client.describe_dataset(DatasetName="pump")["DatasetArn"]
        assert len(client.list_tags_for_resource(ResourceArn=arn)["Tags"]) == 50

    def test_boto3_fills_in_a_token_when_none_is_given(self, client: Any) -> None:
        client.create_dataset(DatasetName="pump")
        client.create_dataset(DatasetName="fan")

        assert names(client) == ["pump", "fan"]


class TestQuota:
    def test_the_sixteenth_dataset_is_over_the_quota(self, client: Any) -> None:
        for index in range(15):
            client.create_dataset(DatasetName=f"d{index}", ClientToken=f"t{index}")

        with pytest.raises(ClientError) as raised:
            client.create_dataset(DatasetName="d15", ClientToken="t15")

        code, message = error(raised)
        assert (code, message) == (
            "ServiceQuotaExceededException",
            "Service quota exceeded: at most 15 datasets are allowed per account and region.",
        )
        assert len(names(client)) == 15

    def test_deleting_one_makes_room(self, client: Any) -> None:
        for index in range(15):
            client.create_dataset(DatasetName=f"d{index}", ClientToken=f"t{index}")
        client.delete_dataset(DatasetName="d3")

        client.create_dataset(DatasetName="d15", ClientToken="t15")

        assert len(names(client)) == 15

    def test_the_quota_is_per_region(self, client: Any) -> None:
        for index in range(15):
            client.create_dataset(DatasetName=f"d{index}", ClientToken=f"t{index}")
        other = boto3.client("lookoutequipment", region_name="eu-west-1")

        created = other.create_dataset(DatasetName="d0", ClientToken="t0")

        assert ":eu-west-1:" in created["DatasetArn"]


class TestKmsKey:
    @pytest.fixture
    def key(self, aws: None) -> dict[str, Any]:
        kms = boto3.client("kms", region_name="us-east-1")
        key: dict[str, Any] = kms.create_key()["KeyMetadata"]
        kms.create_alias(AliasName="alias/lookout", TargetKeyId=key["KeyId"])
        return key

    @pytest.mark.parametrize(
        "given",
        [
            lambda key: key["KeyId"],
            lambda key: key["Arn"],
            lambda key: "alias/lookout",
            lambda key: "arn:aws:kms:us-east-1:123456789012:alias/lookout",
        ],
        ids=["key id", "key arn", "alias", "alias arn"],
    )
    def test_the_key_is_described_by_its_arn(
        self, client: Any, key: dict[str, Any], given: Any
    ) -> None:
        client.create_dataset(DatasetName="pump", ServerSideKmsKeyId=given(key), ClientToken="t1")

        assert client.describe_dataset(DatasetName="pump")["ServerSideKmsKeyId"] == key["Arn"]

    def test_a_key_that_does_not_exist_is_named_and_nothing_is_created(self, client: Any) -> None:
        missing = "1234abcd-12ab-34cd-56ef-1234567890ab"

        with pytest.raises(ClientError) as raised:
            client.create_dataset(DatasetName="pump", ServerSideKmsKeyId=missing, ClientToken="t1")

        code, message = error(raised)
        assert (code, message) == (
            "ValidationException",
            f"The KMS key '{missing}' does not exist or is not accessible.",
        )
        assert names(client) == []

    def test_a_disabled_key_is_refused(self, client: Any, key: dict[str, Any]) -> None:
        boto3.client("kms", region_name="us-east-1").disable_key(KeyId=key["KeyId"])

        with pytest.raises(ClientError) as raised:
            client.create_dataset(
                DatasetName="pump", ServerSideKmsKeyId=key["KeyId"], ClientToken="t1"
            )

        assert error(raised) == (
            "ValidationException",
            f"The KMS key '{key['KeyId']}' cannot be used: it is Disabled.",
        )
        assert names(client) == []

    def test_a_key_arn_of_another_region_is_found_there(self, client: Any) -> None:
        other = boto3.client("kms", region_name="eu-west-1").create_key()["KeyMetadata"]

        client.create_dataset(DatasetName="pump", ServerSideKmsKeyId=other["Arn"], ClientToken="t")

        assert client.describe_dataset(DatasetName="pump")["ServerSideKmsKeyId"] == other["Arn"]

    def test_an_unknown_alias_is_refused(self, client: Any) -> None:
        with pytest.raises(ClientError) as raised:
            client.create_dataset(
                DatasetName="pump", ServerSideKmsKeyId="alias/nothing", ClientToken="t1"
            )

        assert error(raised) == (
            "ValidationException",
            "The KMS key 'alias/nothing' does not exist or is not accessible.",
        )
        assert names(client) == []


class TestTagsAtCreation:
    def test_tags_given_at_creation_are_listed(self, client: Any) -> None:
        tags = [{"Key": "Team", "Value": "ops"}, {"Key": "Site", "Value": "north"}]
        arn = client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=tags)["DatasetArn"]

        assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == tags

    def test_more_than_50_tags_create_nothing(self, client: Any) -> None:
        tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]

        with pytest.raises(ClientError) as raised:
            client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=tags)

        code, message = error(raised)
        assert code == "ServiceQuotaExceededException"
        assert "at most 50 tags" in message
        assert names(client) == []

    def test_an_aws_tag_key_is_refused_by_its_pattern(self, client: Any) -> None:
        with pytest.raises(ClientError) as raised:
            client.create_dataset(
                DatasetName="pump", ClientToken="t1", Tags=[{"Key": "aws:team", "Value": "x"}]
            )

        code, message = error(raised)
        assert code == "ValidationException"
        assert "'aws:team' at 'tags.1.member.key'" in message
        assert names(client) == []


def typed(**columns: str) -> str:
    """A schema of one component 'pump' with the given column names and types."""
    listed = [{"Name": name, "Type": kind} for name, kind in columns.items()]
    return schema({"ComponentName": "pump", "Columns": listed})


BAD_SCHEMAS = [
    ("{not json", "is not valid JSON"),
    ("[" * 100_000, "is not valid JSON"),
    ("[]", "it must be an object with a list of Components"),
    ('{"Components": {}}', "it must be an object with a list of Components"),
    ('{"Components": []}', "it must name at least one component"),
    ('{"Components": ["pump"]}', "component 1 must be an object"),
    (schema({"Columns": component()["Columns"]}), "component 1 needs a ComponentName"),
    (schema(component("pump unit")), "component 1 needs a ComponentName"),
    (schema(component("pump"), component("pump")), "component 'pump' appears more than once"),
    (schema({"ComponentName": "pump"}), "component 'pump' needs a non-empty list of Columns"),
    (schema({"ComponentName": "pump", "Columns": []}), "needs a non-empty list of Columns"),
    (
        schema({"ComponentName": "pump", "Columns": ["Timestamp"]}),
        "component 'pump' has a column that is not an object",
    ),
    (typed(Sensor1="DOUBLE"), "component 'pump' must have exactly one DATETIME column, not 0"),
    (
        typed(Timestamp="DATETIME", Other="DATETIME", Sensor1="DOUBLE"),
        "component 'pump' must have exactly one DATETIME column, not 2",
    ),
    (typed(Timestamp="DATETIME"), "component 'pump' must have at least one DOUBLE column"),
    (
        typed(Timestamp="DATETIME", Mode="STRING"),
        'column "Mode" of component \'pump\' has type "STRING"',
    ),
    (schema(component("pump", "Sensor 1")), 'column name "Sensor 1" that does not match'),
    (schema(component("pump", "S1", "S1")), "has the column 'S1' more than once"),
    (schema(*[component(f"c{i}") for i in range(3001)]), "3001 components; at most 3000"),
    (
        schema(*[component(f"c{i}", *[f"s{j}" for j in range(301)]) for i in range(10)]),
        "3010 sensor columns; at most 3000",
    ),
]


@pytest.mark.parametrize(("document", "problem"), BAD_SCHEMAS)
def test_a_bad_schema_is_refused_and_creates_nothing(
    client: Any, document: str, problem: str
) -> None:
    with pytest.raises(ClientError) as raised:
        client.create_dataset(
            DatasetName="pump", DatasetSchema={"InlineDataSchema": document}, ClientToken="t1"
        )

    code, message = error(raised)
    assert code == "ValidationException"
    assert "'datasetSchema.inlineDataSchema'" in message
    assert problem in message
    assert names(client) == []


def test_a_schema_lists_every_problem(client: Any) -> None:
    document = schema(component("a b"), {"ComponentName": "pump", "Columns": []})

    with pytest.raises(ClientError) as raised:
        client.create_dataset(
            DatasetName="pump", DatasetSchema={"InlineDataSchema": document}, ClientToken="t1"
        )

    assert error(raised)[1] == (
        "The schema at 'datasetSchema.inlineDataSchema' is not valid: component 1 needs a "
        "ComponentName matching ^[0-9a-zA-Z._\\-]{1,200}$; component 'pump' needs a non-empty "
        "list of Columns"
    )


def test_sensor_names_may_use_the_characters_the_model_allows(client: Any) -> None:
    document = schema(component("pump.unit_1-a", "Sensor:1", "flow#2", "$p.x-y_z"))

    client.create_dataset(
        DatasetName="pump", DatasetSchema={"InlineDataSchema": document}, ClientToken="t1"
    )

    assert json.loads(client.describe_dataset(DatasetName="pump")["Schema"]) == json.loads(document)


class TestList:
    def test_datasets_are_listed_in_creation_order_with_their_summary(self, client: Any) -> None:
        with frozen_time("2024-03-01 10:00:00"):
            arn = client.create_dataset(DatasetName="zeta", ClientToken="t1")["DatasetArn"]
        client.create_dataset(DatasetName="alpha", ClientToken="t2")

        summaries = client.list_datasets()["DatasetSummaries"]

        assert [s["DatasetName"] for s in summaries] == ["zeta", "alpha"]
        assert summaries[0] == {
            "DatasetName": "zeta",
            "DatasetArn": arn,
            "Status": "CREATED",
            "CreatedAt": datetime(2024, 3, 1, 10, tzinfo=timezone.utc),
        }

    def test_the_prefix_filter_is_case_sensitive(self, client: Any) -> None:
        for name in ("pump-a", "Pump-b", "pump-c", "fan"):
            client.create_dataset(DatasetName=name, ClientToken=name)

        assert names(client, DatasetNameBeginsWith="pump") == ["pump-a", "pump-c"]
        assert names(client, DatasetNameBeginsWith="pump-a") == ["pump-a"]
        assert names(client, DatasetNameBeginsWith="none") == []

    def test_pages_follow_next_token_until_the_end(self, client: Any) -> None:
        for index in range(7):
            client.create_dataset(DatasetName=f"d{index}", ClientToken=f"t{index}")

        pages: list[list[str]] = []
        params: dict[str, Any] = {"MaxResults": 3}
        while True:
            page = client.list_datasets(**params)
            pages.append([s["DatasetName"] for s in page["DatasetSummaries"]])
            if "NextToken" not in page:
                break
            params["NextToken"] = page["NextToken"]

        assert pages == [["d0", "d1", "d2"], ["d3", "d4", "d5"], ["d6"]]

    def test_no_token_when_the_page_holds_the_rest(self, client: Any) -> None:
        for index in range(3):
            client.create_dataset(DatasetName=f"d{index}", ClientToken=f"t{index}")

        assert "NextToken" not in client.list_datasets(MaxResults=3)

    def test_the_default_page_is_50(self, client: Any) -> None:
        assert "NextToken" not in client.list_datasets()
        # 15 datasets fit the quota, so the default is shown with a filter-free page of 15.
        for index in range(15):
            client.create_dataset(DatasetName=f"d{index}", ClientToken=f"t{index}")
        assert len(client.list_datasets()["DatasetSummaries"]) == 15

    def test_the_prefix_filter_applies_on_every_page(self, client: Any) -> None:
        for name in ("p1", "x1", "p2", "x2", "p3"):
            client.create_dataset(DatasetName=name, ClientToken=name)

        first = client.list_datasets(DatasetNameBeginsWith="p", MaxResults=2)
        second = client.list_datasets(
            DatasetNameBeginsWith="p", MaxResults=2, NextToken=first["NextToken"]
        )

        assert [s["DatasetName"] for s in second["DatasetSummaries"]] == ["p3"]

    def test_deleting_each_page_before_the_next_skips_none(self, client: Any) -> None:
        names = [f"d{index:02}" for index in range(15)]
        for name in names:
            client.create_dataset(DatasetName=name)

        check_pages_while_deleting_each(
            client.list_datasets,
            "DatasetSummaries",
            "DatasetName",
            lambda name: client.delete_dataset(DatasetName=name),
            names=names,
            MaxResults=4,
        )

    def test_datasets_created_between_pages_are_on_a_later_page(self, client: Any) -> None:
        names = ["p0", "p1", "p2"]
        for name in names:
            client.create_dataset(DatasetName=name)

        def add(listed: list[str]) -> None:
            if len(names) < 8:
                names.append(f"p{len(names)}")
                client.create_dataset(DatasetName=names[-1])
                client.create_dataset(DatasetName=f"x{len(names)}")

        pages = pages_of(
            client.list_datasets,
            "DatasetSummaries",
            "DatasetName",
            add,
            DatasetNameBeginsWith="p",
            MaxResults=1,
        )

        assert [name for page in pages for name in page] == names
        assert names == [f"p{index}" for index in range(8)]

    def test_a_token_used_with_another_filter_is_refused(self, client: Any) -> None:
        for name in ("p1", "p2", "p3"):
            client.create_dataset(DatasetName=name, ClientToken=name)
        token = client.list_datasets(DatasetNameBeginsWith="p", MaxResults=1)["NextToken"]

        with pytest.raises(ClientError) as raised:
            client.list_datasets(DatasetNameBeginsWith="q", MaxResults=1, NextToken=token)

        code, message = error(raised)
        assert (code, message) == ("ValidationException", INVALID_NEXT_TOKEN)

    def test_a_token_of_another_operation_is_refused(self) -> None:
        _, token = paginate(["a", "b"], {"MaxResults": 1}, "ListDatasets", _by_itself)
        assert token is not None

        with pytest.raises(ValidationException, match="NextToken"):
            paginate(["a", "b"], {"MaxResults": 1, "NextToken": token}, "ListModels", _by_itself)

    @pytest.mark.parametrize(
        "cursor", ['{"o":1}', '"k":[]', '"k":[true]', '"k":[1.5]', '"k":"a"', '"k":[1]']
    )
    def test_a_token_whose_cursor_is_not_a_key_of_the_list_is_refused(self, cursor: str) -> None:
        _, token = paginate(["a", "b"], {"MaxResults": 1}, "ListDatasets", _by_itself)
        assert token is not None
        payload = base64.urlsafe_b64decode(token).decode().split("|")[0]
        assert payload.endswith(',"k":["a"]}')
        if cursor.startswith("{"):
            forged_payload = payload.split(",")[0] + "}"
        else:
            forged_payload = payload.replace('"k":["a"]', cursor)
        check = hashlib.sha256(f"lookoutequipment:{forged_payload}".encode()).hexdigest()[:12]
        forged = base64.urlsafe_b64encode(f"{forged_payload}|{check}".encode()).decode()

        with pytest.raises(ValidationException, match="NextToken"):
            paginate(["a", "b"], {"MaxResults": 1, "NextToken": forged}, "ListDatasets", _by_itself)

    def test_the_next_page_starts_after_the_cursor_whatever_changed_before_it(self) -> None:
        first, token = paginate(["a", "c", "e", "g"], {"MaxResults": 2}, "ListDatasets", _by_itself)
        assert first == ["a", "c"]

        # a, c and e are gone; b (before the cursor), d and f are new.
        changed = ["b", "d", "f", "g"]
        params = {"MaxResults": 2, "NextToken": token}
        second, token = paginate(changed, params, "ListDatasets", _by_itself, in_order=True)
        assert second == ["d", "f"]
        params["NextToken"] = token
        assert paginate(changed, params, "ListDatasets", _by_itself) == (["g"], None)

    @pytest.mark.parametrize("tamper", ["garbage", "bm90IGEgdG9rZW4=", "changed"])
    def test_a_tampered_token_is_refused(self, client: Any, tamper: str) -> None:
        for name in ("p1", "p2"):
            client.create_dataset(DatasetName=name, ClientToken=name)
        token = client.list_datasets(MaxResults=1)["NextToken"]
        if tamper == "changed":
            text = base64.urlsafe_b64decode(token).decode().replace('"k":[', '"k":[-1,')
            tamper = base64.urlsafe_b64encode(text.encode()).decode()
            assert tamper != token

        with pytest.raises(ClientError) as raised:
            client.list_datasets(MaxResults=1, NextToken=tamper)

        assert error(raised) == ("ValidationException", INVALID_NEXT_TOKEN)


class TestDelete:
    def test_a_deleted_dataset_is_gone(self, client: Any) -> None:
        client.create_dataset(DatasetName="pump", ClientToken="t1")

        client.delete_dataset(DatasetName="pump")

        assert names(client) == []
        with pytest.raises(ClientError) as raised:
            client.describe_dataset(DatasetName="pump")
        assert error(raised) == ("ResourceNotFoundException", "Dataset 'pump' does not exist.")

    def test_deleting_an_unknown_dataset(self, client: Any) -> None:
        with pytest.raises(ClientError) as raised:
            client.delete_dataset(DatasetName="pump")

        assert error(raised) == ("ResourceNotFoundException", "Dataset 'pump' does not exist.")

    def test_a_new_dataset_with_the_same_name_gets_a_new_arn_and_no_old_tags(
        self, client: Any
    ) -> None:
        tags = [{"Key": "Team", "Value": "ops"}]
        first = client.create_dataset(DatasetName="pump", ClientToken="t1", Tags=tags)
        client.delete_dataset(DatasetName="pump")

        second = client.create_dataset(DatasetName="pump", ClientToken="t2")

        assert second["DatasetArn"] != first["DatasetArn"]
        assert client.list_tags_for_resource(ResourceArn=second["DatasetArn"])["Tags"] == []
        with pytest.raises(ClientError) as raised:
            client.list_tags_for_resource(ResourceArn=first["DatasetArn"])
        assert error(raised) == (
            "ResourceNotFoundException",
            f"Resource '{first['DatasetArn']}' does not exist.",
        )


def test_datasets_are_per_account(client: Any) -> None:
    client.create_dataset(DatasetName="pump", ClientToken="t1")
    other = session_in("111111111111").client("lookoutequipment")

    assert other.list_datasets()["DatasetSummaries"] == []
    created = other.create_dataset(DatasetName="pump", ClientToken="t1")
    assert ":111111111111:dataset/pump/" in created["DatasetArn"]


def test_the_readme_example_runs() -> None:
    run_readme_example("Datasets, tags and resource policies", "test_dataset_tags_and_policy")


def _by_itself(item: str) -> tuple[str]:
    return (item,)

"""TagResource, UntagResource and ListTagsForResource, for every resource kind with an ARN."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from botocore.exceptions import ClientError
from model_helpers import error, session_in

UNKNOWN = "arn:aws:lookoutequipment:us-east-1:123456789012:dataset/none/0f1e2d3c-4b5a-4697"


def tags(**pairs: str) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in pairs.items()]


def listed(client: Any, arn: str) -> list[dict[str, str]]:
    result: list[dict[str, str]] = client.list_tags_for_resource(ResourceArn=arn)["Tags"]
    return result


@pytest.fixture
def arn(client: Any) -> str:
    created: str = client.create_dataset(DatasetName="pump", ClientToken="t1")["DatasetArn"]
    return created


def test_a_new_resource_has_no_tags(client: Any, arn: str) -> None:
    assert listed(client, arn) == []


def test_tags_are_added_and_listed_in_the_order_they_came(client: Any, arn: str) -> None:
    client.tag_resource(ResourceArn=arn, Tags=tags(Team="ops", Site="north"))
    client.tag_resource(ResourceArn=arn, Tags=tags(Cost="42"))

    assert listed(client, arn) == tags(Team="ops", Site="north", Cost="42")


def test_tagging_an_existing_key_replaces_its_value(client: Any, arn: str) -> None:
    client.tag_resource(ResourceArn=arn, Tags=tags(Team="ops", Site="north"))
    client.tag_resource(ResourceArn=arn, Tags=tags(Team="data"))

    assert listed(client, arn) == tags(Team="data", Site="north")


def test_an_empty_value_is_a_value(client: Any, arn: str) -> None:
    client.tag_resource(ResourceArn=arn, Tags=tags(Flag=""))

    assert listed(client, arn) == tags(Flag="")


def test_untag_removes_the_keys_and_ignores_absent_ones(client: Any, arn: str) -> None:
    client.tag_resource(ResourceArn=arn, Tags=tags(Team="ops", Site="north", Cost="42"))

    client.untag_resource(ResourceArn=arn, TagKeys=["Site", "Missing", "team"])

    assert listed(client, arn) == tags(Team="ops", Cost="42")


class TestQuota:
    def test_fifty_tags_fit(self, client: Any, arn: str) -> None:
        client.tag_resource(
            ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)]
        )

        assert len(listed(client, arn)) == 50

    def test_the_fifty_first_is_refused_and_nothing_changes(self, client: Any, arn: str) -> None:
        client.tag_resource(
            ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)]
        )

        with pytest.raises(ClientError) as raised:
            client.tag_resource(ResourceArn=arn, Tags=tags(k0="changed", a="1", b="2"))

        assert error(raised) == (
            "ServiceQuotaExceededException",
            "A resource can have at most 50 tags; this request would leave 51.",
        )
        current = listed(client, arn)
        assert len(current) == 49
        assert current[0] == {"Key": "k0", "Value": "v"}

    def test_replacing_values_at_the_limit_is_fine(self, client: Any, arn: str) -> None:
        client.tag_resource(
            ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)]
        )

        client.tag_resource(ResourceArn=arn, Tags=tags(k7="w"))

        assert {"Key": "k7", "Value": "w"} in listed(client, arn)


@pytest.mark.parametrize("key", ["aws:team", "aws:"])
def test_aws_keys_are_refused_by_the_model_pattern(client: Any, arn: str, key: str) -> None:
    with pytest.raises(ClientError) as raised:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": key, "Value": "x"}])

    code, message = error(raised)
    assert code == "ValidationException"
    assert f"Value '{key}' at 'tags.1.member.key' failed to satisfy constraint" in message
    assert listed(client, arn) == []


def test_keys_that_merely_contain_aws_are_fine(client: Any, arn: str) -> None:
    client.tag_resource(ResourceArn=arn, Tags=tags(**{"team:aws:x": "1", "AWS:team": "2"}))

    assert [tag["Key"] for tag in listed(client, arn)] == ["team:aws:x", "AWS:team"]


def test_untag_refuses_an_aws_key_too(client: Any, arn: str) -> None:
    with pytest.raises(ClientError) as raised:
        client.untag_resource(ResourceArn=arn, TagKeys=["aws:team"])

    assert "at 'tagKeys.1.member'" in error(raised)[1]


@pytest.mark.parametrize("target", [UNKNOWN, "not-an-arn"])
@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("tag_resource", {"Tags": tags(Team="ops")}),
        ("untag_resource", {"TagKeys": ["Team"]}),
        ("list_tags_for_resource", {}),
    ],
)
def test_an_unknown_resource_is_not_found(
    client: Any, target: str, operation: str, params: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as raised:
        getattr(client, operation)(ResourceArn=target, **params)

    assert error(raised) == ("ResourceNotFoundException", f"Resource '{target}' does not exist.")


def test_another_account_cannot_see_the_resource(client: Any, arn: str) -> None:
    other = session_in("111111111111").client("lookoutequipment")

    with pytest.raises(ClientError) as raised:
        other.list_tags_for_resource(ResourceArn=arn)

    assert error(raised) == ("ResourceNotFoundException", f"Resource '{arn}' does not exist.")


def test_deleting_the_dataset_drops_its_tags(client: Any, arn: str, backend: Any) -> None:
    client.tag_resource(ResourceArn=arn, Tags=tags(Team="ops"))

    client.delete_dataset(DatasetName="pump")

    assert backend.tags.of(arn) == {}
    with pytest.raises(ClientError) as raised:
        client.list_tags_for_resource(ResourceArn=arn)
    assert error(raised) == ("ResourceNotFoundException", f"Resource '{arn}' does not exist.")


def test_any_family_that_owns_an_arn_gets_tags(
    client: Any, backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    label_group = "arn:aws:lookoutequipment:us-east-1:123456789012:label-group/faults/0f1e2d3c"
    family = backend.families[-1]
    monkeypatch.setattr(family, "owns", lambda arn: arn == label_group)

    client.tag_resource(ResourceArn=label_group, Tags=tags(Team="ops"))

    assert listed(client, label_group) == tags(Team="ops")
    backend.release(SimpleNamespace(arn=label_group))
    assert backend.tags.of(label_group) == {}

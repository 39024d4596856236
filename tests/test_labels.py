"""Label groups and labels through boto3: in-process, and a few calls against moto's server."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from mode import frozen_time
from model_helpers import (
    ACCOUNT_ID,
    INVALID_NEXT_TOKEN,
    REGION,
    error_raised_by,
    pages_deleting_each,
    pages_of,
)
from readme_examples import run_readme_example

from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer

ARN = re.compile(
    rf"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:label-group/(?P<name>[^/]+)/"
    r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12})"
)
JAN = datetime(2024, 1, 1, tzinfo=timezone.utc)


def at(day: int, hour: int = 0) -> datetime:
    return JAN.replace(day=day, hour=hour)


def label_params(group: str, overrides: dict[str, Any]) -> dict[str, Any]:
    defaults = {"StartTime": at(1), "EndTime": at(2), "Rating": "ANOMALY"}
    return {"LabelGroupName": group, **defaults, **overrides}


def new_label(client: Any, group: str = "pumps", **kwargs: Any) -> str:
    return str(client.create_label(**label_params(group, kwargs))["LabelId"])


def label_error(client: Any, group: str = "pumps", **kwargs: Any) -> tuple[str, str]:
    """The error code and message of a CreateLabel that is expected to fail."""
    return error_raised_by(client.create_label, **label_params(group, kwargs))


@pytest.fixture
def pumps(client: Any) -> str:
    """A label group with three fault codes."""
    return str(
        client.create_label_group(LabelGroupName="pumps", FaultCodes=["leak", "wear", "heat"])[
            "LabelGroupArn"
        ]
    )


# Label groups


def test_create_label_group_returns_name_and_arn_and_describe_shows_it(client: Any) -> None:
    with frozen_time("2024-05-06 07:08:09"):
        created = client.create_label_group(LabelGroupName="pumps", FaultCodes=["leak", "wear"])
    match = ARN.fullmatch(created["LabelGroupArn"])
    assert match and match["name"] == "pumps"
    assert created["LabelGroupName"] == "pumps"

    described = client.describe_label_group(LabelGroupName="pumps")
    assert described["LabelGroupArn"] == created["LabelGroupArn"]
    assert described["FaultCodes"] == ["leak", "wear"]
    stamp = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert described["CreatedAt"] == stamp
    assert described["UpdatedAt"] == stamp


def test_label_group_without_fault_codes_describes_an_empty_list(client: Any) -> None:
    client.create_label_group(LabelGroupName="plain")
    assert client.describe_label_group(LabelGroupName="plain")["FaultCodes"] == []


def test_label_group_name_in_use_is_a_conflict(client: Any, pumps: str) -> None:
    code, message = error_raised_by(client.create_label_group, LabelGroupName="pumps")
    assert code == "ConflictException"
    assert message == "Label group 'pumps' already exists."


def test_fifteen_label_groups_per_region_then_quota_exceeded(client: Any) -> None:
    for index in range(15):
        client.create_label_group(LabelGroupName=f"group-{index}")
    assert error_raised_by(client.create_label_group, LabelGroupName="one-too-many") == (
        "ServiceQuotaExceededException",
        "Service quota exceeded: at most 15 label groups are allowed per account and region.",
    )

    client.delete_label_group(LabelGroupName="group-0")
    client.create_label_group(LabelGroupName="one-too-many")
    other_region = boto3.client("lookoutequipment", region_name="eu-west-1")
    other_region.create_label_group(LabelGroupName="group-0")


def test_more_than_fifty_fault_codes_is_rejected(client: Any) -> None:
    codes = [f"code-{index}" for index in range(51)]
    code, message = error_raised_by(client.create_label_group, LabelGroupName="g", FaultCodes=codes)
    assert code == "ValidationException"
    assert "faultCodes" in message
    client.create_label_group(LabelGroupName="g", FaultCodes=codes[:50])
    assert len(client.describe_label_group(LabelGroupName="g")["FaultCodes"]) == 50


def test_create_label_group_client_token_replays_and_conflicts(client: Any) -> None:
    first = client.create_label_group(LabelGroupName="g", FaultCodes=["a"], ClientToken="tok-1")
    again = client.create_label_group(LabelGroupName="g", FaultCodes=["a"], ClientToken="tok-1")
    assert again["LabelGroupArn"] == first["LabelGroupArn"]
    assert len(client.list_label_groups()["LabelGroupSummaries"]) == 1

    code, message = error_raised_by(
        client.create_label_group, LabelGroupName="g", FaultCodes=["b"], ClientToken="tok-1"
    )
    assert (code, message) == (
        "ConflictException",
        "The client token 'tok-1' was already used by another CreateLabelGroup request with "
        "different parameters.",
    )

    client.delete_label_group(LabelGroupName="g")
    recreated = client.create_label_group(LabelGroupName="g", FaultCodes=["a"], ClientToken="tok-1")
    assert recreated["LabelGroupArn"] != first["LabelGroupArn"]


def test_describe_unknown_label_group_is_not_found(client: Any) -> None:
    code, message = error_raised_by(client.describe_label_group, LabelGroupName="nope")
    assert code == "ResourceNotFoundException"
    assert message == "Label group 'nope' does not exist."


def test_list_label_groups_in_creation_order_with_prefix_filter(client: Any) -> None:
    for name in ("pump-b", "fan", "pump-a", "Pump-c"):
        client.create_label_group(LabelGroupName=name)
    listed = client.list_label_groups()["LabelGroupSummaries"]
    assert [s["LabelGroupName"] for s in listed] == ["pump-b", "fan", "pump-a", "Pump-c"]
    assert set(listed[0]) == {"LabelGroupName", "LabelGroupArn", "CreatedAt", "UpdatedAt"}
    assert "NextToken" not in client.list_label_groups()

    filtered = client.list_label_groups(LabelGroupNameBeginsWith="pump")["LabelGroupSummaries"]
    assert [s["LabelGroupName"] for s in filtered] == ["pump-b", "pump-a"]


def test_list_label_groups_pages(client: Any) -> None:
    names = [f"g{index}" for index in range(5)]
    for name in names:
        client.create_label_group(LabelGroupName=name)
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 2}
    pages = 0
    while True:
        page = client.list_label_groups(**kwargs)
        pages += 1
        seen += [s["LabelGroupName"] for s in page["LabelGroupSummaries"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert seen == names
    assert pages == 3

    token = client.list_label_groups(MaxResults=2)["NextToken"]
    code, _ = error_raised_by(
        client.list_label_groups, NextToken=token, LabelGroupNameBeginsWith="g1"
    )
    assert code == "ValidationException"


def test_update_label_group_replaces_fault_codes_and_moves_updated_at(client: Any) -> None:
    with frozen_time("2024-01-01"):
        client.create_label_group(LabelGroupName="g", FaultCodes=["code1", "code2"])
    with frozen_time("2024-02-01"):
        assert client.update_label_group(LabelGroupName="g", FaultCodes=["code1", "code3"])
    described = client.describe_label_group(LabelGroupName="g")
    assert described["FaultCodes"] == ["code1", "code3"]
    assert described["CreatedAt"] == datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert described["UpdatedAt"] == datetime(2024, 2, 1, tzinfo=timezone.utc)
    listed = client.list_label_groups()["LabelGroupSummaries"][0]
    assert listed["UpdatedAt"] == datetime(2024, 2, 1, tzinfo=timezone.utc)

    client.update_label_group(LabelGroupName="g")
    assert client.describe_label_group(LabelGroupName="g")["FaultCodes"] == ["code1", "code3"]
    client.update_label_group(LabelGroupName="g", FaultCodes=[])
    assert client.describe_label_group(LabelGroupName="g")["FaultCodes"] == []


def test_removed_fault_code_stays_on_labels_but_cannot_be_used_again(
    client: Any, pumps: str
) -> None:
    label_id = new_label(client, FaultCode="leak")
    client.update_label_group(LabelGroupName="pumps", FaultCodes=["wear"])
    assert client.describe_label(LabelGroupName="pumps", LabelId=label_id)["FaultCode"] == "leak"
    code, _ = label_error(client, FaultCode="leak")
    assert code == "ValidationException"


def test_update_unknown_label_group_is_not_found(client: Any) -> None:
    code, message = error_raised_by(
        client.update_label_group, LabelGroupName="nope", FaultCodes=["a"]
    )
    assert (code, message) == ("ResourceNotFoundException", "Label group 'nope' does not exist.")


def test_delete_label_group_deletes_its_labels_and_tags(client: Any) -> None:
    first = client.create_label_group(
        LabelGroupName="pumps", FaultCodes=["leak"], Tags=[{"Key": "site", "Value": "north"}]
    )["LabelGroupArn"]
    label_id = new_label(client, FaultCode="leak")
    client.delete_label_group(LabelGroupName="pumps")

    code, _ = error_raised_by(client.describe_label_group, LabelGroupName="pumps")
    assert code == "ResourceNotFoundException"
    assert client.list_label_groups()["LabelGroupSummaries"] == []
    code, _ = error_raised_by(client.list_tags_for_resource, ResourceArn=first)
    assert code == "ResourceNotFoundException"

    second = client.create_label_group(LabelGroupName="pumps")["LabelGroupArn"]
    assert second != first
    assert client.list_tags_for_resource(ResourceArn=second)["Tags"] == []
    assert client.list_labels(LabelGroupName="pumps")["LabelSummaries"] == []
    code, _ = error_raised_by(client.describe_label, LabelGroupName="pumps", LabelId=label_id)
    assert code == "ResourceNotFoundException"


def test_delete_unknown_label_group_is_not_found(client: Any) -> None:
    code, message = error_raised_by(client.delete_label_group, LabelGroupName="nope")
    assert code == "ResourceNotFoundException"
    assert message == "Label group 'nope' does not exist."


# Tags on label groups


def test_tags_at_creation_and_through_the_tag_operations(client: Any) -> None:
    arn = client.create_label_group(LabelGroupName="g", Tags=[{"Key": "site", "Value": "north"}])[
        "LabelGroupArn"
    ]
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "site", "Value": "north"}
    ]
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "ops"}])
    client.untag_resource(ResourceArn=arn, TagKeys=["site"])
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "ops"}
    ]


def test_too_many_tags_at_creation_creates_nothing(client: Any) -> None:
    tags = [{"Key": f"k{index}", "Value": "v"} for index in range(51)]
    code, _ = error_raised_by(client.create_label_group, LabelGroupName="g", Tags=tags)
    assert code == "ServiceQuotaExceededException"
    code, _ = error_raised_by(client.describe_label_group, LabelGroupName="g")
    assert code == "ResourceNotFoundException"


def test_tagging_an_unknown_label_group_arn_is_not_found(client: Any, pumps: str) -> None:
    unknown = pumps.replace("/pumps/", "/other/")
    code, _ = error_raised_by(
        client.tag_resource, ResourceArn=unknown, Tags=[{"Key": "a", "Value": ""}]
    )
    assert code == "ResourceNotFoundException"


# Labels


def test_create_label_and_describe_every_field(client: Any, pumps: str) -> None:
    with frozen_time("2024-03-03 03:03:03"):
        label_id = new_label(
            client,
            StartTime=at(1, 6),
            EndTime=at(2, 18),
            Rating="NO_ANOMALY",
            FaultCode="wear",
            Notes="bearing replaced",
            Equipment="pump-7",
        )
    assert re.fullmatch(r"[0-9a-f]{32}", label_id)
    described = client.describe_label(LabelGroupName="pumps", LabelId=label_id)
    described.pop("ResponseMetadata")
    assert described == {
        "LabelGroupName": "pumps",
        "LabelGroupArn": pumps,
        "LabelId": label_id,
        "StartTime": at(1, 6),
        "EndTime": at(2, 18),
        "Rating": "NO_ANOMALY",
        "FaultCode": "wear",
        "Notes": "bearing replaced",
        "Equipment": "pump-7",
        "CreatedAt": datetime(2024, 3, 3, 3, 3, 3, tzinfo=timezone.utc),
    }


def test_label_without_optional_members_leaves_them_out(client: Any, pumps: str) -> None:
    label_id = new_label(client, Rating="NEUTRAL")
    described = client.describe_label(LabelGroupName="pumps", LabelId=label_id)
    assert described["Rating"] == "NEUTRAL"
    assert not {"FaultCode", "Notes", "Equipment"} & set(described)


@pytest.mark.parametrize("end", [at(1), datetime(2023, 12, 31, tzinfo=timezone.utc)])
def test_label_start_must_be_before_end(client: Any, pumps: str, end: datetime) -> None:
    assert label_error(client, EndTime=end) == (
        "ValidationException",
        f"The label's StartTime ({at(1).isoformat()}) must be before its EndTime "
        f"({end.isoformat()}).",
    )
    assert client.list_labels(LabelGroupName="pumps")["LabelSummaries"] == []


def test_label_fault_code_must_be_one_of_the_groups(client: Any, pumps: str) -> None:
    code, message = label_error(client, FaultCode="LEAK")
    assert code == "ValidationException"
    assert message == (
        "Fault code 'LEAK' is not one of the fault codes of label group 'pumps' (leak, wear, heat)."
    )


def test_fault_code_on_a_group_without_fault_codes_is_rejected(client: Any) -> None:
    client.create_label_group(LabelGroupName="plain")
    assert label_error(client, group="plain", FaultCode="leak") == (
        "ValidationException",
        "Fault code 'leak' is not one of the fault codes of label group 'plain' (none).",
    )


def test_label_rating_outside_the_enum_is_rejected(client: Any, pumps: str) -> None:
    code, message = label_error(client, Rating="NORMAL")
    assert code == "ValidationException"
    assert "'NORMAL' at 'rating'" in message


def test_label_in_an_unknown_group_is_not_found(client: Any) -> None:
    code, message = label_error(client, group="nope")
    assert code == "ResourceNotFoundException"
    assert message == "Label group 'nope' does not exist."


def test_create_label_client_token_replays_and_conflicts(client: Any, pumps: str) -> None:
    first = new_label(client, ClientToken="tok")
    assert new_label(client, ClientToken="tok") == first
    assert len(client.list_labels(LabelGroupName="pumps")["LabelSummaries"]) == 1

    code, _ = label_error(client, EndTime=at(3), ClientToken="tok")
    assert code == "ConflictException"

    client.delete_label(LabelGroupName="pumps", LabelId=first)
    assert new_label(client, ClientToken="tok") != first


def test_describe_label_unknown_group_or_id_is_not_found(client: Any, pumps: str) -> None:
    label_id = new_label(client)
    code, message = error_raised_by(
        client.describe_label, LabelGroupName="pumps", LabelId="ab" * 16
    )
    assert code == "ResourceNotFoundException"
    assert message == f"Label '{'ab' * 16}' does not exist in label group 'pumps'."
    code, _ = error_raised_by(client.describe_label, LabelGroupName="nope", LabelId=label_id)
    assert code == "ResourceNotFoundException"


def test_list_labels_in_creation_order_without_notes(client: Any, pumps: str) -> None:
    later = new_label(client, StartTime=at(5), EndTime=at(6), Notes="n")
    earlier = new_label(client, StartTime=at(1), EndTime=at(2))
    summaries = client.list_labels(LabelGroupName="pumps")["LabelSummaries"]
    assert [s["LabelId"] for s in summaries] == [later, earlier]
    assert "Notes" not in summaries[0]
    assert summaries[0]["LabelGroupArn"] == pumps
    assert summaries[0]["StartTime"] == at(5)


@pytest.fixture
def week(client: Any, pumps: str) -> dict[str, str]:
    """Labels on days 1-2, 3-4 and 5-6 of January, with different fault codes and equipment."""
    return {
        "a": new_label(client, StartTime=at(1), EndTime=at(2), FaultCode="leak", Equipment="p1"),
        "b": new_label(client, StartTime=at(3), EndTime=at(4), FaultCode="wear", Equipment="p1"),
        "c": new_label(client, StartTime=at(5), EndTime=at(6), FaultCode="leak", Equipment="p2"),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, "abc"),
        # IntervalStartTime keeps labels that end at or after it.
        ({"IntervalStartTime": at(4)}, "bc"),
        ({"IntervalStartTime": at(4, 1)}, "c"),
        # IntervalEndTime keeps labels that start before it.
        ({"IntervalEndTime": at(3)}, "a"),
        ({"IntervalEndTime": at(3, 1)}, "ab"),
        ({"IntervalStartTime": at(2), "IntervalEndTime": at(5)}, "ab"),
        ({"IntervalStartTime": at(2, 12), "IntervalEndTime": at(2, 18)}, ""),
        ({"FaultCode": "leak"}, "ac"),
        ({"FaultCode": "Leak"}, ""),
        ({"Equipment": "p1"}, "ab"),
        ({"Equipment": "p1", "FaultCode": "leak"}, "a"),
        ({"Equipment": "p2", "IntervalEndTime": at(5)}, ""),
    ],
)
def test_list_labels_filters(
    client: Any, week: dict[str, str], filters: dict[str, Any], expected: str
) -> None:
    summaries = client.list_labels(LabelGroupName="pumps", **filters)["LabelSummaries"]
    assert [s["LabelId"] for s in summaries] == [week[key] for key in expected]


def test_list_labels_pages_and_binds_tokens_to_filters(client: Any, week: dict[str, str]) -> None:
    first = client.list_labels(LabelGroupName="pumps", MaxResults=2)
    assert [s["LabelId"] for s in first["LabelSummaries"]] == [week["a"], week["b"]]
    second = client.list_labels(LabelGroupName="pumps", MaxResults=2, NextToken=first["NextToken"])
    assert [s["LabelId"] for s in second["LabelSummaries"]] == [week["c"]]
    assert "NextToken" not in second

    code, _ = error_raised_by(
        client.list_labels, LabelGroupName="pumps", FaultCode="leak", NextToken=first["NextToken"]
    )
    assert code == "ValidationException"


def test_deleting_each_page_of_1000_labels_before_the_next_deletes_them_all(
    client: Any, pumps: str
) -> None:
    created = [new_label(client, StartTime=at(1, hour % 24)) for hour in range(1000)]

    def delete(label_id: str) -> None:
        client.delete_label(LabelGroupName="pumps", LabelId=label_id)

    pages = pages_deleting_each(
        client.list_labels, "LabelSummaries", "LabelId", delete, LabelGroupName="pumps"
    )
    for label_id in pages[-1]:
        delete(label_id)

    assert [len(page) for page in pages] == [50] * 20
    assert [label_id for page in pages for label_id in page] == created
    assert client.list_labels(LabelGroupName="pumps")["LabelSummaries"] == []


def test_labels_created_between_pages_appear_on_a_later_page(client: Any, pumps: str) -> None:
    created = [new_label(client, FaultCode="leak") for _ in range(5)]

    def add(ids: list[str]) -> None:
        created.append(new_label(client, FaultCode="leak"))
        new_label(client, FaultCode="wear")

    pages = pages_of(
        client.list_labels,
        "LabelSummaries",
        "LabelId",
        add,
        LabelGroupName="pumps",
        FaultCode="leak",
        MaxResults=3,
    )

    # The leak label created after the first page is the last of the second.
    assert pages == [created[:3], created[3:]]
    assert len(created) == 6


def test_label_groups_deleted_or_created_between_pages_are_never_skipped(client: Any) -> None:
    names = [f"group-{index:02}" for index in range(9)]
    for name in names:
        client.create_label_group(LabelGroupName=name)

    def replace(listed: list[str]) -> None:
        for name in listed:
            client.delete_label_group(LabelGroupName=name)
        names.append(f"group-{len(names):02}")
        client.create_label_group(LabelGroupName=names[-1])

    pages = pages_of(
        client.list_label_groups, "LabelGroupSummaries", "LabelGroupName", replace, MaxResults=2
    )

    assert [name for page in pages for name in page] == names
    assert len(set(names)) == len(names)


def test_a_label_group_token_is_refused_by_list_labels(client: Any, week: dict[str, str]) -> None:
    client.create_label_group(LabelGroupName="fans")
    token = client.list_label_groups(MaxResults=1)["NextToken"]

    assert error_raised_by(client.list_labels, LabelGroupName="pumps", NextToken=token) == (
        "ValidationException",
        INVALID_NEXT_TOKEN,
    )


def test_list_labels_of_an_unknown_group_is_empty(client: Any) -> None:
    answer = client.list_labels(LabelGroupName="nope")
    assert answer["LabelSummaries"] == []
    assert "NextToken" not in answer


def test_a_deleted_label_is_gone_and_cannot_be_deleted_again(client: Any, pumps: str) -> None:
    kept, deleted = new_label(client), new_label(client)
    client.delete_label(LabelGroupName="pumps", LabelId=deleted)
    summaries = client.list_labels(LabelGroupName="pumps")["LabelSummaries"]
    assert [s["LabelId"] for s in summaries] == [kept]
    code, message = error_raised_by(client.delete_label, LabelGroupName="pumps", LabelId=deleted)
    assert (code, message) == (
        "ResourceNotFoundException",
        f"Label '{deleted}' does not exist in label group 'pumps'.",
    )
    code, _ = error_raised_by(client.delete_label, LabelGroupName="nope", LabelId=kept)
    assert code == "ResourceNotFoundException"


def test_label_group_lookups_are_per_region(client: Any, pumps: str) -> None:
    other = boto3.client("lookoutequipment", region_name="eu-west-1")
    code, _ = error_raised_by(other.describe_label_group, LabelGroupName="pumps")
    assert code == "ResourceNotFoundException"


# Server mode


@pytest.fixture
def server_client(lookoutequipment_server: LookoutEquipmentServer) -> Any:
    return lookoutequipment_server.client()


def test_server_mode_label_group_and_label_round_trip(server_client: Any) -> None:
    arn = server_client.create_label_group(
        LabelGroupName="pumps", FaultCodes=["leak"], Tags=[{"Key": "k", "Value": "v"}]
    )["LabelGroupArn"]
    assert ARN.fullmatch(arn)
    label_id = new_label(server_client, FaultCode="leak", Equipment="p1")
    summaries = server_client.list_labels(LabelGroupName="pumps", FaultCode="leak")[
        "LabelSummaries"
    ]
    assert [(s["LabelId"], s["StartTime"]) for s in summaries] == [(label_id, at(1))]
    assert server_client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "k", "Value": "v"}
    ]
    server_client.delete_label_group(LabelGroupName="pumps")
    assert server_client.list_labels(LabelGroupName="pumps")["LabelSummaries"] == []


def test_server_mode_errors_keep_their_codes_and_messages(server_client: Any) -> None:
    server_client.create_label_group(LabelGroupName="pumps", FaultCodes=["leak"])
    assert error_raised_by(
        server_client.describe_label, LabelGroupName="pumps", LabelId="0" * 32
    ) == (
        "ResourceNotFoundException",
        f"Label '{'0' * 32}' does not exist in label group 'pumps'.",
    )
    code, _ = label_error(server_client, StartTime=at(2), EndTime=at(1))
    assert code == "ValidationException"
    assert error_raised_by(server_client.create_label_group, LabelGroupName="pumps") == (
        "ConflictException",
        "Label group 'pumps' already exists.",
    )


def test_the_readme_example_runs() -> None:
    run_readme_example("Label groups and labels", "test_labels")

"""ClientToken replays compare the request's values: tags as a set, JSON documents parsed.

decisions.md: "Same token + same parameters → the first response's identifiers with the
resource's current status, no new resource. Same token + different parameters →
`ConflictException`." Reordered tags and re-spaced JSON are the same parameters.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from model_helpers import SCHEMA, error

from moto_lookoutequipment.models.client_tokens import fingerprint

TAGS = [{"Key": "team", "Value": "pumps"}, {"Key": "site", "Value": "north"}]
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
            "Action": "lookoutequipment:ImportDataset",
            "Resource": "*",
        }
    ],
}


def create(client: Any, schema_text: str, tags: list[dict[str, str]]) -> Any:
    return client.create_dataset(
        DatasetName="pump",
        DatasetSchema={"InlineDataSchema": schema_text},
        Tags=tags,
        ClientToken="token-1",
    )


def test_reordered_tags_and_respaced_schema_replay_the_first_request(client: Any) -> None:
    first = create(client, json.dumps(SCHEMA), TAGS)

    again = create(client, json.dumps(SCHEMA, indent=2, sort_keys=True), TAGS[::-1])

    assert again["DatasetArn"] == first["DatasetArn"]
    assert [d["DatasetName"] for d in client.list_datasets()["DatasetSummaries"]] == ["pump"]


@pytest.mark.parametrize(
    ("schema_text", "tags"),
    [
        (json.dumps(SCHEMA), [TAGS[0], {"Key": "site", "Value": "south"}]),
        (json.dumps(SCHEMA), TAGS[:1]),
        (json.dumps(SCHEMA).replace("Sensor1", "Sensor9"), TAGS),
    ],
    ids=["another-tag-value", "a-tag-fewer", "another-schema"],
)
def test_other_values_are_still_a_conflict(
    client: Any, schema_text: str, tags: list[dict[str, str]]
) -> None:
    create(client, json.dumps(SCHEMA), TAGS)

    with pytest.raises(ClientError) as raised:
        create(client, schema_text, tags)

    assert error(raised) == (
        "ConflictException",
        "The client token 'token-1' was already used by another CreateDataset request with "
        "different parameters.",
    )


def test_a_respaced_policy_replays_the_first_put(client: Any) -> None:
    arn = client.create_dataset(DatasetName="pump", ClientToken="t")["DatasetArn"]
    first = client.put_resource_policy(
        ResourceArn=arn, ResourcePolicy=json.dumps(POLICY), ClientToken="p"
    )

    again = client.put_resource_policy(
        ResourceArn=arn, ResourcePolicy=json.dumps(POLICY, indent=4), ClientToken="p"
    )

    assert again["PolicyRevisionId"] == first["PolicyRevisionId"]


def test_the_fingerprint_reads_documents_and_tags_as_values() -> None:
    tags_first = fingerprint("CreateModel", {"ModelName": "m", "Tags": TAGS})
    assert fingerprint("CreateModel", {"Tags": TAGS[::-1], "ModelName": "m"}) == tags_first
    schema = {"DatasetSchema": {"InlineDataSchema": '{"a": 1, "b": [1, 2]}'}}
    respaced = {"DatasetSchema": {"InlineDataSchema": '{"b":[1,2],"a":1}'}}
    assert fingerprint("CreateModel", schema) == fingerprint("CreateModel", respaced)
    # A list that is not a tag list keeps its order; text that is not JSON stays text.
    reordered = {"FaultCodes": ["b", "a"]}
    assert fingerprint("CreateLabelGroup", {"FaultCodes": ["a", "b"]}) != fingerprint(
        "CreateLabelGroup", reordered
    )
    broken = {"ResourcePolicy": "{not json"}
    assert fingerprint("PutResourcePolicy", broken) != fingerprint(
        "PutResourcePolicy", {"ResourcePolicy": "{not  json"}
    )

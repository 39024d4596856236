"""A role passed to the service must be in the caller's account (decisions.md: "`RoleArn`
members: the role must be in the caller's account, else `AccessDeniedException` ("... is not
authorized to perform: iam:PassRole on resource: <arn>"). The role need not exist in moto's
IAM.")."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.model import StructureShape
from model_helpers import ACCOUNT_ID, DATASET, MODEL, WINDOWS, dataset_with_data, error

from moto_lookoutequipment import spec

FOREIGN_ROLE = "arn:aws:iam::222222222222:role/lookout"
OUTPUT = {"S3OutputConfiguration": {"Bucket": "output"}}
REQUESTS: dict[str, dict[str, Any]] = {
    "CreateInferenceScheduler": {
        "ModelName": MODEL,
        "InferenceSchedulerName": "s",
        "DataUploadFrequency": "PT5M",
        "DataInputConfiguration": {"S3InputConfiguration": {"Bucket": "input"}},
        "DataOutputConfiguration": OUTPUT,
        "ClientToken": "t",
    },
    "CreateModel": {"ModelName": MODEL, "DatasetName": DATASET, "ClientToken": "t", **WINDOWS},
    "ImportModelVersion": {
        "SourceModelVersionArn": (
            f"arn:aws:lookoutequipment:us-east-1:{ACCOUNT_ID}:model/m/"
            "7c8d1b2a-0000-4000-8000-000000000000/model-version/1"
        ),
        "DatasetName": DATASET,
        "ClientToken": "t",
    },
    "StartDataIngestionJob": {
        "DatasetName": DATASET,
        "IngestionInputConfiguration": {"S3InputConfiguration": {"Bucket": "input"}},
        "ClientToken": "t",
    },
    "UpdateInferenceScheduler": {"InferenceSchedulerName": "s"},
    "UpdateModel": {"ModelName": MODEL},
}


def operations_with_a_role() -> list[str]:
    found = []
    for name in spec.operation_names():
        shape = spec.operation(name).input_shape
        if isinstance(shape, StructureShape) and "RoleArn" in shape.members:
            found.append(name)
    return sorted(found)


def test_the_operations_checked_are_those_whose_input_has_a_role_arn() -> None:
    assert operations_with_a_role() == sorted(REQUESTS)


@pytest.mark.parametrize("operation", operations_with_a_role())
def test_a_role_of_another_account_is_access_denied(client: Any, operation: str) -> None:
    dataset_with_data(client)
    method = getattr(client, _snake(operation))

    with pytest.raises(ClientError) as raised:
        method(**REQUESTS[operation], RoleArn=FOREIGN_ROLE)

    assert error(raised) == (
        "AccessDeniedException",
        f"User: arn:aws:iam::{ACCOUNT_ID}:root is not authorized to perform: iam:PassRole on "
        f"resource: {FOREIGN_ROLE}",
    )


def test_a_refused_role_changes_nothing(client: Any) -> None:
    dataset_with_data(client)
    with pytest.raises(ClientError):
        client.create_model(**REQUESTS["CreateModel"], RoleArn=FOREIGN_ROLE)
    assert client.list_models()["ModelSummaries"] == []
    # The token was not used: the same request with a role of the account succeeds.
    own_role = f"arn:aws:iam::{ACCOUNT_ID}:role/lookout"
    created = client.create_model(**REQUESTS["CreateModel"], RoleArn=own_role)
    assert created["Status"] == "IN_PROGRESS"


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")

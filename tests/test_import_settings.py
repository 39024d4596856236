"""What an import into an existing model changes on the model: nothing until its version is
activated (decisions.md: "Existing target model: the import adds version highest+1 and does
**not** change the active version."); once activated, DescribeModel describes the active
version ("ServerSideKmsKeyId: Provides the identifier of the KMS key used to encrypt model
data"), and the labels and role the import was given become the model's."""

from __future__ import annotations

from typing import Any

import boto3
from model_helpers import (
    DATASET,
    MODEL,
    REGION,
    ROLE_ARN,
    dataset_with_data,
    source_arn,
    train_model,
)

__all__ = ["source_arn"]

OTHER_ROLE = ROLE_ARN + "-imports"


def keys() -> tuple[str, str]:
    kms = boto3.client("kms", region_name=REGION)
    first, second = (kms.create_key()["KeyMetadata"]["Arn"] for _ in range(2))
    return first, second


def settings(client: Any) -> tuple[Any, Any, Any, int]:
    model = client.describe_model(ModelName=MODEL)
    return (
        model.get("LabelsInputConfiguration"),
        model.get("RoleArn"),
        model.get("ServerSideKmsKeyId"),
        model["ActiveModelVersion"],
    )


def test_an_import_changes_the_models_settings_only_once_activated(client: Any) -> None:
    first_key, import_key = keys()
    client.create_label_group(LabelGroupName="old")
    client.create_label_group(LabelGroupName="new")
    dataset_with_data(client)
    arn = train_model(
        client,
        LabelsInputConfiguration={"LabelGroupName": "old"},
        RoleArn=ROLE_ARN,
        ServerSideKmsKeyId=first_key,
    )
    client.import_model_version(
        SourceModelVersionArn=f"{arn}/model-version/1",
        DatasetName=DATASET,
        LabelsInputConfiguration={"LabelGroupName": "new"},
        RoleArn=OTHER_ROLE,
        ServerSideKmsKeyId=import_key,
    )
    assert client.describe_model_version(ModelName=MODEL, ModelVersion=2)["Status"] == "SUCCESS"
    assert settings(client) == ({"LabelGroupName": "old"}, ROLE_ARN, first_key, 1)

    client.update_active_model_version(ModelName=MODEL, ModelVersion=2)
    assert settings(client) == ({"LabelGroupName": "new"}, OTHER_ROLE, import_key, 2)

    # Back to the trained version: its key again; the labels and role stay the model's.
    client.update_active_model_version(ModelName=MODEL, ModelVersion=1)
    assert settings(client) == ({"LabelGroupName": "new"}, OTHER_ROLE, first_key, 1)


def test_an_import_given_no_labels_role_or_key_keeps_the_labels_and_role(
    client: Any, source_arn: str
) -> None:
    client.update_model(
        ModelName=MODEL, RoleArn=ROLE_ARN, LabelsInputConfiguration=_group(client, "kept")
    )
    client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)
    client.describe_model_version(ModelName=MODEL, ModelVersion=2)

    client.update_active_model_version(ModelName=MODEL, ModelVersion=2)

    # The imported model data is not encrypted with a key of the caller's: no key is shown.
    assert settings(client) == ({"LabelGroupName": "kept"}, ROLE_ARN, None, 2)


def _group(client: Any, name: str) -> dict[str, str]:
    client.create_label_group(LabelGroupName=name)
    return {"LabelGroupName": name}

"""ImportModelVersion: same-account and cross-account imports, point by point."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from model_helpers import (
    ACCOUNT_ID,
    DATASET,
    MODEL,
    OTHER_ACCOUNT_ID,
    REGION,
    ROLE_ARN,
    SCHEMA,
    backend_of,
    dataset_with_data,
    day,
    error,
    held,
    import_policy,
    pump_data,
    session_in,
    train_model,
)

TARGET_DATASET = "imported-data"


@pytest.fixture
def source_arn(client: Any) -> str:
    """Version 1 of a trained model in the default account."""
    dataset_with_data(client)
    arn = train_model(client)
    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"
    return f"{arn}/model-version/1"


@pytest.fixture
def target(aws: None) -> Any:
    """A client acting as the other account, which has a dataset to attach imports to."""
    other = session_in(OTHER_ACCOUNT_ID).client("lookoutequipment")
    other.create_dataset(
        DatasetName=TARGET_DATASET, DatasetSchema={"InlineDataSchema": json.dumps(SCHEMA)}
    )
    return other


def answer(response: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


# Same account


def test_import_into_a_new_model_creates_version_1_and_activates_it(
    client: Any, source_arn: str
) -> None:
    imported = client.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="copy"
    )

    arn = imported["ModelArn"]
    assert arn.startswith(f"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:model/copy/")
    assert answer(imported) == {
        "ModelName": "copy",
        "ModelArn": arn,
        "ModelVersionArn": f"{arn}/model-version/1",
        "ModelVersion": 1,
        "Status": "IMPORT_IN_PROGRESS",
    }
    version = client.describe_model_version(ModelName="copy", ModelVersion=1)
    source = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
    assert version["Status"] == "SUCCESS"
    assert version["SourceType"] == "IMPORT"
    assert version["SourceModelVersionArn"] == source_arn
    assert version["ImportJobEndTime"] >= version["ImportJobStartTime"]
    assert version["ImportedDataSizeInBytes"] > 0
    for copied in ("Schema", "ModelMetrics", "TrainingDataStartTime", "EvaluationDataEndTime"):
        assert version[copied] == source[copied]
    assert version["DatasetArn"] == source["DatasetArn"]
    assert "TrainingExecutionStartTime" not in version
    model = client.describe_model(ModelName="copy")
    assert model["Status"] == "SUCCESS"
    assert model["ActiveModelVersion"] == 1
    assert model["SourceModelVersionArn"] == source_arn
    assert model["ImportJobStartTime"] == version["ImportJobStartTime"]
    assert model["ImportJobEndTime"] == version["ImportJobEndTime"]
    assert model["ModelMetrics"] == source["ModelMetrics"]


def test_the_trained_parameters_are_copied(client: Any, source_arn: str) -> None:
    client.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="copy"
    )
    models = backend_of().ml_models
    source = models.get(MODEL).active_version
    copy = models.get("copy").active_version

    client.delete_model(ModelName=MODEL)

    assert copy.trained is not None
    assert copy.trained.sensors == source.outcome.trained.sensors
    assert copy.trained is not source.outcome.trained


def test_import_into_an_existing_model_adds_a_version_without_activating_it(
    client: Any, source_arn: str
) -> None:
    with held("model", "modelversion"):
        imported = client.import_model_version(
            SourceModelVersionArn=source_arn, DatasetName=DATASET
        )
        during = client.describe_model(ModelName=MODEL)

    assert (imported["ModelName"], imported["ModelVersion"]) == (MODEL, 2)
    assert during["Status"] == "IMPORT_IN_PROGRESS"
    assert during["ActiveModelVersion"] == 1
    model = client.describe_model(ModelName=MODEL)
    assert model["Status"] == "SUCCESS"
    assert model["ActiveModelVersion"] == 1
    assert "SourceModelVersionArn" not in model
    again = client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)
    assert again["ModelVersion"] == 3


def test_labels_role_key_and_tags_are_kept(client: Any, source_arn: str) -> None:
    client.create_label_group(LabelGroupName="failures")
    key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]
    labels = {"LabelGroupName": "failures"}
    tags = [{"Key": "origin", "Value": "dev"}]

    imported = client.import_model_version(
        SourceModelVersionArn=source_arn,
        DatasetName=DATASET,
        ModelName="copy",
        LabelsInputConfiguration=labels,
        RoleArn=ROLE_ARN,
        ServerSideKmsKeyId=key["KeyId"],
        Tags=tags,
    )

    version = client.describe_model_version(ModelName="copy", ModelVersion=1)
    assert version["LabelsInputConfiguration"] == labels
    assert version["RoleArn"] == ROLE_ARN
    assert version["ServerSideKmsKeyId"] == key["Arn"]
    model = client.describe_model(ModelName="copy")
    assert model["LabelsInputConfiguration"] == labels
    assert model["RoleArn"] == ROLE_ARN
    assert model["ServerSideKmsKeyId"] == key["Arn"]
    for arn in (imported["ModelArn"], imported["ModelVersionArn"]):
        assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == tags


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"LabelsInputConfiguration": {"LabelGroupName": "nope"}}, "ResourceNotFoundException"),
        (
            {"LabelsInputConfiguration": {"S3InputConfiguration": {"Bucket": "labels"}}},
            "ValidationException",
        ),
        ({"ServerSideKmsKeyId": "alias/nope"}, "ValidationException"),
        ({"DatasetName": "nope"}, "ResourceNotFoundException"),
    ],
)
def test_import_rejects_what_it_cannot_use(
    client: Any, source_arn: str, extra: dict[str, Any], code: str
) -> None:
    params = {"SourceModelVersionArn": source_arn, "DatasetName": DATASET, "ModelName": "copy"}

    with pytest.raises(ClientError) as info:
        client.import_model_version(**{**params, **extra})

    assert error(info)[0] == code
    assert "copy" not in [m["ModelName"] for m in client.list_models()["ModelSummaries"]]


def test_a_missing_dataset_is_named(client: Any, source_arn: str) -> None:
    with pytest.raises(ClientError) as info:
        client.import_model_version(SourceModelVersionArn=source_arn, DatasetName="nope")

    assert error(info) == ("ResourceNotFoundException", "Dataset 'nope' does not exist.")


def test_the_dataset_must_have_the_model_sensors(client: Any, source_arn: str) -> None:
    other = {
        "Components": [
            {
                "ComponentName": "fan",
                "Columns": [
                    {"Name": "Timestamp", "Type": "DATETIME"},
                    {"Name": "Speed", "Type": "DOUBLE"},
                ],
            }
        ]
    }
    client.create_dataset(DatasetName="fan", DatasetSchema={"InlineDataSchema": json.dumps(other)})

    with pytest.raises(ClientError) as info:
        client.import_model_version(SourceModelVersionArn=source_arn, DatasetName="fan")

    assert error(info) == (
        "ValidationException",
        "The model version names sensors that dataset 'fan' does not have: "
        "pump\\Sensor0, pump\\Sensor1.",
    )


@pytest.mark.parametrize(
    "mangle",
    [
        lambda arn: arn.replace("model-version/1", "model-version/9"),
        lambda arn: arn.replace(MODEL, "other-model"),
        lambda arn: arn[: arn.index("/model-version")] + "0/model-version/1",
        lambda arn: arn.replace(ACCOUNT_ID, "333333333333"),
    ],
)
def test_a_missing_source_is_not_found(client: Any, source_arn: str, mangle: Any) -> None:
    missing = mangle(source_arn)

    with pytest.raises(ClientError) as info:
        client.import_model_version(SourceModelVersionArn=missing, DatasetName=DATASET)

    assert error(info) == (
        "ResourceNotFoundException",
        f"Model version '{missing}' does not exist.",
    )


def test_a_malformed_source_arn_is_invalid(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.import_model_version(
            SourceModelVersionArn=f"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:dataset/d/1",
            DatasetName=DATASET,
        )

    assert error(info)[0] == "ValidationException"
    assert "sourceModelVersionArn" in error(info)[1]


def test_only_successful_versions_can_be_imported(client: Any) -> None:
    data = pump_data()
    for column in data.components["pump"].values.values():
        for index in range(len(column)):
            column[index] = float("nan")
    dataset_with_data(client, data=data)
    arn = train_model(client)

    with pytest.raises(ClientError) as info:
        client.import_model_version(
            SourceModelVersionArn=f"{arn}/model-version/1", DatasetName=DATASET
        )

    code, message = error(info)
    assert code == "ValidationException"
    assert message == (
        f"Model version '{arn}/model-version/1' is FAILED; only a successfully trained "
        "(SUCCESS) model version can be imported."
    )


def test_a_busy_target_model_conflicts(client: Any, source_arn: str) -> None:
    with held("model"):
        client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)
        with pytest.raises(ClientError) as info:
            client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)

    assert error(info) == (
        "ConflictException",
        f"Model '{MODEL}' cannot take an import now: an import of it is in progress "
        "(IMPORT_IN_PROGRESS).",
    )


def test_a_replay_returns_the_same_version_with_its_current_status(
    client: Any, source_arn: str
) -> None:
    params = {
        "SourceModelVersionArn": source_arn,
        "DatasetName": DATASET,
        "ModelName": "copy",
        "ClientToken": "import-1",
    }

    first = client.import_model_version(**params)
    again = client.import_model_version(**params)

    assert first["Status"] == "IMPORT_IN_PROGRESS"
    assert answer(again) == {**answer(first), "Status": "SUCCESS"}
    assert [
        v["ModelVersion"]
        for v in client.list_model_versions(ModelName="copy")["ModelVersionSummaries"]
    ] == [1]
    with pytest.raises(ClientError) as info:
        client.import_model_version(**{**params, "ModelName": "copy-2"})
    assert error(info)[0] == "ConflictException"
    assert "import-1" in error(info)[1]


def test_the_models_quota_counts_imports(client: Any, source_arn: str) -> None:
    for index in range(14):
        client.import_model_version(
            SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName=f"copy-{index}"
        )

    with pytest.raises(ClientError) as info:
        client.import_model_version(
            SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="one-too-many"
        )

    assert error(info)[0] == "ServiceQuotaExceededException"
    # A new version of an existing model is still fine.
    client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)


def test_the_trainings_in_progress_quota_counts_imports(client: Any, source_arn: str) -> None:
    with held("model"):
        for index in range(5):
            client.import_model_version(
                SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName=f"copy-{index}"
            )
        with pytest.raises(ClientError) as info:
            client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)

    assert error(info)[0] == "ServiceQuotaExceededException"


# Accumulated inference data


def inference_span(client: Any, name: str) -> tuple[Any, Any] | None:
    model = client.describe_model(ModelName=name)
    if "AccumulatedInferenceDataStartTime" not in model:
        return None
    return model["AccumulatedInferenceDataStartTime"], model["AccumulatedInferenceDataEndTime"]


@pytest.mark.parametrize(
    ("strategy", "target_had_data", "expected"),
    [
        (None, False, None),
        ("NO_IMPORT", True, (day(400), day(401))),
        ("ADD_WHEN_EMPTY", False, (day(300), day(310))),
        ("ADD_WHEN_EMPTY", True, (day(400), day(401))),
        ("OVERWRITE", True, (day(300), day(310))),
    ],
)
def test_inference_data_follows_the_import_strategy(
    client: Any,
    source_arn: str,
    strategy: str | None,
    target_had_data: bool,
    expected: tuple[Any, Any] | None,
) -> None:
    models = backend_of().ml_models
    models.get(MODEL).record_inference_data(day(300), day(310))
    client.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="t"
    )
    client.describe_model(ModelName="t")
    if target_had_data:
        models.get("t").record_inference_data(day(400), day(401))
    params = {"SourceModelVersionArn": source_arn, "DatasetName": DATASET, "ModelName": "t"}
    if strategy is not None:
        params["InferenceDataImportStrategy"] = strategy

    client.import_model_version(**params)

    assert inference_span(client, "t") == expected


# Across accounts


def test_cross_account_import_needs_a_policy(client: Any, source_arn: str, target: Any) -> None:
    with pytest.raises(ClientError) as info:
        target.import_model_version(SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET)

    code, message = error(info)
    assert code == "AccessDeniedException"
    assert message.startswith(f"Account {OTHER_ACCOUNT_ID} is not allowed to import model version")
    assert target.list_models()["ModelSummaries"] == []


@pytest.mark.parametrize(
    "principal",
    [
        f"arn:aws:iam::{OTHER_ACCOUNT_ID}:root",
        f"arn:aws:iam::{OTHER_ACCOUNT_ID}:role/importer",
        OTHER_ACCOUNT_ID,
        "*",
    ],
)
def test_a_policy_on_the_version_lets_another_account_import(
    client: Any, source_arn: str, target: Any, principal: str
) -> None:
    client.put_resource_policy(
        ResourceArn=source_arn, ResourcePolicy=import_policy(principal, source_arn)
    )

    imported = target.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET
    )

    assert imported["ModelName"] == MODEL
    assert imported["ModelArn"].startswith(
        f"arn:aws:lookoutequipment:{REGION}:{OTHER_ACCOUNT_ID}:model/{MODEL}/"
    )
    version = target.describe_model_version(ModelName=MODEL, ModelVersion=1)
    assert version["Status"] == "SUCCESS"
    assert version["SourceModelVersionArn"] == source_arn
    assert version["DatasetName"] == TARGET_DATASET
    assert target.describe_model(ModelName=MODEL)["ActiveModelVersion"] == 1
    # Nothing changed in the source account.
    assert len(client.list_model_versions(ModelName=MODEL)["ModelVersionSummaries"]) == 1


def test_a_policy_on_the_model_covers_its_versions(
    client: Any, source_arn: str, target: Any
) -> None:
    model_arn = source_arn[: source_arn.index("/model-version")]
    client.put_resource_policy(
        ResourceArn=model_arn,
        ResourcePolicy=import_policy(f"arn:aws:iam::{OTHER_ACCOUNT_ID}:root", f"{model_arn}*"),
    )

    imported = target.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET, ModelName="from-dev"
    )

    assert imported["ModelName"] == "from-dev"


def test_a_policy_for_another_account_does_not_help(
    client: Any, source_arn: str, target: Any
) -> None:
    client.put_resource_policy(
        ResourceArn=source_arn, ResourcePolicy=import_policy("333333333333", source_arn)
    )

    with pytest.raises(ClientError) as info:
        target.import_model_version(SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET)

    assert error(info)[0] == "AccessDeniedException"


def test_a_deny_on_the_version_wins_over_an_allow_on_the_model(
    client: Any, source_arn: str, target: Any
) -> None:
    model_arn = source_arn[: source_arn.index("/model-version")]
    client.put_resource_policy(
        ResourceArn=model_arn, ResourcePolicy=import_policy("*", f"{model_arn}*")
    )
    client.put_resource_policy(
        ResourceArn=source_arn,
        ResourcePolicy=import_policy(OTHER_ACCOUNT_ID, source_arn, effect="Deny"),
    )

    with pytest.raises(ClientError) as info:
        target.import_model_version(SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET)

    assert error(info)[0] == "AccessDeniedException"


def test_the_importing_data_condition_is_honoured(
    client: Any, source_arn: str, target: Any
) -> None:
    only_metadata = {"Bool": {"lookoutequipment:IsImportingData": "false"}}
    client.put_resource_policy(
        ResourceArn=source_arn,
        ResourcePolicy=import_policy(OTHER_ACCOUNT_ID, source_arn, condition=only_metadata),
    )
    params = {"SourceModelVersionArn": source_arn, "DatasetName": TARGET_DATASET}

    with pytest.raises(ClientError) as info:
        target.import_model_version(**params, InferenceDataImportStrategy="OVERWRITE")
    assert error(info)[0] == "AccessDeniedException"

    imported = target.import_model_version(**params, InferenceDataImportStrategy="NO_IMPORT")
    assert imported["ModelVersion"] == 1


def test_a_missing_source_in_another_account_is_not_found(
    client: Any, source_arn: str, target: Any
) -> None:
    missing = source_arn.replace("model-version/1", "model-version/2")

    with pytest.raises(ClientError) as info:
        target.import_model_version(SourceModelVersionArn=missing, DatasetName=TARGET_DATASET)

    assert error(info)[0] == "ResourceNotFoundException"


def test_the_target_dataset_must_be_in_the_callers_account(
    client: Any, source_arn: str, target: Any
) -> None:
    client.put_resource_policy(
        ResourceArn=source_arn, ResourcePolicy=import_policy("*", source_arn)
    )

    with pytest.raises(ClientError) as info:
        target.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)

    assert error(info) == ("ResourceNotFoundException", f"Dataset '{DATASET}' does not exist.")


def test_imported_inference_data_crosses_accounts(
    client: Any, source_arn: str, target: Any
) -> None:
    client.put_resource_policy(
        ResourceArn=source_arn, ResourcePolicy=import_policy("*", source_arn)
    )
    backend_of().ml_models.get(MODEL).record_inference_data(day(300), day(310))

    target.import_model_version(
        SourceModelVersionArn=source_arn,
        DatasetName=TARGET_DATASET,
        InferenceDataImportStrategy="ADD_WHEN_EMPTY",
    )

    assert inference_span(target, MODEL) == (day(300), day(310))
    imported = backend_of(OTHER_ACCOUNT_ID).ml_models.get(MODEL)
    assert imported.active_version.trained.sensors == (
        backend_of().ml_models.get(MODEL).active_version.trained.sensors
    )

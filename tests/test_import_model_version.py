"""ImportModelVersion: same-account and cross-account imports, point by point."""

from __future__ import annotations

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
    TARGET_DATASET,
    backend_of,
    dataset_with_data,
    day,
    error,
    held,
    import_denied,
    import_policy,
    source_arn,
    stepped,
    target,
)

__all__ = ["source_arn", "target"]


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


@pytest.mark.in_process(reason="reads the backend")
def test_the_trained_parameters_are_copied(client: Any, source_arn: str) -> None:
    client.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="copy"
    )
    client.describe_model(ModelName="copy")
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
    assert error(info) == (
        "ConflictException",
        "The client token 'import-1' was already used by another ImportModelVersion request "
        "with different parameters.",
    )


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
        ("OVERWRITE", False, (day(300), day(310))),
        ("OVERWRITE", True, (day(300), day(310))),
    ],
)
@pytest.mark.in_process(reason="reads the backend")
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

    assert error(info) == import_denied(OTHER_ACCOUNT_ID, source_arn)


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

    assert error(info) == import_denied(OTHER_ACCOUNT_ID, source_arn)


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
    assert error(info) == import_denied(OTHER_ACCOUNT_ID, source_arn)

    imported = target.import_model_version(**params, InferenceDataImportStrategy="NO_IMPORT")
    assert imported["ModelVersion"] == 1


@pytest.mark.in_process(reason="reads the backend")
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


# Statuses over time, FAILED and CANCELED


def test_an_import_moves_through_its_statuses_one_observation_at_a_time(
    client: Any, source_arn: str
) -> None:
    request = {
        "SourceModelVersionArn": source_arn,
        "DatasetName": DATASET,
        "ModelName": "copy",
        "ClientToken": "poll",
    }
    with stepped(model=3, modelversion=2):
        assert client.import_model_version(**request)["Status"] == "IMPORT_IN_PROGRESS"
        version = client.describe_model_version(ModelName="copy", ModelVersion=1)
        model = client.describe_model(ModelName="copy")
        replayed = client.import_model_version(**request)
        settled = client.describe_model(ModelName="copy")

    assert version["Status"] == "IMPORT_IN_PROGRESS"
    assert "ImportJobStartTime" in version
    for absent in ("ImportJobEndTime", "ModelMetrics", "ModelQuality", "FailedReason"):
        assert absent not in version
    # The version has finished, the model not yet: it shows no outcome.
    assert model["Status"] == "IMPORT_IN_PROGRESS"
    for absent in ("ActiveModelVersion", "ModelMetrics", "ModelQuality", "ImportJobEndTime"):
        assert absent not in model
    # Polling by replay observes the model too.
    assert replayed["Status"] == "SUCCESS"
    assert settled["Status"] == "SUCCESS"
    assert settled["ActiveModelVersion"] == 1
    assert settled["SourceModelVersionArn"] == source_arn
    assert settled["ImportJobEndTime"] >= settled["ImportJobStartTime"]
    assert "ModelMetrics" in settled


@pytest.mark.parametrize(
    ("objects", "reason"),
    [
        (None, "The label location s3://labels/pump/ is not readable: no such bucket."),
        ({"pump/readme.txt": b"none"}, "No label file (.csv) was found under s3://labels/pump/."),
        (
            {"pump/labels.csv": b"yesterday,today\n"},
            "The label file s3://labels/pump/labels.csv cannot be read:",
        ),
    ],
)
def test_labels_from_s3_that_cannot_be_read_fail_the_import(
    client: Any, s3: Any, source_arn: str, objects: dict[str, bytes] | None, reason: str
) -> None:
    if objects is not None:
        s3.create_bucket(Bucket="labels")
        for key, body in objects.items():
            s3.put_object(Bucket="labels", Key=key, Body=body)
    request = {
        "SourceModelVersionArn": source_arn,
        "DatasetName": DATASET,
        "ModelName": "copy",
        "LabelsInputConfiguration": {
            "S3InputConfiguration": {"Bucket": "labels", "Prefix": "pump/"}
        },
        "RoleArn": ROLE_ARN,
        "ClientToken": "labelled",
    }

    assert client.import_model_version(**request)["Status"] == "IMPORT_IN_PROGRESS"

    version = client.describe_model_version(ModelName="copy", ModelVersion=1)
    assert version["Status"] == "FAILED"
    assert version["FailedReason"].startswith(f"The labels could not be read: {reason}")
    assert version["ImportJobEndTime"] >= version["ImportJobStartTime"]
    for absent in ("ModelMetrics", "ModelQuality"):
        assert absent not in version
    model = client.describe_model(ModelName="copy")
    assert model["Status"] == "FAILED"
    assert model["FailedReason"] == version["FailedReason"]
    assert "ActiveModelVersion" not in model
    assert client.import_model_version(**request)["Status"] == "FAILED"
    with pytest.raises(ClientError) as info:
        client.update_active_model_version(ModelName="copy", ModelVersion=1)
    assert error(info) == (
        "ConflictException",
        "Version 1 of model 'copy' is FAILED; only a SUCCESS version can be made active.",
    )


def test_readable_labels_from_s3_are_kept(client: Any, s3: Any, source_arn: str) -> None:
    s3.create_bucket(Bucket="labels")
    s3.put_object(
        Bucket="labels",
        Key="pump/labels.csv",
        Body=b"2023-08-09T00:00:00.000000,2023-08-10T00:00:00.000000\n",
    )
    labels = {"S3InputConfiguration": {"Bucket": "labels", "Prefix": "pump/"}}

    client.import_model_version(
        SourceModelVersionArn=source_arn,
        DatasetName=DATASET,
        ModelName="copy",
        LabelsInputConfiguration=labels,
        RoleArn=ROLE_ARN,
    )

    version = client.describe_model_version(ModelName="copy", ModelVersion=1)
    assert version["Status"] == "SUCCESS"
    assert version["LabelsInputConfiguration"] == labels


def test_deleting_the_target_dataset_cancels_a_running_import(client: Any, source_arn: str) -> None:
    dataset_with_data(client, name="landing")
    request = {
        "SourceModelVersionArn": source_arn,
        "DatasetName": "landing",
        "ClientToken": "into-landing",
    }
    with held("model", "modelversion"):
        assert client.import_model_version(**request)["ModelVersion"] == 2
        client.delete_dataset(DatasetName="landing")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        model = client.describe_model(ModelName=MODEL)
        replayed = client.import_model_version(**request)

    reason = "The import was canceled: dataset 'landing' was deleted while it ran."
    assert (version["Status"], version["FailedReason"]) == ("CANCELED", reason)
    assert version["ImportJobEndTime"] >= version["ImportJobStartTime"]
    assert "ModelMetrics" not in version
    # ModelStatus has no CANCELED: the model's latest action failed; version 1 stays active.
    assert (model["Status"], model["FailedReason"]) == ("FAILED", reason)
    assert model["ActiveModelVersion"] == 1
    assert replayed["Status"] == "CANCELED"
    summaries = client.list_model_versions(ModelName=MODEL, Status="CANCELED")
    assert [v["ModelVersion"] for v in summaries["ModelVersionSummaries"]] == [2]


def test_deleting_the_source_model_cancels_a_running_import_in_another_account(
    client: Any, source_arn: str, target: Any
) -> None:
    client.put_resource_policy(
        ResourceArn=source_arn, ResourcePolicy=import_policy(OTHER_ACCOUNT_ID, source_arn)
    )
    with held("model", "modelversion"):
        target.import_model_version(SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET)
        client.delete_model(ModelName=MODEL)

        version = target.describe_model_version(ModelName=MODEL, ModelVersion=1)

    assert version["Status"] == "CANCELED"
    assert version["FailedReason"] == (
        f"The import was canceled: its source model version '{source_arn}' was deleted while "
        "it ran."
    )
    model = target.describe_model(ModelName=MODEL)
    assert model["Status"] == "FAILED"
    assert "ActiveModelVersion" not in model


def test_a_finished_import_outlives_its_source_and_dataset(client: Any, source_arn: str) -> None:
    dataset_with_data(client, name="landing")
    client.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName="landing", ModelName="copy"
    )
    assert client.describe_model(ModelName="copy")["Status"] == "SUCCESS"

    client.delete_model(ModelName=MODEL)
    client.delete_dataset(DatasetName="landing")

    assert client.describe_model_version(ModelName="copy", ModelVersion=1)["Status"] == "SUCCESS"
    assert client.describe_model(ModelName="copy")["Status"] == "SUCCESS"

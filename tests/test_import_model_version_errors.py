"""ImportModelVersion's seven documented errors, each in the situation that causes it.

One section per error of the operation's modelled list: ValidationException,
ResourceNotFoundException, ConflictException, ServiceQuotaExceededException,
AccessDeniedException, ThrottlingException and InternalServerException. A refused request
leaves the caller's models as they were.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from model_helpers import (
    ACCOUNT_ID,
    DATASET,
    MODEL,
    OTHER_ACCOUNT_ID,
    REGION,
    TARGET_DATASET,
    dataset_with_data,
    error,
    held,
    import_denied,
    import_policy,
    pump_data,
    source_arn,
    target,
    train_model,
)

from moto_lookoutequipment import faults

__all__ = ["source_arn", "target"]


def refused(client: Any, **params: Any) -> tuple[str, str]:
    """The code and message of an ImportModelVersion that must fail and change nothing."""
    before = client.list_models()["ModelSummaries"]
    with pytest.raises(ClientError) as info:
        client.import_model_version(**params)
    assert client.list_models()["ModelSummaries"] == before
    return error(info)


# ValidationException


@pytest.mark.in_process(reason="stores data that ingestion refuses straight into the backend")
@pytest.mark.parametrize("status", ["FAILED", "IN_PROGRESS"])
def test_validation_exception_for_a_source_version_that_is_not_successful(
    client: Any, status: str
) -> None:
    data = pump_data()
    if status == "FAILED":
        for column in data.components["pump"].values.values():
            for index in range(len(column)):
                column[index] = float("nan")
    dataset_with_data(client, data=data)

    with held("modelversion") if status == "IN_PROGRESS" else nullcontext():
        arn = train_model(client)
        assert client.describe_model_version(ModelName=MODEL, ModelVersion=1)["Status"] == status
        code, message = refused(
            client, SourceModelVersionArn=f"{arn}/model-version/1", DatasetName=DATASET
        )

    assert (code, message) == (
        "ValidationException",
        f"Model version '{arn}/model-version/1' is {status}; only a successfully trained "
        "(SUCCESS) model version can be imported.",
    )


def test_validation_exception_for_a_malformed_source_arn(client: Any) -> None:
    code, message = refused(
        client,
        SourceModelVersionArn=f"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:dataset/d/1",
        DatasetName=DATASET,
    )

    assert code == "ValidationException"
    assert message.startswith(
        f"1 validation error detected: Value 'arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:"
        "dataset/d/1' at 'sourceModelVersionArn' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern"
    )


def test_validation_exception_for_a_dataset_without_the_model_sensors(
    client: Any, source_arn: str
) -> None:
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

    assert refused(client, SourceModelVersionArn=source_arn, DatasetName="fan") == (
        "ValidationException",
        "The model version names sensors that dataset 'fan' does not have: "
        "pump\\Sensor0, pump\\Sensor1.",
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"LabelsInputConfiguration": {"S3InputConfiguration": {"Bucket": "labels"}}},
            "RoleArn is required to read labels from S3 (LabelsInputConfiguration."
            "S3InputConfiguration).",
        ),
        ({"ServerSideKmsKeyId": "alias/nope"}, "The KMS key 'alias/nope' does not exist"),
        ({"InferenceDataImportStrategy": "ALWAYS"}, "at 'inferenceDataImportStrategy'"),
    ],
)
def test_validation_exception_for_settings_it_cannot_use(
    client: Any, source_arn: str, extra: dict[str, Any], message: str
) -> None:
    code, text = refused(
        client, SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="copy", **extra
    )

    assert code == "ValidationException"
    assert message in text


# ResourceNotFoundException


@pytest.mark.parametrize(
    "mangle",
    [
        lambda arn: arn.replace("model-version/1", "model-version/9"),
        lambda arn: arn.replace(MODEL, "other-model"),
        lambda arn: arn[: arn.index("/model-version")] + "0/model-version/1",
        lambda arn: arn.replace(ACCOUNT_ID, "333333333333"),
        lambda arn: arn.replace(f":{REGION}:", ":eu-west-1:"),
        lambda arn: arn.replace(f":{REGION}:", "::"),
    ],
)
def test_resource_not_found_exception_for_a_missing_source(
    client: Any, source_arn: str, mangle: Any
) -> None:
    missing = mangle(source_arn)

    assert refused(client, SourceModelVersionArn=missing, DatasetName=DATASET) == (
        "ResourceNotFoundException",
        f"Model version '{missing}' does not exist.",
    )


def test_resource_not_found_exception_for_a_missing_source_in_another_account(
    client: Any, source_arn: str, target: Any
) -> None:
    missing = source_arn.replace("model-version/1", "model-version/2")

    assert refused(target, SourceModelVersionArn=missing, DatasetName=TARGET_DATASET) == (
        "ResourceNotFoundException",
        f"Model version '{missing}' does not exist.",
    )


def test_resource_not_found_exception_for_a_missing_dataset(client: Any, source_arn: str) -> None:
    assert refused(client, SourceModelVersionArn=source_arn, DatasetName="nope") == (
        "ResourceNotFoundException",
        "Dataset 'nope' does not exist.",
    )


def test_resource_not_found_exception_for_a_dataset_of_the_source_account(
    client: Any, source_arn: str, target: Any
) -> None:
    client.put_resource_policy(
        ResourceArn=source_arn, ResourcePolicy=import_policy("*", source_arn)
    )

    assert refused(target, SourceModelVersionArn=source_arn, DatasetName=DATASET) == (
        "ResourceNotFoundException",
        f"Dataset '{DATASET}' does not exist.",
    )


def test_resource_not_found_exception_for_a_missing_label_group(
    client: Any, source_arn: str
) -> None:
    assert refused(
        client,
        SourceModelVersionArn=source_arn,
        DatasetName=DATASET,
        ModelName="copy",
        LabelsInputConfiguration={"LabelGroupName": "nope"},
    ) == ("ResourceNotFoundException", "Label group 'nope' does not exist.")


# ConflictException


@pytest.mark.parametrize(
    ("running", "reason"),
    [
        ("import", "an import of it is in progress (IMPORT_IN_PROGRESS)"),
        ("training", "a training of it is in progress (IN_PROGRESS)"),
    ],
)
def test_conflict_exception_for_a_target_model_that_is_busy(
    client: Any, source_arn: str, running: str, reason: str
) -> None:
    with held("model"):
        if running == "import":
            client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)
            busy = MODEL
        else:
            busy = "training"
            train_model(client, name=busy)
        code, message = refused(
            client, SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName=busy
        )

    assert (code, message) == (
        "ConflictException",
        f"Model '{busy}' cannot take an import now: {reason}.",
    )


def test_conflict_exception_for_a_client_token_reused_with_other_parameters(
    client: Any, source_arn: str
) -> None:
    params = {"SourceModelVersionArn": source_arn, "DatasetName": DATASET, "ClientToken": "t-1"}
    client.import_model_version(**params, ModelName="copy")

    assert refused(client, **params, ModelName="copy-2") == (
        "ConflictException",
        "The client token 't-1' was already used by another ImportModelVersion request with "
        "different parameters.",
    )


# ServiceQuotaExceededException


def test_service_quota_exceeded_exception_for_a_16th_model(client: Any, source_arn: str) -> None:
    for index in range(14):
        client.import_model_version(
            SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName=f"copy-{index}"
        )

    assert refused(
        client, SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="one-too-many"
    ) == (
        "ServiceQuotaExceededException",
        "Service quota exceeded: at most 15 models are allowed per account and region.",
    )
    # A new version of an existing model is still fine.
    assert (
        client.import_model_version(SourceModelVersionArn=source_arn, DatasetName=DATASET)[
            "ModelVersion"
        ]
        == 2
    )


def test_service_quota_exceeded_exception_for_a_6th_training_or_import_in_progress(
    client: Any, source_arn: str
) -> None:
    with held("model"):
        for index in range(5):
            client.import_model_version(
                SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName=f"copy-{index}"
            )
        code, message = refused(client, SourceModelVersionArn=source_arn, DatasetName=DATASET)

    assert (code, message) == (
        "ServiceQuotaExceededException",
        "Service quota exceeded: at most 5 trainings in progress are allowed per account and "
        "region.",
    )


def test_service_quota_exceeded_exception_for_more_than_50_tags(
    client: Any, source_arn: str
) -> None:
    tags = [{"Key": f"k{index}", "Value": "v"} for index in range(51)]

    code, _ = refused(
        client, SourceModelVersionArn=source_arn, DatasetName=DATASET, ModelName="c", Tags=tags
    )

    assert code == "ServiceQuotaExceededException"


# AccessDeniedException


def test_access_denied_exception_for_another_account_without_a_policy(
    client: Any, source_arn: str, target: Any
) -> None:
    code, message = refused(target, SourceModelVersionArn=source_arn, DatasetName=TARGET_DATASET)

    assert (code, message) == import_denied(OTHER_ACCOUNT_ID, source_arn)


# ThrottlingException and InternalServerException: by circumstance, so injected.


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("ThrottlingException", 400, "Rate exceeded."),
        (
            "InternalServerException",
            500,
            "An internal error occurred in Amazon Lookout for Equipment.",
        ),
    ],
)
@pytest.mark.in_process(reason="injects faults through the package's Python API")
def test_throttling_and_internal_server_exceptions_when_injected(
    source_arn: str, response_shapes: Any, code: str, status: int, message: str
) -> None:
    response_shapes.expect_internal_errors()
    strict = boto3.client(
        "lookoutequipment", region_name=REGION, config=Config(retries={"total_max_attempts": 1})
    )
    faults.inject("ImportModelVersion", code)
    params = {"SourceModelVersionArn": source_arn, "DatasetName": DATASET, "ModelName": "copy"}

    with pytest.raises(ClientError) as info:
        strict.import_model_version(**params)

    assert error(info) == (code, message)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert [m["ModelName"] for m in strict.list_models()["ModelSummaries"]] == [MODEL]
    assert strict.import_model_version(**params)["Status"] == "IMPORT_IN_PROGRESS"

"""DescribeModelVersion, ListModelVersions and UpdateActiveModelVersion."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from mode import frozen_time
from model_helpers import (
    DATASET,
    MODEL,
    SCHEMA,
    WINDOWS,
    dataset_with_data,
    error,
    held,
    pages_of,
    train_model,
)


@pytest.fixture
def model_arn(client: Any) -> str:
    dataset_with_data(client)
    arn = train_model(client)
    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"
    return arn


def import_version(client: Any, model_arn: str, version: int = 1, **extra: Any) -> Any:
    return client.import_model_version(
        SourceModelVersionArn=f"{model_arn}/model-version/{version}",
        DatasetName=DATASET,
        **extra,
    )


def test_describe_model_version_of_a_training(client: Any, model_arn: str) -> None:
    version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)

    assert version["ModelName"] == MODEL
    assert version["ModelArn"] == model_arn
    assert version["ModelVersion"] == 1
    assert version["ModelVersionArn"] == f"{model_arn}/model-version/1"
    assert version["Status"] == "SUCCESS"
    assert version["SourceType"] == "TRAINING"
    assert version["DatasetName"] == DATASET
    assert json.loads(version["Schema"]) == SCHEMA
    assert version["TrainingDataStartTime"] == WINDOWS["TrainingDataStartTime"]
    assert version["EvaluationDataEndTime"] == WINDOWS["EvaluationDataEndTime"]
    assert version["TrainingExecutionEndTime"] >= version["TrainingExecutionStartTime"]
    assert json.loads(version["ModelMetrics"])["predicted_ranges"]
    assert version["ModelQuality"] == "CANNOT_DETERMINE_QUALITY"
    assert version["LastUpdatedTime"] >= version["CreatedAt"]
    for absent in (
        "FailedReason",
        "SourceModelVersionArn",
        "ImportJobStartTime",
        "ImportedDataSizeInBytes",
        "ModelDiagnosticsResultsObject",
        "AutoPromotionResult",
    ):
        assert absent not in version


def test_unknown_versions_and_models_are_not_found(client: Any, model_arn: str) -> None:
    with pytest.raises(ClientError) as info:
        client.describe_model_version(ModelName=MODEL, ModelVersion=2)
    assert error(info) == ("ResourceNotFoundException", f"Model '{MODEL}' has no version 2.")

    with pytest.raises(ClientError) as info:
        client.describe_model_version(ModelName="nope", ModelVersion=1)
    assert error(info) == ("ResourceNotFoundException", "Model 'nope' does not exist.")


def test_a_version_in_progress_shows_no_outcome(client: Any) -> None:
    dataset_with_data(client)
    with held("modelversion"):
        train_model(client)
        version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
        model = client.describe_model(ModelName=MODEL)

    assert version["Status"] == "IN_PROGRESS"
    assert "TrainingExecutionStartTime" in version
    for absent in ("TrainingExecutionEndTime", "ModelMetrics", "ModelQuality"):
        assert absent not in version
    # The model is not done before its version is.
    assert model["Status"] == "IN_PROGRESS"
    assert "ActiveModelVersion" not in model
    assert client.describe_model(ModelName=MODEL)["ActiveModelVersion"] == 1


def test_versions_added_between_pages_are_listed_once_in_version_order(
    client: Any, model_arn: str
) -> None:
    import_version(client, model_arn)

    def add(listed: list[int]) -> None:
        if listed[-1] < 4:
            import_version(client, model_arn)

    pages = pages_of(
        client.list_model_versions,
        "ModelVersionSummaries",
        "ModelVersion",
        add,
        ModelName=MODEL,
        MaxResults=1,
    )

    assert pages == [[1], [2], [3], [4], [5]]


def test_list_model_versions_filters_and_pages(client: Any, model_arn: str) -> None:
    with frozen_time("2030-01-01"):
        import_version(client, model_arn)
    with frozen_time("2030-02-01"):
        import_version(client, model_arn)

    def numbers(**params: Any) -> list[int]:
        summaries = client.list_model_versions(ModelName=MODEL, **params)
        return [v["ModelVersion"] for v in summaries["ModelVersionSummaries"]]

    assert numbers() == [1, 2, 3]
    assert numbers(SourceType="IMPORT") == [2, 3]
    assert numbers(SourceType="TRAINING") == [1]
    assert numbers(Status="SUCCESS") == [1, 2, 3]
    assert numbers(Status="FAILED") == []
    assert numbers(MinModelVersion=2) == [2, 3]
    assert numbers(MaxModelVersion=2) == [1, 2]
    assert numbers(MinModelVersion=2, MaxModelVersion=2) == [2]
    january = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert numbers(CreatedAtStartTime=january) == [2, 3]
    assert numbers(CreatedAtStartTime=january, CreatedAtEndTime=january) == [2]
    page = client.list_model_versions(ModelName=MODEL, MaxResults=2)
    assert [v["ModelVersion"] for v in page["ModelVersionSummaries"]] == [1, 2]
    rest = client.list_model_versions(ModelName=MODEL, MaxResults=2, NextToken=page["NextToken"])
    assert [v["ModelVersion"] for v in rest["ModelVersionSummaries"]] == [3]
    summary = rest["ModelVersionSummaries"][0]
    assert summary == {
        "ModelName": MODEL,
        "ModelArn": model_arn,
        "ModelVersion": 3,
        "ModelVersionArn": f"{model_arn}/model-version/3",
        "CreatedAt": summary["CreatedAt"],
        "Status": "SUCCESS",
        "SourceType": "IMPORT",
        "ModelQuality": "CANNOT_DETERMINE_QUALITY",
    }
    assert summary["CreatedAt"] == datetime(2030, 2, 1, tzinfo=timezone.utc)


def test_list_model_versions_of_an_unknown_model_is_empty(client: Any) -> None:
    assert client.list_model_versions(ModelName="nope")["ModelVersionSummaries"] == []


def test_update_active_model_version_switches_and_remembers_the_previous(
    client: Any, model_arn: str
) -> None:
    import_version(client, model_arn)
    with frozen_time("2030-01-01"):
        answer = client.update_active_model_version(ModelName=MODEL, ModelVersion=2)

    assert {key: value for key, value in answer.items() if key != "ResponseMetadata"} == {
        "ModelName": MODEL,
        "ModelArn": model_arn,
        "CurrentActiveVersion": 2,
        "CurrentActiveVersionArn": f"{model_arn}/model-version/2",
        "PreviousActiveVersion": 1,
        "PreviousActiveVersionArn": f"{model_arn}/model-version/1",
    }
    model = client.describe_model(ModelName=MODEL)
    assert model["ActiveModelVersion"] == 2
    assert model["ModelVersionActivatedAt"] == datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert model["PreviousActiveModelVersion"] == 1
    assert model["PreviousActiveModelVersionArn"] == f"{model_arn}/model-version/1"
    assert model["PreviousModelVersionActivatedAt"] < model["ModelVersionActivatedAt"]
    # Version 2 was imported: DescribeModel shows where from while it is active.
    assert model["SourceModelVersionArn"] == f"{model_arn}/model-version/1"
    assert "ImportJobStartTime" in model and "ImportJobEndTime" in model
    assert "TrainingExecutionStartTime" not in model

    client.update_active_model_version(ModelName=MODEL, ModelVersion=1)
    model = client.describe_model(ModelName=MODEL)
    assert (model["ActiveModelVersion"], model["PreviousActiveModelVersion"]) == (1, 2)
    assert "SourceModelVersionArn" not in model
    assert "TrainingExecutionStartTime" in model


def test_reactivating_the_active_version_changes_nothing(client: Any, model_arn: str) -> None:
    before = client.describe_model(ModelName=MODEL)

    answer = client.update_active_model_version(ModelName=MODEL, ModelVersion=1)

    assert (answer["CurrentActiveVersion"], answer["PreviousActiveVersion"]) == (1, 1)
    after = client.describe_model(ModelName=MODEL)
    assert after["ModelVersionActivatedAt"] == before["ModelVersionActivatedAt"]
    assert "PreviousActiveModelVersion" not in after


def test_only_a_successful_version_can_be_activated(client: Any, model_arn: str) -> None:
    with held("modelversion"):
        import_version(client, model_arn)
        with pytest.raises(ClientError) as info:
            client.update_active_model_version(ModelName=MODEL, ModelVersion=2)

    assert error(info) == (
        "ConflictException",
        f"Version 2 of model '{MODEL}' is IMPORT_IN_PROGRESS; only a SUCCESS version can be "
        "made active.",
    )
    with pytest.raises(ClientError) as info:
        client.update_active_model_version(ModelName=MODEL, ModelVersion=7)
    assert error(info) == ("ResourceNotFoundException", f"Model '{MODEL}' has no version 7.")
    with pytest.raises(ClientError) as info:
        client.update_active_model_version(ModelName="nope", ModelVersion=1)
    assert error(info) == ("ResourceNotFoundException", "Model 'nope' does not exist.")

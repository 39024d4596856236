"""CreateModel and training, DescribeModel, ListModels, UpdateModel and DeleteModel."""

from __future__ import annotations

import gzip
import json
import math
from typing import Any

import pytest
from botocore.exceptions import ClientError
from model_helpers import (
    DATASET,
    INVALID_NEXT_TOKEN,
    MODEL,
    ROLE_ARN,
    SCHEMA,
    WINDOWS,
    backend_of,
    check_pages_while_deleting_each,
    dataset_with_data,
    day,
    error,
    held,
    pages_of,
    pump_data,
    stepped,
    train_model,
)

from moto_lookoutequipment.data.scoring import OffCondition


@pytest.fixture
def dataset(client: Any) -> str:
    return dataset_with_data(client)


def test_create_model_answers_in_progress_and_trains_version_1(client: Any, dataset: str) -> None:
    created = client.create_model(ModelName=MODEL, DatasetName=DATASET, **WINDOWS)

    assert created["Status"] == "IN_PROGRESS"
    assert created["ModelArn"].startswith(
        f"arn:aws:lookoutequipment:us-east-1:123456789012:model/{MODEL}/"
    )
    model = client.describe_model(ModelName=MODEL)
    assert model["Status"] == "SUCCESS"
    assert model["ModelArn"] == created["ModelArn"]
    assert model["DatasetName"] == DATASET
    assert model["DatasetArn"] == dataset
    assert json.loads(model["Schema"]) == SCHEMA
    assert model["ActiveModelVersion"] == 1
    assert model["ActiveModelVersionArn"] == f"{created['ModelArn']}/model-version/1"
    assert model["ModelVersionActivatedAt"] >= model["CreatedAt"]
    assert model["TrainingExecutionEndTime"] >= model["TrainingExecutionStartTime"]
    assert model["TrainingDataStartTime"] == WINDOWS["TrainingDataStartTime"]
    assert model["EvaluationDataEndTime"] == WINDOWS["EvaluationDataEndTime"]
    assert model["ModelQuality"] == "CANNOT_DETERMINE_QUALITY"
    for absent in (
        "FailedReason",
        "PreviousActiveModelVersion",
        "SourceModelVersionArn",
        "ImportJobStartTime",
        "AccumulatedInferenceDataStartTime",
        "LabelsInputConfiguration",
        "RoleArn",
        "OffCondition",
        "ServerSideKmsKeyId",
    ):
        assert absent not in model


def test_model_metrics_report_the_spikes_of_the_evaluation_window(
    client: Any, dataset: str
) -> None:
    train_model(client)

    metrics = json.loads(client.describe_model(ModelName=MODEL)["ModelMetrics"])

    assert metrics["labeled_ranges"] == []
    [predicted] = metrics["predicted_ranges"]
    assert (predicted["start"], predicted["end"]) == (
        "2023-08-09T06:00:00.000000",
        "2023-08-09T12:00:00.000000",
    )
    assert predicted["diagnostics"][0]["name"] == "pump\\Sensor0"
    assert predicted["diagnostics"][0]["value"] > 0.9
    assert metrics["labeled_event_metrics"] == {
        "num_labeled": 0,
        "num_identified": 0,
        "total_warning_time_in_seconds": 0.0,
    }


def test_a_model_without_evaluation_window_has_no_metrics(client: Any, dataset: str) -> None:
    client.create_model(
        ModelName=MODEL,
        DatasetName=DATASET,
        TrainingDataStartTime=day(0),
        TrainingDataEndTime=day(239),
    )

    model = client.describe_model(ModelName=MODEL)

    assert model["Status"] == "SUCCESS"
    assert "ModelMetrics" not in model
    assert "EvaluationDataStartTime" not in model


def test_labels_from_a_label_group_judge_the_quality(client: Any, dataset: str) -> None:
    client.create_label_group(LabelGroupName="failures")
    client.create_label(
        LabelGroupName="failures", StartTime=day(220), EndTime=day(221), Rating="ANOMALY"
    )
    client.create_label(
        LabelGroupName="failures", StartTime=day(230), EndTime=day(231), Rating="NEUTRAL"
    )

    train_model(client, LabelsInputConfiguration={"LabelGroupName": "failures"})

    model = client.describe_model(ModelName=MODEL)
    metrics = json.loads(model["ModelMetrics"])
    assert model["LabelsInputConfiguration"] == {"LabelGroupName": "failures"}
    assert metrics["labeled_ranges"] == [
        {"start": "2023-08-09T00:00:00.000000", "end": "2023-08-10T00:00:00.000000"}
    ]
    assert metrics["labeled_event_metrics"]["num_identified"] == 1
    assert model["ModelQuality"] == "QUALITY_THRESHOLD_MET"


def test_labels_from_s3_that_are_missed_give_poor_quality(
    client: Any, s3: Any, dataset: str
) -> None:
    s3.create_bucket(Bucket="labels")
    s3.put_object(
        Bucket="labels",
        Key="pump/labels.csv",
        Body=b"2023-08-01T00:00:00.000000,2023-08-02T00:00:00.000000\n",
    )
    labels = {"S3InputConfiguration": {"Bucket": "labels", "Prefix": "pump/"}}

    train_model(client, LabelsInputConfiguration=labels, RoleArn=ROLE_ARN)

    model = client.describe_model(ModelName=MODEL)
    assert model["RoleArn"] == ROLE_ARN
    assert json.loads(model["ModelMetrics"])["labeled_event_metrics"]["num_identified"] == 0
    assert model["ModelQuality"] == "POOR_QUALITY_DETECTED"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"LabelsInputConfiguration": {"S3InputConfiguration": {"Bucket": "labels"}}},
            "RoleArn is required to read labels from S3",
        ),
        (
            {
                "LabelsInputConfiguration": {
                    "S3InputConfiguration": {"Bucket": "labels"},
                    "LabelGroupName": "failures",
                },
                "RoleArn": ROLE_ARN,
            },
            "exactly one of S3InputConfiguration and LabelGroupName",
        ),
        (
            {
                "ModelDiagnosticsOutputConfiguration": {
                    "S3OutputConfiguration": {"Bucket": "diagnostics"}
                }
            },
            "RoleArn is required with ModelDiagnosticsOutputConfiguration",
        ),
        (
            {
                "ModelDiagnosticsOutputConfiguration": {
                    "S3OutputConfiguration": {"Bucket": "no-such-bucket"}
                },
                "RoleArn": ROLE_ARN,
            },
            "The diagnostics output bucket 'no-such-bucket' does not exist",
        ),
        ({"OffCondition": "pump\\Sensor0 = 3"}, "is not of the form"),
        ({"OffCondition": "pump\\Sensor9 < 3"}, "'pump\\Sensor9', which is not a sensor"),
        ({"ServerSideKmsKeyId": "alias/missing"}, "The KMS key 'alias/missing' does not exist"),
        (
            {
                "DatasetSchema": {
                    "InlineDataSchema": json.dumps(
                        {
                            "Components": [
                                {
                                    "ComponentName": "pump",
                                    "Columns": [
                                        {"Name": "Timestamp", "Type": "DATETIME"},
                                        {"Name": "Sensor7", "Type": "DOUBLE"},
                                    ],
                                }
                            ]
                        }
                    )
                }
            },
            f"The schema names sensors that dataset '{DATASET}' does not have: pump\\Sensor7.",
        ),
    ],
)
def test_create_model_rejects_inconsistent_configuration(
    client: Any, dataset: str, extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(ClientError) as info:
        train_model(client, **extra)

    code, text = error(info)
    assert code == "ValidationException"
    assert message in text
    assert client.list_models()["ModelSummaries"] == []


@pytest.mark.parametrize(
    ("windows", "message"),
    [
        (
            {"TrainingDataStartTime": day(0), "TrainingDataEndTime": day(100)},
            "spans 100 days; a model needs at least 180 days of training data",
        ),
        (
            {"TrainingDataStartTime": day(200), "TrainingDataEndTime": day(0)},
            "TrainingDataStartTime (2023-07-20T00:00:00.000000) must be before",
        ),
        ({"TrainingDataStartTime": day(0)}, "must be given together"),
        (
            {"TrainingDataStartTime": day(-1), "TrainingDataEndTime": day(200)},
            "The training range 2022-12-31T00:00:00.000000 to 2023-07-20T00:00:00.000000 is "
            "not inside the dataset's data, which runs from 2023-01-01T00:00:00.000000 to "
            "2023-08-29T00:00:00.000000.",
        ),
        (
            {
                **WINDOWS,
                "EvaluationDataStartTime": day(230),
                "EvaluationDataEndTime": day(241),
            },
            "The evaluation range",
        ),
        (
            {**WINDOWS, "EvaluationDataStartTime": day(199)},
            "The training range must end before the evaluation range starts",
        ),
        (
            {"EvaluationDataStartTime": day(100), "EvaluationDataEndTime": day(240)},
            "spans 100 days",
        ),
    ],
)
def test_create_model_checks_the_time_ranges(
    client: Any, dataset: str, windows: dict[str, Any], message: str
) -> None:
    with pytest.raises(ClientError) as info:
        client.create_model(ModelName=MODEL, DatasetName=DATASET, **windows)

    code, text = error(info)
    assert code == "ValidationException"
    assert message in text


def test_training_uses_all_the_data_by_default(client: Any, dataset: str) -> None:
    client.create_model(ModelName=MODEL, DatasetName=DATASET)

    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"


def test_create_model_needs_an_existing_dataset_with_data(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.create_model(ModelName=MODEL, DatasetName="nothing")
    assert error(info) == ("ResourceNotFoundException", "Dataset 'nothing' does not exist.")

    client.create_dataset(DatasetName="empty")
    with pytest.raises(ClientError) as info:
        client.create_model(ModelName=MODEL, DatasetName="empty")
    assert error(info) == (
        "ValidationException",
        "Dataset 'empty' has no ingested data; ingest data into it before training a model on it.",
    )


def test_a_missing_label_group_is_not_found(client: Any, dataset: str) -> None:
    with pytest.raises(ClientError) as info:
        train_model(client, LabelsInputConfiguration={"LabelGroupName": "nope"})

    assert error(info) == ("ResourceNotFoundException", "Label group 'nope' does not exist.")


@pytest.mark.in_process(reason="reads the backend")
def test_a_schema_subset_trains_on_those_sensors_only(client: Any, dataset: str) -> None:
    subset = {
        "Components": [
            {
                "ComponentName": "pump",
                "Columns": [
                    {"Name": "Timestamp", "Type": "DATETIME"},
                    {"Name": "Sensor1", "Type": "DOUBLE"},
                ],
            }
        ]
    }

    train_model(client, DatasetSchema={"InlineDataSchema": json.dumps(subset)})

    model = client.describe_model(ModelName=MODEL)
    assert json.loads(model["Schema"]) == subset
    # The spikes are on Sensor0, which this model does not watch.
    assert json.loads(model["ModelMetrics"])["predicted_ranges"] == []
    trained = backend_of().ml_models.get(MODEL).active_version.trained
    assert list(trained.sensors) == [("pump", "Sensor1")]


@pytest.mark.in_process(reason="reads the backend")
def test_off_condition_and_sampling_rate_are_kept(client: Any, dataset: str) -> None:
    train_model(
        client,
        OffCondition="pump\\Sensor1 < 5.0",
        DataPreProcessingConfiguration={"TargetSamplingRate": "PT1H"},
    )

    model = client.describe_model(ModelName=MODEL)
    assert model["OffCondition"] == "pump\\Sensor1 < 5.0"
    assert model["DataPreProcessingConfiguration"] == {"TargetSamplingRate": "PT1H"}
    stored = backend_of().ml_models.get(MODEL)
    assert stored.sampling_rate == "PT1H"
    assert stored.active_version.trained.off_condition == OffCondition("pump", "Sensor1", "<", 5.0)


def test_diagnostics_are_written_to_s3(client: Any, s3: Any, dataset: str) -> None:
    s3.create_bucket(Bucket="diagnostics")
    output = {"S3OutputConfiguration": {"Bucket": "diagnostics", "Prefix": "runs/"}}

    train_model(client, ModelDiagnosticsOutputConfiguration=output, RoleArn=ROLE_ARN)

    version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
    location = version["ModelDiagnosticsResultsObject"]
    assert location == {
        "Bucket": "diagnostics",
        "Key": f"runs/{MODEL}/1/model_diagnostics_results.json.gz",
    }
    body = s3.get_object(Bucket=location["Bucket"], Key=location["Key"])["Body"].read()
    lines = [json.loads(line) for line in gzip.decompress(body).decode().splitlines()]
    assert len(lines) == 161  # one per row of the 40-day evaluation window
    spike = next(line for line in lines if line["timestamp"] == "2023-08-09T06:00:00.000000")
    assert spike["prediction"] == 1
    assert spike["diagnostics"][0]["name"] == "pump\\Sensor0"
    assert client.describe_model(ModelName=MODEL)["ModelDiagnosticsOutputConfiguration"] == output


def test_kms_key_and_tags_are_kept(client: Any, dataset: str) -> None:
    import boto3

    key = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]

    arn = train_model(
        client, ServerSideKmsKeyId=key["KeyId"], Tags=[{"Key": "team", "Value": "pumps"}]
    )

    assert client.describe_model(ModelName=MODEL)["ServerSideKmsKeyId"] == key["Arn"]
    version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
    assert version["ServerSideKmsKeyId"] == key["Arn"]
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "pumps"}
    ]


def test_a_training_window_without_data_fails_the_model(client: Any) -> None:
    data = pump_data()
    for column in data.components["pump"].values.values():
        for index in range(801):  # every row of the training window
            column[index] = math.nan
    dataset_with_data(client, data=data)

    train_model(client)

    model = client.describe_model(ModelName=MODEL)
    assert model["Status"] == "FAILED"
    assert model["FailedReason"].startswith("The training window 2023-01-01T00:00:00.000000 to")
    assert "ActiveModelVersion" not in model
    assert "ModelQuality" not in model
    version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
    assert version["Status"] == "FAILED"
    assert version["FailedReason"] == model["FailedReason"]
    assert "ModelMetrics" not in version
    assert [m["ModelName"] for m in client.list_models(Status="FAILED")["ModelSummaries"]] == [
        MODEL
    ]


def test_a_model_name_can_only_be_used_once(client: Any, dataset: str) -> None:
    train_model(client)

    with pytest.raises(ClientError) as info:
        train_model(client)

    assert error(info) == ("ConflictException", f"Model '{MODEL}' already exists.")


def test_client_token_replays_the_first_answer(client: Any, dataset: str) -> None:
    first = client.create_model(ModelName=MODEL, DatasetName=DATASET, ClientToken="t-1", **WINDOWS)
    again = client.create_model(ModelName=MODEL, DatasetName=DATASET, ClientToken="t-1", **WINDOWS)

    assert again["ModelArn"] == first["ModelArn"]
    assert again["Status"] == "SUCCESS"
    with pytest.raises(ClientError) as info:
        client.create_model(ModelName="other", DatasetName=DATASET, ClientToken="t-1", **WINDOWS)
    assert error(info) == (
        "ConflictException",
        "The client token 't-1' was already used by another CreateModel request with "
        "different parameters.",
    )
    assert len(client.list_models()["ModelSummaries"]) == 1


def test_at_most_15_models(client: Any, dataset: str) -> None:
    for index in range(15):
        client.create_model(ModelName=f"m{index}", DatasetName=DATASET)

    with pytest.raises(ClientError) as info:
        client.create_model(ModelName="m15", DatasetName=DATASET)

    assert error(info) == (
        "ServiceQuotaExceededException",
        "Service quota exceeded: at most 15 models are allowed per account and region.",
    )


def test_at_most_5_trainings_in_progress(client: Any, dataset: str) -> None:
    with held("model"):
        for index in range(5):
            client.create_model(ModelName=f"m{index}", DatasetName=DATASET)
        with pytest.raises(ClientError) as info:
            client.create_model(ModelName="m5", DatasetName=DATASET)
    assert error(info) == (
        "ServiceQuotaExceededException",
        "Service quota exceeded: at most 5 trainings in progress are allowed per account and "
        "region.",
    )

    client.create_model(ModelName="m5", DatasetName=DATASET)


def test_statuses_follow_the_state_manager(client: Any, dataset: str) -> None:
    with stepped(model=2, modelversion=2):
        train_model(client)
        first = client.describe_model(ModelName=MODEL)
        second = client.describe_model(ModelName=MODEL)

    assert first["Status"] == "IN_PROGRESS"
    assert "ActiveModelVersion" not in first
    assert "TrainingExecutionEndTime" not in first
    assert "ModelMetrics" not in first
    assert second["Status"] == "SUCCESS"
    assert second["ActiveModelVersion"] == 1


def test_a_model_still_training_shows_no_outcome_of_its_finished_version(
    client: Any, dataset: str
) -> None:
    with stepped(model=2, modelversion=1):
        train_model(client)
        version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
        model = client.describe_model(ModelName=MODEL)
        settled = client.describe_model(ModelName=MODEL)

    assert version["Status"] == "SUCCESS"
    assert model["Status"] == "IN_PROGRESS"
    assert model["TrainingExecutionStartTime"] == version["TrainingExecutionStartTime"]
    for absent in ("TrainingExecutionEndTime", "ModelMetrics", "ModelQuality", "FailedReason"):
        assert absent not in model
    assert settled["Status"] == "SUCCESS"
    assert settled["ModelMetrics"] == version["ModelMetrics"]
    assert settled["TrainingExecutionEndTime"] == version["TrainingExecutionEndTime"]


def test_describe_an_unknown_model(client: Any) -> None:
    with pytest.raises(ClientError) as info:
        client.describe_model(ModelName="nope")

    assert error(info) == ("ResourceNotFoundException", "Model 'nope' does not exist.")


def test_models_deleted_between_pages_make_no_page_skip_one(client: Any, dataset: str) -> None:
    names = [f"pump-{index}" for index in range(5)]
    for name in names:
        client.create_model(ModelName=name, DatasetName=DATASET)

    check_pages_while_deleting_each(
        client.list_models,
        "ModelSummaries",
        "ModelName",
        lambda name: client.delete_model(ModelName=name),
        names=names,
        MaxResults=2,
    )


def test_models_created_between_pages_are_listed_once_on_a_later_page(
    client: Any, dataset: str
) -> None:
    names = ["pump-0", "pump-1"]
    for name in names:
        client.create_model(ModelName=name, DatasetName=DATASET)

    def add(listed: list[str]) -> None:
        if len(names) < 4:
            names.append(f"pump-{len(names)}")
            client.create_model(ModelName=names[-1], DatasetName=DATASET)

    pages = pages_of(client.list_models, "ModelSummaries", "ModelName", add, MaxResults=1)

    assert pages == [[name] for name in names]
    assert len(names) == 4


def test_list_models_filters_and_pages(client: Any, dataset: str) -> None:
    dataset_with_data(client, name="fan-data")
    for name, source in (("pump-a", DATASET), ("pump-b", DATASET), ("fan-a", "fan-data")):
        client.create_model(ModelName=name, DatasetName=source)

    def names(**params: Any) -> list[str]:
        return [m["ModelName"] for m in client.list_models(**params)["ModelSummaries"]]

    assert names() == ["pump-a", "pump-b", "fan-a"]
    assert names(ModelNameBeginsWith="pump") == ["pump-a", "pump-b"]
    assert names(DatasetNameBeginsWith="fan") == ["fan-a"]
    assert names(Status="SUCCESS") == ["pump-a", "pump-b", "fan-a"]
    assert names(Status="IN_PROGRESS") == []
    first = client.list_models(MaxResults=2)
    assert [m["ModelName"] for m in first["ModelSummaries"]] == ["pump-a", "pump-b"]
    rest = client.list_models(MaxResults=2, NextToken=first["NextToken"])
    assert [m["ModelName"] for m in rest["ModelSummaries"]] == ["fan-a"]
    assert "NextToken" not in rest
    with pytest.raises(ClientError) as info:
        client.list_models(MaxResults=2, NextToken=first["NextToken"], Status="FAILED")
    assert error(info) == ("ValidationException", INVALID_NEXT_TOKEN)
    summary = client.list_models(ModelNameBeginsWith="fan")["ModelSummaries"][0]
    assert summary["ActiveModelVersion"] == 1
    assert summary["DatasetArn"].split("/")[1] == "fan-data"
    assert summary["ModelQuality"] == "CANNOT_DETERMINE_QUALITY"


def test_update_model_changes_labels_role_and_diagnostics(
    client: Any, s3: Any, dataset: str
) -> None:
    train_model(client)
    client.create_label_group(LabelGroupName="failures")
    s3.create_bucket(Bucket="diagnostics")
    output = {"S3OutputConfiguration": {"Bucket": "diagnostics"}}

    client.update_model(
        ModelName=MODEL,
        LabelsInputConfiguration={"LabelGroupName": "failures"},
        RoleArn=ROLE_ARN,
        ModelDiagnosticsOutputConfiguration=output,
    )

    model = client.describe_model(ModelName=MODEL)
    assert model["LabelsInputConfiguration"] == {"LabelGroupName": "failures"}
    assert model["RoleArn"] == ROLE_ARN
    assert model["ModelDiagnosticsOutputConfiguration"] == output
    assert model["LastUpdatedTime"] >= model["TrainingExecutionEndTime"]
    version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
    assert "LabelsInputConfiguration" not in version


def test_update_model_rejects_what_it_cannot_use(client: Any, dataset: str) -> None:
    train_model(client)

    with pytest.raises(ClientError) as info:
        client.update_model(ModelName=MODEL, LabelsInputConfiguration={"LabelGroupName": "x"})
    assert error(info) == ("ResourceNotFoundException", "Label group 'x' does not exist.")
    with pytest.raises(ClientError) as info:
        client.update_model(
            ModelName=MODEL,
            ModelDiagnosticsOutputConfiguration={"S3OutputConfiguration": {"Bucket": "b-1"}},
        )
    assert error(info) == (
        "ValidationException",
        "RoleArn is required with ModelDiagnosticsOutputConfiguration: the service writes the "
        "diagnostics with that role.",
    )
    with pytest.raises(ClientError) as info:
        client.update_model(ModelName="nope")
    assert error(info) == ("ResourceNotFoundException", "Model 'nope' does not exist.")


def test_update_and_delete_conflict_while_training(client: Any, dataset: str) -> None:
    with held("model"):
        train_model(client)
        for call in (client.update_model, client.delete_model):
            with pytest.raises(ClientError) as info:
                call(ModelName=MODEL)
            code, message = error(info)
            assert code == "ConflictException"
            assert "a training of it is in progress (IN_PROGRESS)" in message

    client.delete_model(ModelName=MODEL)


def test_delete_model_removes_versions_tags_and_policies(client: Any, dataset: str) -> None:
    arn = train_model(client, Tags=[{"Key": "k", "Value": "v"}])
    version_arn = f"{arn}/model-version/1"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                "Action": "lookoutequipment:ImportModelVersion",
                "Resource": version_arn,
            }
        ],
    }
    client.put_resource_policy(ResourceArn=version_arn, ResourcePolicy=json.dumps(policy))
    client.put_resource_policy(ResourceArn=arn, ResourcePolicy=json.dumps(policy))

    client.delete_model(ModelName=MODEL)

    assert client.list_models()["ModelSummaries"] == []
    assert client.list_model_versions(ModelName=MODEL)["ModelVersionSummaries"] == []
    for resource in (arn, version_arn):
        with pytest.raises(ClientError) as info:
            client.list_tags_for_resource(ResourceArn=resource)
        assert error(info) == (
            "ResourceNotFoundException",
            f"Resource '{resource}' does not exist.",
        )
        with pytest.raises(ClientError) as info:
            client.describe_resource_policy(ResourceArn=resource)
        assert error(info) == (
            "ResourceNotFoundException",
            f"Resource '{resource}' does not exist.",
        )
    assert not backend_of().policies.by_arn
    with pytest.raises(ClientError) as info:
        client.delete_model(ModelName=MODEL)
    assert error(info) == ("ResourceNotFoundException", f"Model '{MODEL}' does not exist.")
    # The name is free again, with a new ARN.
    assert train_model(client) != arn


def test_resource_policies_and_tags_work_on_models_and_versions(client: Any, dataset: str) -> None:
    arn = train_model(client)
    version_arn = f"{arn}/model-version/1"
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "222222222222"},
                    "Action": "lookoutequipment:ImportModelVersion",
                    "Resource": version_arn,
                }
            ],
        }
    )

    for resource in (arn, version_arn):
        revision = client.put_resource_policy(ResourceArn=resource, ResourcePolicy=policy)
        described = client.describe_resource_policy(ResourceArn=resource)
        assert described["PolicyRevisionId"] == revision["PolicyRevisionId"]
        assert json.loads(described["ResourcePolicy"]) == json.loads(policy)
        client.tag_resource(ResourceArn=resource, Tags=[{"Key": "stage", "Value": "prod"}])
        assert client.list_tags_for_resource(ResourceArn=resource)["Tags"] == [
            {"Key": "stage", "Value": "prod"}
        ]
    with pytest.raises(ClientError) as info:
        client.put_resource_policy(ResourceArn=f"{arn}/model-version/2", ResourcePolicy=policy)
    assert error(info) == (
        "ResourceNotFoundException",
        f"Resource '{arn}/model-version/2' does not exist.",
    )


@pytest.mark.in_process(reason="patches the package")
def test_other_families_hear_of_a_deleted_model(
    client: Any, dataset: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    train_model(client)
    heard: list[str] = []
    backend = backend_of()
    monkeypatch.setattr(backend.inference, "model_deleted", lambda model: heard.append(model.name))

    client.delete_model(ModelName=MODEL)

    assert heard == [MODEL]


@pytest.mark.in_process(reason="patches the package")
def test_another_family_can_block_deletion(
    client: Any, dataset: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    train_model(client)
    backend = backend_of()
    monkeypatch.setattr(
        backend.retraining, "model_in_use", lambda model: "a retraining of it is running"
    )

    with pytest.raises(ClientError) as info:
        client.delete_model(ModelName=MODEL)

    assert error(info) == (
        "ConflictException",
        f"Model '{MODEL}' cannot be deleted now: a retraining of it is running.",
    )


@pytest.mark.in_process(reason="reads the backend")
def test_record_inference_data_extends_the_accumulated_span(client: Any, dataset: str) -> None:
    train_model(client)
    model = backend_of().ml_models.get(MODEL)

    model.record_inference_data(day(300), day(301))
    model.record_inference_data(day(299), day(300, 12))

    described = client.describe_model(ModelName=MODEL)
    assert described["AccumulatedInferenceDataStartTime"] == day(299)
    assert described["AccumulatedInferenceDataEndTime"] == day(301)


def test_a_model_with_an_inference_scheduler_can_be_deleted(
    client: Any, s3: Any, dataset: str
) -> None:
    train_model(client)
    for bucket in ("live-data", "results"):
        s3.create_bucket(Bucket=bucket)
    client.create_inference_scheduler(
        ModelName=MODEL,
        InferenceSchedulerName="pump-live",
        DataUploadFrequency="PT1H",
        DataInputConfiguration={"S3InputConfiguration": {"Bucket": "live-data"}},
        DataOutputConfiguration={"S3OutputConfiguration": {"Bucket": "results"}},
        RoleArn=ROLE_ARN,
    )

    client.delete_model(ModelName=MODEL)

    assert client.list_models()["ModelSummaries"] == []
    scheduler = client.describe_inference_scheduler(InferenceSchedulerName="pump-live")
    assert scheduler["ModelName"] == MODEL


@pytest.mark.in_process(reason="reads the backend")
def test_training_leaves_out_the_rows_where_the_machine_is_off(client: Any) -> None:
    # The pump is off (Sensor0 reads 0) on every other day of the training range, and Sensor0
    # reads a mildly high 13 on day 220.
    data = pump_data()
    sensor0 = data.components["pump"].values["Sensor0"]
    for index, stamp in enumerate(data.components["pump"].timestamps):
        if stamp < day(200).timestamp() and (stamp - day(0).timestamp()) // 86400 % 2:
            sensor0[index] = 0.0
        elif stamp == day(220).timestamp():
            sensor0[index] = 13.0
    dataset_with_data(client, data=data)

    train_model(client, OffCondition="pump\\Sensor0 < 1")

    metrics = json.loads(client.describe_model(ModelName=MODEL)["ModelMetrics"])
    assert [(r["start"], r["end"]) for r in metrics["predicted_ranges"]] == [
        ("2023-08-09T00:00:00.000000", "2023-08-09T00:00:00.000000")
    ]
    trained = backend_of().ml_models.get(MODEL).active_version.trained
    assert 10 <= trained.sensors[("pump", "Sensor0")].median <= 11

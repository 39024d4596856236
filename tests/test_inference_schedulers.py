"""Inference schedulers: creation rules, lifecycle, conflicts, lists, updates and tags."""

from __future__ import annotations

from typing import Any

import pytest
from inference_helpers import (
    INPUT_BUCKET,
    OUTPUT_BUCKET,
    ROLE_ARN,
    FakeModels,
    manual_progression,
    models,
    scheduler_request,
)
from model_helpers import check_pages_while_deleting_each, error_raised_by

__all__ = ["manual_progression", "models"]

NAME = "pump-scheduler"


@pytest.fixture
def pump(models: FakeModels) -> Any:
    return models.add(quality="QUALITY_THRESHOLD_MET")


@pytest.fixture
def scheduler(client: Any, pump: Any) -> dict[str, Any]:
    return dict(client.create_inference_scheduler(**scheduler_request()))


# Create ---------------------------------------------------------------------------------------


def test_create_answers_pending_with_the_model_quality(client: Any, pump: Any) -> None:
    created = client.create_inference_scheduler(**scheduler_request())
    assert created["Status"] == "PENDING"
    assert created["InferenceSchedulerName"] == NAME
    assert created["ModelQuality"] == "QUALITY_THRESHOLD_MET"
    assert created["InferenceSchedulerArn"].startswith(
        "arn:aws:lookoutequipment:us-east-1:123456789012:inference-scheduler/pump-scheduler/"
    )


def test_describe_shows_running_and_echoes_the_defaults(
    client: Any, pump: Any, scheduler: dict[str, Any]
) -> None:
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["Status"] == "RUNNING"
    assert described["ModelName"] == "pump-model"
    assert described["ModelArn"] == pump.arn
    assert described["InferenceSchedulerArn"] == scheduler["InferenceSchedulerArn"]
    assert described["DataUploadFrequency"] == "PT5M"
    assert described["DataDelayOffsetInMinutes"] == 0
    assert described["DataInputConfiguration"] == {
        "S3InputConfiguration": {"Bucket": INPUT_BUCKET, "Prefix": "input/"},
        "InputTimeZoneOffset": "+00:00",
        "InferenceInputNameConfiguration": {
            "TimestampFormat": "yyyyMMddHHmmss",
            "ComponentTimestampDelimiter": "-",
        },
    }
    assert described["DataOutputConfiguration"] == {
        "S3OutputConfiguration": {"Bucket": OUTPUT_BUCKET, "Prefix": "output/"}
    }
    assert described["RoleArn"] == ROLE_ARN
    assert described["CreatedAt"] == described["UpdatedAt"]
    assert "ServerSideKmsKeyId" not in described
    assert "LatestInferenceResult" not in described


def test_given_input_naming_is_kept(client: Any, pump: Any) -> None:
    config = {
        "S3InputConfiguration": {"Bucket": INPUT_BUCKET},
        "InputTimeZoneOffset": "-03:30",
        "InferenceInputNameConfiguration": {"ComponentTimestampDelimiter": "_"},
    }
    client.create_inference_scheduler(
        **scheduler_request(DataInputConfiguration=config, DataDelayOffsetInMinutes=10)
    )
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["DataDelayOffsetInMinutes"] == 10
    assert described["DataInputConfiguration"] == {
        "S3InputConfiguration": {"Bucket": INPUT_BUCKET},
        "InputTimeZoneOffset": "-03:30",
        "InferenceInputNameConfiguration": {
            "TimestampFormat": "yyyyMMddHHmmss",
            "ComponentTimestampDelimiter": "_",
        },
    }


def test_the_model_must_exist(client: Any, models: FakeModels) -> None:
    code, message = error_raised_by(client.create_inference_scheduler, **scheduler_request())
    assert (code, message) == ("ResourceNotFoundException", "Model 'pump-model' does not exist.")


@pytest.mark.parametrize("status", ["IN_PROGRESS", "FAILED"])
def test_the_model_needs_a_successful_active_version(
    client: Any, models: FakeModels, status: str
) -> None:
    model = models.add()
    model.active_version = None
    model.add_version(None, status)
    code, message = error_raised_by(client.create_inference_scheduler, **scheduler_request())
    assert code == "ConflictException"
    assert message == "Model 'pump-model' has no successfully trained active version to schedule."


def test_the_upload_frequency_cannot_be_shorter_than_the_sampling_rate(
    client: Any, models: FakeModels
) -> None:
    models.add(sampling_rate="PT10M")
    code, message = error_raised_by(client.create_inference_scheduler, **scheduler_request())
    assert code == "ValidationException"
    assert message == (
        "DataUploadFrequency 'PT5M' is shorter than the TargetSamplingRate 'PT10M' of model "
        "'pump-model'; choose a frequency of at least PT10M."
    )
    created = client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT10M"))
    assert created["Status"] == "PENDING"


def test_one_scheduler_per_model(client: Any, scheduler: dict[str, Any]) -> None:
    code, message = error_raised_by(
        client.create_inference_scheduler, **scheduler_request(InferenceSchedulerName="second")
    )
    assert code == "ServiceQuotaExceededException"
    assert message == (
        "Model 'pump-model' already has inference scheduler 'pump-scheduler'; a model can have "
        "at most 1 inference scheduler."
    )


def test_names_are_unique(client: Any, models: FakeModels, scheduler: dict[str, Any]) -> None:
    models.add("other-model")
    code, message = error_raised_by(
        client.create_inference_scheduler, **scheduler_request(ModelName="other-model")
    )
    assert (code, message) == (
        "ConflictException",
        "Inference scheduler 'pump-scheduler' already exists.",
    )


def test_the_input_location_is_required(client: Any, pump: Any) -> None:
    config = {"InputTimeZoneOffset": "+01:00"}
    code, message = error_raised_by(
        client.create_inference_scheduler, **scheduler_request(DataInputConfiguration=config)
    )
    assert code == "ValidationException"
    assert "S3InputConfiguration is required" in message


@pytest.mark.parametrize("offset", ["+12:30", "-13:00", "+05:45", "+01:60"])
def test_time_zone_offsets_are_whole_or_half_hours_within_twelve(
    client: Any, pump: Any, offset: str
) -> None:
    config = {"S3InputConfiguration": {"Bucket": INPUT_BUCKET}, "InputTimeZoneOffset": offset}
    code, message = error_raised_by(
        client.create_inference_scheduler, **scheduler_request(DataInputConfiguration=config)
    )
    assert code == "ValidationException"
    assert message.startswith(f"InputTimeZoneOffset '{offset}' is not a valid time zone offset")


def test_validation_comes_before_lookups(client: Any, models: FakeModels) -> None:
    code, message = error_raised_by(
        client.create_inference_scheduler,
        **scheduler_request(ModelName="missing", DataDelayOffsetInMinutes=61),
    )
    assert code == "ValidationException"
    assert "dataDelayOffsetInMinutes" in message


def test_kms_key_is_resolved_to_its_arn(client: Any, pump: Any) -> None:
    import boto3

    key = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]
    client.create_inference_scheduler(**scheduler_request(ServerSideKmsKeyId=key["KeyId"]))
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["ServerSideKmsKeyId"] == key["Arn"]


def test_an_unknown_kms_key_is_rejected(client: Any, pump: Any) -> None:
    code, message = error_raised_by(
        client.create_inference_scheduler, **scheduler_request(ServerSideKmsKeyId="alias/nope")
    )
    assert (code, message) == (
        "ValidationException",
        "The KMS key 'alias/nope' does not exist or is not accessible.",
    )


def test_tags_are_kept_and_dropped_with_the_scheduler(client: Any, pump: Any) -> None:
    created = client.create_inference_scheduler(
        **scheduler_request(Tags=[{"Key": "team", "Value": "maintenance"}])
    )
    arn = created["InferenceSchedulerArn"]
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "maintenance"}
    ]
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "site", "Value": "north"}])
    assert len(client.list_tags_for_resource(ResourceArn=arn)["Tags"]) == 2
    client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    client.delete_inference_scheduler(InferenceSchedulerName=NAME)
    code, _ = error_raised_by(client.list_tags_for_resource, ResourceArn=arn)
    assert code == "ResourceNotFoundException"


def test_a_client_token_replays_the_first_answer(client: Any, pump: Any) -> None:
    request = scheduler_request(ClientToken="token-1")
    first = client.create_inference_scheduler(**request)
    again = client.create_inference_scheduler(**request)
    assert again["InferenceSchedulerArn"] == first["InferenceSchedulerArn"]
    assert again["Status"] == "RUNNING"
    code, message = error_raised_by(
        client.create_inference_scheduler,
        **scheduler_request(ClientToken="token-1", RoleArn=ROLE_ARN + "2"),
    )
    assert (code, message) == (
        "ConflictException",
        "The client token 'token-1' was already used by another CreateInferenceScheduler request "
        "with different parameters.",
    )


# Lifecycle ------------------------------------------------------------------------------------


def test_a_stopped_scheduler_starts_again_pending_then_running(
    client: Any, scheduler: dict[str, Any]
) -> None:
    stopped = client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    assert stopped["Status"] == "STOPPING"
    assert stopped["InferenceSchedulerArn"] == scheduler["InferenceSchedulerArn"]
    assert stopped["ModelName"] == "pump-model"
    assert client.describe_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "STOPPED"
    started = client.start_inference_scheduler(InferenceSchedulerName=NAME)
    assert started["Status"] == "PENDING"
    assert client.describe_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "RUNNING"


def test_start_needs_a_stopped_scheduler(client: Any, scheduler: dict[str, Any]) -> None:
    assert error_raised_by(client.start_inference_scheduler, InferenceSchedulerName=NAME) == (
        "ConflictException",
        "Inference scheduler 'pump-scheduler' is RUNNING; only a STOPPED scheduler can be started.",
    )


def test_stop_needs_a_running_or_pending_scheduler(client: Any, scheduler: dict[str, Any]) -> None:
    client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    assert error_raised_by(client.stop_inference_scheduler, InferenceSchedulerName=NAME) == (
        "ConflictException",
        "Inference scheduler 'pump-scheduler' is STOPPED; only a RUNNING or PENDING scheduler "
        "can be stopped.",
    )


def test_delete_needs_a_stopped_scheduler(client: Any, scheduler: dict[str, Any]) -> None:
    assert error_raised_by(client.delete_inference_scheduler, InferenceSchedulerName=NAME) == (
        "ConflictException",
        "Inference scheduler 'pump-scheduler' must be STOPPED to be deleted; it is RUNNING.",
    )
    client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    client.delete_inference_scheduler(InferenceSchedulerName=NAME)
    assert client.list_inference_schedulers()["InferenceSchedulerSummaries"] == []
    created = client.create_inference_scheduler(**scheduler_request())
    assert created["InferenceSchedulerArn"] != scheduler["InferenceSchedulerArn"]


def test_transitional_states_under_manual_progression(
    client: Any, pump: Any, manual_progression: Any
) -> None:
    manual_progression("inferencescheduler", times=2)
    client.create_inference_scheduler(**scheduler_request())
    assert client.describe_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "PENDING"
    assert error_raised_by(
        client.update_inference_scheduler, InferenceSchedulerName=NAME, DataDelayOffsetInMinutes=3
    ) == (
        "ConflictException",
        "Inference scheduler 'pump-scheduler' is PENDING and cannot be updated until that ends.",
    )
    assert error_raised_by(client.delete_inference_scheduler, InferenceSchedulerName=NAME)[0] == (
        "ConflictException"
    )
    assert client.stop_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "STOPPING"
    assert client.describe_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "STOPPING"
    code, message = error_raised_by(
        client.update_inference_scheduler, InferenceSchedulerName=NAME, DataDelayOffsetInMinutes=3
    )
    assert (code, "STOPPING" in message) == ("ConflictException", True)
    assert error_raised_by(client.start_inference_scheduler, InferenceSchedulerName=NAME)[0] == (
        "ConflictException"
    )
    assert client.describe_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "STOPPED"


@pytest.mark.parametrize(
    "operation",
    [
        "describe_inference_scheduler",
        "start_inference_scheduler",
        "stop_inference_scheduler",
        "delete_inference_scheduler",
        "update_inference_scheduler",
    ],
)
def test_unknown_schedulers_are_not_found(client: Any, operation: str) -> None:
    assert error_raised_by(getattr(client, operation), InferenceSchedulerName="nope") == (
        "ResourceNotFoundException",
        "Inference scheduler 'nope' does not exist.",
    )


def test_starting_a_scheduler_whose_model_was_deleted(
    client: Any, models: FakeModels, scheduler: dict[str, Any]
) -> None:
    client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    models.delete("pump-model")
    assert error_raised_by(client.start_inference_scheduler, InferenceSchedulerName=NAME) == (
        "ResourceNotFoundException",
        "Model 'pump-model' of inference scheduler 'pump-scheduler' does not exist.",
    )


# Update ---------------------------------------------------------------------------------------


def test_update_changes_only_what_is_given(client: Any, scheduler: dict[str, Any]) -> None:
    client.update_inference_scheduler(
        InferenceSchedulerName=NAME,
        DataUploadFrequency="PT15M",
        DataDelayOffsetInMinutes=5,
        DataInputConfiguration={"InputTimeZoneOffset": "+02:00"},
        DataOutputConfiguration={"S3OutputConfiguration": {"Bucket": "elsewhere"}},
        RoleArn=ROLE_ARN + "-2",
    )
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["Status"] == "RUNNING"
    assert described["DataUploadFrequency"] == "PT15M"
    assert described["DataDelayOffsetInMinutes"] == 5
    assert described["DataInputConfiguration"] == {
        "S3InputConfiguration": {"Bucket": INPUT_BUCKET, "Prefix": "input/"},
        "InputTimeZoneOffset": "+02:00",
        "InferenceInputNameConfiguration": {
            "TimestampFormat": "yyyyMMddHHmmss",
            "ComponentTimestampDelimiter": "-",
        },
    }
    assert described["DataOutputConfiguration"] == {
        "S3OutputConfiguration": {"Bucket": "elsewhere"}
    }
    assert described["RoleArn"] == ROLE_ARN + "-2"
    assert described["UpdatedAt"] >= described["CreatedAt"]


def test_a_stopped_scheduler_stays_stopped_after_an_update(
    client: Any, scheduler: dict[str, Any]
) -> None:
    client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    client.update_inference_scheduler(InferenceSchedulerName=NAME, DataDelayOffsetInMinutes=1)
    assert client.describe_inference_scheduler(InferenceSchedulerName=NAME)["Status"] == "STOPPED"


def test_update_checks_the_frequency_against_the_sampling_rate(
    client: Any, models: FakeModels
) -> None:
    models.add(sampling_rate="PT15M")
    client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT30M"))
    code, message = error_raised_by(
        client.update_inference_scheduler, InferenceSchedulerName=NAME, DataUploadFrequency="PT10M"
    )
    assert code == "ValidationException"
    assert "shorter than the TargetSamplingRate 'PT15M'" in message
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["DataUploadFrequency"] == "PT30M"


def test_update_rejects_a_bad_time_zone_and_changes_nothing(
    client: Any, scheduler: dict[str, Any]
) -> None:
    code, _ = error_raised_by(
        client.update_inference_scheduler,
        InferenceSchedulerName=NAME,
        DataDelayOffsetInMinutes=7,
        DataInputConfiguration={"InputTimeZoneOffset": "+13:00"},
    )
    assert code == "ValidationException"
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["DataDelayOffsetInMinutes"] == 0


# Lists ----------------------------------------------------------------------------------------


def test_list_filters_and_pages(client: Any, models: FakeModels) -> None:
    for index in range(3):
        models.add(f"model-{index}")
        client.create_inference_scheduler(
            **scheduler_request(ModelName=f"model-{index}", InferenceSchedulerName=f"line-{index}")
        )
    models.add("other-model")
    client.create_inference_scheduler(
        **scheduler_request(ModelName="other-model", InferenceSchedulerName="other")
    )
    client.stop_inference_scheduler(InferenceSchedulerName="line-1")

    def names(**params: Any) -> list[str]:
        listed = client.list_inference_schedulers(**params)["InferenceSchedulerSummaries"]
        return [s["InferenceSchedulerName"] for s in listed]

    assert names() == ["line-0", "line-1", "line-2", "other"]
    assert names(InferenceSchedulerNameBeginsWith="line") == ["line-0", "line-1", "line-2"]
    assert names(InferenceSchedulerNameBeginsWith="Line") == []
    assert names(ModelName="model-2") == ["line-2"]
    assert names(ModelName="model") == []
    assert names(ModelName="no-such-model") == []
    assert names(Status="STOPPED") == ["line-1"]
    assert names(Status="RUNNING") == ["line-0", "line-2", "other"]
    page = client.list_inference_schedulers(MaxResults=3)
    assert len(page["InferenceSchedulerSummaries"]) == 3
    assert names(MaxResults=3, NextToken=page["NextToken"]) == ["other"]
    summary = client.list_inference_schedulers(ModelName="model-0")["InferenceSchedulerSummaries"]
    assert set(summary[0]) - {"ResponseMetadata"} == {
        "ModelName",
        "ModelArn",
        "InferenceSchedulerName",
        "InferenceSchedulerArn",
        "Status",
        "DataDelayOffsetInMinutes",
        "DataUploadFrequency",
    }
    code, _ = error_raised_by(
        client.list_inference_schedulers, NextToken=page["NextToken"], Status="RUNNING"
    )
    assert code == "ValidationException"


def test_schedulers_deleted_between_pages_make_no_page_skip_one(
    client: Any, models: FakeModels
) -> None:
    names = [f"line-{index}" for index in range(5)]
    for name in names:
        models.add(f"model-{name}")
        client.create_inference_scheduler(
            **scheduler_request(ModelName=f"model-{name}", InferenceSchedulerName=name)
        )
        client.stop_inference_scheduler(InferenceSchedulerName=name)

    check_pages_while_deleting_each(
        client.list_inference_schedulers,
        "InferenceSchedulerSummaries",
        "InferenceSchedulerName",
        lambda name: client.delete_inference_scheduler(InferenceSchedulerName=name),
        names=names,
        MaxResults=2,
    )


def test_executions_of_an_unknown_scheduler_are_an_empty_list(client: Any) -> None:
    listed = client.list_inference_executions(InferenceSchedulerName="nope")
    assert listed["InferenceExecutionSummaries"] == []


def test_events_of_an_unknown_scheduler_are_not_found(client: Any) -> None:
    import datetime

    moment = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    assert error_raised_by(
        client.list_inference_events,
        InferenceSchedulerName="nope",
        IntervalStartTime=moment,
        IntervalEndTime=moment,
    ) == ("ResourceNotFoundException", "Inference scheduler 'nope' does not exist.")


# Hooks for the other families -----------------------------------------------------------------


def test_a_dataset_cannot_be_deleted_while_a_scheduler_uses_a_model_trained_on_it(
    client: Any, models: FakeModels
) -> None:
    dataset_arn = client.create_dataset(DatasetName="pump-data")["DatasetArn"]
    models.add(dataset_arn=dataset_arn)
    client.create_inference_scheduler(**scheduler_request())
    code, message = error_raised_by(client.delete_dataset, DatasetName="pump-data")
    assert code == "ConflictException"
    assert "inference scheduler 'pump-scheduler' uses a model trained on it" in message
    client.stop_inference_scheduler(InferenceSchedulerName=NAME)
    client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    client.delete_inference_scheduler(InferenceSchedulerName=NAME)
    client.delete_dataset(DatasetName="pump-data")


def test_a_scheduler_whose_model_was_deleted_does_not_hold_the_dataset(
    client: Any, models: FakeModels
) -> None:
    dataset_arn = client.create_dataset(DatasetName="pump-data")["DatasetArn"]
    models.add(dataset_arn=dataset_arn)
    client.create_inference_scheduler(**scheduler_request())
    models.delete("pump-model")
    client.delete_dataset(DatasetName="pump-data")
    assert client.list_datasets()["DatasetSummaries"] == []
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["Status"] == "RUNNING"


def test_scheduler_of_model(backend: Any, models: FakeModels, client: Any) -> None:
    models.add()
    assert backend.inference.scheduler_of_model("pump-model") is None
    client.create_inference_scheduler(**scheduler_request())
    assert backend.inference.scheduler_of_model("pump-model").name == NAME
    assert backend.inference.scheduler_of_model("other") is None
    models.delete("pump-model")
    models.add()
    assert backend.inference.scheduler_of_model("pump-model") is None
    created = client.create_inference_scheduler(**scheduler_request(InferenceSchedulerName="new"))
    assert created["Status"] == "PENDING"

"""CloudFormation stacks with an AWS::LookoutEquipment::InferenceScheduler, through moto's
CloudFormation: create, outputs, update in place, replacement, delete, refused properties."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from model_helpers import MODEL, ROLE_ARN, dataset_with_data, train_model
from readme_examples import readme_example

REGION = "us-east-1"
SCHEDULER = "pump-scheduler"


@pytest.fixture
def cloudformation(client: Any, s3: Any) -> Any:
    """moto's CloudFormation, with a trained model and the scheduler's buckets in place."""
    for bucket in ("inference-input", "inference-output"):
        s3.create_bucket(Bucket=bucket)
    dataset_with_data(client)
    train_model(client)
    return boto3.client("cloudformation", region_name=REGION)


def template(**overrides: Any) -> str:
    properties: dict[str, Any] = {
        "InferenceSchedulerName": SCHEDULER,
        "ModelName": MODEL,
        "DataUploadFrequency": "PT5M",
        "DataDelayOffsetInMinutes": "2",
        "DataInputConfiguration": {
            "S3InputConfiguration": {"Bucket": "inference-input", "Prefix": "input/"}
        },
        "DataOutputConfiguration": {
            "S3OutputConfiguration": {"Bucket": "inference-output", "Prefix": "output/"}
        },
        "RoleArn": ROLE_ARN,
        "Tags": [{"Key": "team", "Value": "pumps"}],
    }
    properties.update(overrides)
    properties = {key: value for key, value in properties.items() if value is not None}
    return json.dumps(
        {
            "Resources": {
                "Scheduler": {
                    "Type": "AWS::LookoutEquipment::InferenceScheduler",
                    "Properties": properties,
                }
            },
            "Outputs": {
                "Name": {"Value": {"Ref": "Scheduler"}},
                "Arn": {"Value": {"Fn::GetAtt": ["Scheduler", "InferenceSchedulerArn"]}},
            },
        }
    )


def outputs(cloudformation: Any, stack: str = "plant") -> dict[str, str]:
    described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    return {output["OutputKey"]: output["OutputValue"] for output in described["Outputs"]}


def tags_of(client: Any, arn: str) -> dict[str, str]:
    return {
        tag["Key"]: tag["Value"] for tag in client.list_tags_for_resource(ResourceArn=arn)["Tags"]
    }


def test_create_stack_creates_the_scheduler(cloudformation: Any, client: Any) -> None:
    cloudformation.create_stack(StackName="plant", TemplateBody=template())
    described = client.describe_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    assert described["ModelName"] == MODEL
    assert described["DataUploadFrequency"] == "PT5M"
    assert described["DataDelayOffsetInMinutes"] == 2
    assert described["Status"] == "RUNNING"
    assert outputs(cloudformation) == {
        "Name": SCHEDULER,
        "Arn": described["InferenceSchedulerArn"],
    }
    assert tags_of(client, described["InferenceSchedulerArn"]) == {"team": "pumps"}
    resources = cloudformation.describe_stack_resources(StackName="plant")["StackResources"]
    assert [(r["LogicalResourceId"], r["PhysicalResourceId"]) for r in resources] == [
        ("Scheduler", SCHEDULER)
    ]


def test_a_scheduler_without_a_name_is_named_after_the_stack(
    cloudformation: Any, client: Any
) -> None:
    cloudformation.create_stack(
        StackName="plant", TemplateBody=template(InferenceSchedulerName=None)
    )
    name = outputs(cloudformation)["Name"]
    assert name.startswith("plant-Scheduler-")
    assert client.describe_inference_scheduler(InferenceSchedulerName=name)["Status"] == "RUNNING"


def test_update_in_place_keeps_the_scheduler(cloudformation: Any, client: Any) -> None:
    cloudformation.create_stack(StackName="plant", TemplateBody=template())
    arn = outputs(cloudformation)["Arn"]
    cloudformation.update_stack(
        StackName="plant",
        TemplateBody=template(
            DataUploadFrequency="PT10M", Tags=[{"Key": "site", "Value": "north"}]
        ),
    )
    described = client.describe_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    assert described["InferenceSchedulerArn"] == arn
    assert described["DataUploadFrequency"] == "PT10M"
    assert tags_of(client, arn) == {"site": "north"}


def test_a_kms_alias_in_the_template_does_not_make_every_update_a_replacement(
    cloudformation: Any, client: Any
) -> None:
    kms = boto3.client("kms", region_name=REGION)
    kms.create_alias(
        AliasName="alias/lookout", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"]
    )
    cloudformation.create_stack(
        StackName="plant", TemplateBody=template(ServerSideKmsKeyId="alias/lookout")
    )
    arn = outputs(cloudformation)["Arn"]
    cloudformation.update_stack(
        StackName="plant",
        TemplateBody=template(ServerSideKmsKeyId="alias/lookout", DataUploadFrequency="PT10M"),
    )
    assert outputs(cloudformation)["Arn"] == arn
    described = client.describe_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    assert described["DataUploadFrequency"] == "PT10M"


def test_a_property_left_out_of_an_update_returns_to_its_default(
    cloudformation: Any, client: Any
) -> None:
    naming = {"TimestampFormat": "EPOCH", "ComponentTimestampDelimiter": "_"}
    cloudformation.create_stack(
        StackName="plant",
        TemplateBody=template(
            DataInputConfiguration={
                "S3InputConfiguration": {"Bucket": "inference-input"},
                "InputTimeZoneOffset": "+05:30",
                "InferenceInputNameConfiguration": naming,
            }
        ),
    )
    cloudformation.update_stack(
        StackName="plant",
        TemplateBody=template(
            DataDelayOffsetInMinutes=None,
            DataInputConfiguration={"S3InputConfiguration": {"Bucket": "inference-input"}},
        ),
    )
    described = client.describe_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    assert described["DataDelayOffsetInMinutes"] == 0
    assert described["DataInputConfiguration"] == {
        "S3InputConfiguration": {"Bucket": "inference-input"},
        "InputTimeZoneOffset": "+00:00",
        "InferenceInputNameConfiguration": {
            "TimestampFormat": "yyyyMMddHHmmss",
            "ComponentTimestampDelimiter": "-",
        },
    }


def test_a_new_name_replaces_the_scheduler(cloudformation: Any, client: Any) -> None:
    cloudformation.create_stack(StackName="plant", TemplateBody=template())
    old_arn = outputs(cloudformation)["Arn"]
    cloudformation.update_stack(
        StackName="plant", TemplateBody=template(InferenceSchedulerName="pump-scheduler-2")
    )
    assert outputs(cloudformation)["Name"] == "pump-scheduler-2"
    assert outputs(cloudformation)["Arn"] != old_arn
    names = [
        summary["InferenceSchedulerName"]
        for summary in client.list_inference_schedulers()["InferenceSchedulerSummaries"]
    ]
    assert names == ["pump-scheduler-2"]


def test_delete_stack_deletes_the_scheduler(cloudformation: Any, client: Any) -> None:
    cloudformation.create_stack(StackName="plant", TemplateBody=template())
    cloudformation.delete_stack(StackName="plant")
    assert client.list_inference_schedulers()["InferenceSchedulerSummaries"] == []


def test_a_stack_whose_scheduler_was_deleted_outside_it_still_deletes(
    cloudformation: Any, client: Any
) -> None:
    cloudformation.create_stack(StackName="plant", TemplateBody=template())
    client.stop_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    client.describe_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    client.delete_inference_scheduler(InferenceSchedulerName=SCHEDULER)
    cloudformation.delete_stack(StackName="plant")
    (stack,) = cloudformation.list_stacks()["StackSummaries"]
    assert stack["StackStatus"] == "DELETE_COMPLETE"


def test_properties_are_checked_like_the_api(cloudformation: Any, client: Any) -> None:
    with pytest.raises(ClientError) as error:
        cloudformation.create_stack(
            StackName="plant", TemplateBody=template(DataUploadFrequency="PT7M")
        )
    assert error.value.response["Error"]["Code"] == "ValidationError"
    message = error.value.response["Error"]["Message"]
    assert message.startswith(
        "AWS::LookoutEquipment::InferenceScheduler: ValidationException: 1 validation error"
    )
    assert "'PT7M' at 'dataUploadFrequency'" in message
    assert client.list_inference_schedulers()["InferenceSchedulerSummaries"] == []


def test_the_readme_template_creates_a_scheduler_named_after_the_stack(
    cloudformation: Any, client: Any
) -> None:
    cloudformation.create_stack(
        StackName="plant", TemplateBody=readme_example("CloudFormation", "yaml")
    )
    [scheduler] = client.list_inference_schedulers()["InferenceSchedulerSummaries"]
    assert scheduler["InferenceSchedulerName"].startswith("plant-Scheduler-")
    assert outputs(cloudformation) == {"SchedulerArn": scheduler["InferenceSchedulerArn"]}

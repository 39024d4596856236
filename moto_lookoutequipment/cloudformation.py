"""CloudFormation's ``AWS::LookoutEquipment::InferenceScheduler``, the service's one resource type.

moto's CloudFormation finds resource types among the direct subclasses of ``CloudFormationModel``.
Each stack operation goes through the service's own operations, and so their validation and
rules; an error they answer fails the stack call with CloudFormation's ``ValidationError``.
Create is ``CreateInferenceScheduler``. An update that changes the name, the model or the KMS key
replaces the scheduler; any other update is ``UpdateInferenceScheduler`` plus the tag changes.
Delete stops the scheduler, then deletes it. ``Ref`` is the scheduler's name,
``Fn::GetAtt ... InferenceSchedulerArn`` its ARN.
"""

from __future__ import annotations

import uuid
from typing import Any

from moto.core.common_models import CloudFormationModel

from .data.inference_input import (
    DEFAULT_DELIMITER,
    DEFAULT_TIME_ZONE_OFFSET,
    DEFAULT_TIMESTAMP_FORMAT,
)
from .exceptions import LookoutEquipmentError
from .models import LookoutEquipmentBackend, lookoutequipment_backends
from .models.common import tags_from_list, tags_to_list

RESOURCE_TYPE = "AWS::LookoutEquipment::InferenceScheduler"
# Changing one of these makes CloudFormation replace the scheduler.
REPLACING = ("InferenceSchedulerName", "ModelName", "ServerSideKmsKeyId")
UPDATABLE = (
    "DataDelayOffsetInMinutes",
    "DataUploadFrequency",
    "DataInputConfiguration",
    "DataOutputConfiguration",
    "RoleArn",
)
INTEGER_PROPERTIES = ("DataDelayOffsetInMinutes",)


def _call(backend: LookoutEquipmentBackend, operation: str, params: dict[str, Any]) -> Any:
    """The operation's answer; its error becomes CloudFormation's, naming the resource type."""
    from moto.cloudformation.exceptions import ValidationError

    try:
        return backend.handle_unvalidated(operation, params)
    except LookoutEquipmentError as error:
        message = f"{RESOURCE_TYPE}: {error.code}: {error.message}"
        raise ValidationError(message=message) from error


def _template(cloudformation_json: dict[str, Any]) -> dict[str, Any]:
    """The template's properties as the API takes them (templates may quote numbers)."""
    properties = dict(cloudformation_json.get("Properties") or {})
    for key in INTEGER_PROPERTIES:
        if isinstance(properties.get(key), str) and properties[key].strip().isdigit():
            properties[key] = int(properties[key])
    return properties


def _with_defaults(template: dict[str, Any]) -> dict[str, Any]:
    """The updatable properties with a property the template leaves out back at its default,
    as CloudFormation does (the API's update would keep the current value)."""
    changes = {key: template[key] for key in UPDATABLE if key in template}
    changes.setdefault("DataDelayOffsetInMinutes", 0)
    given = changes.get("DataInputConfiguration")
    if isinstance(given, dict):
        naming = given.get("InferenceInputNameConfiguration")
        changes["DataInputConfiguration"] = {
            "InputTimeZoneOffset": DEFAULT_TIME_ZONE_OFFSET,
            **given,
            "InferenceInputNameConfiguration": {
                "TimestampFormat": DEFAULT_TIMESTAMP_FORMAT,
                "ComponentTimestampDelimiter": DEFAULT_DELIMITER,
                **(naming if isinstance(naming, dict) else {}),
            },
        }
    return changes


class InferenceSchedulerStackResource(CloudFormationModel):
    """A scheduler as a stack sees it: its name, account and region."""

    def __new__(cls, *args: Any, **kwargs: Any) -> InferenceSchedulerStackResource:
        # Not a resource of its own: moto's dashboard lists the scheduler, not this view of it,
        # so the instance stays off the dashboard's lists (which ``BaseModel.__new__`` fills).
        return object.__new__(cls)

    def __init__(
        self,
        name: str,
        account_id: str,
        region_name: str,
        template: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.account_id = account_id
        self.region_name = region_name
        # The properties as the template last gave them, to tell what an update changes.
        self.template = template or {}

    @property
    def backend(self) -> LookoutEquipmentBackend:
        return lookoutequipment_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = _call(
            self.backend, "DescribeInferenceScheduler", {"InferenceSchedulerName": self.name}
        )
        return described

    @property
    def arn(self) -> str:
        return str(self.describe()["InferenceSchedulerArn"])

    @staticmethod
    def cloudformation_name_type() -> str:
        return "InferenceSchedulerName"

    @staticmethod
    def cloudformation_type() -> str:
        return RESOURCE_TYPE

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "InferenceSchedulerArn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "InferenceSchedulerArn":
            return self.arn
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        raise UnformattedGetAttTemplateException()

    def is_created(self) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> InferenceSchedulerStackResource:
        template = _template(cloudformation_json)
        properties = {"InferenceSchedulerName": resource_name, **template}
        backend = lookoutequipment_backends[account_id][region_name]
        _call(backend, "CreateInferenceScheduler", {**properties, "ClientToken": str(uuid.uuid4())})
        return cls(properties["InferenceSchedulerName"], account_id, region_name, template)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: InferenceSchedulerStackResource,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> InferenceSchedulerStackResource:
        backend = original_resource.backend
        template = _template(cloudformation_json)
        previous = original_resource.template
        if any(template.get(key) != previous.get(key) for key in REPLACING):
            original_resource.delete()
            return cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
        _call(
            backend,
            "UpdateInferenceScheduler",
            {"InferenceSchedulerName": original_resource.name, **_with_defaults(template)},
        )
        original_resource.replace_tags(tags_from_list(template.get("Tags")))
        original_resource.template = template
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        cls(resource_name, account_id, region_name).delete()

    def delete(self) -> None:
        # A scheduler deleted outside the stack is already where the stack wants it.
        if self.name not in self.backend.inference.items:
            return
        name = {"InferenceSchedulerName": self.name}
        if self.describe()["Status"] != "STOPPED":
            _call(self.backend, "StopInferenceScheduler", name)
        _call(self.backend, "DeleteInferenceScheduler", name)

    def replace_tags(self, tags: dict[str, str]) -> None:
        arn = self.arn
        current = tags_from_list(
            _call(self.backend, "ListTagsForResource", {"ResourceArn": arn})["Tags"]
        )
        gone = [key for key in current if key not in tags]
        if gone:
            _call(self.backend, "UntagResource", {"ResourceArn": arn, "TagKeys": gone})
        if tags:
            _call(self.backend, "TagResource", {"ResourceArn": arn, "Tags": tags_to_list(tags)})

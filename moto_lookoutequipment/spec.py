"""The Lookout for Equipment service model: the single source of every request and response shape.

The installed botocore's copy is preferred; a documentation-free copy ships with the package so
that the mock keeps working with a botocore release that no longer carries the service.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from botocore.model import OperationModel, ServiceModel, Shape

SERVICE_NAME = "lookoutequipment"
TARGET_PREFIX = "AWSLookoutEquipmentFrontendService"
# The service speaks AWS JSON 1.0: the Content-Type of its answers, errors included.
CONTENT_TYPE = "application/x-amz-json-1.0"


@lru_cache(maxsize=1)
def service_model() -> ServiceModel:
    import botocore.session
    from botocore.exceptions import UnknownServiceError

    try:
        model: ServiceModel = botocore.session.get_session().get_service_model(SERVICE_NAME)
        return model
    except UnknownServiceError:
        return bundled_service_model()


@lru_cache(maxsize=1)
def bundled_service_model() -> ServiceModel:
    text = resources.files(__package__).joinpath("service-2.json").read_text(encoding="utf-8")
    return ServiceModel(json.loads(text), service_name=SERVICE_NAME)


def operation_names() -> list[str]:
    return list(service_model().operation_names)


def operation(name: str) -> OperationModel:
    return service_model().operation_model(name)


def shape(name: str) -> Shape:
    return service_model().shape_for(name)


def error_codes(operation_name: str) -> list[str]:
    return [error.name for error in operation(operation_name).error_shapes]

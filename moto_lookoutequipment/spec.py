"""The Lookout for Equipment service model: the single source of every request and response shape.

The installed botocore's copy is preferred when it holds every operation, shape and member of
the documentation-free copy that ships with the package; otherwise (a botocore release older than
the mock, or one that no longer carries the service) the shipped copy serves.
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
        installed: ServiceModel = botocore.session.get_session().get_service_model(SERVICE_NAME)
    except UnknownServiceError:
        return bundled_service_model()
    return installed if covers(installed, bundled_service_model()) else bundled_service_model()


def covers(model: ServiceModel, other: ServiceModel) -> bool:
    """Whether ``model`` has every operation, shape and structure member that ``other`` has."""
    if not set(other.operation_names) <= set(model.operation_names):
        return False
    names = set(model.shape_names)
    for name in other.shape_names:
        if name not in names:
            return False
        wanted = getattr(other.shape_for(name), "members", {})
        if not set(wanted) <= set(getattr(model.shape_for(name), "members", {})):
            return False
    return True


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

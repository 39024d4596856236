"""Registers the service with moto, through the few doors ``_compat`` keeps to moto's internals.

moto 5 has no plugin API. moto finds a service by importing ``moto.<name>``, routes requests with
its list of URL patterns (in-process and in server mode, which keeps a reference to the same
list), and finds ``urls.py`` beside the module of the backend class. ``register()`` fills each of
those places; it is idempotent.
"""

from __future__ import annotations

import importlib
import re
import threading
from types import ModuleType

from . import _compat
from .spec import SERVICE_NAME

URL_PATTERN = re.compile(r"https?://lookoutequipment\.(.+)\.amazonaws\.com")

# One status machine per resource that moves by itself, on moto's state manager.
STATE_MODELS = (
    "dataset",
    "ingestionjob",
    "model",
    "modelversion",
    "inferencescheduler",
    "inferenceexecution",
    "retrainingscheduler",
)

_lock = threading.Lock()


def state_model_name(resource: str) -> str:
    return f"{SERVICE_NAME}::{resource}"


def state_model_names() -> list[str]:
    return [state_model_name(resource) for resource in STATE_MODELS]


# The resource kinds moto's dashboard (``/moto-api/data.json``) lists under the service; the
# package's other model classes (CloudFormation's view of a scheduler) stay off it.
DASHBOARD_KINDS = (
    "Dataset",
    "IngestionJob",
    "LabelGroup",
    "Label",
    "Model",
    "ModelVersion",
    "InferenceScheduler",
    "InferenceExecution",
    "RetrainingScheduler",
)


def register() -> None:
    """Make moto serve Lookout for Equipment; safe to call any number of times."""
    with _lock:
        _compat.alias_service_module(SERVICE_NAME, _package())
        _add_url_pattern()
        _register_state_models()
        _add_control_endpoints()
        _refresh_cloudformation_models()
        _join_tagging_api()
        _compat.file_models_under(SERVICE_NAME, __package__, DASHBOARD_KINDS)
        _answer_in_process_calls()


def _package() -> ModuleType:
    return importlib.import_module(__package__)


def is_registered() -> bool:
    return _compat.service_module(SERVICE_NAME) is _package() and any(
        service == SERVICE_NAME for service, _ in _compat.url_patterns()
    )


def _add_url_pattern() -> None:
    patterns = _compat.url_patterns()
    if any(service == SERVICE_NAME for service, _ in patterns):
        return
    # The server's dispatcher keeps a reference to this list: change it in place.
    patterns.append((SERVICE_NAME, URL_PATTERN))


def _answer_in_process_calls() -> None:
    # Every botocore session made from now on (mock_aws gives boto3 a new default session)
    # registers the handler; sessions made earlier leave their calls to moto's stubber.
    from botocore.handlers import BUILTIN_HANDLERS, REGISTER_LAST

    from .in_process_calls import EVENT, answer_call

    if not any(spec[1] is answer_call for spec in BUILTIN_HANDLERS):
        BUILTIN_HANDLERS.append((EVENT, answer_call, REGISTER_LAST))


def _register_state_models() -> None:
    from moto.moto_api import state_manager

    # A default transition only applies while the user has not set one: registering it again
    # never undoes a user's `set_transition`.
    for name in state_model_names():
        state_manager.register_default_transition(name, {"progression": "immediate"})


def _add_control_endpoints() -> None:
    # Served by moto's own /moto-api application in server mode, beside the state manager's.
    from .clock import CLOCK_PATH, clock_endpoint
    from .faults import FAULTS_PATH, faults_endpoint

    _compat.add_moto_api_path(CLOCK_PATH, clock_endpoint)
    _compat.add_moto_api_path(FAULTS_PATH, faults_endpoint)


def _refresh_cloudformation_models() -> None:
    from . import cloudformation  # noqa: F401  (defines the resource types)

    _compat.refresh_cloudformation_models()


def _join_tagging_api() -> None:
    """moto 5.2.2 and later ask the backend itself (``TaggableResourcesMixin``); older releases
    need the shim."""
    from .models import LookoutEquipmentBackend
    from .resource_groups_tagging import existing_backend

    _compat.join_tagging_api(existing_backend, LookoutEquipmentBackend.of)


moto_server_main = _compat.moto_server_main
server_port = _compat.server_port
server_mode_endpoint = _compat.server_mode_endpoint

"""The one module that touches moto's internals to make it serve Lookout for Equipment.

moto 5 has no plugin API. moto finds a service by importing ``moto.<name>``, routes requests with
the list ``moto.backend_index.backend_url_patterns`` (in-process and in server mode, which keeps a
reference to the same list), and finds ``urls.py`` beside the module of the backend class.
``register()`` fills each of those places; it is idempotent.
"""

from __future__ import annotations

import re
import sys
import threading

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


def register() -> None:
    with _lock:
        _alias_module()
        _add_url_pattern()
        _register_state_models()


def _alias_module() -> None:
    import moto

    package = sys.modules[__package__]
    sys.modules[f"moto.{SERVICE_NAME}"] = package
    setattr(moto, SERVICE_NAME, package)


def _add_url_pattern() -> None:
    from moto import backend_index

    patterns = backend_index.backend_url_patterns
    if any(service == SERVICE_NAME for service, _ in patterns):
        return
    # The server's dispatcher keeps a reference to this list: change it in place.
    patterns.append((SERVICE_NAME, URL_PATTERN))


def _register_state_models() -> None:
    from moto.moto_api import state_manager

    for resource in STATE_MODELS:
        state_manager.register_default_transition(
            state_model_name(resource), {"progression": "immediate"}
        )

"""The one module that touches moto's internals to make it serve Lookout for Equipment.

moto 5 has no plugin API. moto finds a service by importing ``moto.<name>``, routes requests with
the list ``moto.backend_index.backend_url_patterns`` (in-process and in server mode, which keeps a
reference to the same list), and finds ``urls.py`` beside the module of the backend class.
``register()`` fills each of those places; it is idempotent. The few other moto details whose
shape changed between moto 5.0 and the newest release are wrapped here too, so that the rest of
the package only uses moto's public building blocks.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from typing import Any

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


def register() -> None:
    """Make moto serve Lookout for Equipment; safe to call any number of times."""
    with _lock:
        _alias_module()
        _add_url_pattern()
        _register_state_models()
        _add_clock_endpoint()


def is_registered() -> bool:
    from moto import backend_index

    return sys.modules.get(f"moto.{SERVICE_NAME}") is sys.modules[__package__] and any(
        service == SERVICE_NAME for service, _ in backend_index.backend_url_patterns
    )


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

    # A default transition only applies while the user has not set one: registering it again
    # never undoes a user's `set_transition`.
    for name in state_model_names():
        state_manager.register_default_transition(name, {"progression": "immediate"})


def _add_clock_endpoint() -> None:
    # Served by moto's own /moto-api application in server mode, beside the state manager's.
    from moto.moto_api._internal import urls

    from .clock import CLOCK_PATH, clock_endpoint

    urls.url_paths.setdefault("{0}" + CLOCK_PATH, clock_endpoint)


def moto_server_main() -> Callable[[list[str] | None], None]:
    """moto's own server command (``moto_server``); ImportError without moto's server extra."""
    from moto.server import main

    return main


def server_port(server: Any) -> int:
    """The port a started ``ThreadedMotoServer`` listens on; it may have been given port 0."""
    host_and_port = getattr(server, "get_host_and_port", None)
    if host_and_port is not None:
        return int(host_and_port()[1])
    # moto releases before `get_host_and_port` keep the werkzeug server in `_server`.
    return int(server._server.server_port)

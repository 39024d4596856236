"""The one module that touches moto's internals to make it serve Lookout for Equipment.

moto 5 has no plugin API. moto finds a service by importing ``moto.<name>``, routes requests with
the list ``moto.backend_index.backend_url_patterns`` (in-process and in server mode, which keeps a
reference to the same list), and finds ``urls.py`` beside the module of the backend class.
``register()`` fills each of those places; it is idempotent. The few other moto details whose
shape changed between moto 5.0 and the newest release are wrapped here too, so that the rest of
the package only uses moto's public building blocks.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
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
        _add_control_endpoints()
        _refresh_cloudformation_models()
        _join_tagging_api()
        _clear_on_reset()
        _file_models_under_the_service()


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


def _add_control_endpoints() -> None:
    # Served by moto's own /moto-api application in server mode, beside the state manager's.
    from moto.moto_api._internal import urls

    from .clock import CLOCK_PATH, clock_endpoint
    from .faults import FAULTS_PATH, faults_endpoint

    urls.url_paths.setdefault("{0}" + CLOCK_PATH, clock_endpoint)
    urls.url_paths.setdefault("{0}" + FAULTS_PATH, faults_endpoint)


def _file_models_under_the_service() -> None:
    """moto's dashboard (``/moto-api/data.json``) groups model classes by the second part of
    their module's name, which here is ``models`` or ``cloudformation``: list ours under the
    service's name instead."""
    from moto.core.model_instances import model_data

    ours = model_data[SERVICE_NAME]
    for service, classes in list(model_data.items()):
        if service == SERVICE_NAME:
            continue
        for name, model in list(classes.items()):
            if getattr(model, "__module__", "").split(".")[0] == __package__:
                ours[name] = classes.pop(name)
        if not classes:
            del model_data[service]


_CLEARS_OURS = "_lookoutequipment_clears"


def _clear_on_reset() -> None:
    """moto's reset (a mock starting or ending, ``POST /moto-api/reset``) resets the backends in
    use; this service's clock and injected faults live beside them, so they are cleared with
    every reset, also one that finds no backend of this service."""
    from moto.core.base_backend import BackendDict

    from . import clock, faults

    moto_reset = BackendDict.__dict__["reset"].__func__
    if getattr(moto_reset, _CLEARS_OURS, False):
        return

    def reset(cls: Any) -> None:
        moto_reset(cls)
        clock.reset()
        faults.clear()

    setattr(reset, _CLEARS_OURS, True)  # noqa: B010  (marks the wrapper as ours)
    BackendDict.reset = classmethod(reset)  # type: ignore[method-assign, assignment]


def _refresh_cloudformation_models() -> None:
    # moto's CloudFormation finds resource types among CloudFormationModel's subclasses and caches
    # the list on first use: a cache filled before this package was imported would miss ours.
    from . import cloudformation  # noqa: F401  (defines the resource types)

    parsing = sys.modules.get("moto.cloudformation.parsing")
    for name in ("get_model_list", "get_model_map", "get_name_type_map"):
        cached = getattr(parsing, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


TAGGING_MODULE = "moto.resourcegroupstaggingapi.models"
_JOINED = "_lookoutequipment_joined"


def _join_tagging_api() -> None:
    """Show this service's tagged resources in moto's Resource Groups Tagging API."""
    module = sys.modules.get(TAGGING_MODULE)
    if module is not None:
        _patch_tagging_api(module)
    # On older moto that module imports a dozen services (a second or more): rather than import
    # it here, patch it whenever moto imports it (again, if something dropped it from sys.modules).
    if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport(TAGGING_MODULE, _patch_tagging_api))


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Runs ``patch`` on a module each time it is imported."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.patch = patch

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        position = sys.meta_path.index(self)
        sys.meta_path.remove(self)  # let the other finders find it
        try:
            found = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(position, self)
        if found is None or found.loader is None:
            return found
        run = found.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            self.patch(module)

        setattr(found.loader, "exec_module", exec_module)  # noqa: B010  (an instance attribute)
        return found


def _patch_tagging_api(module: ModuleType) -> None:
    """Wrap moto's Resource Groups Tagging API backend so that it also answers for this service.

    moto 5.2.2 and later yield ``TaggedResource`` objects from their resource generator, older
    releases yield ``{"ResourceARN", "Tags"}`` dictionaries; both are handled here.
    """
    from . import resource_groups_tagging as ours

    api = module.ResourceGroupsTaggingAPIBackend
    if getattr(api, _JOINED, False):
        return
    tagged_resource = getattr(module, "TaggedResource", None)

    def item(resource: ours.Tagged) -> Any:
        if tagged_resource is not None:
            return tagged_resource(
                arn=resource.arn, tags=resource.tags, resource_type=resource.resource_type
            )
        tags = [{"Key": key, "Value": value} for key, value in resource.tags.items()]
        return {"ResourceARN": resource.arn, "Tags": tags}

    resources_of_moto = api._get_resources_generator
    asked = inspect.signature(resources_of_moto)

    def resources(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from resources_of_moto(self, *args, **kwargs)
        filters = asked.bind(self, *args, **kwargs).arguments
        for resource in ours.tagged_resources(self.account_id, self.region_name):
            if ours.selected(
                resource,
                filters.get("tag_filters"),
                filters.get("resource_type_filters"),
                filters.get("resource_arn_list"),
            ):
                yield item(resource)

    keys_of_moto = api._get_tag_keys_generator

    def keys(self: Any, *args: Any, **kwargs: Any) -> Iterator[str]:
        yield from keys_of_moto(self, *args, **kwargs)
        found = ours.tagged_resources(self.account_id, self.region_name)
        yield from dict.fromkeys(key for resource in found for key in resource.tags)

    values_of_moto = api._get_tag_values_generator

    def values(self: Any, tag_key: str) -> Iterator[str]:
        yield from values_of_moto(self, tag_key)
        found = ours.tagged_resources(self.account_id, self.region_name)
        yield from dict.fromkeys(r.tags[tag_key] for r in found if tag_key in r.tags)

    api._get_resources_generator = resources
    api._get_tag_keys_generator = keys
    api._get_tag_values_generator = values
    api.tag_resources = _split_by_owner(api.tag_resources, ours.owns, ours.tag)
    if hasattr(api, "untag_resources"):  # moto 5.0 has no UntagResources
        api.untag_resources = _split_by_owner(api.untag_resources, ours.owns, ours.untag)
    setattr(api, _JOINED, True)


def _split_by_owner(
    of_moto: Callable[..., dict[str, Any]],
    owns: Callable[[str], bool],
    change: Callable[[str, str, str, Any], dict[str, Any] | None],
) -> Callable[..., dict[str, Any]]:
    """TagResources/UntagResources: this service's ARNs here, the others to moto as before."""
    signature = inspect.signature(of_moto)
    arns_name, argument_name = list(signature.parameters)[1:3]

    def split(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        asked = signature.bind(self, *args, **kwargs).arguments
        arns, argument = asked[arns_name], asked[argument_name]
        others = [arn for arn in arns if not owns(arn)]
        failed = {}
        if others:
            failed.update(of_moto(self, **{arns_name: others, argument_name: argument}))
        for arn in arns:
            if owns(arn):
                failure = change(self.account_id, self.region_name, arn, argument)
                if failure is not None:
                    failed[arn] = failure
        return failed

    return split


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


def server_mode_endpoint() -> str | None:
    """The server that moto's server mode (``TEST_SERVER_MODE=true``) sends every mocked call
    to, or None outside that mode."""
    from moto import settings

    if not settings.TEST_SERVER_MODE:
        return None
    return str(settings.test_server_mode_endpoint())

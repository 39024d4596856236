"""The one door to moto's internals: what the service needs of moto where moto offers no public
way, one small function each, per moto version where their shape differs.

Every other module uses moto's public building blocks only; ruff's banned-API rule (TID251, see
``pyproject.toml``) forbids the names used here everywhere else, and ``tests/test_registration.py``
checks that no other module reaches for a private attribute of moto.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

import moto
from moto.moto_api._internal.managed_state_model import ManagedState


def _release(version: str) -> tuple[int, int, int]:
    major, minor, patch = (list(map(int, re.findall(r"\d+", version)[:3])) + [0, 0, 0])[:3]
    return major, minor, patch


MOTO_VERSION = _release(moto.__version__)
# moto 5.2.2 lets a backend take part in the Resource Groups Tagging API through a mixin; older
# releases get a shim here (``join_tagging_api``).
TAGGING_MIXIN = MOTO_VERSION >= (5, 2, 2)

__all__ = [
    "MOTO_VERSION",
    "TAGGING_MIXIN",
    "ManagedState",
    "TaggableResourcesMixin",
    "TaggedResource",
    "TaggingRefused",
]

if TYPE_CHECKING or TAGGING_MIXIN:
    from moto.core.resource_tagging import TaggableResourcesMixin, TaggedResource
else:

    @dataclass
    class TaggedResource:
        arn: str
        tags: dict[str, str]
        resource_type: str
        extra: dict[str, Any] = field(default_factory=dict)

    class TaggableResourcesMixin:
        """What moto 5.2.2's mixin declares; ``join_tagging_api`` asks a backend for it."""

        SERVICE_NAMESPACE: ClassVar[str] = ""

        def iter_tagged_resources(self) -> Iterator[TaggedResource]:
            return iter(())


class TaggingRefused(NotImplementedError):
    """TagResources/UntagResources cannot change one resource's tags. moto's tagging API lists
    a resource whose backend raises ``NotImplementedError`` among the failed ones (with its own
    code and message); the shim for older releases reports ``failure`` itself."""

    def __init__(self, failure: dict[str, Any]) -> None:
        super().__init__(failure.get("ErrorMessage", ""))
        self.failure = failure


# --- routing ---------------------------------------------------------------------------------


def alias_service_module(name: str, package: ModuleType) -> None:
    """moto's ``get_backend(name)`` imports ``moto.<name>`` and reads ``<name>_backends``."""
    sys.modules[f"moto.{name}"] = package
    setattr(moto, name, package)


def service_module(name: str) -> ModuleType | None:
    return sys.modules.get(f"moto.{name}")


def url_patterns() -> list[tuple[str, Any]]:
    """The list by which moto routes requests, in-process and in server mode (whose dispatcher
    keeps a reference to it: change it in place, never rebind it)."""
    from moto import backend_index

    patterns: list[tuple[str, Any]] = backend_index.backend_url_patterns
    return patterns


def add_moto_api_path(path: str, handler: Callable[..., Any]) -> None:
    """Serve ``path`` from moto's own ``/moto-api`` application in server mode."""
    from moto.moto_api._internal import urls

    urls.url_paths.setdefault("{0}" + path, handler)


# --- moto's dashboard (/moto-api/data.json) -------------------------------------------------


def file_models_under(service: str, package: str, shown: Collection[str]) -> None:
    """moto's dashboard groups model classes by the second part of their module's name, which
    for this package is ``models`` or ``cloudformation``: list the package's ``shown`` classes
    under ``service`` instead, and none of its other classes."""
    from moto.core.model_instances import model_data

    ours = model_data[service]
    for name, model in list(ours.items()):
        if name not in shown and _defined_in(model, package):
            del ours[name]
    for other, classes in list(model_data.items()):
        if other == service:
            continue
        for name, model in list(classes.items()):
            if _defined_in(model, package):
                del classes[name]
                if name in shown:
                    ours[name] = model
        if not classes:
            del model_data[other]


def dashboard_kinds(service: str) -> list[str]:
    """The names of the model classes moto's dashboard lists under ``service``."""
    from moto.core.model_instances import model_data

    return sorted(model_data.get(service, {}))


def _defined_in(model: object, package: str) -> bool:
    return str(getattr(model, "__module__", "")).split(".")[0] == package


def stop_tracking(*instances: object) -> None:
    """Drop ``instances`` from the lists in which moto keeps every ``BaseModel`` it ever made
    (for its dashboard) until a reset, so that deleted resources and their data can be freed."""
    by_class: dict[type, set[int]] = {}
    for instance in instances:
        by_class.setdefault(type(instance), set()).add(id(instance))
    for cls, gone in by_class.items():
        tracked = getattr(cls, "instances_tracked", None)
        if isinstance(tracked, list):
            tracked[:] = [instance for instance in tracked if id(instance) not in gone]


# --- CloudFormation ---------------------------------------------------------------------------


def refresh_cloudformation_models() -> None:
    """moto's CloudFormation finds resource types among CloudFormationModel's subclasses and
    caches the list on first use: a cache filled before this package was imported would miss
    its types."""
    parsing = sys.modules.get("moto.cloudformation.parsing")
    for name in ("get_model_list", "get_model_map", "get_name_type_map"):
        cached = getattr(parsing, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def cloudformation_resource_types() -> dict[str, type]:
    """moto's CloudFormation's map of resource type to model class (as cached)."""
    from moto.cloudformation import parsing

    types: dict[str, type] = parsing.get_model_map()
    return types


# --- S3 ----------------------------------------------------------------------------------------


def read_key_part(key: Any, position: int, size: int) -> bytes:
    """Up to ``size`` bytes of moto's S3 object ``key`` from ``position``. moto's public
    ``value`` copies the whole object; its spooled buffer can be read in parts under the key's
    own lock, which keeps the memory of a large ingestion flat."""
    with key.lock:
        key._value_buffer.seek(position)
        part: bytes = key._value_buffer.read(size)
    return part


# --- moto's server ----------------------------------------------------------------------------


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


# --- Resource Groups Tagging API before moto 5.2.2 -------------------------------------------

TAGGING_MODULE = "moto.resourcegroupstaggingapi.models"
_JOINED = "_lookoutequipment_joined"

# The backend of an account and region: (account, region) -> backend, or ``None`` when the
# lookup only finds one that was used already.
BackendLookup = Callable[[str, str], Any]


def join_tagging_api(existing_backend: BackendLookup, backend: BackendLookup) -> None:
    """Before moto 5.2.2 (no ``TaggableResourcesMixin``), wrap moto's Resource Groups Tagging
    API backend so that it also asks this service's backend (through the mixin's methods)."""
    if TAGGING_MIXIN:
        return

    def patch(module: ModuleType) -> None:
        _patch_tagging_api(module, existing_backend, backend)

    module = sys.modules.get(TAGGING_MODULE)
    if module is not None:
        patch(module)
    # That module imports a dozen services (a second or more): rather than import it here, patch
    # it whenever moto imports it (again, if something dropped it from sys.modules).
    if not any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PatchOnImport(TAGGING_MODULE, patch))


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


def _selected(
    resource: TaggedResource,
    tag_filters: list[dict[str, Any]] | None,
    type_filters: list[str] | None,
    arns: list[str] | None,
) -> bool:
    """GetResources' filters, as moto 5.2.2 applies them: every tag filter's key present (with
    one of its values, if any), a type filter naming the service or the exact type, and the ARN
    in the list when one is given."""
    if not resource.tags:
        return False
    if arns and resource.arn not in arns:
        return False
    service = resource.resource_type.split(":", 1)[0]
    kinds = (service, resource.resource_type)
    if type_filters and not any(wanted in kinds for wanted in type_filters):
        return False
    for tag_filter in tag_filters or []:
        key, values = tag_filter.get("Key"), tag_filter.get("Values") or []
        if key not in resource.tags or (values and resource.tags[key] not in values):
            return False
    return True


def _patch_tagging_api(
    module: ModuleType, existing_backend: BackendLookup, backend: BackendLookup
) -> None:
    api = module.ResourceGroupsTaggingAPIBackend
    if getattr(api, _JOINED, False):
        return
    # moto 5.2.0 and 5.2.1 yield their own ``TaggedResource``, older releases dictionaries.
    tagged_resource = getattr(module, "TaggedResource", None)

    def item(resource: TaggedResource) -> Any:
        if tagged_resource is not None:
            return tagged_resource(
                arn=resource.arn, tags=resource.tags, resource_type=resource.resource_type
            )
        tags = [{"Key": key, "Value": value} for key, value in resource.tags.items()]
        return {"ResourceARN": resource.arn, "Tags": tags}

    def ours(tagging: Any) -> list[TaggedResource]:
        used = existing_backend(tagging.account_id, tagging.region_name)
        found = [] if used is None else list(used.iter_tagged_resources())
        return [resource for resource in found if resource.tags]

    resources_of_moto = api._get_resources_generator
    asked = inspect.signature(resources_of_moto)

    def resources(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from resources_of_moto(self, *args, **kwargs)
        filters = asked.bind(self, *args, **kwargs).arguments
        for resource in ours(self):
            if _selected(
                resource,
                filters.get("tag_filters"),
                filters.get("resource_type_filters"),
                filters.get("resource_arn_list"),
            ):
                yield item(resource)

    keys_of_moto = api._get_tag_keys_generator

    def keys(self: Any, *args: Any, **kwargs: Any) -> Iterator[str]:
        yield from keys_of_moto(self, *args, **kwargs)
        yield from dict.fromkeys(key for resource in ours(self) for key in resource.tags)

    values_of_moto = api._get_tag_values_generator

    def values(self: Any, tag_key: str) -> Iterator[str]:
        yield from values_of_moto(self, tag_key)
        yield from dict.fromkeys(r.tags[tag_key] for r in ours(self) if tag_key in r.tags)

    def tag(ours: Any, arn: str, tags: Any) -> None:
        ours.tag_resource(arn, tags)

    def untag(ours: Any, arn: str, keys: Any) -> None:
        ours.untag_resource(arn, keys)

    api._get_resources_generator = resources
    api._get_tag_keys_generator = keys
    api._get_tag_values_generator = values
    api.tag_resources = _split_by_owner(api.tag_resources, backend, tag)
    if hasattr(api, "untag_resources"):  # moto 5.0 has no UntagResources
        api.untag_resources = _split_by_owner(api.untag_resources, backend, untag)
    setattr(api, _JOINED, True)


def _split_by_owner(
    of_moto: Callable[..., dict[str, Any]],
    backend: BackendLookup,
    change: Callable[[Any, str, Any], None],
) -> Callable[..., dict[str, Any]]:
    """TagResources/UntagResources: this service's ARNs to its backend, the others to moto."""
    signature = inspect.signature(of_moto)
    arns_name, argument_name = list(signature.parameters)[1:3]

    def split(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        asked = signature.bind(self, *args, **kwargs).arguments
        arns, argument = asked[arns_name], asked[argument_name]
        ours = backend(self.account_id, self.region_name)
        mine = [arn for arn in arns if arn.split(":", 3)[2:3] == [ours.SERVICE_NAMESPACE]]
        others = [arn for arn in arns if arn not in mine]
        failed = {}
        if others:
            failed.update(of_moto(self, **{arns_name: others, argument_name: argument}))
        for arn in mine:
            try:
                change(ours, arn, argument)
            except TaggingRefused as refused:
                failed[arn] = refused.failure
        return failed

    return split


def server_mode_endpoint() -> str | None:
    """The server that moto's server mode (``TEST_SERVER_MODE=true``) sends every mocked call
    to, or None outside that mode."""
    from moto import settings

    if not settings.TEST_SERVER_MODE:
        return None
    return str(settings.test_server_mode_endpoint())


def in_process_mock_enabled() -> bool:
    """Whether ``mock_aws`` answers botocore's calls in this process (not in server mode)."""
    from moto.core.models import botocore_stubber

    return bool(botocore_stubber.enabled)


def moto_serves_in_process(clean_url: str, service: str) -> bool:
    """Whether moto's stubber would hand a request for ``clean_url`` to ``service``'s handler
    untouched: no passthrough setting, the service allowed by moto's service whitelist, and
    moto's recorder not recording."""
    from moto.core import config
    from moto.moto_api import recorder

    if config.passthrough_url(clean_url) or config.passthrough_service(service):
        return False
    whitelisted = getattr(config, "service_whitelisted", None)  # moto >= 5.1
    if whitelisted is not None and not whitelisted(service):
        return False
    return not recorder._user_enabled


def mark_account_as_visited(account_id: str, access_key: str, service: str, region: str) -> None:
    """What moto records of every request: when the access key was last used."""
    from moto.iam.models import mark_account_as_visited as mark

    mark(account_id=account_id, access_key=access_key, service=service, region=region)

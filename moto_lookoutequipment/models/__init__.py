"""The Lookout for Equipment backend: one per account and region, one store per resource family."""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend

from .. import clock, faults, spec
from .. import resource_groups_tagging as tagging
from .._compat import TaggableResourcesMixin, TaggedResource, stop_tracking
from ..exceptions import NotImplementedOperation, ResourceNotFoundException, ValidationException
from ..operations import binding as binding_of
from ..serialization import serialize
from ..validation import validate_request
from .access import ResourcePolicies, Tags
from .client_tokens import ClientTokens
from .common import Params, Result, arn_account, arn_region
from .datasets import Datasets, IngestionJobs
from .family import Family
from .inference import InferenceSchedulers
from .labels import Labels
from .mlmodels import MlModels
from .retraining import RetrainingSchedulers
from .roles import check_pass_role

# What the ARN patterns of the service model accept for a region, kept to lower case.
REGION_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,49}")
ACCOUNT_ID = re.compile(r"\d{12}")
_new_region_lock = threading.Lock()
_locks: dict[tuple[str, str], threading.RLock] = {}


class LookoutEquipmentBackend(BaseBackend, TaggableResourcesMixin):
    SERVICE_NAMESPACE = spec.SERVICE_NAME

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        # Held by a request from its first read of this backend's state to the serialization of
        # its answer (see ``serving_request``): requests of one account and region run one at a
        # time, so N concurrent requests end as some serial order of them would. One lock per
        # account and region for the life of the process, so that a reset, which runs this
        # ``__init__`` again, keeps the lock that waiting requests hold or wait for.
        self.lock = _locks.setdefault((account_id, region_name), threading.RLock())  # atomic
        # Changes that requests of other accounts or regions make here (a deleted source cancels
        # the imports copying it): a request holds only the locks it names, so it leaves them for
        # this backend to apply under its own lock before anything here is read again.
        self._deliveries: deque[Callable[[LookoutEquipmentBackend], None]] = deque()
        self.client_tokens = ClientTokens()
        self.datasets = Datasets(self)
        self.ingestion = IngestionJobs(self)
        self.labels = Labels(self)
        self.ml_models = MlModels(self)
        self.inference = InferenceSchedulers(self)
        self.retraining = RetrainingSchedulers(self)
        self.policies = ResourcePolicies(self)
        self.tags = Tags(self)
        self._family_named = {type(family).__name__: family for family in self.families}

    def reset(self) -> None:
        """moto's reset (a mock starting or ending, ``POST /moto-api/reset``) resets every backend
        in use: the service's clock and injected faults, which live beside its backends, go with
        them (``keep_in_use`` makes sure a backend is there to reset)."""
        with self.lock:  # not while a request is reading or changing the state it clears
            super().reset()
            clock.reset()
            faults.clear()

    # The Resource Groups Tagging API (moto's TaggableResourcesMixin).

    def iter_tagged_resources(self) -> Iterator[TaggedResource]:
        return tagging.tagged_resources(self)

    def tag_resource(self, arn: str, tags: dict[str, str]) -> None:
        tagging.tag(self, arn, tags)

    def untag_resource(self, arn: str, tag_keys: list[str]) -> None:
        tagging.untag(self, arn, tag_keys)

    @property
    def families(self) -> list[Family]:
        return [
            self.datasets,
            self.ingestion,
            self.labels,
            self.ml_models,
            self.inference,
            self.retraining,
            self.policies,
            self.tags,
        ]

    def _call(self, operation: str, params: Params) -> Result:
        binding = binding_of(operation)
        if binding is None:
            raise NotImplementedOperation(operation)
        family = self._family_named[binding.family_name]
        check_pass_role(operation, params, self.account_id, self.region_name)
        return binding.call(family, params, self.client_tokens)

    def handle(self, operation: str, params: Params) -> Result:
        with self.serving_request(params):
            return self._call(operation, params)

    def respond(self, operation: str, params: Params) -> Result:
        """The answer as sent on the wire, serialized before the locks are released so that it
        never shows a state that another request is changing."""
        with self.serving_request(params):
            result = self._call(operation, params)
            answer: Result = serialize(spec.operation(operation).output_shape, result)
            return answer

    def settle(self) -> None:
        """Finish, in every family, what has ended since the last request: done here, before a
        request reads anything, so that reading a resource never changes it."""
        for family in self.families:
            family.settle()

    def deliver(self, change: Callable[[LookoutEquipmentBackend], None]) -> None:
        """Have ``change`` applied to this backend under its lock: at once if this thread holds
        it, else before the next request here reads anything."""
        self._deliveries.append(change)
        if self.lock.acquire(blocking=False):
            try:
                self._apply_deliveries()
            finally:
                self.lock.release()

    def _apply_deliveries(self) -> None:
        while self._deliveries:
            self._deliveries.popleft()(self)

    @contextmanager
    def serving_request(self, params: Params) -> Iterator[None]:
        """Hold the lock of this backend and of every other backend the request names by ARN
        (the source of a cross-account import), taken in one global order so that two requests
        naming each other's accounts cannot deadlock."""
        backends = {(self.account_id, self.region_name): self}
        for value in params.values():
            if isinstance(value, str) and value.startswith("arn:"):
                other = self._named_backend(value)
                if other is not None:
                    backends[(other.account_id, other.region_name)] = other
        with ExitStack() as held:
            for key in sorted(backends):
                held.enter_context(backends[key].lock)
            for backend in backends.values():
                backend._apply_deliveries()
                backend.settle()
            yield

    @staticmethod
    def _named_backend(arn: str) -> LookoutEquipmentBackend | None:
        parts = arn.split(":", 5)
        if len(parts) < 6 or parts[2] != spec.SERVICE_NAME or not ACCOUNT_ID.fullmatch(parts[4]):
            return None
        try:
            return LookoutEquipmentBackend.serving(parts[4], parts[3])
        except ValidationException:  # not a region: the operation refuses the ARN itself
            return None

    def handle_unvalidated(self, operation: str, request: Any) -> Result:
        """Answer a request made other than over HTTP (by CloudFormation, by the tagging API)
        after checking it against the operation's input shape, as the HTTP endpoint does."""
        return self.handle(operation, validate_request(spec.operation(operation), request))

    def resource_exists(self, arn: str) -> bool:
        return any(family.owns(arn) for family in self.families)

    def require_resource(self, arn: str) -> None:
        if not self.resource_exists(arn):
            raise ResourceNotFoundException(f"Resource '{arn}' does not exist.")

    # The family hooks, asked of every family.

    def dataset_in_use(self, dataset: Any) -> str | None:
        """Why ``dataset`` cannot be deleted now (the first family's reason), or ``None``."""
        return next((r for f in self.families if (r := f.dataset_in_use(dataset))), None)

    def dataset_deleted(self, dataset: Any) -> None:
        for family in self.families:
            family.dataset_deleted(dataset)

    def model_in_use(self, model: Any) -> str | None:
        """Why ``model`` cannot be deleted or updated now (the first family's reason), or
        ``None``."""
        return next((r for f in self.families if (r := f.model_in_use(model))), None)

    def model_deleted(self, model: Any) -> None:
        for family in self.families:
            family.model_deleted(model)

    def release(self, *resources: Any) -> None:
        """Let deleted resources go, with the data they hold: no client token, tag, resource
        policy or moto dashboard list keeps them in memory any longer."""
        self.client_tokens.forget(*resources)
        for resource in resources:
            arn = getattr(resource, "arn", None)
            if arn is not None:
                self.tags.forget(arn)
                self.policies.forget(arn)
        stop_tracking(*resources)

    @staticmethod
    def of(account_id: str, region: str) -> LookoutEquipmentBackend:
        """The backend of another account (cross-account import)."""
        return lookoutequipment_backends[account_id][region]

    @staticmethod
    def serving(account_id: str, region: str) -> LookoutEquipmentBackend:
        """The backend that answers a request made in ``region``, also when botocore does not
        list that region (a newer one, or a test's own), which moto's ``BackendDict`` refuses."""
        if not REGION_NAME.fullmatch(region):
            raise ValidationException(f"'{region}' is not the name of an AWS region.")
        per_region = lookoutequipment_backends[account_id]
        with _new_region_lock:
            if region not in per_region:
                per_region[region] = LookoutEquipmentBackend(region, account_id)
        return per_region[region]

    def resolve_kms_key(self, key_id: str) -> str:
        """The ARN of a usable KMS key given by id, ARN, alias name or alias ARN, from moto's
        KMS (an ARN is looked up in its own account and region)."""
        from moto.kms.models import kms_backends

        account_id, region = self.account_id, self.region_name
        if key_id.startswith("arn:"):
            account_id, region = arn_account(key_id), arn_region(key_id)
        try:
            key: Any = kms_backends[account_id][region].describe_key(key_id)
        except Exception as error:  # moto's KMS raises KeyError or its own NotFound
            raise ValidationException(
                f"The KMS key '{key_id}' does not exist or is not accessible."
            ) from error
        state = getattr(key, "key_state", "Enabled")
        if state != "Enabled":
            raise ValidationException(f"The KMS key '{key_id}' cannot be used: it is {state}.")
        return str(key.arn)


def keep_in_use() -> None:
    """Have moto count the service's backends as in use, so that its next reset resets one of
    them and with it the clock and the injected faults (see ``reset``)."""
    from moto.core import DEFAULT_ACCOUNT_ID  # type: ignore[attr-defined]

    LookoutEquipmentBackend.serving(DEFAULT_ACCOUNT_ID, "us-east-1")


def _all_regions() -> list[str]:
    """Every region of every partition: the service itself lists only three, but a test may
    use any region it likes."""
    from boto3.session import Session

    session = Session()
    return sorted(
        {
            region
            for partition in session.get_available_partitions()
            for region in session.get_available_regions("ec2", partition_name=partition)
        }
    )


lookoutequipment_backends = BackendDict(
    LookoutEquipmentBackend,
    "lookoutequipment",
    use_boto3_regions=True,
    additional_regions=_all_regions(),
)

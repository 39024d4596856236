"""Registration with moto: every way of using moto routes Lookout for Equipment to this backend.

This file also runs against the oldest supported moto (see the Makefile), so it only relies on
what moto 5.0.0 already had.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import unittest
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import moto.backends
import pytest
import requests
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core.base_backend import BackendDict
from moto.moto_api import state_manager
from moto.server import ThreadedMotoServer
from readme_examples import run_readme_example

import moto_lookoutequipment
from moto_lookoutequipment import (
    _compat,
    clock,
    faults,
    lookoutequipment_backends,
    mock_lookoutequipment,
    register,
)
from moto_lookoutequipment._compat import ManagedState
from moto_lookoutequipment._registration import is_registered, server_port

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
MOTO_API = "http://motoapi.amazonaws.com/moto-api"

# The status machines that decisions.md names; users address them through moto's state manager.
STATE_MODELS = [
    "lookoutequipment::dataset",
    "lookoutequipment::ingestionjob",
    "lookoutequipment::model",
    "lookoutequipment::modelversion",
    "lookoutequipment::inferencescheduler",
    "lookoutequipment::inferenceexecution",
    "lookoutequipment::retrainingscheduler",
]


def lookout(**kwargs: Any) -> Any:
    return boto3.client("lookoutequipment", region_name=REGION, **kwargs)


def create_dataset(name: str, **kwargs: Any) -> dict[str, Any]:
    client = lookout(**kwargs)
    client.create_dataset(DatasetName=name, ClientToken=f"token-{name}")
    described: dict[str, Any] = client.describe_dataset(DatasetName=name)
    return described


def dataset_names(**kwargs: Any) -> list[str]:
    summaries = lookout(**kwargs).list_datasets()["DatasetSummaries"]
    return [summary["DatasetName"] for summary in summaries]


def assert_served(name: str = "pump", **kwargs: Any) -> None:
    """CreateDataset then DescribeDataset answer from this package's backend."""
    described = create_dataset(name, **kwargs)
    assert described["DatasetName"] == name
    assert described["Status"] == "CREATED"
    assert described["DatasetArn"].startswith(
        f"arn:aws:lookoutequipment:{REGION}:{ACCOUNT_ID}:dataset/{name}/"
    )


# --- mock_aws and mock_lookoutequipment, in every form ---------------------------------------


def test_the_readme_example_of_the_in_process_use_runs() -> None:
    run_readme_example("Use it in-process", "test_create_dataset")


@mock_aws
def test_mock_aws_as_function_decorator() -> None:
    assert_served()


@mock_lookoutequipment
def test_mock_lookoutequipment_as_function_decorator() -> None:
    assert_served()


@mock_lookoutequipment()
def test_mock_lookoutequipment_called_then_used_as_decorator() -> None:
    assert_served()


@pytest.mark.parametrize("mock", [mock_aws, mock_lookoutequipment])
def test_context_manager(mock: Any) -> None:
    with mock():
        assert_served()


@pytest.mark.parametrize("mock", [mock_aws, mock_lookoutequipment])
def test_start_and_stop(mock: Any) -> None:
    active = mock()
    active.start()
    try:
        assert_served()
    finally:
        active.stop()


def class_decorated_by(mock: Any) -> type:
    @mock
    class Tests:
        # Each method starts from an empty backend: whichever runs second fails if state leaks.
        def test_first(self) -> None:
            assert dataset_names() == []
            assert_served("first")

        def test_second(self) -> None:
            assert dataset_names() == []
            assert_served("second")

    return Tests


TestMockAwsAsClassDecorator = class_decorated_by(mock_aws)
TestMockLookoutEquipmentAsClassDecorator = class_decorated_by(mock_lookoutequipment)


@mock_lookoutequipment
class TestUnittestStyle(unittest.TestCase):
    def setUp(self) -> None:
        create_dataset("from-setup")

    def test_sees_what_setup_created(self) -> None:
        assert dataset_names() == ["from-setup"]


def test_state_resets_between_mocks() -> None:
    with mock_aws():
        assert_served()
    with mock_lookoutequipment():
        assert dataset_names() == []
        assert_served()
    with mock_aws():
        assert dataset_names() == []


@pytest.mark.parametrize(
    ("outer", "inner"), [(mock_aws, mock_lookoutequipment), (mock_lookoutequipment, mock_aws)]
)
def test_nested_mocks_share_one_state(outer: Any, inner: Any) -> None:
    with outer():
        create_dataset("outer")
        with inner():
            assert dataset_names() == ["outer"]
            create_dataset("inner")
        # Leaving the inner mock neither resets nor stops the outer one.
        assert dataset_names() == ["outer", "inner"]
        bucket_client = boto3.client("s3", region_name=REGION)
        bucket_client.create_bucket(Bucket="still-mocked")
        assert [b["Name"] for b in bucket_client.list_buckets()["Buckets"]] == ["still-mocked"]


def test_mock_lookoutequipment_mocks_every_service() -> None:
    with mock_lookoutequipment():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="sensor-data")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["sensor-data"]
        key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]
        assert key["Arn"].startswith(f"arn:aws:kms:{REGION}:{ACCOUNT_ID}:key/")
        identity = boto3.client("sts", region_name=REGION).get_caller_identity()
        assert identity["Account"] == ACCOUNT_ID


def test_mock_lookoutequipment_passes_moto_config_on() -> None:
    # moto's own options reach moto: here, keep the caller's credentials in the environment.
    with mock_lookoutequipment(config={"core": {"mock_credentials": False}}):
        assert_served()


# --- moto's lookup of the service ------------------------------------------------------------


def test_get_backend_returns_this_packages_backend_dict() -> None:
    backends = moto.backends.get_backend("lookoutequipment")  # type: ignore[call-overload]
    assert backends is lookoutequipment_backends
    assert isinstance(backends, BackendDict)


@pytest.mark.in_process(reason="reads the backend")
@mock_aws
def test_backend_dict_holds_the_created_dataset() -> None:
    arn = create_dataset("pump")["DatasetArn"]
    backend = lookoutequipment_backends[ACCOUNT_ID][REGION]
    assert backend.resource_exists(arn)
    assert not lookoutequipment_backends[ACCOUNT_ID]["eu-west-1"].resource_exists(arn)


@pytest.mark.in_process(reason="calls moto's API through the in-process mock")
@mock_aws
def test_a_region_botocore_does_not_list_is_served_on_its_own_and_reset() -> None:
    client = boto3.client("lookoutequipment", region_name="mars-north-1")
    arn = client.create_dataset(DatasetName="pump", ClientToken="t")["DatasetArn"]

    assert arn.startswith(f"arn:aws:lookoutequipment:mars-north-1:{ACCOUNT_ID}:dataset/pump/")
    assert [d["DatasetArn"] for d in client.list_datasets()["DatasetSummaries"]] == [arn]
    assert dataset_names() == []  # us-east-1
    requests.post(f"{MOTO_API}/reset", timeout=30)
    assert client.list_datasets()["DatasetSummaries"] == []


@pytest.mark.in_process(reason="injects faults through the package's Python API")
def test_a_reset_clears_faults_and_the_clock_even_with_no_backend_in_use() -> None:
    with mock_aws():
        pass  # moto's reset leaves no backend of this service in use
    faults.inject("ListDatasets", "ThrottlingException", count=5)
    clock.hold(datetime(2020, 1, 1, tzinfo=timezone.utc))

    with mock_aws():
        assert faults.waiting() == []
        assert clock.now(datetime(2030, 1, 1, tzinfo=timezone.utc)).year == 2030
        assert dataset_names() == []

    faults.inject("ListDatasets", "ThrottlingException")
    BackendDict.reset()  # what POST /moto-api/reset runs
    assert faults.waiting() == []


@pytest.mark.in_process(reason="calls moto's API through the in-process mock")
@mock_aws
def test_motos_dashboard_lists_the_resources_under_the_service() -> None:
    create_dataset("pump")

    data = requests.get(f"{MOTO_API}/data.json", timeout=30).json()

    assert [dataset["name"] for dataset in data["lookoutequipment"]["Dataset"]] == ["pump"]
    # A class name only this package uses, which moto would file under "models".
    assert [service for service, models in data.items() if "LabelGroup" in models] == [
        "lookoutequipment"
    ]
    # CloudFormation's view of a scheduler is no resource of its own.
    assert [s for s, models in data.items() if "InferenceSchedulerStackResource" in models] == []


@pytest.mark.in_process(reason="calls moto's API through the in-process mock")
@mock_aws
def test_moto_api_reset_forgets_everything() -> None:
    create_dataset("pump")
    assert requests.post(f"{MOTO_API}/reset", timeout=30).status_code == 200
    assert dataset_names() == []
    assert_served("after-reset")


def test_register_is_idempotent() -> None:
    patterns = _compat.url_patterns()
    before = list(patterns)
    register()
    register()
    assert _compat.url_patterns() is patterns
    assert patterns == before
    assert [service for service, _ in patterns].count("lookoutequipment") == 1
    assert sys.modules["moto.lookoutequipment"] is moto_lookoutequipment
    assert is_registered()
    with mock_aws():
        assert_served()


def test_register_refreshes_cloudformations_resource_types() -> None:
    # moto caches CloudFormation's resource types on first use; a model class of this package
    # defined after that is only found once register() clears the cache.
    from moto.core.common_models import CloudFormationModel

    probe_type = "AWS::LookoutEquipment::RegistrationProbe"
    _compat.cloudformation_resource_types()

    class Probe(CloudFormationModel):
        # moto files model classes under the second part of their module's name.
        __module__ = "tests.registration_probe"

        @staticmethod
        def cloudformation_type() -> str:
            return probe_type

        @staticmethod
        def cloudformation_name_type() -> str:
            return "Name"

    assert probe_type not in _compat.cloudformation_resource_types()
    register()
    assert _compat.cloudformation_resource_types()[probe_type] is Probe


@pytest.mark.in_process(reason="calls moto's API through the in-process mock")
def test_unknown_operation_through_mock_is_an_aws_error() -> None:
    with mock_aws():
        response = requests.post(
            f"https://lookoutequipment.{REGION}.amazonaws.com/",
            data="{}",
            headers={
                "X-Amz-Target": "AWSLookoutEquipmentFrontendService.NoSuchThing",
                "Content-Type": "application/x-amz-json-1.0",
            },
            timeout=30,
        )
    assert response.status_code == 400
    assert response.json()["__type"] == "UnknownOperationException"


# Routing internals of moto: only _compat.py may reach them.
MOTO_INTERNALS = (
    "moto.backend_index",
    "moto.backends",
    "moto.moto_server",
    "moto.core.models",
    "moto.core.botocore_stubber",
    "moto.core.custom_responses_mock",
    "moto.iam.models",
    "moto.settings",
)


def runtime_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def internals_used(path: Path) -> list[str]:
    found = []
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Attribute) and node.attr == "modules":
            modules = ["sys.modules"] if ast.unparse(node.value) == "sys" else []
        for module in modules:
            if module == "sys.modules" or module.startswith(MOTO_INTERNALS):
                found.append(f"{path.name}:{node.lineno}: {module}")  # type: ignore[attr-defined]
    return found


def test_only_the_compat_module_touches_moto_internals() -> None:
    package = Path(moto_lookoutequipment.__file__).parent
    offenders = [
        use
        for path in sorted(package.rglob("*.py"))
        if path.name != "_compat.py"
        for use in internals_used(path)
    ]
    assert offenders == []
    assert internals_used(package / "_compat.py") != []


def private_names_defined(tree: ast.Module) -> set[str]:
    """The ``_names`` a module defines: functions, classes, assigned names and attributes."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.split(".")[-1])
    return {name for name in found if is_private(name)}


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def moto_private_uses(path: Path, ours: set[str]) -> list[str]:
    """A ``._name`` attribute that this package does not define (so moto's), or a moto module
    path with a ``_`` part: imported, or named in a string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        paths: list[str] = []
        if isinstance(node, ast.Attribute) and is_private(node.attr) and node.attr not in ours:
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Import):
            paths = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            paths = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            paths = [node.value] if re.fullmatch(r"[\w.]+", node.value) else []
        for dotted in paths:
            parts = dotted.split(".")
            if parts[0] == "moto" and any(map(is_private, parts)):
                found.append(f"{path.name}:{node.lineno}: {dotted}")  # type: ignore[attr-defined]
    return found


def test_no_module_but_the_compat_module_uses_a_private_attribute_of_moto() -> None:
    package = Path(moto_lookoutequipment.__file__).parent
    modules = {path: ast.parse(path.read_text(encoding="utf-8")) for path in package.rglob("*.py")}
    ours = set().union(
        *(
            private_names_defined(tree)
            for path, tree in modules.items()
            if path.name != "_compat.py"
        )
    )
    offenders = [
        use
        for path in sorted(modules)
        if path.name != "_compat.py"
        for use in moto_private_uses(path, ours)
    ]
    assert offenders == []
    # The check finds what the compatibility module reaches for.
    assert moto_private_uses(package / "_compat.py", ours) != []


# --- moto's state manager ---------------------------------------------------------------------


@pytest.fixture
def restore_transitions() -> Iterator[None]:
    yield
    for name in STATE_MODELS:
        state_manager.unset_transition(name)


def test_state_models_are_registered_with_immediate_progression() -> None:
    assert set(STATE_MODELS) <= set(state_manager.get_registered_models())
    for name in STATE_MODELS:
        assert state_manager.get_transition(name) == {"progression": "immediate"}


def test_manual_transition_drives_a_managed_state(restore_transitions: None) -> None:
    state_manager.set_transition("lookoutequipment::dataset", {"progression": "manual", "times": 2})
    dataset = ManagedState(
        "lookoutequipment::dataset",
        [("CREATED", "INGESTION_IN_PROGRESS"), ("INGESTION_IN_PROGRESS", "ACTIVE")],
    )
    seen = []
    for _ in range(5):
        seen.append(dataset.status)
        dataset.advance()
    assert seen == [
        "CREATED",
        "CREATED",
        "INGESTION_IN_PROGRESS",
        "INGESTION_IN_PROGRESS",
        "ACTIVE",
    ]


@pytest.mark.in_process(reason="reads the in-process response recorder")
def test_readme_example_of_a_manual_transition() -> None:
    run_readme_example("State transitions", "test_ingestion_job_seen_in_progress")
    assert state_manager.get_transition("lookoutequipment::ingestionjob") == {
        "progression": "immediate"
    }


@pytest.mark.in_process(reason="starts its own server")
def test_register_keeps_a_transition_the_user_set(restore_transitions: None) -> None:
    state_manager.set_transition("lookoutequipment::model", {"progression": "manual", "times": 3})
    register()
    assert state_manager.get_transition("lookoutequipment::model") == {
        "progression": "manual",
        "times": 3,
    }


# --- moto's server in a thread of this process ------------------------------------------------


@pytest.fixture(scope="module")
def threaded_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server_port(server)}"
    finally:
        server.stop()


def post_json(url: str, document: dict[str, Any]) -> int:
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        status: int = response.status
        return status


def test_threaded_moto_server_serves_the_service(threaded_server: str) -> None:
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    assert post_json(f"{threaded_server}/moto-api/reset", {}) == 200
    assert_served("served", endpoint_url=threaded_server, **credentials)
    assert post_json(f"{threaded_server}/moto-api/reset", {}) == 200
    with pytest.raises(ClientError) as error:
        lookout(endpoint_url=threaded_server, **credentials).describe_dataset(DatasetName="served")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_state_manager_http_api_accepts_our_models(
    threaded_server: str, restore_transitions: None
) -> None:
    model = "lookoutequipment::inferencescheduler"
    transition = {"progression": "manual", "times": 1}
    url = f"{threaded_server}/moto-api/state-manager"
    assert (
        post_json(f"{url}/set-transition", {"model_name": model, "transition": transition}) == 201
    )
    assert state_manager.get_transition(model) == transition
    with urllib.request.urlopen(f"{url}/get-transition?model_name={model}", timeout=30) as answer:
        assert json.loads(answer.read()) == transition
    assert post_json(f"{url}/unset-transition", {"model_name": model}) == 201
    assert state_manager.get_transition(model) == {"progression": "immediate"}

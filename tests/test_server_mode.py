"""The server command and moto's server mode, each exercised as a user would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from moto.moto_api import state_manager
from readme_examples import readme_example
from wire_helpers import COMMAND, command_path, server_in_another_process

from moto_lookoutequipment import _registration, server
from moto_lookoutequipment.factory import LookoutEquipmentFactory
from moto_lookoutequipment.transitions import transition

pytestmark = pytest.mark.in_process(reason="starts its own server")

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
SIGNING_KEYS = {"access_key": "testing", "secret_key": "testing"}


def client(url: str, service: str = "lookoutequipment") -> Any:
    return boto3.client(service, endpoint_url=url, region_name=REGION, **CREDENTIALS)


def post(url: str, document: dict[str, Any] | None = None) -> int:
    data = json.dumps(document or {}).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        status: int = response.status
        return status


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with server_in_another_process(tmp_path_factory.mktemp("server") / "server.log") as url:
        yield url


@pytest.fixture
def empty_server(server_url: str) -> str:
    assert post(f"{server_url}/moto-api/reset") == 200
    return server_url


def test_command_serves_datasets(empty_server: str) -> None:
    lookout = client(empty_server)
    created = lookout.create_dataset(DatasetName="pump", ClientToken="token-1")
    assert created["Status"] == "CREATED"
    described = lookout.describe_dataset(DatasetName="pump")
    assert described["DatasetArn"] == created["DatasetArn"]
    assert described["DatasetArn"].startswith(
        f"arn:aws:lookoutequipment:{REGION}:123456789012:dataset/pump/"
    )
    with pytest.raises(ClientError) as error:
        lookout.describe_dataset(DatasetName="missing")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def signed_post(url: str, region: str, operation: str) -> tuple[int, dict[str, Any]]:
    """A SigV4-signed call whose credential scope names ``region``, as any SDK would send."""
    request = AWSRequest(
        method="POST",
        url=url,
        data=b"{}",
        headers={
            "X-Amz-Target": f"AWSLookoutEquipmentFrontendService.{operation}",
            "Content-Type": "application/x-amz-json-1.0",
        },
    )
    SigV4Auth(Credentials(**SIGNING_KEYS), "lookoutequipment", region).add_auth(request)
    sent = urllib.request.Request(url, data=b"{}", headers=dict(request.headers), method="POST")
    try:
        with urllib.request.urlopen(sent, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_region_botocore_does_not_list_is_served(empty_server: str) -> None:
    lookout = boto3.client(
        "lookoutequipment", endpoint_url=empty_server, region_name="mars-north-1", **CREDENTIALS
    )
    arn = lookout.create_dataset(DatasetName="pump", ClientToken="t")["DatasetArn"]

    assert arn.startswith("arn:aws:lookoutequipment:mars-north-1:123456789012:dataset/pump/")
    assert client(empty_server).list_datasets()["DatasetSummaries"] == []
    assert signed_post(empty_server, "mars_north", "ListDatasets") == (
        400,
        {
            "__type": "ValidationException",
            "Message": "'mars_north' is not the name of an AWS region.",
        },
    )


def test_the_readme_example_of_the_server_runs(empty_server: str) -> None:
    code = readme_example("Server").replace("http://127.0.0.1:5000", empty_server)
    namespace: dict[str, Any] = {}

    exec(compile(code, "README.md", "exec"), namespace)

    assert [d["DatasetName"] for d in client(empty_server).list_datasets()["DatasetSummaries"]] == [
        "pump"
    ]


def test_command_serves_the_rest_of_moto(empty_server: str) -> None:
    s3 = client(empty_server, "s3")
    s3.create_bucket(Bucket="sensor-data")
    s3.put_object(Bucket="sensor-data", Key="pump/data.csv", Body=b"Timestamp,Sensor1\n")
    body = s3.get_object(Bucket="sensor-data", Key="pump/data.csv")["Body"].read()
    assert body == b"Timestamp,Sensor1\n"


def test_moto_api_reset_empties_the_server(empty_server: str) -> None:
    lookout = client(empty_server)
    lookout.create_dataset(DatasetName="pump", ClientToken="token-1")
    client(empty_server, "s3").create_bucket(Bucket="sensor-data")
    assert post(f"{empty_server}/moto-api/reset") == 200
    assert lookout.list_datasets()["DatasetSummaries"] == []
    assert client(empty_server, "s3").list_buckets()["Buckets"] == []


def test_state_manager_api_of_the_command(server_url: str) -> None:
    api = f"{server_url}/moto-api/state-manager"
    model = "lookoutequipment::dataset"
    transition = {"progression": "manual", "times": 2}
    assert post(f"{api}/set-transition", {"model_name": model, "transition": transition}) == 201
    with urllib.request.urlopen(f"{api}/get-transition?model_name={model}", timeout=30) as answer:
        assert json.loads(answer.read()) == transition
    assert post(f"{api}/unset-transition", {"model_name": model}) == 201
    with urllib.request.urlopen(f"{api}/get-transition?model_name={model}", timeout=30) as answer:
        assert json.loads(answer.read()) == {"progression": "immediate"}


def test_python_dash_m_serves_the_service(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "moto_lookoutequipment"]
    with server_in_another_process(tmp_path / "log", command) as url:
        lookout = client(url)
        lookout.create_dataset(DatasetName="pump", ClientToken="token-1")
        assert lookout.describe_dataset(DatasetName="pump")["Status"] == "CREATED"


def test_command_takes_moto_servers_flags() -> None:
    shown = subprocess.run(
        [command_path(), "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert shown.startswith(f"usage: {COMMAND}")
    for flag in ("--host", "--port", "--reload", "--ssl", "--ssl-cert", "--ssl-key"):
        assert flag in shown


def test_command_without_server_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> Any:
        raise ImportError("No module named 'flask'")

    monkeypatch.setattr(_registration, "moto_server_main", missing)
    with pytest.raises(SystemExit) as stopped:
        server.main(["--help"])
    message = str(stopped.value.code)
    assert "pip install 'moto-lookoutequipment[server]'" in message
    assert "flask" in message


# moto's server mode: the tests' own mock_aws sends every call to the server named by
# TEST_SERVER_MODE_ENDPOINT. moto reads TEST_SERVER_MODE when it is imported, hence a new process.
SERVER_MODE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import boto3
    from moto import mock_aws
    import moto_lookoutequipment
    from moto_lookoutequipment import lookoutequipment_backends, mock_lookoutequipment

    url = sys.argv[1]
    report = {}
    for name, mock in (("mock_aws", mock_aws), ("mock_lookoutequipment", mock_lookoutequipment)):
        with mock():
            lookout = boto3.client("lookoutequipment", region_name="us-east-1")
            arn = lookout.create_dataset(DatasetName=name, ClientToken=name)["DatasetArn"]
            direct = boto3.client(
                "lookoutequipment", region_name="us-east-1", endpoint_url=url,
                aws_access_key_id="testing", aws_secret_access_key="testing",
            )
            report[name] = {
                "on_server": direct.describe_dataset(DatasetName=name)["DatasetArn"] == arn,
                "in_process": lookoutequipment_backends["123456789012"]["us-east-1"]
                .resource_exists(arn),
                "listed": [d["DatasetName"] for d in lookout.list_datasets()["DatasetSummaries"]],
            }
    print(json.dumps(report))
    """
)


def test_moto_server_mode_sends_calls_to_the_server(empty_server: str) -> None:
    environment = {
        **os.environ,
        "TEST_SERVER_MODE": "true",
        "TEST_SERVER_MODE_ENDPOINT": empty_server,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    finished = subprocess.run(
        [sys.executable, "-c", SERVER_MODE_SCRIPT, empty_server],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    # Each mock starts from a reset server: the second one does not see the first one's dataset.
    assert report == {
        "mock_aws": {"on_server": True, "in_process": False, "listed": ["mock_aws"]},
        "mock_lookoutequipment": {
            "on_server": True,
            "in_process": False,
            "listed": ["mock_lookoutequipment"],
        },
    }


def test_the_factory_fixture_builds_on_the_server_of_server_mode(
    empty_server: str, tmp_path: Path
) -> None:
    (tmp_path / "test_factory_on_server.py").write_text(
        textwrap.dedent(
            """
            import os

            import boto3


            def test_trained(lookoutequipment_factory):
                model = lookoutequipment_factory.trained_model(days=200, training_days=200)
                on_server = boto3.client(
                    "lookoutequipment",
                    endpoint_url=os.environ["TEST_SERVER_MODE_ENDPOINT"],
                    region_name="us-east-1",
                )
                assert on_server.describe_model(ModelName=model.name)["Status"] == "SUCCESS"
            """
        ),
        encoding="utf-8",
    )
    environment = {
        **os.environ,
        "TEST_SERVER_MODE": "true",
        "TEST_SERVER_MODE_ENDPOINT": empty_server,
    }
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", tmp_path],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=tmp_path,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


def server_transition(url: str, model: str) -> Any:
    query = f"{url}/moto-api/state-manager/get-transition?model_name=lookoutequipment::{model}"
    with urllib.request.urlopen(query, timeout=30) as answer:
        return json.loads(answer.read())


def test_transitions_reach_a_server_in_another_process(empty_server: str) -> None:
    with transition("ingestionjob", "manual", times=2, endpoint_url=empty_server):
        with transition("ingestionjob", "manual", times=5, endpoint_url=empty_server + "/"):
            assert server_transition(empty_server, "ingestionjob") == {
                "progression": "manual",
                "times": 5,
            }
        assert server_transition(empty_server, "ingestionjob") == {
            "progression": "manual",
            "times": 2,
        }
        # This process's state manager is left alone.
        assert state_manager.get_transition("lookoutequipment::ingestionjob") == {
            "progression": "immediate"
        }
        factory = LookoutEquipmentFactory(
            client(empty_server), client(empty_server, "s3"), poll_interval=0.01
        )
        dataset = factory.dataset(days=1)
        job = client(empty_server).describe_data_ingestion_job(JobId=dataset.ingestion_job_id)
        assert job["Status"] == "SUCCESS"
    assert server_transition(empty_server, "ingestionjob") == {"progression": "immediate"}

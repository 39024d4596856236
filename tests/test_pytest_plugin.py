"""The pytest plugin, run end to end in a separate pytest session as a user's suite would."""

from __future__ import annotations

import pytest
from readme_examples import readme_example

pytest_plugins = ["pytester"]


# hypothesis's plugin alone costs more than a whole inner session here; these tests don't use it.
INNER_OPTIONS = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    """An inner pytest session; its plugins, ours included, load from their entry points."""
    pytester.makepyfile(source)
    return pytester.runpytest(*INNER_OPTIONS, *args)


@pytest.mark.in_process(reason="runs the plugin's backend fixture in this process")
def test_client_and_backend_fixtures(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import boto3
        import pytest
        from botocore.exceptions import ClientError


        def test_client_is_mocked(lookoutequipment_client, lookoutequipment_backend):
            created = lookoutequipment_client.create_dataset(
                DatasetName="pump", ClientToken="token-1"
            )
            assert created["DatasetArn"].startswith(
                "arn:aws:lookoutequipment:us-east-1:123456789012:dataset/pump/"
            )
            assert lookoutequipment_backend.region_name == "us-east-1"
            assert lookoutequipment_backend.account_id == "123456789012"
            assert lookoutequipment_backend.resource_exists(created["DatasetArn"])


        def test_each_test_starts_empty(lookoutequipment_client):
            assert lookoutequipment_client.list_datasets()["DatasetSummaries"] == []


        def test_other_services_share_the_mock(lookoutequipment_client):
            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket="sensor-data")
            assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["sensor-data"]


        def test_mock_alone(lookoutequipment_mock):
            client = boto3.client("lookoutequipment", region_name="eu-west-1")
            with pytest.raises(ClientError) as error:
                client.describe_dataset(DatasetName="missing")
            assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
        """,
    )
    result.assert_outcomes(passed=4)


def test_plugin_loads_in_a_fresh_interpreter(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_client(lookoutequipment_client):
            client = lookoutequipment_client
            client.create_dataset(DatasetName="pump", ClientToken="token-1")
            assert client.describe_dataset(DatasetName="pump")["Status"] == "CREATED"
        """
    )
    result = pytester.runpytest_subprocess(*INNER_OPTIONS)
    result.assert_outcomes(passed=1)


@pytest.mark.in_process(reason="runs the plugin's backend fixture in this process")
@pytest.mark.parametrize("region", ["eu-west-1", "mars-north-1"])
def test_region_fixture_can_be_overridden(pytester: pytest.Pytester, region: str) -> None:
    # mars-north-1: a region botocore does not list works the same.
    result = run(
        pytester,
        f"""
        import pytest


        @pytest.fixture
        def lookoutequipment_region():
            return "{region}"


        def test_other_region(lookoutequipment_client, lookoutequipment_backend):
            arn = lookoutequipment_client.create_dataset(
                DatasetName="pump", ClientToken="token-1"
            )["DatasetArn"]
            assert arn.startswith("arn:aws:lookoutequipment:{region}:")
            assert lookoutequipment_backend.region_name == "{region}"
            assert lookoutequipment_backend.resource_exists(arn)
        """,
    )
    result.assert_outcomes(passed=1)


@pytest.mark.in_process(reason="runs the plugin's backend fixture in this process")
def test_backend_follows_the_account_of_the_client(pytester: pytest.Pytester) -> None:
    # moto answers the mocked calls in the account named by MOTO_ACCOUNT_ID.
    pytester.makeconftest(
        """
        import pytest


        @pytest.fixture(autouse=True)
        def other_account(monkeypatch):
            monkeypatch.setenv("MOTO_ACCOUNT_ID", "111122223333")
        """
    )
    result = run(
        pytester,
        """
        def test_account(lookoutequipment_client, lookoutequipment_backend):
            arn = lookoutequipment_client.create_dataset(
                DatasetName="pump", ClientToken="token-1"
            )["DatasetArn"]
            assert ":111122223333:dataset/pump/" in arn
            assert lookoutequipment_backend.account_id == "111122223333"
            assert lookoutequipment_backend.resource_exists(arn)
        """,
    )
    result.assert_outcomes(passed=1)


def test_server_fixture(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        import urllib.request

        PORTS = []


        def test_first(lookoutequipment_server):
            assert lookoutequipment_server.endpoint_url.startswith("http://127.0.0.1:")
            PORTS.append(lookoutequipment_server.port)
            client = lookoutequipment_server.client()
            client.create_dataset(DatasetName="pump", ClientToken="token-1")
            assert client.describe_dataset(DatasetName="pump")["Status"] == "CREATED"
            s3 = lookoutequipment_server.client("s3")
            s3.create_bucket(Bucket="sensor-data")


        def test_second_starts_empty_on_the_same_server(lookoutequipment_server):
            assert PORTS == [lookoutequipment_server.port]
            client = lookoutequipment_server.client(region_name="us-east-1")
            assert client.list_datasets()["DatasetSummaries"] == []
            assert lookoutequipment_server.client("s3").list_buckets()["Buckets"] == []


        def test_any_http_client_reaches_it(lookoutequipment_server):
            url = lookoutequipment_server.endpoint_url + "/moto-api/data.json"
            with urllib.request.urlopen(url, timeout=30) as answer:
                assert answer.status == 200
        """,
    )
    result.assert_outcomes(passed=3)


def test_fixtures_are_documented(pytester: pytest.Pytester) -> None:
    result = run(pytester, "", "--fixtures")
    result.stdout.fnmatch_lines_random(
        [
            "lookoutequipment_client -- *",
            "*boto3 ``lookoutequipment`` client inside an active mock*",
            "lookoutequipment_backend -- *",
            "lookoutequipment_region -- *",
            "lookoutequipment_mock -- *",
            "lookoutequipment_server -- *",
            "lookoutequipment_factory -- *",
            "lookoutequipment_transitions -- *",
        ]
    )


def test_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        def test_needs_client(lookoutequipment_client):
            pass
        """,
        "-p",
        "no:lookoutequipment",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'lookoutequipment_client' not found*"])


@pytest.mark.in_process(reason="runs the plugin's backend fixture in this process")
def test_readme_example_of_the_fixtures_passes(pytester: pytest.Pytester) -> None:
    example = readme_example("pytest fixtures")
    assert "lookoutequipment_server" in example
    result = run(pytester, example)
    result.assert_outcomes(passed=2)


def test_factory_fixture_builds_a_trained_model(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        def test_trained(lookoutequipment_factory, lookoutequipment_client):
            model = lookoutequipment_factory.trained_model("pump-model", days=200, labels=True)
            described = lookoutequipment_client.describe_model(ModelName="pump-model")
            assert described["Status"] == "SUCCESS"
            assert described["ModelArn"] == model.arn
        """,
    )
    result.assert_outcomes(passed=1)


def test_transitions_fixture_lasts_until_the_test_or_the_block_ends(
    pytester: pytest.Pytester,
) -> None:
    result = run(
        pytester,
        """
        from moto.moto_api import state_manager

        IMMEDIATE = {"progression": "immediate"}


        def transition(name):
            return state_manager.get_transition(f"lookoutequipment::{name}")


        def test_for_the_whole_test(lookoutequipment_transitions):
            lookoutequipment_transitions("model", "manual", times=2)
            lookoutequipment_transitions("ingestionjob", "time", seconds=3)
            assert transition("model") == {"progression": "manual", "times": 2}
            assert transition("ingestionjob") == {"progression": "time", "seconds": 3}


        def test_defaults_are_back(lookoutequipment_transitions):
            assert transition("model") == IMMEDIATE
            assert transition("ingestionjob") == IMMEDIATE
            with lookoutequipment_transitions("model", "manual", times=5):
                assert transition("model") == {"progression": "manual", "times": 5}
            assert transition("model") == IMMEDIATE


        def test_a_failed_test_restores_them_too(lookoutequipment_transitions):
            lookoutequipment_transitions("modelversion", "manual", times=2)
            assert False


        def test_after_the_failure():
            assert transition("modelversion") == IMMEDIATE
        """,
    )
    result.assert_outcomes(passed=3, failed=1)


def test_backend_fixture_under_server_mode_says_why_it_cannot_work(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No server is needed: the fixture refuses before any call is made.
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", "http://127.0.0.1:5999")
    pytester.makepyfile(
        """
        def test_inspects_the_backend(lookoutequipment_backend):
            pass
        """
    )
    result = pytester.runpytest_subprocess(*INNER_OPTIONS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ServerModeError: lookoutequipment_backend cannot be used under "
            "TEST_SERVER_MODE=true: the calls of lookoutequipment_client go to the server at "
            "http://127.0.0.1:5999*",
        ]
    )


@pytest.mark.in_process(reason="runs a pytester session that mocks in its own process")
def test_readme_example_of_the_transitions_fixture_passes(pytester: pytest.Pytester) -> None:
    example = readme_example("State transitions", index=1)
    assert "lookoutequipment_transitions" in example
    result = run(pytester, example)
    result.assert_outcomes(passed=1)

"""The AWS JSON 1.0 wire format: what any HTTP caller sends and gets back."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from shape_check import ResponseRecorder
from validation_helpers import valid_request
from wire_helpers import CONTENT_TYPE, assert_error, error_of, post

from moto_lookoutequipment import spec
from moto_lookoutequipment.models import LookoutEquipmentBackend
from moto_lookoutequipment.models.datasets import Datasets
from moto_lookoutequipment.operations import bindings

SCHEMA = {
    "Components": [
        {
            "ComponentName": "pump",
            "Columns": [
                {"Name": "Timestamp", "Type": "DATETIME"},
                {"Name": "Sensor1", "Type": "DOUBLE"},
            ],
        }
    ]
}


@pytest.mark.parametrize("raw", ["{bad", '{"DatasetName": "x"', "DatasetName=x"])
def test_malformed_json_is_a_serialization_exception(aws: None, raw: str) -> None:
    message = assert_error(post("ListDatasets", raw=raw), 400, "SerializationException")
    assert "not valid JSON" in message


@pytest.mark.parametrize("raw", ["[]", '"text"', "5", "null", "true"])
def test_a_body_that_is_no_object_is_a_serialization_exception(aws: None, raw: str) -> None:
    message = assert_error(post("ListDatasets", raw=raw), 400, "SerializationException")
    assert message == "The request body must be a JSON object."


def test_a_body_that_is_no_utf8_is_a_serialization_exception(aws: None) -> None:
    response = post("ListDatasets", raw=b'{"DatasetNameBeginsWith": "\xff"}')
    assert assert_error(response, 400, "SerializationException") == (
        "The request body is not UTF-8 text."
    )


def test_a_deeply_nested_body_is_a_serialization_exception(aws: None) -> None:
    raw = '{"Tags": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = post("CreateDataset", raw=raw)
    assert_error(response, 400, "SerializationException")


def test_a_body_nested_near_the_parsers_limit_is_a_client_error(aws: None) -> None:
    # Somewhere in this range the JSON parser gives up; below it the validator reports the value.
    for depth in range(700, 1001, 3):
        raw = '{"ClientToken": "t", "DatasetName": ' + "[" * depth + "]" * depth + "}"
        response = post("CreateDataset", raw=raw)
        assert response.status_code == 400, (depth, response.text)
        assert error_of(response)[0] in ("ValidationException", "SerializationException")


def test_an_empty_body_is_an_empty_request(aws: None) -> None:
    response = post("ListDatasets", raw="")

    assert response.status_code == 200
    assert response.json() == {"DatasetSummaries": []}


@pytest.mark.parametrize(
    "target",
    [
        "AWSLookoutEquipmentFrontendService.DescribeEverything",
        "AWSLookoutEquipmentFrontendService.",
        "AWSLookoutEquipmentFrontendService.describeDataset",
        "OtherService.ListDatasets",
        "ListDatasets",
        "",
    ],
)
def test_an_unknown_operation_is_an_unknown_operation_exception(aws: None, target: str) -> None:
    message = assert_error(post(target=target), 400, "UnknownOperationException")
    assert message == f"'{target}' is not an operation of Amazon Lookout for Equipment."


def test_an_error_reaches_boto3_with_code_message_and_request_id(client: Any) -> None:
    with pytest.raises(ClientError) as raised:
        client.describe_dataset(DatasetName="missing")

    response = raised.value.response
    assert response["Error"] == {
        "Code": "ResourceNotFoundException",
        "Message": "Dataset 'missing' does not exist.",
    }
    # The modelled exception's own member is filled from the capitalised "Message".
    assert response["Message"] == "Dataset 'missing' does not exist."
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert response["ResponseMetadata"]["RequestId"] == headers["x-amzn-requestid"]
    assert isinstance(raised.value, client.exceptions.ResourceNotFoundException)


def test_success_carries_content_type_and_a_new_request_id_each_time(aws: None) -> None:
    first, second = post("ListDatasets", {}), post("ListDatasets", {})

    assert first.status_code == second.status_code == 200
    assert first.headers["Content-Type"] == CONTENT_TYPE
    assert first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"]
    assert "x-amzn-ErrorType" not in first.headers


def test_timestamps_are_epoch_numbers_and_documents_compact_strings(aws: None) -> None:
    post(
        "CreateDataset",
        {
            "DatasetName": "pump",
            "ClientToken": "token-1",
            "DatasetSchema": {"InlineDataSchema": json.dumps(SCHEMA, indent=2)},
        },
    )

    body = post("DescribeDataset", {"DatasetName": "pump"}).json()

    assert isinstance(body["CreatedAt"], (int, float))
    assert body["LastUpdatedAt"] == body["CreatedAt"]
    assert body["Schema"] == json.dumps(SCHEMA, separators=(",", ":"))


def test_an_empty_output_is_an_empty_object(aws: None) -> None:
    post("CreateDataset", {"DatasetName": "pump", "ClientToken": "token-1"})

    response = post("DeleteDataset", {"DatasetName": "pump"})

    assert response.status_code == 200
    assert response.json() == {}


@pytest.mark.in_process(reason="patches the package")
def test_a_defect_of_the_mock_is_an_internal_server_error_without_traceback(
    aws: None, monkeypatch: pytest.MonkeyPatch, response_shapes: ResponseRecorder
) -> None:
    response_shapes.expect_internal_errors()

    def broken(self: Datasets, params: Any) -> Any:
        return {"DatasetSummaries": [], "Unexpected": 1}

    monkeypatch.setattr(Datasets, "list_datasets", broken)

    message = assert_error(post("ListDatasets", {}), 500, "InternalServerException")
    assert "Unexpected" in message
    assert "File " not in message


@pytest.mark.in_process(reason="patches the package")
def test_an_operation_nobody_serves_names_itself(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    bound = bindings()
    monkeypatch.setattr(
        "moto_lookoutequipment.models.binding_of",
        lambda name: None if name == "ListDatasets" else bound.get(name),
    )

    message = assert_error(post("ListDatasets", {}), 501, "NotImplementedException")
    assert message == "The operation ListDatasets is not implemented by moto-lookoutequipment."


def test_every_operation_of_the_model_has_one_handler_in_a_family() -> None:
    backend = LookoutEquipmentBackend("us-east-1", "123456789012")
    families = {type(family).__name__ for family in backend.families}

    bound = bindings()
    assert sorted(bound) == sorted(spec.operation_names())
    assert {binding.family_name for binding in bound.values()} <= families


def test_a_boto3_client_and_raw_http_see_the_same_state(aws: None) -> None:
    client = boto3.client("lookoutequipment", region_name="us-east-1")
    client.create_dataset(DatasetName="pump", ClientToken="token-1")

    names = [s["DatasetName"] for s in post("ListDatasets", {}).json()["DatasetSummaries"]]

    assert names == ["pump"]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def requests_near_valid(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid request of some operation with some members replaced by anything or removed."""
    operation = draw(st.sampled_from(spec.operation_names()))
    body = valid_request(operation)
    for name in list(body):
        choice = draw(st.sampled_from(["keep", "replace", "drop"]))
        if choice == "replace":
            body[name] = draw(JSON_VALUES)
        elif choice == "drop":
            del body[name]
    return operation, body


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(request=requests_near_valid())
def test_nothing_a_caller_sends_is_a_server_error(request: tuple[str, dict[str, Any]]) -> None:
    operation, body = request
    with mock_aws():
        response = post(operation, raw=json.dumps(body))

    assert response.status_code != 500, response.text
    if response.status_code != 200:
        code, _ = error_of(response)
        assert code in spec.error_codes(operation)

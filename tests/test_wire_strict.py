"""What the service makes of request bodies and methods it cannot take as they come."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from wire_helpers import SIGNED, assert_error, post

LIST_ZERO = json.dumps({"MaxResults": 0})
MAX_RESULTS_ZERO = (
    "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
    "Member must have value greater than or equal to 1"
)


@pytest.mark.parametrize(
    ("raw", "literal"),
    [
        ('{"MaxResults": NaN}', "NaN"),
        ('{"MaxResults": Infinity}', "Infinity"),
        ('{"MaxResults": -Infinity}', "-Infinity"),
        ('{"Tags": [{"Key": "k", "Value": "v"}], "X": [1, NaN]}', "NaN"),
    ],
)
def test_non_finite_literals_are_a_serialization_exception(
    aws: None, raw: str, literal: str
) -> None:
    message = assert_error(post("ListDatasets", raw=raw), 400, "SerializationException")
    assert message == f"The request body is not valid JSON: {literal} is not a number."


def test_a_number_too_large_for_a_double_is_a_serialization_exception(aws: None) -> None:
    response = post("ListDatasets", raw='{"MaxResults": 1e400}')
    assert assert_error(response, 400, "SerializationException") == (
        "The request body is not valid JSON: 1e400 is too large for a number."
    )


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""],
)
def test_the_body_is_json_whatever_the_content_type(aws: None, content_type: str) -> None:
    response = post("ListDatasets", raw=LIST_ZERO, headers={"Content-Type": content_type})
    assert assert_error(response, 400, "ValidationException") == MAX_RESULTS_ZERO


def test_a_gzip_body_is_read_once_decompressed(aws: None) -> None:
    response = post(
        "ListDatasets", raw=gzip.compress(LIST_ZERO.encode()), headers={"Content-Encoding": "gzip"}
    )
    assert assert_error(response, 400, "ValidationException") == MAX_RESULTS_ZERO


@pytest.mark.parametrize("raw", [b"not gzip", LIST_ZERO.encode(), gzip.compress(b"{}")[:-4]])
def test_a_body_that_is_not_the_gzip_it_claims_is_a_serialization_exception(
    aws: None, raw: bytes
) -> None:
    response = post("ListDatasets", raw=raw, headers={"Content-Encoding": "gzip"})
    assert assert_error(response, 400, "SerializationException") == (
        "The request body is not gzip data, as its Content-Encoding says."
    )


def test_an_unknown_content_encoding_is_a_serialization_exception(aws: None) -> None:
    response = post("ListDatasets", raw=LIST_ZERO, headers={"Content-Encoding": "br"})
    assert assert_error(response, 400, "SerializationException") == (
        "The request body has the Content-Encoding 'br'; only gzip is understood."
    )


def test_gzip_of_text_that_is_not_utf8_or_json_is_a_serialization_exception(aws: None) -> None:
    encoded = {"Content-Encoding": "gzip"}
    not_utf8 = post("ListDatasets", raw=gzip.compress(b'{"A": "\xff"}'), headers=encoded)
    not_json = post("ListDatasets", raw=gzip.compress(b"{bad"), headers=encoded)

    assert assert_error(not_utf8, 400, "SerializationException") == (
        "The request body is not UTF-8 text."
    )
    assert assert_error(not_json, 400, "SerializationException").startswith(
        "The request body is not valid JSON: "
    )


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_only_post_reaches_an_operation(client: Any, method: str) -> None:
    response = post("DeleteDataset", {"DatasetName": "pump"}, method=method)

    assert assert_error(response, 404, "UnknownOperationException") == (
        f"{method} / is not an operation of Amazon Lookout for Equipment: operations are called "
        "with POST /."
    )


def test_a_get_runs_nothing(client: Any) -> None:
    client.create_dataset(DatasetName="pump", ClientToken="token-1")

    post("DeleteDataset", {"DatasetName": "pump"}, method="GET")

    assert [s["DatasetName"] for s in client.list_datasets()["DatasetSummaries"]] == ["pump"]


def test_the_server_refuses_bad_bodies_and_methods_with_json(lookoutequipment_server: Any) -> None:
    endpoint = lookoutequipment_server.endpoint_url + "/"

    def send(raw: Any, method: str = "POST", **headers: str) -> Any:
        return post(
            "ListDatasets", raw=raw, method=method, endpoint=endpoint, headers={**SIGNED, **headers}
        )

    form = send(LIST_ZERO, **{"Content-Type": "application/x-www-form-urlencoded"})
    bad_gzip = send(b"not gzip", **{"Content-Encoding": "gzip"})
    nan = send('{"MaxResults": NaN}')
    get = send("{}", method="GET")

    assert assert_error(form, 400, "ValidationException") == MAX_RESULTS_ZERO
    assert assert_error(bad_gzip, 400, "SerializationException") == (
        "The request body is not gzip data, as its Content-Encoding says."
    )
    assert assert_error(nan, 400, "SerializationException") == (
        "The request body is not valid JSON: NaN is not a number."
    )
    assert assert_error(get, 404, "UnknownOperationException").startswith("GET / is not")

"""The suite-wide response check: it finds what breaks the model, and real responses pass it.

Every test of the suite records what the mock answered (the autouse ``response_shapes`` fixture
of conftest) and fails when a response leaves its output shape; these tests prove the check
itself can fail.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from shape_check import ResponseRecorder, response_problems, shape_problems
from wire_helpers import post

from moto_lookoutequipment import spec
from moto_lookoutequipment.models.datasets import Datasets

ARN = "arn:aws:lookoutequipment:us-east-1:123456789012:dataset/pump/0f1e2d3c-4b5a-4697-8877-6655443"
HEADERS = {"x-amzn-RequestId": "r-1", "Content-Type": "application/x-amz-json-1.0"}


def describe_problems(body: dict[str, Any]) -> list[str]:
    return shape_problems(spec.operation("DescribeDataset").output_shape, body, "DescribeDataset")


def valid_describe() -> dict[str, Any]:
    return {
        "DatasetName": "pump",
        "DatasetArn": ARN,
        "CreatedAt": 1_600_000_000.123,
        "LastUpdatedAt": 1_600_000_000,
        "Status": "CREATED",
        "Schema": '{"Components":[]}',
    }


def test_a_valid_body_has_no_problem() -> None:
    assert describe_problems(valid_describe()) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"Extra": 1}, "DescribeDataset.Extra: not a member of DescribeDatasetResponse"),
        ({"Status": "READY"}, "DescribeDataset.Status: 'READY' is not one of"),
        ({"DatasetName": "pump 1"}, "DescribeDataset.DatasetName: 'pump 1' does not match"),
        ({"CreatedAt": "2020-09-13T12:26:40Z"}, "a timestamp must be epoch seconds"),
        ({"CreatedAt": True}, "a timestamp must be epoch seconds"),
        ({"Schema": "{not json"}, "DescribeDataset.Schema: not a JSON document"),
        ({"Schema": '"a string"'}, "the JSON document is not an object or array"),
        ({"Schema": {"Components": []}}, "DescribeDataset.Schema: expected a string"),
        ({"IngestedFilesSummary": {"TotalNumberOfFiles": 1}}, "required member"),
        (
            {"IngestedFilesSummary": {"TotalNumberOfFiles": "1", "IngestedNumberOfFiles": 1}},
            "TotalNumberOfFiles: expected a whole number",
        ),
    ],
)
def test_each_kind_of_violation_is_found(change: dict[str, Any], problem: str) -> None:
    problems = describe_problems({**valid_describe(), **change})

    assert len(problems) == 1
    assert problem in problems[0]


def test_list_members_and_sizes_are_checked() -> None:
    output = spec.operation("ListTagsForResource").output_shape
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(201)] + [{"Key": "k"}]

    problems = shape_problems(output, {"Tags": tags}, "ListTagsForResource")

    assert problems == [
        "ListTagsForResource.Tags: length 202 is above the maximum 200",
        "ListTagsForResource.Tags[201].Value: required member of Tag is missing",
    ]


def test_an_empty_output_must_be_an_empty_object() -> None:
    assert response_problems("DeleteDataset", 200, HEADERS, "{}") == []
    assert response_problems("DeleteDataset", 200, HEADERS, '{"Deleted": true}') == [
        "expected an empty object"
    ]


def test_nan_is_not_json() -> None:
    body = json.dumps({"DatasetSummaries": [], "NextToken": float("nan")})

    problems = response_problems("ListDatasets", 200, HEADERS, body)

    assert problems and "NaN is not JSON" in problems[0]


@pytest.mark.parametrize(
    ("status", "headers", "body", "problem"),
    [
        (
            400,
            {},
            '{"__type": "ValidationException", "Message": "m"}',
            "no x-amzn-RequestId header",
        ),
        (
            400,
            {"x-amzn-ErrorType": "ValidationException"},
            '{"__type": "ValidationException"}',
            "an error body must be",
        ),
        (
            400,
            {"x-amzn-ErrorType": "Conflict"},
            '{"__type": "ValidationException", "Message": "m"}',
            "x-amzn-ErrorType 'Conflict' is not 'ValidationException'",
        ),
        (
            400,
            {"x-amzn-ErrorType": "ResourceNotFoundException"},
            '{"__type": "ResourceNotFoundException", "Message": "m"}',
            "ListDatasets may not answer ResourceNotFoundException",
        ),
        (
            500,
            {"x-amzn-ErrorType": "ValidationException"},
            '{"__type": "ValidationException", "Message": "m"}',
            "ValidationException came with HTTP 500, not 400",
        ),
        (
            400,
            {"x-amzn-ErrorType": "ValidationException"},
            '{"__type": "ValidationException", "Message": "Traceback (most recent call last)"}',
            "holds a traceback",
        ),
    ],
)
def test_errors_are_checked_against_the_wire_format_and_the_modelled_list(
    status: int, headers: dict[str, str], body: str, problem: str
) -> None:
    sent = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "r-1", **headers}
    if not headers:
        del sent["x-amzn-RequestId"]

    problems = response_problems("ListDatasets", status, sent, body)

    assert any(problem in found for found in problems), problems


@pytest.mark.in_process(reason="reads the in-process response recorder")
def test_the_recorder_sees_every_response_of_the_test(
    client: Any, response_shapes: ResponseRecorder
) -> None:
    client.create_dataset(DatasetName="pump", ClientToken="token-1")
    client.describe_dataset(DatasetName="pump")
    post(target="Nothing.Here")

    assert [(r.operation, r.status) for r in response_shapes.records] == [
        ("CreateDataset", 200),
        ("DescribeDataset", 200),
        (None, 400),
    ]
    assert response_shapes.problems() == []


@pytest.mark.in_process(reason="reads the in-process response recorder")
def test_the_recorder_reports_a_response_that_breaks_the_model(
    client: Any, response_shapes: ResponseRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = {"DatasetName": "pump", "DatasetArn": ARN, "Status": "READY"}
    monkeypatch.setattr(Datasets, "create_dataset", lambda self, params: answer)
    client.create_dataset(DatasetName="pump", ClientToken="token-1")

    problems = response_shapes.problems()

    assert len(problems) == 1
    assert problems[0].startswith("CreateDataset (HTTP 200): CreateDataset.Status: 'READY'")
    response_shapes.records.clear()


@pytest.mark.in_process(reason="reads the in-process response recorder")
def test_the_recorder_reports_a_server_error(
    aws: None, response_shapes: ResponseRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Datasets, "list_datasets", lambda self, params: {"Nope": 1})
    post("DescribeDataset", {"DatasetName": "pump"})
    post("ListDatasets", {})

    problems = response_shapes.problems()

    assert len(problems) == 1
    assert problems[0].startswith("ListDatasets: HTTP 500")
    response_shapes.expect_internal_errors()
    assert response_shapes.problems() == []

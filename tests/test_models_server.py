"""Models and imports against moto's server, as an SDK outside the process would see them."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from model_helpers import (
    DATASET,
    MODEL,
    OTHER_ACCOUNT_ID,
    ROLE_ARN,
    SCHEMA,
    dataset_with_data,
    error,
    import_denied,
    import_policy,
    session_in,
    train_model,
)

from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer


@pytest.fixture
def server(lookoutequipment_server: LookoutEquipmentServer) -> LookoutEquipmentServer:
    return lookoutequipment_server


@pytest.fixture
def client(server: LookoutEquipmentServer) -> Any:
    lookout = server.client()
    dataset_with_data(lookout)
    return lookout


def test_training_and_versions_over_http(server: LookoutEquipmentServer, client: Any) -> None:
    s3 = server.client("s3")
    s3.create_bucket(Bucket="diagnostics")
    output = {"S3OutputConfiguration": {"Bucket": "diagnostics", "Prefix": "out/"}}

    created = client.create_model(
        ModelName=MODEL,
        DatasetName=DATASET,
        ModelDiagnosticsOutputConfiguration=output,
        RoleArn=ROLE_ARN,
        TrainingDataStartTime="2023-01-01T00:00:00Z",
        TrainingDataEndTime="2023-07-20T00:00:00Z",
        EvaluationDataStartTime="2023-07-20T00:00:00Z",
        EvaluationDataEndTime="2023-08-29T00:00:00Z",
    )

    assert created["Status"] == "IN_PROGRESS"
    model = client.describe_model(ModelName=MODEL)
    assert model["Status"] == "SUCCESS"
    assert model["ActiveModelVersion"] == 1
    assert len(json.loads(model["ModelMetrics"])["predicted_ranges"]) == 1
    version = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
    key = version["ModelDiagnosticsResultsObject"]["Key"]
    assert key == f"out/{MODEL}/1/model_diagnostics_results.json.gz"
    body = s3.get_object(Bucket="diagnostics", Key=key)["Body"].read()
    assert len(gzip.decompress(body).splitlines()) == 161
    summaries = client.list_model_versions(ModelName=MODEL)["ModelVersionSummaries"]
    assert [(v["ModelVersion"], v["Status"]) for v in summaries] == [(1, "SUCCESS")]


def test_errors_keep_code_message_and_status_over_http(client: Any) -> None:
    train_model(client)

    with pytest.raises(ClientError) as info:
        train_model(client)
    assert error(info) == ("ConflictException", f"Model '{MODEL}' already exists.")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError) as info:
        client.update_active_model_version(ModelName=MODEL, ModelVersion=5)
    assert error(info) == ("ResourceNotFoundException", f"Model '{MODEL}' has no version 5.")


def test_cross_account_import_over_http(server: LookoutEquipmentServer, client: Any) -> None:
    source_arn = f"{train_model(client)}/model-version/1"
    client.describe_model(ModelName=MODEL)
    target = session_in(OTHER_ACCOUNT_ID, server.endpoint_url).client(
        "lookoutequipment", endpoint_url=server.endpoint_url
    )
    target.create_dataset(
        DatasetName="prod-data", DatasetSchema={"InlineDataSchema": json.dumps(SCHEMA)}
    )
    request = {
        "SourceModelVersionArn": source_arn,
        "DatasetName": "prod-data",
        "ClientToken": "bulk-import-1",
    }

    with pytest.raises(ClientError) as info:
        target.import_model_version(**request)
    assert error(info) == import_denied(OTHER_ACCOUNT_ID, source_arn)

    client.put_resource_policy(
        ResourceArn=source_arn,
        ResourcePolicy=import_policy(f"arn:aws:iam::{OTHER_ACCOUNT_ID}:root", source_arn),
    )
    first = target.import_model_version(**request)
    # The bulk-import script polls by replaying the same request.
    polled = target.import_model_version(**request)

    assert first["Status"] == "IMPORT_IN_PROGRESS"
    assert polled["Status"] == "SUCCESS"
    assert polled["ModelVersionArn"] == first["ModelVersionArn"]
    assert f":{OTHER_ACCOUNT_ID}:model/{MODEL}/" in first["ModelArn"]
    model = target.describe_model(ModelName=MODEL)
    assert model["SourceModelVersionArn"] == source_arn
    assert model["ActiveModelVersion"] == 1

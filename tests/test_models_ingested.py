"""Models trained on data that went through a real ingestion from moto's S3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ingestion_helpers import BUCKET, START, create_dataset_with_data, sensor_rows, stamp
from model_helpers import error

DAY_ROWS = 24  # the ingestion helper writes one row an hour


@pytest.fixture
def ingested(client: Any, s3: Any) -> str:
    rows = sensor_rows(days=240)
    spike = 220 * DAY_ROWS + 6
    rows[spike][1] = 500.0
    return create_dataset_with_data(client, s3, "pump-data", rows=rows)


def test_a_model_learns_from_ingested_data(client: Any, ingested: str) -> None:
    evaluation_start = START.replace(month=7, day=20)

    client.create_model(
        ModelName="pump-model",
        DatasetName=ingested,
        TrainingDataStartTime=START,
        TrainingDataEndTime=evaluation_start,
        EvaluationDataStartTime=evaluation_start,
        EvaluationDataEndTime=START.replace(month=8, day=29),
    )

    model = client.describe_model(ModelName="pump-model")
    assert model["Status"] == "SUCCESS"
    [predicted] = json.loads(model["ModelMetrics"])["predicted_ranges"]
    assert predicted["start"] == "2023-08-09T06:00:00.000000"
    assert predicted["end"] == "2023-08-09T06:00:00.000000"
    assert predicted["diagnostics"][0]["name"] == "pump\\Sensor0"
    schema = json.loads(model["Schema"])
    assert [c["ComponentName"] for c in schema["Components"]] == ["pump"]


def test_the_training_range_must_lie_inside_the_ingested_data(client: Any, ingested: str) -> None:
    with pytest.raises(ClientError) as info:
        client.create_model(
            ModelName="pump-model",
            DatasetName=ingested,
            TrainingDataStartTime=START.replace(year=2022),
            TrainingDataEndTime=START.replace(month=8),
        )

    code, message = error(info)
    assert code == "ValidationException"
    assert f"which runs from {stamp(START).replace(' ', 'T')}.000000" in message


def test_a_dataset_whose_ingestion_failed_cannot_train(client: Any, s3: Any) -> None:
    client.create_dataset(DatasetName="empty")
    s3.create_bucket(Bucket=BUCKET)
    client.start_data_ingestion_job(
        DatasetName="empty",
        IngestionInputConfiguration={
            "S3InputConfiguration": {
                "Bucket": BUCKET,
                "Prefix": "nothing/",
                "KeyPattern": "{prefix}/{component_name}/*",
            }
        },
        RoleArn="arn:aws:iam::123456789012:role/lookout",
    )

    with pytest.raises(ClientError) as info:
        client.create_model(ModelName="pump-model", DatasetName="empty")

    assert error(info) == (
        "ValidationException",
        "Dataset 'empty' has no ingested data; ingest data into it before training a model on it.",
    )

"""UpdateInferenceScheduler's DataOutputConfiguration replaces the whole output configuration.

The service model documents the member as "Specifies information for the output results from
the inference scheduler, including the output S3 location", and the behaviour reference
(4.25): "Only supplied fields change (replace whole sub-structures when given)".
"""

from __future__ import annotations

from typing import Any

import pytest
from inference_helpers import OUTPUT_BUCKET, FakeModels, models, scheduler_request

__all__ = ["models"]

NAME = "pump-scheduler"


@pytest.fixture
def pump(models: FakeModels) -> Any:
    return models.add(quality="QUALITY_THRESHOLD_MET")


def test_an_output_without_a_key_removes_the_old_key(client: Any, pump: Any) -> None:
    keyed = {
        "S3OutputConfiguration": {"Bucket": OUTPUT_BUCKET, "Prefix": "output/"},
        "KmsKeyId": "alias/results",
    }
    client.create_inference_scheduler(**scheduler_request(DataOutputConfiguration=keyed))
    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["DataOutputConfiguration"] == keyed

    plain = {"S3OutputConfiguration": {"Bucket": "elsewhere"}}
    client.update_inference_scheduler(InferenceSchedulerName=NAME, DataOutputConfiguration=plain)

    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["DataOutputConfiguration"] == plain


def test_an_update_without_an_output_keeps_it(client: Any, pump: Any) -> None:
    keyed = {"S3OutputConfiguration": {"Bucket": OUTPUT_BUCKET}, "KmsKeyId": "alias/results"}
    client.create_inference_scheduler(**scheduler_request(DataOutputConfiguration=keyed))

    client.update_inference_scheduler(InferenceSchedulerName=NAME, DataDelayOffsetInMinutes=5)

    described = client.describe_inference_scheduler(InferenceSchedulerName=NAME)
    assert described["DataOutputConfiguration"] == keyed

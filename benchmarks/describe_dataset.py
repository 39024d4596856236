"""A DescribeDataset round trip through boto3 under ``mock_aws``, against moto's own forecast
``DescribeDatasetGroup`` in the same process (what this package costs beside a moto service), and
against the floor: the same call answered by a ``before-send`` handler with the same body, so
that only boto3's own work remains (serialize, sign, parse). A fourth contender sends the call
through moto's stubber, as a client does when the package's ``before-call`` handler is off.

Targets: DescribeDataset at most 0.6 times DescribeDatasetGroup and at most 1.6 times the
floor."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from moto import mock_aws
from moto.core.models import botocore_stubber

from moto_lookoutequipment import lookoutequipment_backends
from moto_lookoutequipment.in_process_calls import EVENT, answer_call

from ._timing import Figure, interleaved, progress, report

REGION = "us-east-1"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "21"))
CALLS_PER_ROUND = int(os.environ.get("BENCH_CALLS", "50"))

SCHEMA = {
    "Components": [
        {
            "ComponentName": "pump",
            "Columns": [
                {"Name": "Timestamp", "Type": "DATETIME"},
                *({"Name": f"Sensor{n}", "Type": "DOUBLE"} for n in range(1, 11)),
            ],
        }
    ]
}


class _Body(io.BytesIO):
    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        yield self.read()


def floor_client(body: bytes) -> Any:
    """A client whose every call is answered with ``body`` by a ``before-send`` handler: moto's
    stubber is taken off its events, so that only boto3's own work remains."""
    client = boto3.client("lookoutequipment", region_name=REGION)
    client.meta.events.unregister("before-send", botocore_stubber)

    def answer(request: Any, **kwargs: Any) -> AWSResponse:
        headers = {"Content-Type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, 200, headers, _Body(body))

    client.meta.events.register("before-send.lookoutequipment", answer)
    return client


def main() -> list[Figure]:
    progress(f"{ROUNDS} interleaved rounds of {CALLS_PER_ROUND} calls each")
    with mock_aws():
        lookout = boto3.client("lookoutequipment", region_name=REGION)
        lookout.create_dataset(
            DatasetName="bench",
            ClientToken="bench",
            DatasetSchema={"InlineDataSchema": json.dumps(SCHEMA)},
        )
        forecast = boto3.client("forecast", region_name=REGION)
        group_arn = forecast.create_dataset_group(DatasetGroupName="bench", Domain="CUSTOM")[
            "DatasetGroupArn"
        ]
        backend = lookoutequipment_backends["123456789012"][REGION]
        body = json.dumps(backend.respond("DescribeDataset", {"DatasetName": "bench"})).encode()
        floor = floor_client(body)
        through_moto = boto3.client("lookoutequipment", region_name=REGION)
        through_moto.meta.events.unregister(EVENT, answer_call)
        medians = interleaved(
            {
                "floor (boto3 alone)": lambda: floor.describe_dataset(DatasetName="bench"),
                "lookoutequipment DescribeDataset": lambda: lookout.describe_dataset(
                    DatasetName="bench"
                ),
                "forecast DescribeDatasetGroup": lambda: forecast.describe_dataset_group(
                    DatasetGroupArn=group_arn
                ),
                "DescribeDataset through moto's stubber": lambda: through_moto.describe_dataset(
                    DatasetName="bench"
                ),
            },
            rounds=ROUNDS,
            calls_per_round=CALLS_PER_ROUND,
        )
    report(medians, baseline="forecast DescribeDatasetGroup")
    ours = medians["lookoutequipment DescribeDataset"]
    against_moto = ours / medians["forecast DescribeDatasetGroup"]
    against_floor = ours / medians["floor (boto3 alone)"]
    print(f"  DescribeDataset / forecast DescribeDatasetGroup: {against_moto:.2f} (target <= 0.6)")
    print(f"  DescribeDataset / floor: {against_floor:.2f} (target <= 1.6)")
    return [
        Figure("DescribeDataset / forecast", f"{against_moto:.2f}", "<= 0.6", against_moto <= 0.6),
        Figure("DescribeDataset / floor", f"{against_floor:.2f}", "<= 1.6", against_floor <= 1.6),
    ]


if __name__ == "__main__":
    main()

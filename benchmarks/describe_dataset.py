"""A DescribeDataset round trip through boto3 under ``mock_aws``, against moto's own forecast
``DescribeDatasetGroup`` in the same process: what this package adds on top of moto's cost."""

from __future__ import annotations

import json
import os

import boto3
from moto import mock_aws

import moto_lookoutequipment  # noqa: F401  (registers the service with moto)

from ._timing import interleaved, progress, report

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


def main() -> None:
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
        medians = interleaved(
            {
                "lookoutequipment DescribeDataset": lambda: lookout.describe_dataset(
                    DatasetName="bench"
                ),
                "forecast DescribeDatasetGroup": lambda: forecast.describe_dataset_group(
                    DatasetGroupArn=group_arn
                ),
            },
            rounds=ROUNDS,
            calls_per_round=CALLS_PER_ROUND,
        )
    report(medians, baseline="forecast DescribeDatasetGroup")


if __name__ == "__main__":
    main()

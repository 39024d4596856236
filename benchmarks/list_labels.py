"""ListLabels over a label group of 5,000 labels against one of 500, per label listed.

Every page (``MaxResults`` 500, the most the model allows) is fetched through boto3 under
``mock_aws``; each round lists both groups back to back, and the round's ratio is the cost per
label of the large group over that of the small one. Target: at most 1.3, so that paging stays
linear in the labels listed.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

import boto3
from moto import mock_aws

import moto_lookoutequipment  # noqa: F401  (registers the service with moto)

from ._timing import Figure, progress

REGION = "us-east-1"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "11"))
SMALL = 500
LARGE = int(os.environ.get("BENCH_LABELS", "5000"))
HOUR = 3600


def fill(client: Any, group: str, labels: int) -> None:
    client.create_label_group(LabelGroupName=group, ClientToken=group)
    for number in range(labels):
        client.create_label(
            LabelGroupName=group,
            StartTime=1_700_000_000 + HOUR * number,
            EndTime=1_700_000_000 + HOUR * number + 60,
            Rating="ANOMALY",
            ClientToken=f"{group}-{number}",
        )


def seconds_per_label(client: Any, group: str) -> tuple[float, int]:
    start = time.perf_counter()
    listed = 0
    params: dict[str, Any] = {"LabelGroupName": group, "MaxResults": 500}
    while True:
        page = client.list_labels(**params)
        listed += len(page["LabelSummaries"])
        if "NextToken" not in page:
            break
        params["NextToken"] = page["NextToken"]
    return (time.perf_counter() - start) / listed, listed


def main() -> list[Figure]:
    with mock_aws():
        client = boto3.client("lookoutequipment", region_name=REGION)
        progress(f"creating label groups of {SMALL} and {LARGE} labels")
        fill(client, "small", SMALL)
        fill(client, "large", LARGE)
        progress(f"{ROUNDS} rounds, each listing both groups")
        seconds_per_label(client, "small")
        seconds_per_label(client, "large")
        small_costs: list[float] = []
        large_costs: list[float] = []
        ratios: list[float] = []
        for number in range(ROUNDS):
            order = ("small", "large") if number % 2 == 0 else ("large", "small")
            costs = {}
            for group in order:
                costs[group], listed = seconds_per_label(client, group)
                assert listed == (SMALL if group == "small" else LARGE), listed
            small_costs.append(costs["small"])
            large_costs.append(costs["large"])
            ratios.append(costs["large"] / costs["small"])
    small = statistics.median(small_costs)
    large = statistics.median(large_costs)
    print(f"  {SMALL:>5} labels: {small * 1e6:7.2f} us per label listed (median)")
    print(f"  {LARGE:>5} labels: {large * 1e6:7.2f} us per label listed (median)")
    ratio = statistics.median(ratios)
    print(
        f"  per-label ratio {LARGE} / {SMALL}: {ratio:.2f} median of rounds "
        f"(best {min(ratios):.2f}, worst {max(ratios):.2f}; target <= 1.3)"
    )
    return [
        Figure(f"ListLabels per label, {LARGE} / {SMALL}", f"{ratio:.2f}", "<= 1.3", ratio <= 1.3)
    ]


if __name__ == "__main__":
    main()

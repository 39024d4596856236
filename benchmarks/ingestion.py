"""A data ingestion of one large CSV object (by default 1,000,000 rows of 10 sensors) from moto's
S3, timed against a bare ``csv.reader`` pass over the same bytes, and its peak memory measured
with ``tracemalloc``.

The ingestion is the whole StartDataIngestionJob call through boto3: listing, streaming the
object in chunks, converting every cell, sorting and de-duplicating, the statistics and the
summaries. Each round times the bare parse and the ingestion back to back and takes their ratio
there, so that the machine's other load, which comes and goes over seconds, weighs on both sides
of a ratio alike. Targets: a median ratio of at most 3, and under 100 MB of extra peak memory.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import math
import os
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import boto3
from moto import mock_aws

import moto_lookoutequipment  # noqa: F401  (registers the service with moto)

from ._timing import Figure, progress

REGION = "us-east-1"
ROWS = int(os.environ.get("BENCH_INGESTION_ROWS", "1000000"))
SENSORS = 10
ROUNDS = int(os.environ.get("BENCH_INGESTION_ROUNDS", "5"))
BUCKET = "bench-data"
KEY = "plant/pump/pump.csv"
ROLE_ARN = "arn:aws:iam::123456789012:role/bench"
MB = 1024 * 1024


def synthetic_csv(rows: int, sensors: int) -> bytes:
    """One row a minute from 2020-01-01; each sensor a slow wave plus noise, four decimals."""
    progress(f"generating {rows:,} rows of {sensors} sensors")
    noise = random.Random(20200101)
    out = io.StringIO()
    out.write("Timestamp," + ",".join(f"Sensor{n}" for n in range(sensors)) + "\n")
    moment = datetime(2020, 1, 1)
    minute = timedelta(minutes=1)
    for row in range(rows):
        if row and row % 250_000 == 0:
            progress(f"generated {row:,} of {rows:,} rows")
        wave = math.sin(row / 1440)
        values = ",".join(f"{n * 10 + wave + noise.random():.4f}" for n in range(sensors))
        out.write(f"{moment:%Y-%m-%d %H:%M:%S},{values}\n")
        moment += minute
    return out.getvalue().encode()


def bare_parse(data: bytes) -> None:
    for _ in csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")):
        pass


def schema(sensors: int) -> str:
    columns = [{"Name": "Timestamp", "Type": "DATETIME"}]
    columns += [{"Name": f"Sensor{n}", "Type": "DOUBLE"} for n in range(sensors)]
    return json.dumps({"Components": [{"ComponentName": "pump", "Columns": columns}]})


def ingest(client: Any, dataset: str) -> dict[str, Any]:
    job_id = client.start_data_ingestion_job(
        DatasetName=dataset,
        IngestionInputConfiguration={
            "S3InputConfiguration": {"Bucket": BUCKET, "Prefix": "plant/"}
        },
        RoleArn=ROLE_ARN,
    )["JobId"]
    job: dict[str, Any] = client.describe_data_ingestion_job(JobId=job_id)
    if job["Status"] != "SUCCESS":
        raise RuntimeError(f"the ingestion ended {job['Status']}: {job.get('FailedReason')}")
    return job


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def timed_rounds(client: Any, data: bytes) -> list[tuple[float, float]]:
    """Seconds of the bare parse and of the ingestion, one pair a round. The two run back to
    back, in alternating order so that neither always follows the other's garbage."""
    client.create_dataset(DatasetName="timed", DatasetSchema={"InlineDataSchema": schema(SENSORS)})
    rounds = []
    for number in range(ROUNDS):
        if number % 2 == 0:
            bare = timed(lambda: bare_parse(data))
            ingestion = timed(lambda: ingest(client, "timed"))
        else:
            ingestion = timed(lambda: ingest(client, "timed"))
            bare = timed(lambda: bare_parse(data))
        rounds.append((bare, ingestion))
        progress(
            f"round {number + 1}/{ROUNDS}: bare parse {bare:.2f} s, "
            f"ingestion {ingestion:.2f} s, ratio {ingestion / bare:.2f}"
        )
    client.delete_dataset(DatasetName="timed")
    return rounds


def traced(client: Any) -> tuple[dict[str, Any], int, int, int]:
    """An ingestion under ``tracemalloc``: the job, and the traced bytes before, after and at
    the peak."""
    gc.collect()
    progress("one more ingestion under tracemalloc (slower)")
    client.create_dataset(DatasetName="traced", DatasetSchema={"InlineDataSchema": schema(SENSORS)})
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    job = ingest(client, "traced")
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return job, before, after, peak


def report(rounds: list[tuple[float, float]]) -> float:
    ratios = sorted(ingestion / bare for bare, ingestion in rounds)
    bare = statistics.median(bare for bare, _ in rounds)
    ingestion = statistics.median(ingestion for _, ingestion in rounds)
    print(f"  bare csv.reader pass: {bare:6.2f} s  ({ROWS / bare:12,.0f} rows/s, median)")
    print(f"  ingestion:            {ingestion:6.2f} s  ({ROWS / ingestion:12,.0f} rows/s, median)")
    print(
        f"  ratio ingestion / bare parse: {statistics.median(ratios):.2f} "
        f"(median of {len(ratios)} rounds; best {ratios[0]:.2f}, worst {ratios[-1]:.2f}; "
        "target: at most 3)"
    )
    return statistics.median(ratios)


def main() -> list[Figure]:
    data = synthetic_csv(ROWS, SENSORS)
    print(f"  {ROWS:,} rows x {SENSORS} sensors, {len(data) / MB:.1f} MB of CSV")
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        s3.put_object(Bucket=BUCKET, Key=KEY, Body=data)
        progress(f"put s3://{BUCKET}/{KEY}; {ROUNDS} rounds follow")
        client = boto3.client("lookoutequipment", region_name=REGION)
        rounds = timed_rounds(client, data)
        del data
        job, before, after, peak = traced(client)
    assert job["IngestedFilesSummary"]["IngestedNumberOfFiles"] == 1
    ratio = report(rounds)
    held = (peak - before) / MB
    print(
        f"  peak memory above the start: {held:.1f} MB (target: under 100), "
        f"of which {(after - before) / MB:.1f} MB stay as the ingested data"
    )
    return [
        Figure("ingestion / bare csv.reader", f"{ratio:.2f}", "<= 3", ratio <= 3),
        Figure("ingestion peak memory", f"{held:.1f} MB", "< 100 MB", held < 100),
    ]


if __name__ == "__main__":
    main()

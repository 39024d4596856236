"""The first read of an inference scheduler after its clock jumped a month: 8,640 runs of
``PT5M``, each with an input file, scored and written to moto's S3 in that one read (target: at
most 1 s); and a year with no input at all. Timed with ``time.perf_counter``, on this service's
own clock (``moto_lookoutequipment.clock``), since freezegun would hold ``perf_counter`` still
too.

Writing the input takes far longer than reading it, so the rounds share it: each round is its own
model and scheduler over the same input files, created together and read one after the other
once the clock has moved. Each round's results land under its own prefix."""

from __future__ import annotations

import gc
import os
import resource
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
from moto import mock_aws

from moto_lookoutequipment import clock
from moto_lookoutequipment.factory import LookoutEquipmentFactory

from ._timing import Figure, progress

REGION = "us-east-1"
DAYS = float(os.environ.get("BENCH_CATCH_UP_DAYS", "30"))
ROUNDS = int(os.environ.get("BENCH_CATCH_UP_ROUNDS", "3"))
START = datetime(2024, 1, 1, tzinfo=timezone.utc)
TARGET_SECONDS = 1.0
TARGET_DAYS = 30


def scheduler(lookout: Any, name: str, role_arn: str, input_bucket: str) -> None:
    """A PT5M scheduler ``name`` of a model ``name`` (one scheduler per model), writing its
    results under ``<name>/``."""
    lookout.create_inference_scheduler(
        ModelName=name,
        InferenceSchedulerName=name,
        DataUploadFrequency="PT5M",
        DataInputConfiguration={"S3InputConfiguration": {"Bucket": input_bucket}},
        DataOutputConfiguration={
            "S3OutputConfiguration": {"Bucket": "results", "Prefix": f"{name}/"}
        },
        RoleArn=role_arn,
    )


def against_target(seconds: float) -> str:
    if DAYS == TARGET_DAYS:
        return f"(target \u2264 {TARGET_SECONDS:g} s)"
    return f"(the target, \u2264 {TARGET_SECONDS:g} s, is for {TARGET_DAYS} days)"


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def first_read(lookout: Any, name: str) -> tuple[float, int, float]:
    """Seconds of the read that makes the runs, how many it made, and how many MB the peak
    resident memory of the process grew during it (tracemalloc would slow the read fivefold)."""
    gc.collect()
    before = peak_rss_mb()
    started = time.perf_counter()
    lookout.describe_inference_scheduler(InferenceSchedulerName=name)
    seconds = time.perf_counter() - started
    return seconds, count_runs(lookout, name), peak_rss_mb() - before


def count_runs(lookout: Any, name: str) -> int:
    runs, params = 0, {"InferenceSchedulerName": name, "MaxResults": 500}
    while True:
        page = lookout.list_inference_executions(**params)
        runs += len(page["InferenceExecutionSummaries"])
        if "NextToken" not in page:
            return runs
        params["NextToken"] = page["NextToken"]


def main() -> list[Figure]:
    end = START + timedelta(days=DAYS)
    rounds = [f"month-{number}" for number in range(1, ROUNDS + 1)]
    with mock_aws():
        factory = LookoutEquipmentFactory()
        model = factory.trained_model(rounds[0], days=200, training_days=200)
        for name in [*rounds[1:], "year"]:
            factory.trained_model(name, model.dataset, training_days=200)
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="results")
        # The service's own clock, not freezegun, which would hold perf_counter still too.
        clock.hold(START)
        for name in rounds:
            scheduler(factory.lookout, name, factory.role_arn, "month-input")
        progress(f"writing the input files of {DAYS:g} days of PT5M windows")
        keys = factory.inference_input(model, bucket="month-input", start=START, end=end)
        progress(f"{len(keys):,} input files written; moving the clock {DAYS:g} days")
        clock.hold(end)
        timed = []
        for number, name in enumerate(rounds):
            seconds, runs, held = first_read(factory.lookout, name)
            timed.append(seconds)
            print(f"  {DAYS:g} days of PT5M with input: {runs:,} runs in {seconds:.2f} s")
            if number == 0:
                print(
                    f"  peak memory grew {held:.1f} MB during the read "
                    "(results in moto's S3 included)"
                )
        best = min(timed)
        print(
            f"  catch-up of {runs:,} runs: {best:.2f} s {against_target(best)}, the best of "
            f"{len(timed)} rounds ({', '.join(f'{seconds:.2f}' for seconds in timed)} s)"
        )
        scheduler(factory.lookout, "year", factory.role_arn, "year-input")
        factory.ensure_bucket("year-input")
        progress("moving the clock a year, no input")
        clock.hold(end + timedelta(days=365))
        seconds, runs, held = first_read(factory.lookout, "year")
        print(f"  a year of PT5M without input: {runs:,} runs (the newest) in {seconds:.2f} s")
    if DAYS != TARGET_DAYS:
        return []
    return [
        Figure(
            f"catch-up of {TARGET_DAYS} days of PT5M",
            f"{best:.2f} s",
            f"<= {TARGET_SECONDS:g} s",
            best <= TARGET_SECONDS,
        )
    ]


if __name__ == "__main__":
    main()

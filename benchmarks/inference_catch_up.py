"""The first read of an inference scheduler after its clock jumped a month: 8,640 runs of
``PT5M``, each with an input file, scored and written to moto's S3 in that one read; and a year
with no input at all. Timed with ``time.perf_counter``, on this service's own clock
(``moto_lookoutequipment.clock``), since freezegun would hold ``perf_counter`` still too."""

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

from ._timing import progress

REGION = "us-east-1"
DAYS = float(os.environ.get("BENCH_CATCH_UP_DAYS", "30"))
START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def scheduler(lookout: Any, name: str, role_arn: str) -> None:
    """A PT5M scheduler ``name`` of a model ``name`` (one scheduler per model)."""
    lookout.create_inference_scheduler(
        ModelName=name,
        InferenceSchedulerName=name,
        DataUploadFrequency="PT5M",
        DataInputConfiguration={"S3InputConfiguration": {"Bucket": f"{name}-input"}},
        DataOutputConfiguration={"S3OutputConfiguration": {"Bucket": "results"}},
        RoleArn=role_arn,
    )


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


def main() -> None:
    end = START + timedelta(days=DAYS)
    with mock_aws():
        factory = LookoutEquipmentFactory()
        model = factory.trained_model("month", days=200, training_days=200)
        factory.trained_model("year", model.dataset, training_days=200)
        boto3.client("s3", region_name=REGION).create_bucket(Bucket="results")
        # The service's own clock, not freezegun, which would hold perf_counter still too.
        clock.hold(START)
        scheduler(factory.lookout, "month", factory.role_arn)
        progress(f"writing the input files of {DAYS:g} days of PT5M windows")
        keys = factory.inference_input(model, bucket="month-input", start=START, end=end)
        progress(f"{len(keys):,} input files written; moving the clock {DAYS:g} days")
        clock.hold(end)
        seconds, runs, held = first_read(factory.lookout, "month")
        print(f"  {DAYS:g} days of PT5M with input: {runs:,} runs in {seconds:.2f} s")
        print(f"  peak memory grew {held:.1f} MB during the read (results in moto's S3 included)")
        scheduler(factory.lookout, "year", factory.role_arn)
        factory.ensure_bucket("year-input")
        progress("moving the clock a year, no input")
        clock.hold(end + timedelta(days=365))
        seconds, runs, held = first_read(factory.lookout, "year")
        print(f"  a year of PT5M without input: {runs:,} runs (the newest) in {seconds:.2f} s")


if __name__ == "__main__":
    main()

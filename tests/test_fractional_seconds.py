"""Sensor timestamps with a fraction of a second, in ingestion and inference.

decisions.md: "Sensor timestamps (ingestion and inference input): each documented format that
ends in seconds also accepts a fraction of 1–9 digits after a `.` (kept to the microsecond),
since AWS's own getting-started notebook writes inference input as
`yyyy-MM-dd'T'HH:mm:ss.SSSSSS`."
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from freezegun import freeze_time
from inference_helpers import (
    INPUT_BUCKET,
    INPUT_PREFIX,
    NINE,
    executions,
    results,
    scheduler_request,
)
from ingestion_helpers import BUCKET, PUMP_SCHEMA, put_sensor_csv, start_ingestion
from test_inference_end_to_end import train_pump_model

from moto_lookoutequipment.data.timestamps import parse_timestamp


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-07-01T00:00:00.000000", utc(2024, 7, 1)),
        ("2024-07-01 10:20:30.5", utc(2024, 7, 1, 10, 20, 30, 500000)),
        ("2024/07/01T10:20:30.123456789", utc(2024, 7, 1, 10, 20, 30, 123456)),
        ("20240701 10:20:30.000001", utc(2024, 7, 1, 10, 20, 30, 1)),
        ("20240701102030.25", utc(2024, 7, 1, 10, 20, 30, 250000)),
        ("2024-07-01-10-20-30.75", utc(2024, 7, 1, 10, 20, 30, 750000)),
        ("2024 07 01 10:20:30.9999999", utc(2024, 7, 1, 10, 20, 30, 999999)),
    ],
)
def test_a_format_ending_in_seconds_takes_a_fraction(text: str, moment: datetime) -> None:
    assert parse_timestamp(text) == moment


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-01T10:20:30.",  # no digit
        "2024-07-01T10:20:30.1234567890",  # ten digits
        "2024-07-01T10:20.5",  # the format ends in minutes
        "2024-07-01T10:20:30,5",  # a comma
    ],
)
def test_other_fractions_are_not_timestamps(text: str) -> None:
    assert parse_timestamp(text) is None


def test_an_ingestion_reads_fractional_timestamps(client: Any, s3: Any) -> None:
    start = utc(2023, 1, 1)
    rows = [
        [f"{start + timedelta(hours=hour):%Y-%m-%dT%H:%M:%S}.{hour % 7}00000", 10 + hour % 3, 20]
        for hour in range(48)
    ]
    put_sensor_csv(s3, BUCKET, "plant/pump/pump.csv", rows)
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})

    job = client.describe_data_ingestion_job(JobId=start_ingestion(client, "pump", prefix="plant/"))

    assert job["Status"] == "SUCCESS"
    summary = job["DataQualitySummary"]["UnsupportedTimestamps"]
    assert summary == {"TotalNumberOfUnsupportedTimestamps": 0}
    assert job["DataStartTime"] == start
    assert job["DataEndTime"] == start + timedelta(hours=47, microseconds=500000)  # 47 % 7 tenths


@pytest.mark.in_process(reason="moves the clock with freezegun in the test process")
def test_an_inference_reads_fractional_timestamps(client: Any, s3: Any) -> None:
    with freeze_time(NINE) as clock:
        train_pump_model(client, s3)
        lines = ["Timestamp,Sensor0,Sensor1"]
        for minute in range(1, 6):
            lines.append(f"{NINE + timedelta(minutes=minute):%Y-%m-%dT%H:%M:%S}.000000,10.5,20.5")
        lines.append(f"{NINE + timedelta(minutes=2, seconds=30):%Y-%m-%dT%H:%M:%S}.25,10.5,20.5")
        body = ("\n".join(lines) + "\n").encode()
        s3.put_object(Bucket=INPUT_BUCKET, Key=f"{INPUT_PREFIX}pump-20240101090000.csv", Body=body)
        client.create_inference_scheduler(**scheduler_request())
        clock.move_to(NINE + timedelta(minutes=5))

        (run,) = executions(client)
        assert run["Status"] == "SUCCESS"
        stamps = [line["timestamp"] for line in results(s3, run["CustomerResultObject"]["Key"])]
        assert stamps == [
            "2024-01-01T09:01:00.000000",
            "2024-01-01T09:02:00.000000",
            "2024-01-01T09:02:30.250000",
            "2024-01-01T09:03:00.000000",
            "2024-01-01T09:04:00.000000",
            "2024-01-01T09:05:00.000000",
        ]

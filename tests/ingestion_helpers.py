"""Sensor CSV files in moto's S3 and datasets with ingested data, for any test that needs them.

``create_dataset_with_data(client, s3, "pump-data")`` gives a dataset that a successful ingestion
filled with ``days`` of hourly rows of two sensors of one component; ``put_sensor_csv`` writes
any rows (good or bad) as a CSV object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from mode import set_transition, unset_transition

ACCOUNT_ID = "123456789012"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/lookout-equipment-access"
BUCKET = "sensor-data"
START = datetime(2023, 1, 1, tzinfo=timezone.utc)
STEP = timedelta(hours=1)
COMPONENT = "pump"
SENSORS = ("Sensor0", "Sensor1")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

Cell = Any


def stamp(moment: datetime) -> str:
    """``moment`` as the CSV text ``yyyy-MM-dd HH:mm:ss``."""
    return moment.strftime(TIMESTAMP_FORMAT)


def sensor_value(row: int, sensor: int) -> float:
    """A value that varies from row to row without a trend, around ``10 * (sensor + 1)``."""
    return 10.0 * (sensor + 1) + ((row * 7919 + sensor * 31) % 100) / 100


def sensor_rows(
    days: float = 200,
    sensors: Sequence[str] = SENSORS,
    start: datetime = START,
    step: timedelta = STEP,
) -> list[list[Cell]]:
    """One row per ``step`` from ``start`` for ``days`` days (both ends included)."""
    count = int(timedelta(days=days) / step) + 1
    return [
        [stamp(start + index * step)] + [sensor_value(index, j) for j in range(len(sensors))]
        for index in range(count)
    ]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A CSV file: ``None`` cells are written empty, other cells with ``str``."""
    lines = [",".join(header)]
    lines.extend(",".join("" if cell is None else str(cell) for cell in row) for row in rows)
    return ("\n".join(lines) + "\n").encode()


def ensure_bucket(s3: Any, bucket: str = BUCKET) -> None:
    if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=bucket)


def put_sensor_csv(
    s3: Any,
    bucket: str,
    key: str,
    rows: Iterable[Sequence[Cell]],
    header: Sequence[str] = ("Timestamp", *SENSORS),
) -> None:
    """Write ``rows`` under ``header`` as the object ``key`` (the bucket is created if needed)."""
    ensure_bucket(s3, bucket)
    s3.put_object(Bucket=bucket, Key=key, Body=csv_bytes(header, rows))


def schema(components: dict[str, Sequence[str]], timestamp: str = "Timestamp") -> str:
    """The ``InlineDataSchema`` text of components given by name and sensor names."""
    return json.dumps(
        {
            "Components": [
                {
                    "ComponentName": name,
                    "Columns": [{"Name": timestamp, "Type": "DATETIME"}]
                    + [{"Name": sensor, "Type": "DOUBLE"} for sensor in sensors],
                }
                for name, sensors in components.items()
            ]
        }
    )


PUMP_SCHEMA = schema({COMPONENT: SENSORS})


def start_ingestion(
    client: Any,
    dataset: str,
    prefix: str | None = None,
    bucket: str = BUCKET,
    key_pattern: str | None = None,
    role_arn: str = ROLE_ARN,
    **extra: Any,
) -> str:
    """Start an ingestion job and return its id."""
    s3_input: dict[str, str] = {"Bucket": bucket}
    if prefix is not None:
        s3_input["Prefix"] = prefix
    if key_pattern is not None:
        s3_input["KeyPattern"] = key_pattern
    response = client.start_data_ingestion_job(
        DatasetName=dataset,
        IngestionInputConfiguration={"S3InputConfiguration": s3_input},
        RoleArn=role_arn,
        **extra,
    )
    return str(response["JobId"])


def create_dataset_with_data(
    client: Any,
    s3: Any,
    name: str,
    days: float = 200,
    *,
    component: str = COMPONENT,
    sensors: Sequence[str] = SENSORS,
    start: datetime = START,
    step: timedelta = STEP,
    rows: Iterable[Sequence[Cell]] | None = None,
    bucket: str = BUCKET,
    role_arn: str = ROLE_ARN,
) -> str:
    """A dataset named ``name`` that a successful ingestion filled from
    ``s3://bucket/name/component/component.csv`` (``rows``, or ``days`` of generated rows);
    returns the dataset name."""
    data_rows = rows if rows is not None else sensor_rows(days, sensors, start, step)
    put_sensor_csv(
        s3, bucket, f"{name}/{component}/{component}.csv", data_rows, ("Timestamp", *sensors)
    )
    client.create_dataset(
        DatasetName=name, DatasetSchema={"InlineDataSchema": schema({component: sensors})}
    )
    job_id = start_ingestion(client, name, prefix=f"{name}/", bucket=bucket, role_arn=role_arn)
    job = client.describe_data_ingestion_job(JobId=job_id)
    if job["Status"] != "SUCCESS":
        raise AssertionError(f"the ingestion of {name} ended {job['Status']}: {job}")
    return name


@contextmanager
def manual_progression(resource: str, times: int) -> Iterator[None]:
    """``lookoutequipment::<resource>`` statuses move after ``times`` reads, inside the block."""
    model = f"lookoutequipment::{resource}"
    set_transition(model, {"progression": "manual", "times": times})
    try:
        yield
    finally:
        unset_transition(model)

"""Test data in one call: sensor data in S3, an ingested dataset, a trained model, inference input.

Everything goes through the public API (boto3 clients for S3 and Lookout for Equipment), so a
factory works under ``mock_aws`` and against any server alike::

    factory = LookoutEquipmentFactory()  # in-process, under mock_aws
    model = factory.trained_model("pump-model", anomalies=["2023-07-10 06:00"], labels=True)
    factory.inference_input(
        model, bucket="live-data", start="2024-01-01 09:00", end="2024-01-01 09:20"
    )

Sensor ``j`` reads about ``10 * (j + 1) + 0.5`` (``typical``), with a deterministic wobble of
less than 0.5 either side; an injected anomaly adds ``ANOMALY_SHIFT`` to the anomalous sensors.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3

from .data.inference_windows import parse_duration

DEFAULT_REGION = "us-east-1"
DEFAULT_ROLE_ARN = "arn:aws:iam::123456789012:role/lookout-equipment"
DEFAULT_START = datetime(2023, 1, 1, tzinfo=timezone.utc)
ANOMALY_SHIFT = 100.0
CSV_TIMESTAMP = "%Y-%m-%d %H:%M:%S"
FILE_TIMESTAMP = "%Y%m%d%H%M%S"
MINIMUM_TRAINING = timedelta(days=180)

Moment = datetime | str
Duration = timedelta | str
# An anomaly or a label: one moment, or a (start, end) range with both ends included.
Span = Moment | tuple[Moment, Moment]


# The keywords of ``dataset`` that ``trained_model`` passes on when it builds the dataset.
DATASET_OPTIONS = frozenset(
    (
        "days",
        "frequency",
        "start",
        "component",
        "sensors",
        "anomalies",
        "anomalous_sensors",
        "labels",
        "bucket",
    )
)


class FactoryError(RuntimeError):
    """The service did not end where the factory needed it (a failed ingestion or training)."""


def utc(moment: Moment) -> datetime:
    """``moment`` (a datetime or ISO-8601 text) as an aware UTC datetime; naive means UTC."""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def duration(length: Duration) -> timedelta:
    """``length`` as a timedelta: a timedelta, or ISO-8601 text such as ``PT5M`` or ``PT1H``."""
    return length if isinstance(length, timedelta) else parse_duration(length)


def span(item: Span) -> tuple[datetime, datetime]:
    if isinstance(item, tuple):
        start, end = utc(item[0]), utc(item[1])
        if end < start:
            raise ValueError(f"the range {item} ends before it starts")
        return start, end
    moment = utc(item)
    return moment, moment


def typical(sensor_index: int) -> float:
    """What sensor ``sensor_index`` (0 for the first) reads on average."""
    return 10.0 * (sensor_index + 1) + 0.5


def wobble(moment: datetime, sensor_index: int) -> float:
    """A value in [-0.5, 0.5) that looks random but depends only on its arguments."""
    mixed = (int(moment.timestamp()) * 0x9E3779B97F4A7C15 + sensor_index * 0xBF58476D1CE4E5B9) & (
        2**64 - 1
    )
    mixed ^= mixed >> 31
    mixed = (mixed * 0x94D049BB133111EB) & (2**64 - 1)
    mixed ^= mixed >> 29
    return (mixed % 1000) / 1000 - 0.5


@dataclass(frozen=True)
class SensorData:
    """What a component's sensors read: their names, and the ranges where some are anomalous."""

    component: str
    sensors: tuple[str, ...]
    anomalies: tuple[tuple[datetime, datetime], ...] = ()
    anomalous_sensors: tuple[str, ...] = ()

    def typical(self) -> dict[str, float]:
        """The average reading of each sensor."""
        return {name: typical(index) for index, name in enumerate(self.sensors)}

    def row(self, moment: datetime) -> list[str]:
        anomalous = any(start <= moment <= end for start, end in self.anomalies)
        cells = [moment.strftime(CSV_TIMESTAMP)]
        for index, name in enumerate(self.sensors):
            value = typical(index) + wobble(moment, index)
            if anomalous and name in self.anomalous_sensors:
                value += ANOMALY_SHIFT
            cells.append(f"{value:.3f}")
        return cells

    def csv(self, moments: Iterable[datetime]) -> bytes:
        out = io.StringIO()
        out.write(",".join(("Timestamp", *self.sensors)) + "\n")
        for moment in moments:
            out.write(",".join(self.row(moment)) + "\n")
        return out.getvalue().encode()

    def with_anomalies(self, anomalies: Iterable[Span]) -> SensorData:
        return SensorData(
            self.component,
            self.sensors,
            tuple(span(item) for item in anomalies),
            self.anomalous_sensors,
        )


def every(start: datetime, end: datetime, step: timedelta) -> Iterator[datetime]:
    """``start``, ``start + step``, ... up to ``end`` included."""
    moment = start
    while moment <= end:
        yield moment
        moment += step


@dataclass(frozen=True)
class GeneratedDataset:
    """A dataset the factory filled: its data lies in ``s3://bucket/prefix``."""

    name: str
    arn: str
    data: SensorData
    start: datetime
    end: datetime
    frequency: timedelta
    bucket: str
    prefix: str
    ingestion_job_id: str
    label_group: str | None

    @property
    def component(self) -> str:
        return self.data.component

    @property
    def sensors(self) -> tuple[str, ...]:
        return self.data.sensors

    @property
    def anomalies(self) -> tuple[tuple[datetime, datetime], ...]:
        return self.data.anomalies

    def typical(self) -> dict[str, float]:
        return self.data.typical()


@dataclass(frozen=True)
class GeneratedModel:
    """A model the factory trained, with the dataset it was trained on."""

    name: str
    arn: str
    dataset: GeneratedDataset
    description: dict[str, Any]

    @property
    def version_arn(self) -> str:
        return str(self.description["ActiveModelVersionArn"])


class LookoutEquipmentFactory:
    """Builds datasets, trained models and inference input through the public API.

    Without clients it makes its own in ``region_name`` (under ``mock_aws``, or against
    ``endpoint_url`` with ``client_options`` such as credentials); or pass ``lookout`` and
    ``s3`` clients. Waiting polls the Describe call, so moto's ``manual`` and ``time``
    progressions work too; ``timeout`` bounds it.
    """

    def __init__(
        self,
        lookout: Any = None,
        s3: Any = None,
        *,
        region_name: str = DEFAULT_REGION,
        endpoint_url: str | None = None,
        role_arn: str = DEFAULT_ROLE_ARN,
        timeout: float = 60.0,
        poll_interval: float = 0.05,
        **client_options: Any,
    ) -> None:
        options = {"region_name": region_name, "endpoint_url": endpoint_url, **client_options}
        self.lookout = (
            lookout if lookout is not None else boto3.client("lookoutequipment", **options)
        )
        self.s3 = s3 if s3 is not None else boto3.client("s3", **options)
        self.role_arn = role_arn
        self.timeout = timeout
        self.poll_interval = poll_interval

    # S3

    def ensure_bucket(self, bucket: str) -> None:
        if bucket not in {item["Name"] for item in self.s3.list_buckets().get("Buckets", [])}:
            self.s3.create_bucket(Bucket=bucket)

    # Datasets

    def dataset(
        self,
        name: str = "pump-data",
        *,
        days: float = 240,
        frequency: Duration = "PT1H",
        start: Moment = DEFAULT_START,
        component: str = "pump",
        sensors: Sequence[str] = ("Sensor0", "Sensor1"),
        anomalies: Iterable[Span] = (),
        anomalous_sensors: Sequence[str] | None = None,
        labels: bool | Iterable[Span] = False,
        bucket: str = "sensor-data",
    ) -> GeneratedDataset:
        """A dataset ``name`` holding ``days`` of readings, one every ``frequency`` from
        ``start``, ingested from ``s3://bucket/name/component/component.csv``.

        At each of ``anomalies`` (a moment, or a ``(start, end)`` range) the
        ``anomalous_sensors`` (by default the first sensor) read ``ANOMALY_SHIFT`` higher.
        ``labels=True`` labels each anomaly in a label group ``<name>-labels``; a list of
        moments or ranges labels those instead.
        """
        step = duration(frequency)
        first = utc(start)
        last = first + timedelta(days=days)
        data = SensorData(
            component,
            tuple(sensors),
            anomalous_sensors=tuple(anomalous_sensors or sensors[:1]),
        ).with_anomalies(anomalies)
        prefix = f"{name}/"
        self.ensure_bucket(bucket)
        self.s3.put_object(
            Bucket=bucket,
            Key=f"{prefix}{component}/{component}.csv",
            Body=data.csv(every(first, last, step)),
        )
        schema = {
            "Components": [
                {
                    "ComponentName": component,
                    "Columns": [{"Name": "Timestamp", "Type": "DATETIME"}]
                    + [{"Name": sensor, "Type": "DOUBLE"} for sensor in data.sensors],
                }
            ]
        }
        arn = self.lookout.create_dataset(
            DatasetName=name, DatasetSchema={"InlineDataSchema": json.dumps(schema)}
        )["DatasetArn"]
        job_id = self.ingest(name, bucket, prefix)
        label_group = None
        if labels is not False:
            spans = data.anomalies if labels is True else tuple(span(item) for item in labels)
            label_group = self.label_group(f"{name}-labels", spans, step)
        return GeneratedDataset(
            name, arn, data, first, last, step, bucket, prefix, job_id, label_group
        )

    def ingest(self, dataset: str, bucket: str, prefix: str) -> str:
        """Ingest ``s3://bucket/prefix`` into ``dataset`` and wait for it; returns the job id."""
        job_id = str(
            self.lookout.start_data_ingestion_job(
                DatasetName=dataset,
                IngestionInputConfiguration={
                    "S3InputConfiguration": {"Bucket": bucket, "Prefix": prefix}
                },
                RoleArn=self.role_arn,
            )["JobId"]
        )
        self.wait(
            f"the ingestion of {dataset}",
            lambda: self.lookout.describe_data_ingestion_job(JobId=job_id),
        )
        self.wait(
            f"the dataset {dataset}",
            lambda: self.lookout.describe_dataset(DatasetName=dataset),
            done=("ACTIVE",),
        )
        return job_id

    def label_group(
        self, name: str, spans: Iterable[tuple[datetime, datetime]], step: timedelta
    ) -> str:
        """A label group ``name`` with an ``ANOMALY`` label over each span (one ``step`` at
        least); returns its name."""
        self.lookout.create_label_group(LabelGroupName=name)
        for start, end in spans:
            self.lookout.create_label(
                LabelGroupName=name,
                StartTime=start,
                EndTime=max(end, start + step),
                Rating="ANOMALY",
            )
        return name

    # Models

    def trained_model(
        self,
        name: str = "pump-model",
        dataset: GeneratedDataset | None = None,
        *,
        training_days: float = 180,
        **create_model: Any,
    ) -> GeneratedModel:
        """A model ``name`` trained on ``dataset`` (by default a new dataset ``<name>-data``
        built with the ``dataset`` options that ``create_model`` holds, such as ``days`` or
        ``anomalies``), waited for until it is ``SUCCESS``.

        The first ``training_days`` of the data train it and the rest evaluates it; the
        dataset's label group labels it. Other keywords go to ``CreateModel`` as they are.
        """
        if dataset is None:
            options = {key: create_model.pop(key) for key in DATASET_OPTIONS & set(create_model)}
            dataset = self.dataset(f"{name}-data", **options)
        request: dict[str, Any] = {"ModelName": name, "DatasetName": dataset.name}
        training_end = dataset.start + timedelta(days=training_days)
        if dataset.end > training_end and timedelta(days=training_days) >= MINIMUM_TRAINING:
            request.update(
                TrainingDataStartTime=dataset.start,
                TrainingDataEndTime=training_end,
                EvaluationDataStartTime=training_end,
                EvaluationDataEndTime=dataset.end,
            )
        if dataset.label_group is not None:
            request["LabelsInputConfiguration"] = {"LabelGroupName": dataset.label_group}
        request.update(create_model)
        arn = str(self.lookout.create_model(**request)["ModelArn"])
        description = self.wait(
            f"the training of {name}", lambda: self.lookout.describe_model(ModelName=name)
        )
        return GeneratedModel(name, arn, dataset, description)

    # Inference

    def inference_input(
        self,
        source: GeneratedModel | GeneratedDataset,
        *,
        bucket: str,
        start: Moment,
        end: Moment,
        prefix: str = "",
        upload_frequency: Duration = "PT5M",
        frequency: Duration = "PT1M",
        anomalies: Iterable[Span] = (),
        delimiter: str = "-",
    ) -> list[str]:
        """One input file per window of ``upload_frequency`` from ``start`` to ``end``, as an
        inference scheduler with that frequency reads them: ``<prefix><component><delimiter>
        <window start as yyyyMMddHHmmss>.csv``, with a reading every ``frequency`` in the
        window ``(start, end]``. ``anomalies`` are injected as in ``dataset``; returns the
        keys written."""
        dataset = source.dataset if isinstance(source, GeneratedModel) else source
        data = dataset.data.with_anomalies(anomalies)
        window, step = duration(upload_frequency), duration(frequency)
        keys = []
        window_start, last = utc(start), utc(end)
        self.ensure_bucket(bucket)
        while window_start < last:
            key = f"{prefix}{data.component}{delimiter}{window_start.strftime(FILE_TIMESTAMP)}.csv"
            moments = every(window_start + step, window_start + window, step)
            self.s3.put_object(Bucket=bucket, Key=key, Body=data.csv(moments))
            keys.append(key)
            window_start += window
        return keys

    # Waiting

    def wait(
        self,
        what: str,
        describe: Callable[[], dict[str, Any]],
        done: Sequence[str] = ("SUCCESS",),
        failed: Sequence[str] = ("FAILED", "CANCELED", "IMPORT_FAILED"),
    ) -> dict[str, Any]:
        """Describe until the status is one of ``done``; a ``failed`` status, or none of them
        within ``timeout`` seconds, is a ``FactoryError``."""
        # Counted polls, not a clock: freezegun may hold time.monotonic still.
        polls = max(1, int(self.timeout / self.poll_interval))
        for poll in range(polls):
            description = describe()
            status = description.get("Status")
            if status in done:
                return description
            if status in failed:
                reason = description.get("FailedReason", "no reason given")
                raise FactoryError(f"{what} ended {status}: {reason}")
            if poll + 1 < polls:
                time.sleep(self.poll_interval)
        raise FactoryError(f"{what} was still {status} after {self.timeout} s")

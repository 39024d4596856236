"""Sensor data for model tests: a pump with two sensors, one row every six hours.

The values repeat a fixed, spread-out pattern between 10 and 11 (Sensor0) and 50 and 52
(Sensor1), so no row is anomalous unless a test puts a spike in it.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from ingestion_helpers import put_sensor_csv, stamp, start_ingestion
from mode import SERVER_MODE, server_endpoint, set_transition, unset_transition

from moto_lookoutequipment.data.sensor_data import ComponentData, DatasetData, utc_moment
from moto_lookoutequipment.models import LookoutEquipmentBackend

START = datetime(2023, 1, 1, tzinfo=timezone.utc)
STEP = timedelta(hours=6)
DAYS = 240
COMPONENT = "pump"
SENSORS = ["Sensor0", "Sensor1"]
SCHEMA = {
    "Components": [
        {
            "ComponentName": COMPONENT,
            "Columns": [
                {"Name": "Timestamp", "Type": "DATETIME"},
                {"Name": "Sensor0", "Type": "DOUBLE"},
                {"Name": "Sensor1", "Type": "DOUBLE"},
            ],
        }
    ]
}


SensorRows = dict[datetime, dict[tuple[str, str], float]]


def data_of(rows: SensorRows) -> DatasetData:
    """Rows by time, their values by ``(component, sensor)``, as sensor data: a component holds
    a row at each time a row names one of its sensors, ``nan`` for the sensors it leaves out."""
    by_component: dict[str, dict[float, dict[str, float]]] = {}
    for moment, values in rows.items():
        for (component, sensor), value in values.items():
            by_component.setdefault(component, {}).setdefault(moment.timestamp(), {})[sensor] = (
                value
            )
    data = DatasetData()
    for name, by_stamp in by_component.items():
        sensors = sorted({sensor for values in by_stamp.values() for sensor in values})
        times = sorted(by_stamp)
        component = ComponentData(name, sensors, array("d", times))
        for sensor in sensors:
            component.values[sensor] = array(
                "d", [by_stamp[time].get(sensor, math.nan) for time in times]
            )
        data.components[name] = component
    return data


def rows_of(data: DatasetData | ComponentData | None) -> SensorRows:
    """Sensor data (or one component's rows) as rows by time, ascending."""
    if data is None:
        return {}
    components = [data] if isinstance(data, ComponentData) else list(data.components.values())
    rows: SensorRows = {}
    for component in components:
        for index, seconds in enumerate(component.timestamps):
            row = rows.setdefault(utc_moment(seconds), {})
            for sensor in component.sensors:
                row[(component.name, sensor)] = component.values[sensor][index]
    return dict(sorted(rows.items()))


def day(number: int, hour: int = 0) -> datetime:
    """Midnight (or ``hour``) of day ``number`` of the data, counted from 0."""
    return START + timedelta(days=number, hours=hour)


def normal_value(index: int, sensor: str) -> float:
    wobble = ((index * 7919) % 100) / 100
    return 10 + wobble if sensor == "Sensor0" else 50 + 2 * wobble


def pump_data(
    days: int = DAYS,
    spikes: Iterable[datetime] = (),
    missing: Iterable[datetime] = (),
    off: Iterable[datetime] = (),
) -> DatasetData:
    """``days`` of data; Sensor0 reads 100 at each ``spikes`` time, nothing at each ``missing``
    time, and 0 at each ``off`` time."""
    spike_stamps = {moment.timestamp() for moment in spikes}
    missing_stamps = {moment.timestamp() for moment in missing}
    off_stamps = {moment.timestamp() for moment in off}
    component = ComponentData(COMPONENT, list(SENSORS))
    component.values = {sensor: array("d") for sensor in SENSORS}
    count = int(timedelta(days=days) / STEP) + 1
    for index in range(count):
        stamp = (START + index * STEP).timestamp()
        component.timestamps.append(stamp)
        for sensor in SENSORS:
            value = normal_value(index, sensor)
            if sensor == "Sensor0":
                if stamp in spike_stamps:
                    value = 100.0
                elif stamp in missing_stamps:
                    value = math.nan
                elif stamp in off_stamps:
                    value = 0.0
            component.values[sensor].append(value)
    return DatasetData({COMPONENT: component})


# Setting up models through the API

ACCOUNT_ID = "123456789012"
OTHER_ACCOUNT_ID = "222222222222"
REGION = "us-east-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/lookout"
DATASET = "pump-data"
MODEL = "pump-model"
WINDOWS = {
    "TrainingDataStartTime": day(0),
    "TrainingDataEndTime": day(200),
    "EvaluationDataStartTime": day(200),
    "EvaluationDataEndTime": day(240),
}
# Sensor0 spikes twice on day 220 of the evaluation window.
SPIKES = (day(220, 6), day(220, 12))


def backend_of(account_id: str = ACCOUNT_ID) -> LookoutEquipmentBackend:
    return LookoutEquipmentBackend.of(account_id, REGION)


def dataset_with_data(
    client: Any,
    name: str = DATASET,
    data: DatasetData | None = None,
    account_id: str = ACCOUNT_ID,
) -> str:
    """A dataset holding ``data`` (by default the pump data with ``SPIKES``), as after a
    successful ingestion; returns its ARN.

    In-process the data is stored straight into the backend; in server mode it is ingested from
    CSV files in S3 (``client`` must act as ``account_id``)."""
    arn: str = client.create_dataset(
        DatasetName=name, DatasetSchema={"InlineDataSchema": json.dumps(SCHEMA)}
    )["DatasetArn"]
    data = data if data is not None else pump_data(spikes=SPIKES)
    if SERVER_MODE:
        _ingest_from_s3(client, name, data, account_id)
    else:
        backend_of(account_id).datasets.get(name).store_results(None, data, SCHEMA, {})
    return arn


HELPER_BUCKET = "model-helpers-data"


def _ingest_from_s3(client: Any, name: str, data: DatasetData, account_id: str) -> None:
    if account_id == ACCOUNT_ID:
        s3 = boto3.client("s3", region_name=REGION)
    else:
        s3 = session_in(account_id).client("s3")
    for component in data.components.values():
        rows = [
            [stamp(utc_moment(moment))] + [None if math.isnan(value) else value for value in values]
            for moment, *values in zip(
                component.timestamps, *(component.values[s] for s in component.sensors), strict=True
            )
        ]
        key = f"{name}/{component.name}/{component.name}.csv"
        put_sensor_csv(s3, HELPER_BUCKET, key, rows, ("Timestamp", *component.sensors))
    job_id = start_ingestion(client, name, prefix=f"{name}/", bucket=HELPER_BUCKET)
    status = client.describe_data_ingestion_job(JobId=job_id)["Status"]
    assert status == "SUCCESS", f"the ingestion of {name} ended {status}"


def train_model(client: Any, name: str = MODEL, dataset: str = DATASET, **extra: Any) -> str:
    """Train a model on the standard windows; returns its ARN."""
    arn: str = client.create_model(ModelName=name, DatasetName=dataset, **{**WINDOWS, **extra})[
        "ModelArn"
    ]
    return arn


def error(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    """The code and message of a service error."""
    details = info.value.response["Error"]
    return details["Code"], details["Message"]


INVALID_NEXT_TOKEN = (
    "The NextToken is not valid for this request; pass the token returned by the previous call "
    "with the same parameters."
)


def pages_of(
    call: Callable[..., Any],
    member: str,
    name: str,
    between: Callable[[list[Any]], object] = lambda names: None,
    **params: Any,
) -> list[list[Any]]:
    """The ``name`` of each item of ``member`` on every page of a List call, following
    ``NextToken`` to the end; ``between(names)`` runs after each page that has a next one."""
    pages = []
    while True:
        response = call(**params)
        pages.append([item[name] for item in response[member]])
        if "NextToken" not in response:
            return pages
        between(pages[-1])
        params["NextToken"] = response["NextToken"]


def pages_deleting_each(
    call: Callable[..., Any],
    member: str,
    name: str,
    delete: Callable[[Any], object],
    **params: Any,
) -> list[list[Any]]:
    """``pages_of`` a List call, calling ``delete(name)`` for every item of a page before asking
    for the next one."""

    def delete_page(names: list[Any]) -> None:
        for item in names:
            delete(item)

    return pages_of(call, member, name, delete_page, **params)


def check_pages_while_deleting_each(
    call: Callable[..., Any], member: str, name: str, delete: Callable[[Any], object], **params: Any
) -> None:
    """The pages of ``names`` (``params["names"]``) come in full and in order, ``MaxResults`` at
    a time, when every page is deleted before the next is asked for."""
    names, size = params.pop("names"), params["MaxResults"]
    pages = pages_deleting_each(call, member, name, delete, **params)
    assert pages == [names[start : start + size] for start in range(0, len(names), size)]


def import_denied(account_id: str, source_arn: str) -> tuple[str, str]:
    """The error of an ImportModelVersion by ``account_id`` that no resource policy allows."""
    return (
        "AccessDeniedException",
        f"Account {account_id} is not allowed to import model version '{source_arn}': no "
        "resource policy on the model version or its model allows "
        "lookoutequipment:ImportModelVersion for this request.",
    )


def error_raised_by(call: Any, **params: Any) -> tuple[str, str]:
    """The code and message of the service error that ``call(**params)`` must raise."""
    with pytest.raises(ClientError) as info:
        call(**params)
    return error(info)


@contextmanager
def held(*resources: str) -> Iterator[None]:
    """Hold the statuses of ``resources`` (``model``, ``modelversion``) in their transitional
    value until the block ends."""
    for resource in resources:
        set_transition(f"lookoutequipment::{resource}", {"progression": "manual", "times": 10**6})
    try:
        yield
    finally:
        for resource in resources:
            unset_transition(f"lookoutequipment::{resource}")


@contextmanager
def stepped(**observations: int) -> Iterator[None]:
    """Move each named status machine (``model=3``, ``modelversion=2``) one step every that many
    observations until the block ends."""
    for resource, times in observations.items():
        set_transition(f"lookoutequipment::{resource}", {"progression": "manual", "times": times})
    try:
        yield
    finally:
        for resource in observations:
            unset_transition(f"lookoutequipment::{resource}")


class ServerModeSession(boto3.Session):
    """A session whose clients go to moto's server unless told otherwise, as ``boto3.client``
    does in server mode."""

    def client(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = server_endpoint()
        return super().client(*args, **kwargs)


def session_in(account_id: str, endpoint_url: str | None = None) -> boto3.Session:
    """A boto3 session acting as ``account_id``, with credentials from moto's STS AssumeRole."""
    # In server mode moto points ``boto3.client`` at the server unless an endpoint is named.
    endpoint = {} if endpoint_url is None else {"endpoint_url": endpoint_url}
    sts = boto3.client("sts", region_name=REGION, **endpoint)
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/importer", RoleSessionName="import"
    )["Credentials"]
    return (ServerModeSession if SERVER_MODE else boto3.Session)(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    )


def import_policy(
    principal: Any,
    resource: str,
    effect: str = "Allow",
    condition: dict[str, Any] | None = None,
) -> str:
    """A resource policy with one statement about ``lookoutequipment:ImportModelVersion``."""
    statement: dict[str, Any] = {
        "Effect": effect,
        "Principal": {"AWS": principal},
        "Action": "lookoutequipment:ImportModelVersion",
        "Resource": resource,
    }
    if condition is not None:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


# Imports

TARGET_DATASET = "imported-data"


def trained_version(client: Any) -> str:
    """Train the standard model on the standard dataset and wait for it; returns the ARN of
    its version 1, ready to be imported."""
    dataset_with_data(client)
    arn = train_model(client)
    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"
    return f"{arn}/model-version/1"


def other_account_client(endpoint_url: str | None = None) -> Any:
    """A client acting as ``OTHER_ACCOUNT_ID``, which has an empty dataset ``TARGET_DATASET``
    with the pump schema to attach imports to."""
    other = session_in(OTHER_ACCOUNT_ID, endpoint_url).client(
        "lookoutequipment", endpoint_url=endpoint_url
    )
    other.create_dataset(
        DatasetName=TARGET_DATASET, DatasetSchema={"InlineDataSchema": json.dumps(SCHEMA)}
    )
    return other


@pytest.fixture
def source_arn(client: Any) -> str:
    """Version 1 of a trained model in the default account."""
    return trained_version(client)


@pytest.fixture
def target(aws: None) -> Any:
    """A client acting as the other account, which has a dataset to attach imports to."""
    return other_account_client()

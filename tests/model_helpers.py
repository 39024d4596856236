"""Sensor data for model tests: a pump with two sensors, one row every six hours.

The values repeat a fixed, spread-out pattern between 10 and 11 (Sensor0) and 50 and 52
(Sensor1), so no row is anomalous unless a test puts a spike in it.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from moto_lookoutequipment.data.sensor_data import ComponentData, DatasetData

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

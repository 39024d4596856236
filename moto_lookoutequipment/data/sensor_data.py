"""The in-memory form of ingested sensor data, shared by ingestion, training and inference."""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone


def utc_moment(seconds: float) -> datetime:
    """The UTC time of epoch seconds, the form in which sensor data holds its timestamps."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def utc_text(moment: datetime, microseconds: bool = False) -> str:
    """``2021-03-11T22:25:00`` (with ``microseconds``: ``2021-03-11T22:25:00.000000``), the UTC
    time of ``moment`` as ``strftime`` writes it, in half its time: a catch-up writes this for
    every run and every row."""
    if moment.tzinfo is not timezone.utc:
        moment = moment.astimezone(timezone.utc)
    if moment.year < 1000:
        # strftime writes such a year without leading zeros.
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f" if microseconds else "%Y-%m-%dT%H:%M:%S")
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    if microseconds:
        return "%04d-%02d-%02dT%02d:%02d:%02d.%06d" % (*fields, moment.microsecond)  # noqa: UP031
    return "%04d-%02d-%02dT%02d:%02d:%02d" % fields  # noqa: UP031


@dataclass
class ComponentData:
    """One component's rows: timestamps (epoch seconds, UTC) ascending and unique, and one
    column of values per sensor, aligned with the timestamps; ``nan`` marks a missing or
    invalid value."""

    name: str
    sensors: list[str]
    timestamps: array[float] = field(default_factory=lambda: array("d"))
    values: dict[str, array[float]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.timestamps)


@dataclass
class DatasetData:
    """The data of a dataset after a successful ingestion, by component name."""

    components: dict[str, ComponentData] = field(default_factory=dict)

    @property
    def start(self) -> datetime | None:
        stamps = [c.timestamps[0] for c in self.components.values() if len(c)]
        return utc_moment(min(stamps)) if stamps else None

    @property
    def end(self) -> datetime | None:
        stamps = [c.timestamps[-1] for c in self.components.values() if len(c)]
        return utc_moment(max(stamps)) if stamps else None


def add_rows(data: DatasetData, rows: Mapping[datetime, Mapping[tuple[str, str], float]]) -> None:
    """Add rows (by UTC time, values by ``(component, sensor)``) to ``data``; a row at a time
    ``data`` already holds replaces that row's values for the sensors it names."""
    if _appended(data, rows):
        return
    by_component: dict[str, dict[float, dict[str, float]]] = {}
    for moment, values in rows.items():
        stamp = moment.timestamp()
        for (name, sensor), value in values.items():
            by_component.setdefault(name, {}).setdefault(stamp, {})[sensor] = value
    for name, new in by_component.items():
        component = data.components.setdefault(name, ComponentData(name, []))
        for sensor in sorted({sensor for values in new.values() for sensor in values}):
            if sensor not in component.values:
                component.sensors.append(sensor)
                component.values[sensor] = array("d", [math.nan] * len(component))
        stamps = sorted(new)
        if len(component) and stamps[0] <= component.timestamps[-1]:
            merged = {
                stamp: {sensor: component.values[sensor][index] for sensor in component.sensors}
                for index, stamp in enumerate(component.timestamps)
            }
            for stamp in stamps:
                merged.setdefault(stamp, {}).update(new[stamp])
            component.timestamps = array("d")
            component.values = {sensor: array("d") for sensor in component.sensors}
            new, stamps = merged, sorted(merged)
        for stamp in stamps:
            component.timestamps.append(stamp)
            row = new[stamp]
            for sensor in component.sensors:
                component.values[sensor].append(row.get(sensor, math.nan))


def _appended(data: DatasetData, rows: Mapping[datetime, Mapping[tuple[str, str], float]]) -> bool:
    """Append rows of one component that ``data`` holds, with none of its sensors new to it, in
    time order after all of its rows: each inference window's rows come so. Whether they were;
    other rows are left to the general case."""
    if not rows:
        return True
    keys = next(iter(rows.values())).keys()
    names = {name for name, _ in keys}
    if len(names) != 1:
        return False
    component = data.components.get(names.pop())
    if component is None or any(sensor not in component.values for _, sensor in keys):
        return False
    stamps = [moment.timestamp() for moment in rows]
    if stamps != sorted(stamps) or (len(component) and stamps[0] <= component.timestamps[-1]):
        return False
    if any(values.keys() != keys for values in rows.values()):
        return False
    component.timestamps.extend(stamps)
    for sensor in component.sensors:
        key = (component.name, sensor)
        component.values[sensor].extend([values.get(key, math.nan) for values in rows.values()])
    return True


def outside_span(data: DatasetData, extra: DatasetData, window: tuple[float, float]) -> DatasetData:
    """``data`` with the rows of ``extra`` that fall inside ``window`` (epoch seconds, bounds
    included) but outside the time span of ``data``: where both hold rows, ``data`` wins. ``data``
    itself when ``extra`` adds nothing."""
    first = min((c.timestamps[0] for c in data.components.values() if len(c)), default=math.inf)
    last = max((c.timestamps[-1] for c in data.components.values() if len(c)), default=-math.inf)
    low, high = window
    added: dict[str, list[int]] = {}
    for name, component in extra.components.items():
        start = bisect_left(component.timestamps, low)
        end = bisect_right(component.timestamps, high)
        kept = [i for i in range(start, end) if not first <= component.timestamps[i] <= last]
        if kept:
            added[name] = kept
    if not added:
        return data
    combined = DatasetData(dict(data.components))
    for name, kept in added.items():
        source = extra.components[name]
        base = data.components.get(name) or ComponentData(name, list(source.sensors))
        # Every kept row lies before or after all of the dataset's rows.
        before = [index for index in kept if source.timestamps[index] < first]
        after = [index for index in kept if source.timestamps[index] > last]
        merged = ComponentData(name, list(base.sensors))
        merged.timestamps = array("d", [source.timestamps[i] for i in before])
        merged.timestamps.extend(base.timestamps)
        merged.timestamps.extend(source.timestamps[i] for i in after)
        for sensor in base.sensors:
            extra_column = source.values.get(sensor)
            own = base.values.get(sensor, array("d", [math.nan] * len(base)))
            column = array("d", _picked(extra_column, before))
            column.extend(own)
            column.extend(_picked(extra_column, after))
            merged.values[sensor] = column
        combined.components[name] = merged
    return combined


def _picked(column: array[float] | None, indexes: list[int]) -> list[float]:
    if column is None:
        return [math.nan] * len(indexes)
    return [column[index] for index in indexes]


def drop_before(data: DatasetData, stamp: float) -> None:
    """Forget the rows of ``data`` older than ``stamp`` (epoch seconds)."""
    for component in data.components.values():
        cut = bisect_left(component.timestamps, stamp)
        if cut:
            del component.timestamps[:cut]
            for column in component.values.values():
                del column[:cut]


def copy_data(data: DatasetData) -> DatasetData:
    """An independent copy of ``data``."""
    copied = DatasetData()
    for name, component in data.components.items():
        twin = ComponentData(name, list(component.sensors), array("d", component.timestamps))
        twin.values = {sensor: array("d", column) for sensor, column in component.values.items()}
        copied.components[name] = twin
    return copied

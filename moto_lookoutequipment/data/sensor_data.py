"""The in-memory form of ingested sensor data, shared by ingestion, training and inference."""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

# The day number (proleptic Gregorian ordinal) of 1970-01-01, from which epoch days count.
EPOCH_DAY = date(1970, 1, 1).toordinal()


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

    def within(self, start: float, end: float) -> ComponentData | None:
        """The rows with ``start < timestamp <= end``: these rows themselves when all are, else
        a copy; ``None`` when none is (most files that an inference window accepts hold a
        neighbour's rows only)."""
        stamps = self.timestamps
        if not stamps or stamps[-1] <= start or stamps[0] > end:
            return None
        first = bisect_right(stamps, start)
        last = bisect_right(stamps, end)
        if first == last:
            return None
        if first == 0 and last == len(stamps):
            return self
        part = ComponentData(self.name, list(self.sensors), stamps[first:last])
        part.values = {sensor: column[first:last] for sensor, column in self.values.items()}
        return part


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


def add_data(data: DatasetData, new: DatasetData) -> None:
    """Add the rows of ``new`` to ``data``; a row at a time ``data`` already holds replaces that
    row's values for the sensors ``new`` holds."""
    for rows in new.components.values():
        add_rows(data, rows)


def add_rows(data: DatasetData, rows: ComponentData) -> None:
    """Add one component's rows to ``data``, as ``add_data`` does. Rows after all that the
    component holds (each inference window's) are appended."""
    if not len(rows):
        return
    component = data.components.get(rows.name)
    if component is None:
        component = data.components[rows.name] = ComponentData(rows.name, [])
    for sensor in sorted(rows.values.keys() - component.values.keys()):
        component.sensors.append(sensor)
        component.values[sensor] = array("d", [math.nan] * len(component))
    if len(component) and rows.timestamps[0] <= component.timestamps[-1]:
        _merge(component, rows)
        return
    missing = array("d", [math.nan]) * len(rows)
    component.timestamps.extend(rows.timestamps)
    for sensor in component.sensors:
        component.values[sensor].extend(rows.values.get(sensor, missing))


def _merge(component: ComponentData, rows: ComponentData) -> None:
    merged = {
        stamp: {sensor: component.values[sensor][index] for sensor in component.sensors}
        for index, stamp in enumerate(component.timestamps)
    }
    for index, stamp in enumerate(rows.timestamps):
        merged.setdefault(stamp, {}).update(
            {sensor: column[index] for sensor, column in rows.values.items()}
        )
    stamps = sorted(merged)
    component.timestamps = array("d", stamps)
    component.values = {
        sensor: array("d", [merged[stamp].get(sensor, math.nan) for stamp in stamps])
        for sensor in component.sensors
    }


def aligned_columns(
    data: DatasetData, keys: Sequence[tuple[str, str]]
) -> tuple[Sequence[float], list[Sequence[float]]]:
    """Every time at which a component of ``data`` holds a row, ascending, and the column of
    each ``(component, sensor)`` of ``keys`` at those times (``nan`` where it holds none)."""
    stamps = row_times(data)
    missing = [math.nan] * len(stamps)
    positions: dict[str, dict[float, int]] = {}
    columns: list[Sequence[float]] = []
    for name, sensor in keys:
        component = data.components.get(name)
        column = None if component is None else component.values.get(sensor)
        if component is None or column is None:
            columns.append(missing)
        elif len(component) == len(stamps):
            # The component holds a row at every time.
            columns.append(column)
        else:
            position = positions.get(name)
            if position is None:
                position = positions[name] = {
                    stamp: index for index, stamp in enumerate(component.timestamps)
                }
            columns.append(
                [column[position[stamp]] if stamp in position else math.nan for stamp in stamps]
            )
    return stamps, columns


def row_times(data: DatasetData) -> Sequence[float]:
    """Every time at which a component of ``data`` holds a row, ascending: the times of its one
    component that holds rows, if only one does."""
    components = [component for component in data.components.values() if len(component)]
    if len(components) == 1:
        return components[0].timestamps
    return sorted(set().union(*(component.timestamps for component in components)))


def row_count(data: DatasetData) -> int:
    """How many distinct times the components of ``data`` hold rows at."""
    return len(row_times(data))


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

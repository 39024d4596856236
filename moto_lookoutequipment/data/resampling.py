"""Resampling sensor data to a model's ``TargetSamplingRate`` before training and inference.

The rate splits time into buckets aligned to UTC: the bucket ``(t - rate, t]`` for every ``t``
that is a whole number of rates after 1970-01-01T00:00:00Z. A bucket's row carries the time
``t``, its end: the service's data windows are closed on the right too (an execution reads
``(start, end]``), so a window whose length is a multiple of the rate holds whole buckets, each
timestamped inside it. Its value for a sensor is the mean of the sensor's values in the bucket
(missing, ``nan``, when it has none); a bucket without any row gives no row.

Training and evaluation use the buckets whose time lies in their window. An inference execution
scores the buckets that end in its window, from the window's rows: with a frequency that is not a
multiple of the rate (``PT15M`` with ``PT10M``), a bucket that begins in one window and ends in
the next is scored by the next from its own rows only.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache

from .inference_windows import EPOCH, Window, parse_duration
from .sensor_data import ComponentData, DatasetData, utc_moment

_ZERO = timedelta(0)


def rate_of(preprocessing: Mapping[str, str] | None) -> str | None:
    """The ``TargetSamplingRate`` of a ``DataPreProcessingConfiguration``, if it has one."""
    return (preprocessing or {}).get("TargetSamplingRate")


def resampled_data(data: DatasetData, rate: str | None) -> DatasetData:
    """``data`` with each component resampled to ``rate``; ``data`` itself without a rate."""
    if rate is None:
        return data
    step = _step(rate).total_seconds()
    return DatasetData(
        {name: _resampled_component(component, step) for name, component in data.components.items()}
    )


def _resampled_component(component: ComponentData, step: float) -> ComponentData:
    stamps = component.timestamps
    buckets = [math.ceil(stamp / step) for stamp in stamps]
    firsts = [0]
    firsts.extend(index for index in range(1, len(buckets)) if buckets[index] != buckets[index - 1])
    if len(firsts) == len(stamps) and all(
        stamp == bucket * step for stamp, bucket in zip(stamps, buckets, strict=True)
    ):
        # Every row already stands alone at a bucket's time: resampling changes nothing.
        return component
    resampled = ComponentData(component.name, list(component.sensors))
    if not stamps:
        return resampled
    resampled.timestamps = array("d", [buckets[first] * step for first in firsts])
    ends = [*firsts[1:], len(stamps)]
    for sensor in component.sensors:
        column = component.values[sensor]
        resampled.values[sensor] = array(
            "d",
            [
                column[first] if end - first == 1 else mean(column[first:end])
                for first, end in zip(firsts, ends, strict=True)
            ],
        )
    return resampled


def resampled_rows(rows: DatasetData, rate: str | None, window: Window) -> DatasetData:
    """An inference window's rows resampled to ``rate``: the buckets that end in ``window``,
    each from its rows in the window. ``rows`` themselves without a rate."""
    if rate is None:
        return rows
    step = _step(rate)
    return DatasetData(
        {
            name: _window_buckets(component, step, window.end)
            for name, component in rows.components.items()
        }
    )


def _window_buckets(component: ComponentData, step: timedelta, last: datetime) -> ComponentData:
    """The component's buckets that end by ``last``, each from its rows (times are compared as
    datetimes, which hold them exactly)."""
    moments = [utc_moment(stamp) for stamp in component.timestamps]
    if all((moment - EPOCH) % step == _ZERO for moment in moments):
        # Every row already stands alone at a bucket's end, inside the window.
        return component
    gathered: dict[datetime, list[int]] = {}
    for index, moment in enumerate(moments):
        end = bucket_end(moment, step)
        if end <= last:
            gathered.setdefault(end, []).append(index)
    ends = sorted(gathered)
    resampled = ComponentData(component.name, list(component.sensors))
    resampled.timestamps = array("d", [end.timestamp() for end in ends])
    for sensor in component.sensors:
        column = component.values[sensor]
        resampled.values[sensor] = array(
            "d", [mean([column[index] for index in gathered[end]]) for end in ends]
        )
    return resampled


@cache
def _step(rate: str) -> timedelta:
    return parse_duration(rate)


def bucket_end(moment: datetime, step: timedelta) -> datetime:
    """The end of the bucket that holds ``moment``: the first multiple of ``step`` after the
    epoch that is not before it."""
    return EPOCH - ((EPOCH - moment) // step) * step


def mean(values: Sequence[float]) -> float:
    """The mean of the values that are not ``nan``; ``nan`` when there are none. A mean of
    values near the largest double is taken by parts, which cannot overflow."""
    present = [value for value in values if value == value]
    if not present:
        return math.nan
    count = len(present)
    try:
        average = math.fsum(present) / count
    except OverflowError:
        average = math.inf
    if math.isinf(average):
        return sum(value / count for value in present)
    return average


def rows_in(count: int, rate: str | None) -> str:
    """``N rows``, saying when they were counted after resampling."""
    return f"{count} rows" if rate is None else f"{count} rows (after resampling to {rate})"

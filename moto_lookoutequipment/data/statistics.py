"""Data-quality figures of an ingestion: per-sensor statistics and the dataset-wide summary.

The counts come from reading the files (``ComponentCounts``); the statistical flags are computed
from the ingested values, with these rules:

* categorical: at most ``CATEGORICAL_MAX_VALUES`` distinct values;
* monotonic: at least ``MONOTONIC_SHARE`` of the successive differences are positive
  (``INCREASING``) or negative (``DECREASING``), or all of them are zero (``STATIC``);
* large timestamp gap: two successive timestamps of the sensor at least a day apart;
* multiple operating modes: the histogram of the values (``HISTOGRAM_BINS`` equal bins between
  the smallest and the largest) has at least two separate groups of populated bins (bins holding
  more than ``POPULATED_BIN_SHARE`` of the values) that each hold at least ``MODE_SHARE`` of them;
  it is computed on at most ``MODE_SAMPLE`` evenly spaced values;
* short date range: the sensor's values span less than 14 days.

Percentages are of the rows read for the sensor's component, rounded to two decimals. The
optional members of a flag appear only when the flag says ``POTENTIAL_ISSUE_DETECTED``.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable
from itertools import compress, islice, repeat
from operator import eq, ge, gt, lt, mul, sub, truediv
from typing import Any

from .component_ingest import ComponentCounts, SensorCounts
from .sensor_data import ComponentData, utc_moment

CATEGORICAL_MAX_VALUES = 10
MONOTONIC_SHARE = 0.95
LARGE_GAP_SECONDS = 86400.0
SHORT_RANGE_SECONDS = 14 * 86400.0
HISTOGRAM_BINS = 20
POPULATED_BIN_SHARE = 0.01
MODE_SHARE = 0.10
MODE_SAMPLE = 20000

ISSUE = "POTENTIAL_ISSUE_DETECTED"
NO_ISSUE = "NO_ISSUE_DETECTED"
# Monotonicity is decided block by block, so that a sensor that is clearly not monotonic is
# settled after a few blocks.
_BLOCK = 8192

Statistics = dict[str, Any]


def _count_percent(count: int, rows: int) -> dict[str, Any]:
    return {"Count": count, "Percentage": round(100.0 * count / rows, 2) if rows else 0.0}


def component_statistics(component: ComponentData, counts: ComponentCounts) -> list[Statistics]:
    """One ``SensorStatisticsSummary`` per sensor of the component, in column order."""
    gaps_of_all_rows = _gaps(component.timestamps)
    summaries = []
    for sensor in component.sensors:
        sensor_counts = counts.sensors.get(sensor) or SensorCounts()
        column = component.values[sensor]
        if sensor_counts.missing or sensor_counts.invalid:
            present = list(map(eq, column, column))  # False where the value is nan
            stamps = array("d", compress(component.timestamps, present))
            values = array("d", compress(column, present))
            gaps = _gaps(stamps)
        else:
            stamps, values, gaps = component.timestamps, column, gaps_of_all_rows
        summary: Statistics = {
            "ComponentName": component.name,
            "SensorName": sensor,
            "DataExists": len(values) > 0,
            "MissingValues": _count_percent(sensor_counts.missing, counts.rows),
            "InvalidValues": _count_percent(sensor_counts.invalid, counts.rows),
            "InvalidDateEntries": _count_percent(counts.unsupported_timestamps, counts.rows),
            "DuplicateTimestamps": _count_percent(counts.duplicates, counts.rows),
            "CategoricalValues": _categorical(values),
            "MultipleOperatingModes": {"Status": ISSUE if _multimodal(values) else NO_ISSUE},
            "LargeTimestampGaps": gaps,
            "MonotonicValues": _monotonic(values),
        }
        if len(stamps):
            summary["DataStartTime"] = utc_moment(stamps[0])
            summary["DataEndTime"] = utc_moment(stamps[-1])
        summaries.append(summary)
    return summaries


def empty_statistics(component: str, sensors: Iterable[str]) -> list[Statistics]:
    """The statistics of sensors for which no file was ingested."""
    names = list(sensors)
    data = ComponentData(component, names, values={name: array("d") for name in names})
    return component_statistics(data, ComponentCounts())


def _categorical(values: array[float]) -> dict[str, Any]:
    seen: set[float] = set()
    for start in range(0, len(values), 4096):
        seen.update(values[start : start + 4096])
        if len(seen) > CATEGORICAL_MAX_VALUES:
            return {"Status": NO_ISSUE}
    if not seen:
        return {"Status": NO_ISSUE}
    return {"Status": ISSUE, "NumberOfCategory": len(seen)}


def _gaps(stamps: array[float]) -> dict[str, Any]:
    if len(stamps) < 2:
        return {"Status": NO_ISSUE}
    widest = max(map(sub, islice(stamps, 1, None), stamps))
    if widest < LARGE_GAP_SECONDS:
        return {"Status": NO_ISSUE}
    large = sum(map(ge, map(sub, islice(stamps, 1, None), stamps), repeat(LARGE_GAP_SECONDS)))
    return {
        "Status": ISSUE,
        "NumberOfLargeTimestampGaps": large,
        "MaxTimestampGapInDays": int(widest // 86400),
    }


def _monotonic(values: array[float]) -> dict[str, Any]:
    steps = len(values) - 1
    if steps < 1:
        return {"Status": NO_ISSUE}
    allowed_other = steps * (1 - MONOTONIC_SHARE)
    rising = falling = seen = 0
    for start in range(0, steps, _BLOCK):
        earlier = values[start : start + _BLOCK]
        later = values[start + 1 : start + _BLOCK + 1]
        rising += sum(map(gt, later, earlier))
        falling += sum(map(lt, later, earlier))
        seen += len(later)
        moving = rising or falling
        if moving and seen - rising > allowed_other and seen - falling > allowed_other:
            return {"Status": NO_ISSUE}
    if not rising and not falling:
        return {"Status": ISSUE, "Monotonicity": "STATIC"}
    if rising >= steps * MONOTONIC_SHARE:
        return {"Status": ISSUE, "Monotonicity": "INCREASING"}
    if falling >= steps * MONOTONIC_SHARE:
        return {"Status": ISSUE, "Monotonicity": "DECREASING"}
    return {"Status": NO_ISSUE}


def _multimodal(values: array[float]) -> bool:
    if len(values) < 2:
        return False
    sample = values[:: max(1, len(values) // MODE_SAMPLE)]
    low, high = min(sample), max(sample)
    if high == low:
        return False
    span = high - low
    if math.isinf(span):  # the values are further apart than the largest float
        sample = array("d", map(mul, sample, repeat(0.5)))
        low, span = low / 2, high / 2 - low / 2
    # Dividing by the span (not multiplying by its inverse) stays finite for tiny spans too.
    shares = map(truediv, map(sub, sample, repeat(low)), repeat(span))
    bins = Counter(map(int, map(mul, shares, repeat(HISTOGRAM_BINS))))
    bins[HISTOGRAM_BINS - 1] += bins.pop(HISTOGRAM_BINS, 0)  # the largest value
    total = len(sample)
    modes = 0
    run = 0
    for index in range(HISTOGRAM_BINS + 1):
        share = bins.get(index, 0) / total
        if share > POPULATED_BIN_SHARE:
            run += bins[index]
            continue
        if run / total >= MODE_SHARE:
            modes += 1
        run = 0
    return modes >= 2


def quality_summary(
    statistics: list[Statistics], component_counts: Iterable[ComponentCounts]
) -> dict[str, Any]:
    """The ``DataQualitySummary`` of an ingestion from its per-sensor statistics and counts."""
    counts = list(component_counts)
    no_data = sum(1 for s in statistics if not s["DataExists"])
    short = sum(
        1
        for s in statistics
        if s["DataExists"]
        and (s["DataEndTime"] - s["DataStartTime"]).total_seconds() < SHORT_RANGE_SECONDS
    )
    missing = [s["MissingValues"]["Count"] for s in statistics]
    invalid = [s["InvalidValues"]["Count"] for s in statistics]
    return {
        "InsufficientSensorData": {
            "MissingCompleteSensorData": {"AffectedSensorCount": no_data},
            "SensorsWithShortDateRange": {"AffectedSensorCount": short},
        },
        "MissingSensorData": {
            "AffectedSensorCount": sum(1 for count in missing if count),
            "TotalNumberOfMissingValues": sum(missing),
        },
        "InvalidSensorData": {
            "AffectedSensorCount": sum(1 for count in invalid if count),
            "TotalNumberOfInvalidValues": sum(invalid),
        },
        "UnsupportedTimestamps": {
            "TotalNumberOfUnsupportedTimestamps": sum(c.unsupported_timestamps for c in counts)
        },
        "DuplicateTimestamps": {
            "TotalNumberOfDuplicateTimestamps": sum(c.duplicates for c in counts)
        },
    }

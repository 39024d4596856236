"""The anomaly-scoring rule shared by model evaluation and scheduled inference.

A trained model holds, per sensor, a robust centre and spread (median and median absolute
deviation) learnt from the training window. A row's score for a sensor is
``|value - median| / (1.4826 * MAD)``; the row's ``anomaly_score`` is ``min(1, max score / 6)``
and it is anomalous (``prediction`` 1) when the largest score reaches 3.5. Diagnostics are the
per-sensor scores normalised to sum to 1. Rows that meet the model's off condition are
``MACHINE_OFF`` and carry neither score nor diagnostics.

Every number stays finite for finite sensor values, so that no result holds ``NaN`` or
``Infinity``: a median, spread, deviation or score beyond the largest double (values near
±1.7e308) is clamped to it, and diagnostics are normalised from shares of the highest score,
which cannot overflow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from sys import float_info
from typing import NamedTuple

from .sensor_data import EPOCH_DAY, utc_moment, utc_text

MAD_TO_SIGMA = 1.4826
ANOMALY_THRESHOLD = 3.5
SCORE_AT_FULL_INTENSITY = 6.0
# Score given to any change of a sensor that did not vary at all during training.
SCORE_FOR_CONSTANT_SENSOR_CHANGE = SCORE_AT_FULL_INTENSITY

_OFF_CONDITION = re.compile(
    r"^\s*(?P<component>[^\\\s]+)\\(?P<sensor>\S+)\s*(?P<op>[<>])\s*(?P<threshold>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*$"
)

SensorKey = tuple[str, str]


_LARGEST = float_info.max


def clamped(number: float) -> float:
    """``number`` within the finite doubles (an overflow to infinity becomes the largest)."""
    return max(-float_info.max, min(float_info.max, number))


def sensor_label(key: SensorKey) -> str:
    """The ``component\\sensor`` name used in diagnostics."""
    return f"{key[0]}\\{key[1]}"


@dataclass(frozen=True)
class OffCondition:
    component: str
    sensor: str
    operator: str
    threshold: float

    @property
    def key(self) -> SensorKey:
        return (self.component, self.sensor)

    def is_met(self, value: float) -> bool:
        if math.isnan(value):
            return False
        return value < self.threshold if self.operator == "<" else value > self.threshold


def parse_off_condition(text: str) -> OffCondition | None:
    """``component\\sensor < 10.0`` (or ``>``); ``None`` when the text is not of that form."""
    match = _OFF_CONDITION.match(text)
    if match is None:
        return None
    return OffCondition(
        component=match["component"],
        sensor=match["sensor"],
        operator=match["op"],
        threshold=float(match["threshold"]),
    )


@dataclass(frozen=True)
class SensorModel:
    median: float
    mad: float

    @cached_property
    def spread(self) -> float:
        return clamped(MAD_TO_SIGMA * self.mad)

    def score(self, value: float) -> float:
        """The score of a valid (not NaN) reading."""
        return deviation_score(value, self.median, self.spread)


def deviation_score(value: float, centre: float, spread: float) -> float:
    """A valid (not NaN) reading's score against a sensor's centre and spread. Neither the
    deviation nor the score can be negative, so only their upper bound is checked (every row of
    a catch-up comes here)."""
    deviation = abs(value - centre)
    if deviation > _LARGEST:
        deviation = _LARGEST
    if spread == 0:
        return 0.0 if deviation == 0 else SCORE_FOR_CONSTANT_SENSOR_CHANGE
    score = deviation / spread
    return score if score <= _LARGEST else _LARGEST


def median(values: Sequence[float]) -> float:
    """The median; the mean of the two middle values is taken by halves, which cannot overflow."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ordered[middle - 1] / 2 + ordered[middle] / 2


def learn_sensor(values: Sequence[float]) -> SensorModel | None:
    """The robust centre and spread of a sensor's valid values; ``None`` without any value."""
    clean = [value for value in values if not math.isnan(value)]
    if not clean:
        return None
    centre = median(clean)
    mad = median([clamped(abs(value - centre)) for value in clean])
    return SensorModel(median=centre, mad=mad)


def result_timestamp(moment: datetime) -> str:
    """``2021-03-11T22:25:00.000000``: the UTC timestamp form of ``results.jsonl``."""
    return utc_text(moment, microseconds=True)


# Whole seconds from the first day of year 1000 to the last of 9999, which the result form
# writes with four-digit years.
_FOUR_DIGIT_YEARS = (
    (date(1000, 1, 1).toordinal() - EPOCH_DAY) * 86400,
    (date(9999, 12, 31).toordinal() - EPOCH_DAY + 1) * 86400,
)


def result_timestamp_of(seconds: float) -> str:
    """``result_timestamp`` of the UTC time of epoch ``seconds``, without making a datetime for
    the whole seconds that rows mostly fall on (every row of a catch-up is written so)."""
    whole = int(seconds)
    low, high = _FOUR_DIGIT_YEARS
    if whole != seconds or not low <= whole < high:
        return result_timestamp(utc_moment(seconds))
    day, second = divmod(whole, 86400)
    return f"{_day_text(day)}T{_time_of_day_text(second)}"


@lru_cache(maxsize=1024)
def _day_text(day: int) -> str:
    """``2021-03-11``: the date ``day`` days after 1970-01-01."""
    return date.fromordinal(EPOCH_DAY + day).isoformat()


@lru_cache(maxsize=4096)
def _time_of_day_text(second: int) -> str:
    """``22:25:00.000000``: the time ``second`` seconds after midnight (rows a minute apart
    repeat 1,440 of them every day)."""
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    return "%02d:%02d:%02d.000000" % (hour, minute, second)  # noqa: UP031


class RowScore(NamedTuple):
    """A row's score (a named tuple: a catch-up makes one for every row it scores)."""

    prediction: int
    reason: str
    anomaly_score: float | None
    diagnostics: list[tuple[str, float]] | None

    def as_result(self, timestamp: str) -> dict[str, object]:
        """The ``results.jsonl`` line for this row."""
        line: dict[str, object] = {
            "timestamp": timestamp,
            "prediction": self.prediction,
            "prediction_reason": self.reason,
        }
        if self.anomaly_score is not None:
            line["anomaly_score"] = self.anomaly_score
        if self.diagnostics is not None:
            line["diagnostics"] = [{"name": n, "value": v} for n, v in self.diagnostics]
        return line


@dataclass
class TrainedModel:
    """What training learnt: one ``SensorModel`` per sensor, in schema order."""

    sensors: dict[SensorKey, SensorModel]
    off_condition: OffCondition | None = None

    def score_row(self, values: Mapping[SensorKey, float]) -> RowScore | None:
        """Score one row of sensor values; ``None`` when no sensor of the model has a value."""
        return RowScorer(self).score(values)


class RowScorer:
    """A trained model's scoring of many rows: the sensors' diagnostics names are worked out
    once rather than for every row."""

    def __init__(self, trained: TrainedModel) -> None:
        self.off_condition = trained.off_condition
        # The model's sensors, in the order ``score_readings`` takes their readings.
        self.keys = list(trained.sensors)
        self._labels = [sensor_label(key) for key in self.keys]
        self._centres = [(model.median, model.spread) for model in trained.sensors.values()]

    def score(self, values: Mapping[SensorKey, float]) -> RowScore | None:
        """Score one row of sensor values; ``None`` when no sensor of the model has a value."""
        off = self.off_condition
        return self.score_readings(
            [values.get(key, math.nan) for key in self.keys],
            math.nan if off is None else values.get(off.key, math.nan),
        )

    def score_readings(self, readings: Sequence[float], off_reading: float) -> RowScore | None:
        """Score one row from the readings of the model's sensors, in the order of ``keys``,
        and that of the off condition's sensor (``nan`` for none); ``None`` when no sensor of
        the model has a value."""
        off = self.off_condition
        if off is not None and off.is_met(off_reading):
            return RowScore(0, "MACHINE_OFF", None, None)
        scores: list[float] = []
        valued = False
        for (centre, spread), value in zip(self._centres, readings, strict=True):
            if value != value:  # NaN: no valid reading
                scores.append(0.0)
            else:
                valued = True
                scores.append(deviation_score(value, centre, spread))
        if not valued:
            return None
        highest = max(scores)
        # Shares of the highest score are at most 1 each, so their sum cannot overflow.
        shares = [score / highest for score in scores] if highest else [1.0] * len(scores)
        total = sum(shares)
        diagnostics = [
            (label, round(share / total, 5))
            for label, share in zip(self._labels, shares, strict=True)
        ]
        anomaly_score = round(min(1.0, highest / SCORE_AT_FULL_INTENSITY), 5)
        if highest >= ANOMALY_THRESHOLD:
            return RowScore(1, "ANOMALY_DETECTED", anomaly_score, diagnostics)
        return RowScore(0, "NO_ANOMALY_DETECTED", anomaly_score, diagnostics)

"""Training and evaluation of a model on ingested sensor data.

Training learns, per sensor, the median and MAD of the valid values in the training window
(``data/scoring.py``), leaving out the rows of labelled anomalous ranges, which are known not to
be normal behaviour, and the rows where the model's off condition says the machine is off.
Evaluation scores every row of the evaluation window with the same rule inference uses and
reports:

- ``predicted_ranges``: runs of consecutive anomalous rows (``prediction`` 1), from the first to
  the last row of the run, with the run's mean diagnostics;
- ``labeled_ranges``: the labelled ranges that overlap the evaluation window;
- ``labeled_event_metrics``: a labelled range is identified when a predicted range overlaps it
  or ends within ``WARNING_HORIZON`` before it starts; its warning time is how long before the
  label's start the earliest such predicted range began (0 when it began inside the label).

``ModelQuality`` is ``CANNOT_DETERMINE_QUALITY`` without labelled ranges to compare with,
``QUALITY_THRESHOLD_MET`` when at least half of them are identified, else
``POOR_QUALITY_DETECTED``.

A model with a ``TargetSamplingRate`` is trained on data resampled to it (``data/resampling.py``)
and its rows are those of the resampled data; a training or evaluation window holding more rows
than the service takes fails the training.
"""

from __future__ import annotations

import logging
import math
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .resampling import rows_in
from .scoring import (
    OffCondition,
    RowScore,
    RowScorer,
    SensorKey,
    TrainedModel,
    learn_sensor,
    result_timestamp,
)
from .sensor_data import DatasetData, utc_moment

WARNING_HORIZON = timedelta(days=1)
DIAGNOSTIC_DIGITS = 4

Window = tuple[datetime, datetime]

QUALITY_MET = "QUALITY_THRESHOLD_MET"
QUALITY_POOR = "POOR_QUALITY_DETECTED"
QUALITY_UNKNOWN = "CANNOT_DETERMINE_QUALITY"

log = logging.getLogger(__name__)


@dataclass
class TrainingOutcome:
    """What a training run produced: a trained model, or the reason it failed."""

    trained: TrainedModel | None = None
    failed_reason: str | None = None
    metrics: dict[str, Any] | None = None
    quality: str | None = None
    # One ``results.jsonl``-style line per scored row, for the pointwise diagnostics file.
    diagnostics: list[dict[str, object]] = field(default_factory=list)


# ``ModelMetrics`` (and the messages about a model's time ranges) write times as
# ``results.jsonl`` does.
metric_time = result_timestamp


def _epoch(moment: datetime) -> float:
    return moment.timestamp()


def _inside(stamp: float, ranges: Sequence[Window]) -> bool:
    return any(_epoch(start) <= stamp <= _epoch(end) for start, end in ranges)


def rows(
    data: DatasetData, sensors: Sequence[SensorKey], window: Window
) -> Iterator[tuple[float, dict[SensorKey, float]]]:
    """The rows of ``window`` (bounds included) in time order: each timestamp of any component
    of the model, with the values its components hold at that time."""
    start, end = _epoch(window[0]), _epoch(window[1])
    wanted: dict[str, list[str]] = {}
    for component_name, sensor in sensors:
        wanted.setdefault(component_name, []).append(sensor)
    by_time: dict[float, dict[SensorKey, float]] = {}
    for name, names in wanted.items():
        component = data.components.get(name)
        if component is None:
            continue
        columns = [(sensor, component.values.get(sensor)) for sensor in names]
        stamps = component.timestamps
        for index in range(bisect_left(stamps, start), bisect_right(stamps, end)):
            row = by_time.setdefault(stamps[index], {})
            for sensor, column in columns:
                row[(name, sensor)] = column[index] if column is not None else math.nan
    for stamp in sorted(by_time):
        yield stamp, by_time[stamp]


def rows_beyond(
    data: DatasetData, sensors: Sequence[SensorKey], window: Window, limit: int
) -> int | None:
    """How many rows ``window`` holds (as ``rows`` yields them) when that is more than
    ``limit``, else ``None``."""
    start, end = _epoch(window[0]), _epoch(window[1])
    spans = []
    for name in dict.fromkeys(component for component, _ in sensors):
        component = data.components.get(name)
        if component is not None:
            stamps = component.timestamps
            spans.append((stamps, bisect_left(stamps, start), bisect_right(stamps, end)))
    # Components may share timestamps, so their counts add up to the most there can be.
    if sum(last - first for _, first, last in spans) <= limit:
        return None
    count = len(set().union(*(stamps[first:last] for stamps, first, last in spans)))
    return count if count > limit else None


def learn(
    data: DatasetData,
    sensors: Sequence[SensorKey],
    window: Window,
    excluded: Sequence[Window] = (),
    off_condition: OffCondition | None = None,
) -> TrainedModel:
    """Per-sensor medians and MADs from the window's rows outside the ``excluded`` ranges and
    while the machine is on (the ``off_condition`` is not met). Sensors without any valid
    value there are left out."""
    columns: dict[SensorKey, list[float]] = {key: [] for key in sensors}
    for stamp, values in rows(data, sensors, window):
        if excluded and _inside(stamp, excluded):
            continue
        if off_condition is not None and off_condition.is_met(
            values.get(off_condition.key, math.nan)
        ):
            continue
        for key, value in values.items():
            if not math.isnan(value):
                columns[key].append(value)
    learnt = {key: learn_sensor(values) for key, values in columns.items()}
    return TrainedModel({key: model for key, model in learnt.items() if model is not None})


def score(trained: TrainedModel, data: DatasetData, window: Window) -> list[tuple[float, RowScore]]:
    """Every scorable row of the window with its score."""
    scorer = RowScorer(trained)
    scored = []
    for stamp, values in rows(data, list(trained.sensors), window):
        result = scorer.score(values)
        if result is not None:
            scored.append((stamp, result))
    return scored


Run = tuple[float, float, list[RowScore]]


def anomalous_runs(scored: Sequence[tuple[float, RowScore]]) -> list[Run]:
    """Runs of consecutive anomalous rows: first and last timestamp, and the rows' scores."""
    runs: list[Run] = []
    current: list[tuple[float, RowScore]] = []
    for item in [*scored, None]:
        if item is not None and item[1].prediction == 1:
            current.append(item)
        elif current:
            runs.append((current[0][0], current[-1][0], [result for _, result in current]))
            current = []
    return runs


def predicted_ranges(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """The ``predicted_ranges`` of ``ModelMetrics``: each run with its mean diagnostics."""
    return [
        {
            "start": metric_time(utc_moment(start)),
            "end": metric_time(utc_moment(end)),
            "diagnostics": _mean_diagnostics(results),
        }
        for start, end, results in runs
    ]


def _mean_diagnostics(results: Sequence[RowScore]) -> list[dict[str, Any]]:
    totals: dict[str, float] = {}
    for result in results:
        for name, value in result.diagnostics or []:
            totals[name] = totals.get(name, 0.0) + value
    whole = sum(totals.values())
    return [
        {"name": name, "value": round(value / whole if whole else 0.0, DIAGNOSTIC_DIGITS)}
        for name, value in totals.items()
    ]


def labeled_event_metrics(labels: Sequence[Window], predicted: Sequence[Window]) -> dict[str, Any]:
    identified = 0
    warning = 0.0
    for label_start, label_end in labels:
        horizon = label_start - WARNING_HORIZON
        starts = [start for start, end in predicted if start <= label_end and end >= horizon]
        if not starts:
            continue
        identified += 1
        warning += max(0.0, (label_start - min(starts)).total_seconds())
    return {
        "num_labeled": len(labels),
        "num_identified": identified,
        "total_warning_time_in_seconds": warning,
    }


def model_quality(metrics: dict[str, Any] | None) -> str:
    if metrics is None:
        return QUALITY_UNKNOWN
    events = metrics["labeled_event_metrics"]
    if events["num_labeled"] == 0:
        return QUALITY_UNKNOWN
    return QUALITY_MET if 2 * events["num_identified"] >= events["num_labeled"] else QUALITY_POOR


def time_span(window: Window) -> str:
    return f"{metric_time(window[0])} to {metric_time(window[1])}"


def evaluation_metrics(
    scored: Sequence[tuple[float, RowScore]], evaluation: Window, labels: Sequence[Window] | None
) -> dict[str, Any]:
    """``ModelMetrics`` of the scored rows of the evaluation window against ``labels``."""
    runs = anomalous_runs(scored)
    labeled = [
        (start, end)
        for start, end in labels or ()
        if start <= evaluation[1] and end >= evaluation[0]
    ]
    predicted_windows = [(utc_moment(start), utc_moment(end)) for start, end, _ in runs]
    return {
        "labeled_ranges": [{"start": metric_time(s), "end": metric_time(e)} for s, e in labeled],
        "predicted_ranges": predicted_ranges(runs),
        "labeled_event_metrics": labeled_event_metrics(labeled, predicted_windows),
    }


def train(
    data: DatasetData,
    sensors: Sequence[SensorKey],
    training: Window,
    evaluation: Window | None,
    labels: Sequence[Window] | None,
    off_condition: OffCondition | None = None,
    pointwise: bool = False,
    max_rows: Mapping[str, int] | None = None,
    rate: str | None = None,
) -> TrainingOutcome:
    """Train on ``training``, evaluate on ``evaluation`` (metrics only with one), and judge
    the quality against ``labels`` (``None`` when the model has no labels). With ``pointwise``,
    keep every scored row (of the evaluation window, else the training window) for the
    diagnostics file. ``max_rows`` bounds the rows of the ``training`` and ``evaluation``
    windows; ``rate`` is the sampling rate ``data`` was resampled to, if any."""
    began = time.perf_counter()
    windows = {"training": training, "evaluation": evaluation}
    outcome = _too_many_rows(data, sensors, windows, max_rows or {}, rate) or _train(
        data, sensors, training, evaluation, labels, off_condition, pointwise
    )
    log.info(
        "Training on %s of %d sensors: %s in %.2f s",
        time_span(training),
        len(sensors),
        "failed" if outcome.trained is None else f"{len(outcome.trained.sensors)} sensors learnt",
        time.perf_counter() - began,
    )
    return outcome


def _too_many_rows(
    data: DatasetData,
    sensors: Sequence[SensorKey],
    windows: Mapping[str, Window | None],
    max_rows: Mapping[str, int],
    rate: str | None,
) -> TrainingOutcome | None:
    for role, limit in max_rows.items():
        window = windows[role]
        if window is None:
            continue
        count = rows_beyond(data, sensors, window, limit)
        if count is not None:
            return TrainingOutcome(
                failed_reason=f"The {role} window {time_span(window)} holds "
                f"{rows_in(count, rate)}, more than the {limit} rows the {role} data of a "
                "model may hold."
            )
    return None


def _train(
    data: DatasetData,
    sensors: Sequence[SensorKey],
    training: Window,
    evaluation: Window | None,
    labels: Sequence[Window] | None,
    off_condition: OffCondition | None,
    pointwise: bool,
) -> TrainingOutcome:
    trained = learn(data, sensors, training, labels or (), off_condition)
    if not trained.sensors:
        return TrainingOutcome(
            failed_reason=f"The training window {time_span(training)} holds no usable sensor "
            "data: no sensor of the model has a valid value in it."
        )
    trained.off_condition = off_condition
    if evaluation is None:
        lines = _lines(score(trained, data, training)) if pointwise else []
        return TrainingOutcome(trained=trained, quality=QUALITY_UNKNOWN, diagnostics=lines)
    scored = score(trained, data, evaluation)
    if not scored:
        return TrainingOutcome(
            failed_reason=f"The evaluation window {time_span(evaluation)} holds no usable sensor "
            "data to evaluate the model on."
        )
    metrics = evaluation_metrics(scored, evaluation, labels)
    quality = model_quality(metrics) if labels is not None else QUALITY_UNKNOWN
    return TrainingOutcome(
        trained=trained,
        metrics=metrics,
        quality=quality,
        diagnostics=_lines(scored) if pointwise else [],
    )


def _lines(scored: Sequence[tuple[float, RowScore]]) -> list[dict[str, object]]:
    return [result.as_result(metric_time(utc_moment(stamp))) for stamp, result in scored]

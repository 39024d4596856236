"""What a scheduled inference produces: scored rows, ``results.jsonl`` and inference events.

Each execution writes one JSON line per scored timestamp into
``<output prefix><YYYY-MM-DDTHH:MM:SSZ>/results.jsonl``, the folder named after its scheduled
time. An inference event is a run of consecutive rows with ``prediction`` 1; a run that reaches
the end of one execution's window and the start of the next touching one is one event.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from typing import NamedTuple

from .inference_windows import iso_z
from .scoring import RowScore, RowScorer, result_timestamp_of
from .sensor_data import DatasetData, aligned_columns, utc_moment

RESULTS_FILE = "results.jsonl"


class ScoredRow(NamedTuple):
    stamp: float  # epoch seconds (UTC)
    score: RowScore

    @property
    def timestamp(self) -> datetime:
        return utc_moment(self.stamp)

    @property
    def anomalous(self) -> bool:
        return self.score.prediction == 1


def results_key(prefix: str, scheduled: datetime) -> str:
    return f"{prefix}{iso_z(scheduled)}/{RESULTS_FILE}"


def score_rows(scorer: RowScorer, rows: DatasetData) -> list[ScoredRow]:
    """Score each row in time order (each time at which a component holds a row); rows without
    any value for the model are left out. One scorer serves the windows of a read."""
    keys, off = scorer.keys, scorer.off_condition
    if not keys:
        return []  # a model without sensors has no value for any row
    stamps, columns = aligned_columns(rows, keys if off is None else [*keys, off.key])
    off_readings = [math.nan] * len(stamps) if off is None else columns.pop()
    score_readings = scorer.score_readings
    scored = []
    readings = zip(*columns, strict=True)
    for stamp, row, off_reading in zip(stamps, readings, off_readings, strict=True):
        score = score_readings(row, off_reading)
        if score is not None:
            scored.append(ScoredRow(stamp, score))
    return scored


def results_jsonl(rows: Iterable[ScoredRow]) -> bytes:
    """The ``results.jsonl`` content: one JSON object per row, each line ending in a newline."""
    return "".join([results_line(row) for row in rows]).encode()


def results_line(row: ScoredRow) -> str:
    """``json.dumps(row.score.as_result(timestamp))`` and a newline, written out directly: the
    runs of a read after a long time jump write tens of thousands of lines."""
    score = row.score
    # The timestamp is digits and separators only, which JSON writes as they are.
    line = (
        f'{{"timestamp": "{result_timestamp_of(row.stamp)}", '
        f'"prediction": {_json_number(score.prediction)}, '
        f'"prediction_reason": {_json_text(score.reason)}'
    )
    if score.anomaly_score is not None:
        line += f', "anomaly_score": {_json_number(score.anomaly_score)}'
    if score.diagnostics is not None:
        diagnostics = [
            f"{_diagnostic_start(name)}{_json_number(value)}}}" for name, value in score.diagnostics
        ]
        line += ', "diagnostics": [' + ", ".join(diagnostics) + "]"
    return line + "}\n"


_json_text = lru_cache(maxsize=1024)(encode_basestring_ascii)


@lru_cache(maxsize=4096)
def _diagnostic_start(name: str) -> str:
    """A diagnostic up to its value, written once per sensor rather than once per row."""
    return f'{{"name": {encode_basestring_ascii(name)}, "value": '


def _json_number(value: float) -> str:
    """A number as ``json.dumps`` writes it: ``repr`` for finite ones (scoring gives no other)."""
    return repr(value) if math.isfinite(value) else json.dumps(value)


@dataclass(frozen=True)
class InferenceEvent:
    start: datetime
    end: datetime
    diagnostics: list[tuple[str, float]]

    @property
    def duration_seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    def diagnostics_document(self) -> list[dict[str, object]]:
        return [{"name": name, "value": value} for name, value in self.diagnostics]


@dataclass(frozen=True)
class AnomalyRun:
    """Consecutive anomalous rows of one execution: what its events need of its rows, so that
    an execution need not keep its rows once its results are written."""

    start: datetime
    end: datetime
    # Each sensor's diagnostics summed over the rows.
    totals: tuple[tuple[str, float], ...]
    from_first_row: bool
    to_last_row: bool

    def joined(self, later: AnomalyRun) -> AnomalyRun:
        totals = dict(self.totals)
        for name, value in later.totals:
            totals[name] = totals.get(name, 0.0) + value
        return AnomalyRun(
            self.start, later.end, tuple(totals.items()), self.from_first_row, later.to_last_row
        )

    def event(self) -> InferenceEvent:
        """The event; its diagnostics are the rows' mean shares, summing to 1."""
        grand_total = sum(value for _, value in self.totals)
        diagnostics = [
            (name, round(value / grand_total, 5) if grand_total else 0.0)
            for name, value in self.totals
        ]
        return InferenceEvent(self.start, self.end, diagnostics)


def anomaly_runs(rows: Sequence[ScoredRow]) -> list[AnomalyRun]:
    """The runs of consecutive anomalous rows (``prediction`` 1) of one execution."""
    runs = []
    first = None
    for index, row in enumerate([*rows, None]):
        if row is not None and row.anomalous:
            if first is None:
                first = index
        elif first is not None:
            runs.append(_run(rows, first, index - 1))
            first = None
    return runs


def _run(rows: Sequence[ScoredRow], first: int, last: int) -> AnomalyRun:
    totals: dict[str, float] = {}
    for row in rows[first : last + 1]:
        for name, value in row.score.diagnostics or []:
            totals[name] = totals.get(name, 0.0) + value
    return AnomalyRun(
        rows[first].timestamp,
        rows[last].timestamp,
        tuple(totals.items()),
        from_first_row=first == 0,
        to_last_row=last == len(rows) - 1,
    )


def join_events(executions: Iterable[tuple[bool, Sequence[AnomalyRun]]]) -> list[InferenceEvent]:
    """The events of successive executions, oldest first, each given with whether its window
    starts where the previous one's ends: then a run from its first row continues the previous
    execution's run that reached its last row, as one event."""
    runs: list[AnomalyRun] = []
    open_run = False
    for touches, execution_runs in executions:
        for position, run in enumerate(execution_runs):
            if position == 0 and touches and open_run and run.from_first_row:
                runs[-1] = runs[-1].joined(run)
            else:
                runs.append(run)
        open_run = bool(execution_runs) and execution_runs[-1].to_last_row
    return [run.event() for run in runs]

"""What a scheduled inference produces: scored rows, ``results.jsonl`` and inference events.

Each execution writes one JSON line per scored timestamp into
``<output prefix><YYYY-MM-DDTHH:MM:SSZ>/results.jsonl``, the folder named after its scheduled
time. An inference event is a run of consecutive rows with ``prediction`` 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from .inference_windows import iso_z
from .scoring import RowScore, SensorKey, TrainedModel

RESULTS_FILE = "results.jsonl"


@dataclass(frozen=True)
class ScoredRow:
    timestamp: datetime
    score: RowScore

    @property
    def anomalous(self) -> bool:
        return self.score.prediction == 1


def result_timestamp(moment: datetime) -> str:
    """``2021-03-11T22:25:00.000000``: the UTC timestamp form of ``results.jsonl``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


def results_key(prefix: str, scheduled: datetime) -> str:
    return f"{prefix}{iso_z(scheduled)}/{RESULTS_FILE}"


def score_rows(
    trained: TrainedModel, rows: Mapping[datetime, Mapping[SensorKey, float]]
) -> list[ScoredRow]:
    """Score each row in time order; rows without any value for the model are left out."""
    scored = []
    for moment in sorted(rows):
        score = trained.score_row(rows[moment])
        if score is not None:
            scored.append(ScoredRow(moment, score))
    return scored


def results_jsonl(rows: Iterable[ScoredRow]) -> bytes:
    """The ``results.jsonl`` content: one JSON object per row, each line ending in a newline."""
    lines = [json.dumps(row.score.as_result(result_timestamp(row.timestamp))) for row in rows]
    return "".join(line + "\n" for line in lines).encode()


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


def segment_events(stretches: Iterable[Sequence[ScoredRow]]) -> list[InferenceEvent]:
    """The events of each stretch of contiguous rows; no event spans two stretches."""
    events = []
    for rows in stretches:
        run: list[ScoredRow] = []
        for row in [*rows, None]:
            if row is not None and row.anomalous:
                run.append(row)
            elif run:
                events.append(_event(run))
                run = []
    return events


def _event(rows: Sequence[ScoredRow]) -> InferenceEvent:
    """An event from its rows; its diagnostics are the rows' mean shares, summing to 1."""
    totals: dict[str, float] = {}
    for row in rows:
        for name, value in row.score.diagnostics or []:
            totals[name] = totals.get(name, 0.0) + value
    grand_total = sum(totals.values())
    diagnostics = [
        (name, round(value / grand_total, 5) if grand_total else 0.0)
        for name, value in totals.items()
    ]
    return InferenceEvent(rows[0].timestamp, rows[-1].timestamp, diagnostics)

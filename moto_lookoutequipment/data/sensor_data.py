"""The in-memory form of ingested sensor data, shared by ingestion, training and inference."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import datetime, timezone


def utc_moment(seconds: float) -> datetime:
    """The UTC time of epoch seconds, the form in which sensor data holds its timestamps."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


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

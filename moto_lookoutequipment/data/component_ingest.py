"""Turning the CSV files of one component into its sensor data, counting every problem.

Rows are converted a batch at a time, column by column: a column whose cells are all numbers
goes through ``float`` in one pass, and only a column with a blank or unreadable cell is looked at
cell by cell. A file that yields no usable value is rolled back and reported as discarded.

What is counted, per component:

* ``rows``: the data rows of its ingested files (blank lines left out);
* ``unsupported_timestamps``: rows whose timestamp is in no documented format (the row is dropped);
* ``duplicates``: rows whose timestamp an earlier row already had (the first one is kept);
* per sensor, ``missing`` (blank cells) and ``invalid`` (cells that are not a finite number in
  ASCII digits, without ``_`` digit groups) among the rows with a supported timestamp.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import lt

from .csv_reader import ColumnBatch, CsvReadError
from .sensor_data import ComponentData
from .timestamps import TimestampParser


@dataclass
class SensorCounts:
    missing: int = 0
    invalid: int = 0
    valid: int = 0

    def add(self, other: SensorCounts) -> None:
        self.missing += other.missing
        self.invalid += other.invalid
        self.valid += other.valid


@dataclass
class ComponentCounts:
    rows: int = 0
    unsupported_timestamps: int = 0
    duplicates: int = 0
    sensors: dict[str, SensorCounts] = field(default_factory=dict)

    def add(self, other: ComponentCounts) -> None:
        self.rows += other.rows
        self.unsupported_timestamps += other.unsupported_timestamps
        for name, counts in other.sensors.items():
            self.sensors.setdefault(name, SensorCounts()).add(counts)


class ComponentIngest:
    """Collects the files of one component whose columns are ``timestamp_column`` + ``sensors``."""

    def __init__(
        self,
        name: str,
        timestamp_column: str,
        sensors: Sequence[str],
        parser: TimestampParser,
    ) -> None:
        self.name = name
        self.timestamp_column = timestamp_column
        self.sensors = list(sensors)
        self.parser = parser
        self.timestamps: array[float] = array("d")
        self.values: dict[str, array[float]] = {sensor: array("d") for sensor in self.sensors}
        self.counts = ComponentCounts(sensors={sensor: SensorCounts() for sensor in self.sensors})

    def header_problem(self, header: Sequence[str]) -> str | None:
        """Why a file with this header does not belong to the component, or ``None``."""
        expected = [self.timestamp_column, *self.sensors]
        if header[0] == self.timestamp_column and sorted(header[1:]) == sorted(self.sensors):
            return None
        return (
            f"its columns ({', '.join(header)}) do not match the columns of component "
            f"'{self.name}' ({', '.join(expected)})"
        )

    def add_file(
        self, header: Sequence[str], batches: Iterable[ColumnBatch | list[list[str]]]
    ) -> str | None:
        """Read one file's rows, in batches of columns or of rows; ``None`` when it was
        ingested, else why it was discarded.

        The header must already be known to match (``header_problem``).
        """
        start = len(self.timestamps)
        counts = ComponentCounts(sensors={sensor: SensorCounts() for sensor in self.sensors})
        try:
            for batch in batches:
                self._add_batch(header, batch, counts)
        except CsvReadError as error:
            self._truncate(start)
            return str(error)
        if not any(sensor.valid for sensor in counts.sensors.values()):
            self._truncate(start)
            return "no row has a supported timestamp and a numeric sensor value"
        self.counts.add(counts)
        return None

    def _truncate(self, length: int) -> None:
        del self.timestamps[length:]
        for column in self.values.values():
            del column[length:]

    def _add_batch(
        self,
        header: Sequence[str],
        batch: ColumnBatch | list[list[str]],
        counts: ComponentCounts,
    ) -> None:
        if not isinstance(batch, ColumnBatch):
            batch = ColumnBatch.of_rows(batch, len(header))
        columns = batch.columns
        stamps = self.parser.parse_column(columns[0])
        if not math.isfinite(sum(stamps)):
            stamps, columns = self._drop_unsupported(batch, stamps, counts)
        counts.rows += len(stamps)
        self.timestamps.extend(stamps)
        for name, cells in zip(header[1:], columns[1:], strict=False):
            _convert(cells, self.values[name], counts.sensors[name])

    @staticmethod
    def _drop_unsupported(
        batch: ColumnBatch, stamps: array[float], counts: ComponentCounts
    ) -> tuple[array[float], list[Sequence[str]]]:
        keep = []
        for index, stamp in enumerate(stamps):
            if not math.isnan(stamp):
                keep.append(index)
            elif any(cell.strip() for cell in batch.row(index)):
                counts.rows += 1
                counts.unsupported_timestamps += 1
        kept_stamps = array("d", [stamps[index] for index in keep])
        return kept_stamps, [[column[index] for index in keep] for column in batch.columns]

    def finish(self) -> ComponentData:
        """The component's rows in time order, each timestamp once (the first row read wins)."""
        stamps = self.timestamps
        if not all(map(lt, stamps, islice(stamps, 1, None))):
            self._sort_and_deduplicate()
        return ComponentData(self.name, list(self.sensors), self.timestamps, self.values)

    def _sort_and_deduplicate(self) -> None:
        stamps = self.timestamps
        order = sorted(range(len(stamps)), key=stamps.__getitem__)
        keep = []
        previous = math.nan
        for index in order:
            stamp = stamps[index]
            if stamp != previous:
                keep.append(index)
                previous = stamp
        self.counts.duplicates += len(stamps) - len(keep)
        self.timestamps = array("d", map(stamps.__getitem__, keep))
        for sensor, column in self.values.items():
            self.values[sensor] = array("d", map(column.__getitem__, keep))


def _convert(cells: Sequence[str], column: array[float], counts: SensorCounts) -> None:
    """Append the cells' values to ``column`` (``nan`` for blank or invalid cells)."""
    try:
        values = list(map(float, cells))
    except ValueError:
        pass
    else:
        if _all_finite(cells, values):
            # Packing the floats as bytes takes less than half the time of array.fromlist.
            column.frombytes(struct.pack(f"{len(values)}d", *values))
            counts.valid += len(values)
            return
    for cell in cells:
        column.append(_cell_value(cell, counts))


def _all_finite(cells: Sequence[str], values: list[float]) -> bool:
    """Whether every cell is a plain finite number, as a CSV reader outside Python sees one."""
    # float() also reads "nan", "inf" and numbers beyond the largest double, even a long run of
    # digits without an exponent, as values that are not finite; any of them makes the sum so.
    # A sum that overflows from finite values only sends the column to the cell by cell check.
    return _plain("".join(cells)) and math.isfinite(sum(values))


def _plain(text: str) -> bool:
    # float() also reads digit groups ("1_000") and digits of other scripts ("١٢"), which are
    # not numbers in a CSV file.
    return text.isascii() and "_" not in text


def _cell_value(cell: str, counts: SensorCounts) -> float:
    text = cell.strip()
    if not text:
        counts.missing += 1
        return math.nan
    try:
        value = float(text) if _plain(text) else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        counts.invalid += 1
        return math.nan
    counts.valid += 1
    return value

"""Finding and reading a scheduled inference's input files.

Per component of the model, the service looks under the input prefix for CSV objects named
``<component><delimiter><timestamp>.csv``; the file-name timestamp is written in the scheduler's
``TimestampFormat`` and read in its ``InputTimeZoneOffset`` zone, while the timestamps inside the
file are UTC. An execution for the window ``(start, end]`` accepts file-name times in
``[start - F, end + F]`` and scores only the rows with ``start < timestamp <= end``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from .csv_reader import CsvReadError, CsvStream
from .inference_windows import EPOCH, Window, iso_z
from .sensor_data import EPOCH_DAY, ComponentData
from .timestamps import TimestampParser

DEFAULT_TIMESTAMP_FORMAT = "yyyyMMddHHmmss"
DEFAULT_DELIMITER = "-"
DEFAULT_TIME_ZONE_OFFSET = "+00:00"

# File-name timestamp formats: the strftime form and the regex of the text, per service name.
_STAMP_FORMATS = {
    "yyyyMMddHHmmss": ("%Y%m%d%H%M%S", r"\d{14}"),
    "yyyy-MM-dd-HH-mm-ss": ("%Y-%m-%d-%H-%M-%S", r"\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}"),
    "EPOCH": ("", r"\d{1,12}"),
}


@dataclass(frozen=True)
class InputNaming:
    """How input files are named: timestamp format, component delimiter and time zone."""

    timestamp_format: str = DEFAULT_TIMESTAMP_FORMAT
    delimiter: str = DEFAULT_DELIMITER
    offset: timedelta = timedelta(0)

    def stamp(self, moment: datetime) -> str:
        """The file-name timestamp of the UTC time ``moment``."""
        if self.timestamp_format == "EPOCH":
            return str(int((moment - EPOCH).total_seconds()))
        local = moment.astimezone(timezone.utc) + self.offset
        return local.strftime(_STAMP_FORMATS[self.timestamp_format][0])

    def read_stamp(self, text: str) -> datetime | None:
        """The UTC time of a file-name timestamp, or ``None`` when it is not a valid time (or
        one that a date cannot hold, such as epoch second 999999999999)."""
        try:
            if self.timestamp_format == "EPOCH":
                return EPOCH + timedelta(seconds=int(text))
            local = _local_time(text, self.timestamp_format)
            return local.replace(tzinfo=timezone.utc) - self.offset
        except (ValueError, OverflowError):
            return None

    def read_seconds(self, text: str) -> float | None:
        """``read_stamp`` in epoch seconds. A read lists thousands of files whose names repeat
        the same days and times of day: digits that form a valid time in the usual two-digit
        fields are read from cached parts, anything else through ``read_stamp``."""
        digits = _stamp_digits(text, self.timestamp_format)
        if digits is not None:
            day = _day_number(digits[:8])
            second = _second_of_day(digits[8:])
            if day is not None and second is not None:
                return day * 86400 + second - self.offset.total_seconds()
        moment = self.read_stamp(text)
        return None if moment is None else moment.timestamp()

    def file_name(self, component: str, moment: datetime) -> str:
        return f"{component}{self.delimiter}{self.stamp(moment)}.csv"

    def pattern(self, component: str) -> re.Pattern[str]:
        stamp = _STAMP_FORMATS[self.timestamp_format][1]
        return re.compile(
            f"{re.escape(component)}{re.escape(self.delimiter)}(?P<stamp>{stamp})\\.csv"
        )


def _local_time(text: str, timestamp_format: str) -> datetime:
    """``datetime.strptime`` of a file-name timestamp. A read lists thousands of files, and
    strptime is slow: digits that form a valid time in the usual two-digit fields are read
    directly, which is what strptime reads them as; anything else goes to strptime."""
    digits = _stamp_digits(text, timestamp_format)
    if digits is not None:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
        hour, minute, second = int(digits[8:10]), int(digits[10:12]), int(digits[12:])
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            pass
    return datetime.strptime(text, _STAMP_FORMATS[timestamp_format][0])


def _stamp_digits(text: str, timestamp_format: str) -> str | None:
    """The 14 digits ``yyyyMMddHHmmss`` of a file-name timestamp written with them (in either
    formatted form), else ``None``."""
    if timestamp_format == "EPOCH":
        return None
    digits = text.replace("-", "") if timestamp_format == "yyyy-MM-dd-HH-mm-ss" else text
    if len(digits) == 14 and digits.isascii() and digits.isdigit():
        return digits
    return None


@lru_cache(maxsize=1024)
def _day_number(digits: str) -> int | None:
    """The day ``yyyyMMdd`` after 1970-01-01; ``None`` for no such date, or one so near the ends
    of the calendar that a time zone offset could take it beyond them (``read_stamp`` judges
    those)."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1 < year < 9999:
        return None
    try:
        return date(year, month, day).toordinal() - EPOCH_DAY
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _second_of_day(digits: str) -> int | None:
    """The second of the day ``HHmmss``; ``None`` for no such time."""
    hour, minute, second = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour * 3600 + minute * 60 + second


def accepted_range(window: Window) -> tuple[datetime, datetime]:
    """The file-name times an execution accepts: one window's length either side of it."""
    length = window.end - window.start
    return window.start - length, window.end + length


class InputIndex:
    """The input files under a prefix; per component, ordered by their file-name time."""

    def __init__(self, names: Iterable[str], naming: InputNaming):
        self._names = list(names)
        self._naming = naming
        # Per component: the file-name times (epoch seconds), ascending, and the names in the
        # same order.
        self._files: dict[str, tuple[list[float], list[str]]] = {}

    def _component_files(self, component: str) -> tuple[list[float], list[str]]:
        files = self._files.get(component)
        if files is None:
            pattern = self._naming.pattern(component)
            found = []
            for name in self._names:
                match = pattern.fullmatch(name)
                seconds = self._naming.read_seconds(match["stamp"]) if match else None
                if seconds is not None:
                    found.append((seconds, name))
            found.sort()
            files = ([seconds for seconds, _ in found], [name for _, name in found])
            self._files[component] = files
        return files

    def files(self, component: str, window: Window) -> list[str]:
        """The component's files whose file-name time the execution for ``window`` accepts."""
        start, end = window.bounds
        # One window's length either side of it, as ``accepted_range`` says, in epoch seconds:
        # file-name times are whole seconds, which these hold exactly.
        length = end - start
        times, names = self._component_files(component)
        return names[
            bisect.bisect_left(times, start - length) : bisect.bisect_right(times, end + length)
        ]


def missing_file_reason(location: str, component: str, naming: InputNaming, window: Window) -> str:
    """The service's ``FailedReason`` when a component has no input file for a window.

    ``location`` is the input folder as ``s3://bucket/prefix``.
    """
    earliest, latest = accepted_range(window)
    return (
        f"Could not find data file for sensor {component} within expected range of "
        f"({iso_z(window.start)}, {iso_z(window.end)}]. Please ensure data is present for all "
        f"sensors of the machine under prefix "
        f"'{location}{component}{naming.delimiter}{naming.stamp(earliest)}' ~ "
        f"'{location}{component}{naming.delimiter}{naming.stamp(latest)}'"
    )


class InputFileError(ValueError):
    """An input file that cannot be read; the message says why."""


def read_file_rows(
    chunks: Iterable[bytes],
    component: str,
    sensors: Sequence[str],
    parser: TimestampParser | None = None,
) -> ComponentData:
    """The values of the component's ``sensors`` in all the file's rows, ascending by time: the
    windows of one read that accept the same file each take their part of it
    (``ComponentData.within``) without reading it again.

    The first column is the timestamp and the header names the sensors; sensors the file lacks,
    and values that are not numbers, are ``nan``. Rows whose timestamp cannot be read are
    skipped; of rows with the same timestamp the last one counts. ``parser`` may be shared by
    the files of many windows (building one costs more than reading a small file).
    """
    try:
        stream = CsvStream(chunks)
        header = stream.header
        if header is None or len(header) < 2:
            raise InputFileError("it needs a header row naming a timestamp and sensor columns")
        columns = {name.strip(): index for index, name in enumerate(header) if index > 0}
        if not any(sensor in columns for sensor in sensors):
            raise InputFileError(
                "the header names none of the model's sensors (" + ", ".join(sensors) + ")"
            )
        parse = (parser or TimestampParser()).parse
        stamps: list[float] = []
        rows: list[list[str]] = []
        for batch in stream.batches():
            for row in batch:
                stamp = parse(row[0])
                if stamp == stamp:  # not NaN: a readable timestamp
                    stamps.append(stamp)
                    rows.append(row)
    except CsvReadError as error:
        raise InputFileError(str(error)) from error
    if not all(earlier < later for earlier, later in itertools.pairwise(stamps)):
        # Rows out of order or repeated: in time order, the last of a timestamp counting.
        latest = dict(zip(stamps, rows, strict=True))
        stamps = sorted(latest)
        rows = [latest[stamp] for stamp in stamps]
    read = ComponentData(component, list(sensors), array("d", stamps))
    width = min(map(len, rows), default=0)
    for sensor in sensors:
        index = columns.get(sensor)
        if index is not None and index < width:
            read.values[sensor] = _numbers([row[index] for row in rows])
        else:
            read.values[sensor] = array("d", [_number(row, index) for row in rows])
    return read


def _numbers(cells: list[str]) -> array[float]:
    """The cells as numbers, ``nan`` for those that are not finite numbers: all at once when
    every cell is one, as in most sensor files."""
    try:
        values = array("d", map(float, cells))
    except ValueError:
        return array("d", [_cell_number(cell) for cell in cells])
    if all(map(math.isfinite, values)):
        return values
    return array("d", [value if math.isfinite(value) else math.nan for value in values])


def _number(row: Sequence[str], index: int | None) -> float:
    if index is None or index >= len(row):
        return math.nan
    return _cell_number(row[index])


def _cell_number(cell: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan

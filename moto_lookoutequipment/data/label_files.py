"""Label CSV files: rows of ``start,end`` with no header, in the documented timestamp formats.

Pure parsing, no S3 and no moto: the caller reads the bytes and turns ``LabelFileError`` into the
service's error, naming the object.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import datetime, timedelta

from .sensor_data import utc_moment
from .timestamps import TimestampParser

# The documented label example (2020-02-01T20:00:00.000000) adds fractional seconds to a data
# timestamp format; they are accepted after the seconds of any format that has them.
_FRACTION = re.compile(r"(?P<base>.*\d{2})\.(?P<fraction>\d{1,9})")


class LabelFileError(ValueError):
    """A label file that cannot be read; the message says where and why."""


def parse_timestamp(text: str, parser: TimestampParser | None = None) -> datetime | None:
    """The UTC time ``text`` denotes in a documented format, or ``None``."""
    parser = parser or TimestampParser()
    value = text.strip()
    microseconds = 0
    split = _FRACTION.fullmatch(value)
    if split is not None:
        value = split["base"]
        if "ss" not in (parser.format_of(value) or ""):
            return None
        microseconds = int(split["fraction"].ljust(6, "0")[:6])
    seconds = parser.parse(value)
    if math.isnan(seconds):
        return None
    return utc_moment(seconds) + timedelta(microseconds=microseconds)


def parse_label_file(content: bytes) -> list[tuple[datetime, datetime]]:
    """Every ``start,end`` row of a label file, in file order; blank lines are skipped.

    Columns after the second are ignored. A row that has fewer than two columns, a value that is
    not a documented timestamp, or an end that is not after its start is a ``LabelFileError``
    naming the line.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LabelFileError("the file is not UTF-8 text") from error
    ranges = []
    reader = csv.reader(io.StringIO(text))
    parser = TimestampParser()
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                ranges.append(_parse_row(row, reader.line_num, parser))
    except csv.Error as error:
        raise LabelFileError(f"line {reader.line_num} is not valid CSV: {error}") from error
    return ranges


def _parse_row(
    row: list[str], line_number: int, parser: TimestampParser
) -> tuple[datetime, datetime]:
    if len(row) < 2:
        raise LabelFileError(f"line {line_number} has 1 column; a label row is start,end")
    start = _row_timestamp(row[0], line_number, parser)
    end = _row_timestamp(row[1], line_number, parser)
    if end <= start:
        raise LabelFileError(
            f"line {line_number}: the end '{row[1].strip()}' is not after the start "
            f"'{row[0].strip()}'"
        )
    return start, end


def _row_timestamp(value: str, line_number: int, parser: TimestampParser) -> datetime:
    parsed = parse_timestamp(value, parser)
    if parsed is None:
        raise LabelFileError(
            f"line {line_number}: '{value.strip()}' is not a timestamp in a supported format"
        )
    return parsed

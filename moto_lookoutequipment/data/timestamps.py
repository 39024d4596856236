"""The timestamp formats the service accepts in sensor data, and a fast parser for them.

Every documented format is a fixed-width date part (``yyyy-MM-dd``, ``yyyy/MM/dd``,
``yyyy MM dd`` or ``yyyyMMdd``), an optional separator (``T``, space or ``-``) and a fixed-width
time part (``HH:mm:ss``, ``HH:mm``, ``HH-mm-ss``, ``HHmmss`` or ``HHmm``); a time that ends in
seconds may carry a fraction of 1 to 9 digits after a ``.``, kept to the microsecond. Values
carry no time zone and are read as UTC.

Sensor files repeat the same dates and times of day over and over, so the parser checks each
distinct date part and separator-and-time part once and keeps its value; a row then costs two
dictionary lookups. It also tries the format that matched last before any other.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import add, itemgetter

from .sensor_data import EPOCH_DAY, utc_moment

# In the service's Java notation, in the order of its documentation.
DOCUMENTED_FORMATS = (
    "yyyy-MM-dd-HH-mm-ss",
    "yyyy-MM-dd'T'HH:mm:ss",
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd-HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm",
    "yyyy-MM-dd HH:mm",
    "yyyy-MM-dd-HH:mm",
    "yyyy/MM/dd'T'HH:mm:ss",
    "yyyyMMdd'T'HH:mm",
    "yyyyMMdd HH:mm",
    "yyyyMMddHHmm",
    "yyyy/MM/dd HH:mm:ss",
    "yyyyMMdd'T'HH:mm:ss",
    "yyyyMMdd HH:mm:ss",
    "yyyyMMddHHmmss",
    "yyyy/MM/dd'T'HH:mm",
    "yyyy/MM/dd HH:mm",
    "yyyy MM dd'T'HH:mm:ss",
    "yyyy MM dd HH:mm:ss",
    "yyyy MM dd'T'HH:mm",
    "yyyy MM dd HH:mm",
)

_FIELDS = {
    "yyyy": r"(\d{4})",
    "MM": r"(\d{2})",
    "dd": r"(\d{2})",
    "HH": r"([01]\d|2[0-3])",
    "mm": r"([0-5]\d)",
    "ss": r"([0-5]\d)",
}
_TOKEN = re.compile(r"yyyy|MM|dd|HH|mm|ss|.")
NOT_A_TIMESTAMP = math.nan


# A time that ends in seconds may carry a fraction of 1 to 9 digits, kept to the microsecond.
_FRACTION = r"(?:\.(\d{1,9}))?"
_MICROSECOND_DIGITS = 6  # a millionth of a second


def _layout_regex(layout: str) -> re.Pattern[str]:
    # ASCII: ``\d`` would otherwise match the digits of every script.
    pattern = "".join(_FIELDS.get(t, re.escape(t)) for t in _TOKEN.findall(layout))
    if layout.endswith("ss"):
        pattern += _FRACTION
    return re.compile(pattern, re.ASCII)


def _fraction_seconds(digits: str) -> float:
    """``5`` → 0.5, ``123456789`` → 0.123456: the fraction's whole microseconds."""
    micros = digits[:_MICROSECOND_DIGITS].ljust(_MICROSECOND_DIGITS, "0")
    return int(micros) / 1e6


@dataclass
class _Part:
    """A fixed-width date layout, or a time-of-day layout with the separator before it, and the
    values of the texts already seen in it."""

    layout: str
    regex: re.Pattern[str] = field(init=False)
    values: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.regex = _layout_regex(self.layout)

    @property
    def width(self) -> int:
        return len(self.layout)

    def value(self, text: str) -> float | None:
        """Seconds since the epoch (date) or since midnight (time), or ``None``."""
        known = self.values.get(text)
        if known is not None:
            return known
        match = self.regex.fullmatch(text)
        if match is None:
            return None
        groups = list(match.groups())
        fraction = groups.pop() if self.layout.endswith("ss") else None
        numbers = [int(group) for group in groups]
        if self.layout.startswith("yyyy"):
            try:
                day = date(numbers[0], numbers[1], numbers[2])
            except ValueError:
                return None
            seconds = float((day.toordinal() - EPOCH_DAY) * 86400)
        else:
            seconds = float(sum(n * unit for n, unit in zip(numbers, (3600, 60, 1), strict=False)))
        if fraction:
            seconds += _fraction_seconds(fraction)
            if fraction.strip("0"):
                return seconds  # kept only when whole: sub-second times rarely repeat
        self.values[text] = seconds
        return seconds


@dataclass
class _Format:
    """A documented format: a date part, then the rest (separator and time of day).

    Each part only ever holds texts it has checked, so a text whose two parts are both known is
    in this format; no other check is needed.
    """

    java: str
    date_part: _Part
    rest_part: _Part

    def __post_init__(self) -> None:
        self.date_width = self.date_part.width
        self.date_text = itemgetter(slice(0, self.date_width))
        self.rest_text = itemgetter(slice(self.date_width, None))

    def parse_all(self, texts: Sequence[str]) -> array[float] | None:
        """Every text's value when all are in this format, else ``None``."""
        if texts and (self.parse(texts[0]) is None or self.parse(texts[-1]) is None):
            return None  # in sorted data, new dates come last: learn them before mapping
        for _ in range(2):
            try:
                return array(
                    "d",
                    list(
                        map(
                            add,
                            map(self.date_part.values.__getitem__, map(self.date_text, texts)),
                            map(self.rest_part.values.__getitem__, map(self.rest_text, texts)),
                        )
                    ),
                )
            except KeyError:
                if not self._learn(texts):
                    return None
        return None

    def _learn(self, texts: Sequence[str]) -> bool:
        """Check the parts not seen yet; ``False`` if one is not in this format."""
        for part, getter in ((self.date_part, self.date_text), (self.rest_part, self.rest_text)):
            for text in set(map(getter, texts)).difference(part.values):
                if part.value(text) is None:
                    return False
        return True

    def parse(self, text: str) -> float | None:
        day = self.date_part.value(text[: self.date_width])
        if day is None:
            return None
        seconds = self.rest_part.value(text[self.date_width :])
        return None if seconds is None else day + seconds


def _split(java: str, parts: dict[str, _Part]) -> _Format:
    plain = java.replace("'", "")
    date_width = 8 if plain.startswith("yyyyMMdd") else 10
    date_layout, rest_layout = plain[:date_width], plain[date_width:]
    return _Format(
        java,
        parts.setdefault(date_layout, _Part(date_layout)),
        parts.setdefault(rest_layout, _Part(rest_layout)),
    )


class TimestampParser:
    """Reads timestamps in the documented formats as epoch seconds (UTC).

    One parser per ingestion: it remembers the date and time parts it has seen.
    """

    def __init__(self) -> None:
        parts: dict[str, _Part] = {}
        self._formats = [_split(java, parts) for java in DOCUMENTED_FORMATS]
        self._last = self._formats[2]

    def parse(self, text: str) -> float:
        """Epoch seconds, or ``nan`` when ``text`` is in none of the documented formats."""
        last = self._last
        day = last.date_part.values.get(text[: last.date_width])
        seconds = last.rest_part.values.get(text[last.date_width :])
        if day is not None and seconds is not None:
            return day + seconds
        return self._parse_any(text)

    def parse_column(self, texts: Sequence[str]) -> array[float]:
        """The values of many texts (``nan`` for those in no documented format)."""
        values = self._last.parse_all(texts)
        if values is None:
            values = array("d", map(self.parse, texts))
        return values

    def _parse_any(self, text: str) -> float:
        stripped = text.strip()
        for candidate in (text, stripped) if stripped != text else (text,):
            for layout in [self._last, *self._formats]:
                value = layout.parse(candidate)
                if value is not None:
                    self._last = layout
                    return value
        return NOT_A_TIMESTAMP

    def format_of(self, text: str) -> str | None:
        """The documented format ``text`` is written in, or ``None``."""
        return next((f.java for f in self._formats if f.parse(text.strip()) is not None), None)


def parse_timestamp(text: str) -> datetime | None:
    """The UTC time ``text`` denotes in one of the documented formats, or ``None``."""
    seconds = TimestampParser().parse(text)
    if math.isnan(seconds):
        return None
    return utc_moment(seconds)

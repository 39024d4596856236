"""When a scheduler runs: hour-aligned data windows and their scheduled run times.

With an upload frequency F the hour is split into 60/F windows starting at :00. The execution for
the window ``(start, end]`` runs at ``end`` plus the scheduler's data delay offset, for the windows
that end after the scheduler began running and whose run time comes before it stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cached_property

from .sensor_data import utc_text

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# One read catches up at most this many scheduled runs (the newest): after a long jump of the
# clock, older runs are not made, which bounds the time and memory of a read.
NEWEST_RUNS = 10_000

_DURATION = re.compile(r"^PT(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?$")
_OFFSET = re.compile(r"^(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2})$")


def parse_duration(text: str) -> timedelta:
    """The length of an ISO-8601 time duration such as ``PT5M``, ``PT1H`` or ``PT30S``."""
    match = _DURATION.match(text)
    if match is None or not any(match.groups()):
        raise ValueError(f"'{text}' is not a duration such as PT5M")
    return timedelta(
        hours=int(match["hours"] or 0),
        minutes=int(match["minutes"] or 0),
        seconds=int(match["seconds"] or 0),
    )


def parse_offset(text: str) -> timedelta:
    """The shift of a ``+HH:MM`` / ``-HH:MM`` time zone offset from UTC."""
    match = _OFFSET.match(text)
    if match is None or int(match["minutes"]) >= 60:
        raise ValueError(f"'{text}' is not a time zone offset such as +05:30")
    size = timedelta(hours=int(match["hours"]), minutes=int(match["minutes"]))
    return -size if match["sign"] == "-" else size


@dataclass(frozen=True)
class Window:
    """One execution's data window ``(start, end]`` and the time it is scheduled to run."""

    start: datetime
    end: datetime
    scheduled: datetime

    @cached_property
    def bounds(self) -> tuple[float, float]:
        """``start`` and ``end`` in epoch seconds, worked out once for the files it takes rows
        from."""
        return self.start.timestamp(), self.end.timestamp()


def windows_run_between(
    frequency: timedelta,
    delay: timedelta,
    after: datetime,
    until: datetime,
    data_after: datetime | None = None,
    newest: int | None = None,
) -> list[Window]:
    """The windows whose scheduled time falls in ``(after, until]``, oldest first; only the
    ``newest`` of them when that many is given.

    Only windows that end after ``data_after`` are run: the time the scheduler began running (a
    scheduler started at 09:00 with a 5-minute offset first runs the window ending at 09:05, at
    09:10), or the end of the last window it ran.
    """
    lower = after - delay
    if data_after is not None:
        lower = max(lower, data_after)
    end = _window_end_after(lower, frequency)
    last = _window_end_after(until - delay, frequency, inclusive=True)
    if newest is not None:
        end = newest_from(end, last, frequency, newest)
    windows = []
    while end <= last:
        windows.append(Window(start=end - frequency, end=end, scheduled=end + delay))
        end += frequency
    return windows


def newest_from(first: datetime, last: datetime, step: timedelta, newest: int) -> datetime:
    """Where to start among the runs ``first``, ``first + step``, ... up to ``last`` (one of
    them) so as to make only the ``newest`` of them."""
    skipped = (last - first) // step + 1 - newest
    return first + skipped * step if skipped > 0 else first


def _window_end_after(moment: datetime, frequency: timedelta, inclusive: bool = False) -> datetime:
    """The first window end after ``moment`` (with ``inclusive``: the last one at or before it)."""
    count = (moment - EPOCH) // frequency
    return EPOCH + (count if inclusive else count + 1) * frequency


def iso_z(moment: datetime) -> str:
    """``2022-05-13T12:15:00Z``: how the service writes a UTC time in names and messages."""
    return utc_text(moment) + "Z"

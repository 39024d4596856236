"""Reading one scheduler's input from moto's S3 for the windows of one read.

The objects under the input prefix are listed once per read, one timestamp parser serves every
file, and a file is read once for the neighbouring windows that accept it: a read after a long
time jump runs thousands of windows over the same listing, each accepting a few files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ...data.inference_input import (
    FileRows,
    InputFileError,
    InputIndex,
    InputNaming,
    missing_file_reason,
    read_file_rows,
)
from ...data.inference_windows import Window, iso_z
from ...data.scoring import SensorKey
from ...data.timestamps import TimestampParser
from .. import s3_access


class InputUnusable(Exception):
    """The window cannot be scored; the message is the execution's ``FailedReason``."""


class InputReader:
    def __init__(
        self, account_id: str, region: str, bucket: str, prefix: str, naming: InputNaming
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.bucket = bucket
        self.prefix = prefix
        self.naming = naming
        self.location = s3_access.s3_url(bucket, prefix)
        self.parser = TimestampParser()
        self.objects = s3_access.find_bucket(account_id, region, bucket)
        listed = [] if self.objects is None else self.objects.objects(prefix)
        self.index = InputIndex([found.key[len(prefix) :] for found in listed], naming)
        # The files read for the current window and the previous one (or why they cannot be
        # read), by name, component and sensors: windows come oldest first, so an older file is
        # accepted by no later window.
        self._current: dict[tuple[str, str, tuple[str, ...]], FileRows | str] = {}
        self._previous: dict[tuple[str, str, tuple[str, ...]], FileRows | str] = {}

    def rows(
        self, components: list[tuple[str, list[str]]], window: Window
    ) -> dict[datetime, dict[SensorKey, float]]:
        """The window's rows with the values of every component's sensors; raises
        ``InputUnusable`` when a component has no file, or no row, for the window."""
        self._previous, self._current = self._current, {}
        parts: list[dict[datetime, dict[SensorKey, float]]] = []
        for component, sensors in components:
            files = self.index.files(component, window)
            if not files:
                raise InputUnusable(
                    missing_file_reason(self.location, component, self.naming, window)
                )
            found = 0
            readable: list[str] = []
            unreadable: InputUnusable | None = None
            sensor_names = tuple(sensors)
            for name in files:
                try:
                    component_rows = self._read(name, component, sensor_names).within(window)
                except InputUnusable as error:
                    # A file stamped near the window may hold a neighbour's rows only; it
                    # fails the window only when no other file could be read.
                    unreadable = unreadable or error
                    continue
                readable.append(name)
                found += len(component_rows)
                if component_rows:
                    parts.append(component_rows)
            if unreadable is not None and not readable:
                raise unreadable
            if not found:
                raise InputUnusable(
                    f"Could not find data for sensor {component} within expected range of "
                    f"({iso_z(window.start)}, {iso_z(window.end)}] in "
                    + ", ".join(f"'{self.location}{name}'" for name in readable)
                    + ". Please ensure the timestamps inside the files are in UTC."
                )
        if len(parts) == 1:
            # Nothing to merge: the window's part of one file is its rows, shared with the
            # file's other windows, as nothing changes a row once read.
            return parts[0]
        rows: dict[datetime, dict[SensorKey, float]] = {}
        for part in parts:
            for moment, values in part.items():
                merged = rows.get(moment)
                if merged is None:
                    # A copy: the file's rows serve the next window too.
                    rows[moment] = dict(values)
                else:
                    merged.update(values)
        return rows

    def _read(self, name: str, component: str, sensors: tuple[str, ...]) -> FileRows:
        """The file's rows, read once for the windows that accept it."""
        key = (name, component, sensors)
        read = self._current.get(key) or self._previous.get(key)
        if read is None:
            read = self._read_file(name, component, sensors)
        self._current[key] = read
        if isinstance(read, str):
            raise InputUnusable(read)
        return read

    def _read_file(self, name: str, component: str, sensors: Sequence[str]) -> FileRows | str:
        """The file's rows, or why it cannot be read."""
        chunks = self.objects.chunks(self.prefix + name) if self.objects is not None else []
        try:
            return read_file_rows(chunks, component, sensors, self.parser)
        except InputFileError as error:
            return f"Could not read data file '{self.location}{name}': {error}."

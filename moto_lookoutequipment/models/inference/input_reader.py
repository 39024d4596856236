"""Reading one scheduler's input from moto's S3 for the windows of one read.

The objects under the input prefix are listed once per read, one timestamp parser serves every
file, and a file is read once for the neighbouring windows that accept it: a read after a long
time jump runs thousands of windows over the same listing, each accepting a few files.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...data.inference_input import (
    InputFileError,
    InputIndex,
    InputNaming,
    missing_file_reason,
    read_file_rows,
)
from ...data.inference_windows import Window, iso_z
from ...data.sensor_data import ComponentData, DatasetData, add_rows
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
        listed = [] if self.objects is None else self.objects.names(prefix)
        self.index = InputIndex([name[len(prefix) :] for name in listed], naming)
        # The files read for the current window and the previous one (or why they cannot be
        # read), by name, component and sensors: windows come oldest first, so an older file is
        # accepted by no later window.
        self._current: dict[tuple[str, str, tuple[str, ...]], ComponentData | str] = {}
        self._previous: dict[tuple[str, str, tuple[str, ...]], ComponentData | str] = {}

    def rows(self, components: list[tuple[str, list[str]]], window: Window) -> DatasetData:
        """The window's rows with the values of every component's sensors; raises
        ``InputUnusable`` when a component has no file, or no row, for the window."""
        self._previous, self._current = self._current, {}
        start, end = window.bounds
        parts: list[ComponentData] = []
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
                    part = self._read(name, component, sensor_names).within(start, end)
                except InputUnusable as error:
                    # A file stamped near the window may hold a neighbour's rows only; it
                    # fails the window only when no other file could be read.
                    unreadable = unreadable or error
                    continue
                readable.append(name)
                if part is not None:
                    found += len(part)
                    parts.append(part)
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
            return DatasetData({parts[0].name: parts[0]})
        # Files of one component that hold rows at the same time: the later file's count.
        rows = DatasetData()
        for part in parts:
            add_rows(rows, part)
        return rows

    def _read(self, name: str, component: str, sensors: tuple[str, ...]) -> ComponentData:
        """The file's rows, read once for the windows that accept it."""
        key = (name, component, sensors)
        read = self._current.get(key)
        if read is None:
            read = self._previous.get(key)
        if read is None:
            read = self._read_file(name, component, sensors)
        self._current[key] = read
        if isinstance(read, str):
            raise InputUnusable(read)
        return read

    def _read_file(self, name: str, component: str, sensors: Sequence[str]) -> ComponentData | str:
        """The file's rows, or why it cannot be read."""
        chunks = self.objects.chunks(self.prefix + name) if self.objects is not None else []
        try:
            return read_file_rows(chunks, component, sensors, self.parser)
        except InputFileError as error:
            return f"Could not read data file '{self.location}{name}': {error}."

"""CSV rows from a stream of byte chunks, without ever holding the whole file.

The bytes go through a buffered text decoder (UTF-8, an optional byte-order mark is dropped) into
the standard ``csv`` reader, so quoting and line endings follow the usual CSV rules. An object
read in one chunk that decodes cleanly is decoded at once instead: setting up the buffered
decoder costs more than reading a small file, and such a file yields the same rows either way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain, islice

# Small batches keep the rows being converted in the processor's cache.
BATCH_ROWS = 512


class CsvReadError(ValueError):
    """The bytes are not readable CSV text; the message says why."""


class _ChunkStream(io.RawIOBase):
    """A raw binary stream over an iterator of chunks, counting the bytes it hands out."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")
        self.bytes_read = 0
        self.head = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
            if not self.head:
                self.head = bytes(chunk[:2])
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self.bytes_read += size
        return size


class CsvStream:
    """The rows of a CSV file read from byte chunks, in batches.

    ``header`` is the first row (``None`` for an empty file); ``batches()`` yields the following
    rows in lists of at most ``BATCH_ROWS``. Reading errors surface as ``CsvReadError``.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        remaining = iter(chunks)
        first = next(remaining, b"")
        second = next(remaining, None)
        whole = _decoded(first) if second is None else None
        lines: Iterable[str]
        if whole is not None:
            # Nothing is left to stream: the whole object has been read.
            self._raw = _ChunkStream([])
            self._raw.bytes_read = len(first)
            lines = io.StringIO(whole, newline="")
        else:
            # Decoding errors surface where the buffered decoder meets them, as they always have.
            read = [first] if second is None else [first, second]
            self._raw = _ChunkStream(chain(read, remaining))
            lines = io.TextIOWrapper(io.BufferedReader(self._raw), encoding="utf-8-sig", newline="")
        self._rows: Iterator[list[str]] = csv.reader(lines)
        self.header = self._first_row()

    @property
    def bytes_read(self) -> int:
        return self._raw.bytes_read

    def _first_row(self) -> list[str] | None:
        """The first row that is not a blank line."""
        try:
            return next((row for row in self._rows if row), None)
        except (UnicodeDecodeError, csv.Error) as error:
            raise CsvReadError(_describe(error, self._raw.head)) from error

    def batches(self) -> Iterator[list[list[str]]]:
        """The data rows in batches; blank lines are left out."""
        rows = self._rows
        while True:
            try:
                chunk = list(islice(rows, BATCH_ROWS))
            except (UnicodeDecodeError, csv.Error) as error:
                raise CsvReadError(_describe(error, self._raw.head)) from error
            if not chunk:
                return
            batch = [row for row in chunk if row]
            if batch:
                yield batch


GZIP_MAGIC = b"\x1f\x8b"


def _decoded(chunk: bytes) -> str | None:
    """The text of a whole object, or ``None`` when it is not UTF-8."""
    try:
        return chunk.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _describe(error: Exception, head: bytes) -> str:
    if isinstance(error, UnicodeDecodeError):
        if head == GZIP_MAGIC:
            return "it is gzip-compressed; objects are read as plain CSV text"
        byte = error.object[error.start : error.start + 1].hex()
        return f"it is not UTF-8 text (it holds the byte 0x{byte}, which UTF-8 cannot decode)"
    return f"it is not valid CSV ({error})"

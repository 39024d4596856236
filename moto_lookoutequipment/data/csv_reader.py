"""CSV rows from a stream of byte chunks, without ever holding the whole file.

The bytes go through a buffered text decoder (UTF-8, an optional byte-order mark is dropped) into
the standard ``csv`` reader, so quoting and line endings follow the usual CSV rules. An object
read in one chunk that decodes cleanly is decoded at once instead: setting up the buffered
decoder costs more than reading a small file, and such a file yields the same rows either way.

Most sensor files hold no quote at all. ``column_batches`` splits such text at newlines and
commas itself, which yields exactly the cells the ``csv`` reader would in 60 % of its time, and
hands them over as columns; from the first stretch of text that it cannot split so, the ``csv``
reader reads the rest of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice, repeat

# Small batches keep the rows being converted in the processor's cache.
BATCH_ROWS = 512
# Text split at a time: some 350 rows of ten sensors, whose cells stay in the processor's cache
# until they are converted. Two blocks together stay below csv's field size limit, so that text
# split here never holds a field the csv reader would refuse.
BLOCK_CHARS = 32 * 1024


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


@dataclass
class ColumnBatch:
    """Rows as columns of cells, one column per column of the header: a row short of cells has
    blank ones. ``rows`` keeps the rows as read when some may hold cells past the header's."""

    columns: list[Sequence[str]]
    rows: list[list[str]] | None = None

    @classmethod
    def of_rows(cls, rows: list[list[str]], width: int) -> ColumnBatch:
        # As many columns as the shortest row has cells, and none of the cells past the header.
        columns: list[Sequence[str]] = list(islice(zip(*rows, strict=False), width))
        if len(columns) < width:
            padded = [row + [""] * (width - len(row)) for row in rows]
            columns = list(islice(zip(*padded, strict=False), width))
        return cls(columns, rows)

    def __len__(self) -> int:
        return len(self.columns[0])

    def row(self, index: int) -> Sequence[str]:
        """Every cell of one row, including those past the header's columns."""
        if self.rows is not None:
            return self.rows[index]
        return [column[index] for column in self.columns]


class CsvStream:
    """The rows of a CSV file read from byte chunks, in batches.

    ``header`` is the first row (``None`` for an empty file); ``batches()`` yields the following
    rows in lists of at most ``BATCH_ROWS``, ``column_batches()`` as columns. Reading errors
    surface as ``CsvReadError``.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        remaining = iter(chunks)
        first = next(remaining, b"")
        second = next(remaining, None)
        whole = _decoded(first) if second is None else None
        self._text: io.TextIOBase
        # The text after the header of a whole text that is split at commas.
        self._rest: str | None = None
        # The stream of a text that is not read whole; a whole one has been read at once.
        self._raw: _ChunkStream | None = None
        self._whole_size = len(first)
        if whole is not None and _splittable(whole):
            # The csv reader would read such text as its lines split at commas; setting it up
            # costs more than reading a small file (a catch-up reads thousands).
            # Blank lines before the header are left out; every carriage return is in a \r\n.
            text = whole.lstrip("\r\n")
            end = text.find("\n")
            line, self._rest = (text, "") if end < 0 else (text[:end], text[end + 1 :])
            line = line.removesuffix("\r")
            self.header = line.split(",") if line else None
            return
        if whole is not None:
            # Nothing is left to stream: the whole object has been read.
            self._text = io.StringIO(whole, newline="")
        else:
            # Decoding errors surface where the buffered decoder meets them, as they always have.
            read = [first] if second is None else [first, second]
            self._raw = _ChunkStream(chain(read, remaining))
            self._text = io.TextIOWrapper(
                io.BufferedReader(self._raw), encoding="utf-8-sig", newline=""
            )
        self._rows: Iterator[list[str]] = csv.reader(self._text)
        self.header = self._first_row()

    @property
    def bytes_read(self) -> int:
        return self._whole_size if self._raw is None else self._raw.bytes_read

    @property
    def _head(self) -> bytes:
        """The first bytes of the object, which tell a compressed one (a whole text has been
        decoded, so it meets no decoding error)."""
        return b"" if self._raw is None else self._raw.head

    def _first_row(self) -> list[str] | None:
        """The first row that is not a blank line."""
        try:
            return next((row for row in self._rows if row), None)
        except (UnicodeDecodeError, csv.Error) as error:
            raise CsvReadError(_describe(error, self._head)) from error

    def batches(self) -> Iterator[list[list[str]]]:
        """The data rows in batches; blank lines are left out."""
        if self._rest is not None:
            lines = self._rest.replace("\r\n", "\n").split("\n")
            return _in_batches([line.split(",") for line in lines if line])
        return self._row_batches(self._rows)

    def _row_batches(self, rows: Iterator[list[str]]) -> Iterator[list[list[str]]]:
        while True:
            try:
                chunk = list(islice(rows, BATCH_ROWS))
            except (UnicodeDecodeError, csv.Error) as error:
                raise CsvReadError(_describe(error, self._head)) from error
            if not chunk:
                return
            batch = [row for row in chunk if row]
            if batch:
                yield batch

    def column_batches(self) -> Iterator[ColumnBatch]:
        """The data rows in batches of as many columns as the header has; blank lines are left
        out. Only for a file with a header."""
        assert self.header is not None
        width = len(self.header)
        if self._rest is not None:
            self._text = io.StringIO(self._rest, newline="")
            self._rest = None
        rest = ""
        while True:
            read = self._read(BLOCK_CHARS)
            text = rest + read
            if not read:  # the end of the file
                block, rest = text, ""
            else:
                end = text.rfind("\n") + 1
                block, rest = text[:end], text[end:]
            if not block and len(rest) <= BLOCK_CHARS:
                if not rest:
                    return
                continue
            if not block or not _splittable(block):
                # All the text before this block was whole lines, so a record starts here.
                yield from self._read_with_csv(block + rest, width)
                return
            batch = _split(block, width)
            if batch is not None:
                yield batch

    def _read(self, size: int) -> str:
        try:
            return self._text.read(size)
        except UnicodeDecodeError as error:
            raise CsvReadError(_describe(error, self._head)) from error

    def _read_with_csv(self, text: str, width: int) -> Iterator[ColumnBatch]:
        """The rows of ``text`` (which starts a record) and of the rest of the file."""
        try:
            # The csv reader takes each string it is given for a line: complete the last one.
            text += self._text.readline()
        except UnicodeDecodeError as error:
            raise CsvReadError(_describe(error, self._head)) from error
        rows = csv.reader(chain(io.StringIO(text, newline=""), self._text))
        for batch in self._row_batches(rows):
            yield ColumnBatch.of_rows(batch, width)


def _in_batches(rows: list[list[str]]) -> Iterator[list[list[str]]]:
    for start in range(0, len(rows), BATCH_ROWS):
        yield rows[start : start + BATCH_ROWS]


def _splittable(text: str) -> bool:
    """Whether the csv reader reads ``text`` as lines split at commas: without quotes, a NUL
    character or a carriage return other than in ``\\r\\n``, and too short to hold a field
    longer than csv allows."""
    return (
        '"' not in text
        and "\0" not in text
        and ("\r" not in text or text.count("\r") == text.count("\r\n"))
        and len(text) < csv.field_size_limit()
    )


def _split(text: str, width: int) -> ColumnBatch | None:
    """The rows of ``text``, which ``_splittable`` accepts, as columns; ``None`` if it holds
    only blank lines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()
    if set(map(str.count, lines, repeat(","))) == {width - 1}:
        # Every row has exactly ``width`` cells: split all at once and take every width-th.
        cells = ",".join(lines).split(",")
        return ColumnBatch([cells[column::width] for column in range(width)])
    rows = [line.split(",") for line in lines if line]
    return ColumnBatch.of_rows(rows, width) if rows else None


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

"""CSV text read as columns gives exactly the rows the standard csv reader gives, whether the
text is split at commas or handed to the csv reader, whatever the chunk and block boundaries."""

from __future__ import annotations

import csv
import io

import pytest

from moto_lookoutequipment.data import csv_reader
from moto_lookoutequipment.data.csv_reader import CsvReadError, CsvStream

HEADER = "Timestamp,a,b\n"
ROWS = "".join(f"2021-01-01 00:{minute:02d},{minute},{minute / 4}\n" for minute in range(60))
SHORT_AND_LONG = "2021-01-02 00:00,1\n2021-01-02 00:01,1,2,3,4\n2021-01-02 00:02\n,,\n"

TEXTS = {
    "plain": HEADER + ROWS,
    "no final newline": HEADER + ROWS.rstrip("\n"),
    "crlf": (HEADER + ROWS).replace("\n", "\r\n"),
    "blank lines": HEADER + ROWS[:200] + "\n\n\r\n" + ROWS[200:] + "\n\n",
    "short and long rows": HEADER + ROWS[:300] + SHORT_AND_LONG + ROWS[300:],
    "a quote late": HEADER + ROWS * 3 + '2021-01-03 00:00,"1,5","line\nbreak"\n' + ROWS,
    "a quote at once": 'Timestamp,"a",b\n"2021-01-01 00:00",1,2\n' + ROWS,
    "a lone carriage return": HEADER + ROWS[:500] + "2021-01-02 00:00,1,2\r" + ROWS[500:],
    "a carriage return at the end": HEADER + ROWS + "2021-01-02 00:00,1,2\r",
    "a NUL": HEADER + ROWS[:100] + "2021-01-02 00:00,1\0,2\n" + ROWS[100:],
    "a line longer than a block": HEADER + ROWS[:100] + f"2021-01-02 00:00,1,{'9' * 700}\n" + ROWS,
    "only blank lines after the header": HEADER + "\n\r\n\n",
    "a byte-order mark": "\ufeff" + HEADER + ROWS,
    "blank lines before the header": "\n\r\n\n" + HEADER + ROWS,
    "unicode separators": HEADER + "2021-01-01 00:00,1\u2028,2\x0b\x1c\x85\n" + ROWS,
}


def csv_reader_rows(text: str) -> list[list[str]]:
    """The rows ``csv.reader`` reads, header first, blank lines left out."""
    return [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) if row]


def csv_rows(text: str) -> list[list[str]]:
    return csv_reader_rows(text)[1:]


def column_rows(data: bytes, chunk: int) -> list[list[str]]:
    chunks = [data[start : start + chunk] for start in range(0, len(data), chunk)]
    stream = CsvStream(chunks)
    assert stream.header is not None
    width = len(stream.header)
    rows = []
    for batch in stream.column_batches():
        assert len(batch.columns) == width
        for index in range(len(batch)):
            row = list(batch.row(index))
            padded = (row + [""] * width)[:width]
            assert [column[index] for column in batch.columns] == padded
            rows.append(row)
    return rows


@pytest.mark.parametrize("block", [16, 100, 64 * 1024])
@pytest.mark.parametrize("chunk", [1, 7, 1024 * 1024])
@pytest.mark.parametrize("name", list(TEXTS))
def test_columns_hold_the_rows_of_the_csv_reader(
    name: str, chunk: int, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_CHARS", block)
    text = TEXTS[name]

    assert column_rows(text.encode(), chunk) == csv_rows(text)


def test_a_field_beyond_the_csv_limit_is_a_read_error() -> None:
    previous = csv.field_size_limit(50)
    try:
        text = HEADER + ROWS[:100] + "2021-01-02 00:00,1," + "9" * 60 + "\n" + ROWS[100:]
        with pytest.raises(CsvReadError, match="field larger than field limit"):
            column_rows(text.encode(), 1024)
    finally:
        csv.field_size_limit(previous)


def test_bytes_that_are_not_utf8_after_many_rows_are_a_read_error() -> None:
    data = (HEADER + ROWS * 50).encode() + b"2021-01-02 00:00,\xff,1\n"
    with pytest.raises(CsvReadError, match="not UTF-8 text"):
        column_rows(data, 4096)


def test_rows_of_exactly_the_headers_width_are_split_at_commas() -> None:
    stream = CsvStream([(HEADER + ROWS * 100).encode()])

    batches = list(stream.column_batches())

    assert sum(map(len, batches)) == 6000
    assert all(batch.rows is None for batch in batches)  # never through csv.reader's rows


@pytest.mark.parametrize("chunk", [1, 7, 1024 * 1024])
@pytest.mark.parametrize("name", list(TEXTS))
def test_rows_are_those_of_the_csv_reader_read_whole_or_in_chunks(name: str, chunk: int) -> None:
    data = TEXTS[name].encode()
    stream = CsvStream([data[start : start + chunk] for start in range(0, len(data), chunk)])

    rows = [row for batch in stream.batches() for row in batch]

    header, *expected = csv_reader_rows(TEXTS[name])
    assert stream.header == header
    assert rows == expected
    assert stream.bytes_read == len(data)


@pytest.mark.parametrize("text", ["", "\n\r\n\n", "\ufeff"])
def test_a_text_without_a_row_has_no_header(text: str) -> None:
    stream = CsvStream([text.encode()])

    assert stream.header is None
    assert list(stream.batches()) == []

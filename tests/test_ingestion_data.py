"""The pure parts of ingestion: timestamps, CSV streaming, conversion, statistics, key patterns."""

from __future__ import annotations

import math
from array import array
from datetime import datetime, timezone

import pytest

from moto_lookoutequipment.data.component_ingest import ComponentIngest
from moto_lookoutequipment.data.csv_reader import CsvReadError, CsvStream
from moto_lookoutequipment.data.key_patterns import KeyPattern, derived_schema
from moto_lookoutequipment.data.sensor_data import ComponentData
from moto_lookoutequipment.data.statistics import component_statistics
from moto_lookoutequipment.data.timestamps import (
    DOCUMENTED_FORMATS,
    TimestampParser,
    parse_timestamp,
)

MOMENT = datetime(2021, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
TO_THE_MINUTE = MOMENT.replace(second=0)

# Each documented format, and how 2021-03-04 05:06:07 is written in it.
WRITTEN = {
    "yyyy-MM-dd-HH-mm-ss": "2021-03-04-05-06-07",
    "yyyy-MM-dd'T'HH:mm:ss": "2021-03-04T05:06:07",
    "yyyy-MM-dd HH:mm:ss": "2021-03-04 05:06:07",
    "yyyy-MM-dd-HH:mm:ss": "2021-03-04-05:06:07",
    "yyyy-MM-dd'T'HH:mm": "2021-03-04T05:06",
    "yyyy-MM-dd HH:mm": "2021-03-04 05:06",
    "yyyy-MM-dd-HH:mm": "2021-03-04-05:06",
    "yyyy/MM/dd'T'HH:mm:ss": "2021/03/04T05:06:07",
    "yyyyMMdd'T'HH:mm": "20210304T05:06",
    "yyyyMMdd HH:mm": "20210304 05:06",
    "yyyyMMddHHmm": "202103040506",
    "yyyy/MM/dd HH:mm:ss": "2021/03/04 05:06:07",
    "yyyyMMdd'T'HH:mm:ss": "20210304T05:06:07",
    "yyyyMMdd HH:mm:ss": "20210304 05:06:07",
    "yyyyMMddHHmmss": "20210304050607",
    "yyyy/MM/dd'T'HH:mm": "2021/03/04T05:06",
    "yyyy/MM/dd HH:mm": "2021/03/04 05:06",
    "yyyy MM dd'T'HH:mm:ss": "2021 03 04T05:06:07",
    "yyyy MM dd HH:mm:ss": "2021 03 04 05:06:07",
    "yyyy MM dd'T'HH:mm": "2021 03 04T05:06",
    "yyyy MM dd HH:mm": "2021 03 04 05:06",
}


def test_the_table_covers_the_21_documented_formats() -> None:
    assert len(DOCUMENTED_FORMATS) == 21
    assert set(WRITTEN) == set(DOCUMENTED_FORMATS)


@pytest.mark.parametrize("java_format", DOCUMENTED_FORMATS)
def test_every_documented_format_is_read(java_format: str) -> None:
    text = WRITTEN[java_format]
    expected = MOMENT if "ss" in java_format else TO_THE_MINUTE

    assert parse_timestamp(text) == expected
    assert TimestampParser().format_of(text) == java_format
    assert TimestampParser().parse_column([text, text]) == array("d", [expected.timestamp()] * 2)


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-29 00:00:00",  # not a leap year
        "2021-13-01 00:00:00",
        "2021-01-01 24:00:00",
        "2021-01-01 00:60:00",
        "2021-01-01",
        "1/1/2020 0:00",  # the example on the documentation page, not a documented format
        "2021-01-01T00:00:00Z",
        "2021-01-01 00:00:00+01:00",
        "2021_01_01 00:00:00",
        "\u0662\u0660\u0662\u0661-01-01 00:00:00",  # Arabic-Indic digits
        "2021-01-01 0\uff10:00:00",  # a full-width digit
        "",
        "yesterday",
    ],
)
def test_undocumented_or_impossible_timestamps_are_not_read(text: str) -> None:
    assert parse_timestamp(text) is None
    assert math.isnan(TimestampParser().parse(text))


def test_a_column_mixing_formats_and_bad_values_is_read_cell_by_cell() -> None:
    parser = TimestampParser()
    column = ["2021-03-04 05:06:07", "20210304050607", "bad", "2021/03/04 05:06"]

    values = parser.parse_column(column)

    assert values[0] == values[1] == MOMENT.timestamp()
    assert math.isnan(values[2])
    assert values[3] == TO_THE_MINUTE.timestamp()


def chunks_of(data: bytes, size: int) -> list[bytes]:
    return [data[start : start + size] for start in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 3, 7, 1024])
def test_csv_rows_are_the_same_whatever_the_chunk_boundaries(size: int) -> None:
    data = '\ufeffTimestamp,"Sensor,0"\r\n2021-01-01 00:00,1\r\n\r\n"2021-01-01 00:01","é"\n'
    stream = CsvStream(chunks_of(data.encode(), size))

    assert stream.header == ["Timestamp", "Sensor,0"]
    assert [row for batch in stream.batches() for row in batch] == [
        ["2021-01-01 00:00", "1"],
        ["2021-01-01 00:01", "é"],
    ]
    assert stream.bytes_read == len(data.encode())


def test_bytes_that_are_not_utf8_are_a_read_error() -> None:
    stream = CsvStream([b"Timestamp,Sensor0\n", b"2021-01-01 00:00,\xff\xfe\n"])
    with pytest.raises(CsvReadError, match="not UTF-8 text"):
        list(stream.batches())
    with pytest.raises(CsvReadError, match="not UTF-8 text"):
        CsvStream([b"\x89PNG\r\n\x1a\n\x00\x00"])


def test_an_empty_object_has_no_header_and_blank_lines_come_before_it() -> None:
    assert CsvStream([]).header is None
    assert CsvStream([b"\n\r\n"]).header is None
    assert CsvStream([b"\n\nTimestamp,a\n"]).header == ["Timestamp", "a"]


def ingest(rows: list[list[str]], sensors: tuple[str, ...] = ("a", "b")) -> ComponentIngest:
    builder = ComponentIngest("pump", "Timestamp", sensors, TimestampParser())
    assert builder.add_file(["Timestamp", *sensors], [rows]) is None
    return builder


def test_cells_are_counted_as_missing_or_invalid_and_kept_as_nan() -> None:
    builder = ingest(
        [
            ["2021-01-01 00:00", "1", "2"],
            ["2021-01-01 01:00", "", " "],
            ["2021-01-01 02:00", "x", "nan"],
            ["2021-01-01 03:00", "inf", "1e999"],
            ["2021-01-01 04:00", "-1.5e2"],  # a short row: b is missing
            ["2021-01-01 05:00", "3", "4", "surplus"],
        ]
    )
    data = builder.finish()

    counts = builder.counts
    assert counts.rows == 6
    assert (counts.sensors["a"].missing, counts.sensors["a"].invalid) == (1, 2)
    assert (counts.sensors["b"].missing, counts.sensors["b"].invalid) == (2, 2)
    assert list(data.values["a"])[4:] == [-150.0, 3.0]
    assert [math.isnan(v) for v in data.values["b"]] == [False, True, True, True, True, False]


@pytest.mark.parametrize(
    "column",
    [
        ["1_000", "2", "3"],  # a digit group, which Python's float() would read
        ["1", "\u0661\u0662", "3"],  # Arabic-Indic digits
        ["1", "2", "\uff13"],  # a full-width digit
    ],
)
def test_only_plain_ascii_numbers_are_valid(column: list[str]) -> None:
    stamps = ["2021-01-01 00:00", "2021-01-01 01:00", "2021-01-01 02:00"]
    builder = ingest(
        [[stamp, cell, "1.5\u00a0"] for stamp, cell in zip(stamps, column, strict=True)]
    )
    data = builder.finish()

    assert (builder.counts.sensors["a"].invalid, builder.counts.sensors["a"].valid) == (1, 2)
    assert [math.isnan(value) for value in data.values["a"]] == [
        not c.isascii() or "_" in c for c in column
    ]
    # Surrounding blanks, even a no-break space, are not part of the number.
    assert list(data.values["b"]) == [1.5, 1.5, 1.5]


def test_a_number_beyond_the_largest_double_is_invalid_even_without_an_exponent() -> None:
    # float() reads 400 digits as infinity, which is not a value a sensor can have.
    builder = ingest(
        [
            ["2021-01-01 00:00", "1" * 400, "1"],
            ["2021-01-01 01:00", "2", "9" * 308],
        ]
    )
    data = builder.finish()

    assert (builder.counts.sensors["a"].invalid, builder.counts.sensors["a"].valid) == (1, 1)
    assert (builder.counts.sensors["b"].invalid, builder.counts.sensors["b"].valid) == (0, 2)
    assert math.isnan(data.values["a"][0])
    assert data.values["a"][1] == 2.0
    assert data.values["b"][1] == float("9" * 308)


def test_rows_are_sorted_and_a_repeated_timestamp_keeps_its_first_row() -> None:
    builder = ingest(
        [
            ["2021-01-01 02:00", "3", "3"],
            ["2021-01-01 00:00", "1", "1"],
            ["2021-01-01 02:00", "9", "9"],
            ["bad", "5", "5"],
            ["2021-01-01 01:00", "2", "2"],
        ]
    )
    data = builder.finish()

    assert (builder.counts.rows, builder.counts.unsupported_timestamps) == (5, 1)
    assert builder.counts.duplicates == 1
    assert list(data.values["a"]) == [1.0, 2.0, 3.0]
    assert data.timestamps[0] == datetime(2021, 1, 1, tzinfo=timezone.utc).timestamp()


def test_a_file_without_any_usable_value_is_rolled_back() -> None:
    builder = ingest([["2021-01-01 00:00", "1", "2"]])

    reason = builder.add_file(["Timestamp", "a", "b"], [[["2021-01-02 00:00", "", "x"]]])

    assert reason == "no row has a supported timestamp and a numeric sensor value"
    assert len(builder.finish()) == 1
    assert builder.counts.sensors["a"].missing == 0


def test_a_header_must_hold_exactly_the_components_columns() -> None:
    builder = ComponentIngest("pump", "Timestamp", ["a", "b"], TimestampParser())

    assert builder.header_problem(["Timestamp", "b", "a"]) is None
    assert builder.header_problem(["Timestamp", "a"]) == (
        "its columns (Timestamp, a) do not match the columns of component 'pump' (Timestamp, a, b)"
    )
    assert builder.header_problem(["a", "Timestamp", "b"]) is not None


def sensor_statistics(values: list[float], stamps: list[float] | None = None) -> dict:
    stamps = stamps if stamps is not None else [3600.0 * i for i in range(len(values))]
    data = ComponentData("c", ["s"], array("d", stamps), {"s": array("d", values)})
    builder = ComponentIngest("c", "Timestamp", ["s"], TimestampParser())
    builder.counts.rows = len(values)
    return component_statistics(data, builder.counts)[0]


def noise(count: int) -> list[float]:
    return [((i * 7919) % 1000) / 10 for i in range(count)]


def test_a_varied_sensor_has_no_issue() -> None:
    statistics = sensor_statistics(noise(5000))

    for flag in ("CategoricalValues", "MultipleOperatingModes", "LargeTimestampGaps"):
        assert statistics[flag] == {"Status": "NO_ISSUE_DETECTED"}
    assert statistics["MonotonicValues"] == {"Status": "NO_ISSUE_DETECTED"}


def test_few_distinct_values_are_categorical() -> None:
    assert sensor_statistics([i % 10 for i in range(5000)])["CategoricalValues"] == {
        "Status": "POTENTIAL_ISSUE_DETECTED",
        "NumberOfCategory": 10,
    }
    assert sensor_statistics([i % 11 for i in range(5000)])["CategoricalValues"] == {
        "Status": "NO_ISSUE_DETECTED"
    }


def test_monotonic_needs_95_percent_of_steps_in_one_direction() -> None:
    rising = [float(i) for i in range(100)]
    almost = rising[:95] + [0.0] * 5  # 94 rises out of 99 steps
    assert sensor_statistics(rising)["MonotonicValues"] == {
        "Status": "POTENTIAL_ISSUE_DETECTED",
        "Monotonicity": "INCREASING",
    }
    assert sensor_statistics(rising[::-1])["MonotonicValues"]["Monotonicity"] == "DECREASING"
    assert sensor_statistics([4.0] * 50)["MonotonicValues"]["Monotonicity"] == "STATIC"
    assert sensor_statistics(almost)["MonotonicValues"] == {"Status": "NO_ISSUE_DETECTED"}


def test_gaps_of_a_day_or_more_are_large() -> None:
    day = 86400.0
    stamps = [0.0, 3600.0, 3600 + day, 3600 + day + 3600, 3600 + 4.5 * day]

    assert sensor_statistics(noise(5), stamps)["LargeTimestampGaps"] == {
        "Status": "POTENTIAL_ISSUE_DETECTED",
        "NumberOfLargeTimestampGaps": 2,
        "MaxTimestampGapInDays": 3,
    }


def test_two_separate_groups_of_values_are_multiple_operating_modes() -> None:
    two_modes = [(10 if i % 3 else 100) + (i % 17) / 10 for i in range(5000)]

    assert sensor_statistics(two_modes)["MultipleOperatingModes"] == {
        "Status": "POTENTIAL_ISSUE_DETECTED"
    }


@pytest.mark.parametrize(
    "extremes",
    [(-1.7e308, 1.7e308), (0.0, 5e-324)],  # a span no float holds; a span of one subnormal
)
def test_the_histogram_holds_values_of_any_span(extremes: tuple[float, float]) -> None:
    low, high = extremes
    values = [low] * 50 + [high] * 50

    statistics = sensor_statistics(values)

    assert statistics["MultipleOperatingModes"] == {"Status": "POTENTIAL_ISSUE_DETECTED"}
    assert statistics["CategoricalValues"] == {
        "Status": "POTENTIAL_ISSUE_DETECTED",
        "NumberOfCategory": 2,
    }


@pytest.mark.parametrize(
    ("pattern", "key", "component"),
    [
        (None, "pump/2021/data.csv", "pump"),
        ("{prefix}/{component_name}/*", "pump/data.csv", "pump"),
        ("{prefix}/{component_name}_*", "pump_2021.csv", "pump"),
        ("{prefix}/{component_name}-*", "pump-2021.csv", "pump"),
        ("{prefix}/{component_name}.*", "pump.csv", "pump"),
        ("{prefix}/{component_name} *", "pump 2021.csv", "pump"),
        ("{prefix}/{component_name}[DELIMITER]*", "pump.2021_a.csv", "pump"),
        ("{prefix}/{component_name}_*", "pump.csv", None),
        ("{prefix}/{component_name}/*", "pump.csv", None),
        ("{prefix}/{component_name}_*", "sub/pump_1.csv", None),
    ],
)
def test_key_patterns_name_components(pattern: str | None, key: str, component: str) -> None:
    assert KeyPattern.parse(pattern).component_of(key) == component


def test_with_a_schema_the_longest_matching_component_owns_a_key() -> None:
    pattern = KeyPattern.parse("{prefix}/{component_name}_*")

    assert pattern.owner("pump_a_1.csv", ["pump", "pump_a"]) == "pump_a"
    assert pattern.owner("pump_b_1.csv", ["pump", "pump_a"]) == "pump"
    assert pattern.owner("motor_1.csv", ["pump"]) is None
    assert pattern.owner("pump_", {"pump"}) is None  # nothing after the delimiter
    any_delimiter = KeyPattern.parse("{prefix}/{component_name}[DELIMITER]*")
    assert any_delimiter.owner("pump.a-b_1.csv", {"pump.a", "pump.a-b", "pump"}) == "pump.a-b"
    assert any_delimiter.owner("pumps.csv", {"pump"}) is None


@pytest.mark.parametrize("text", ["{component_name}/*", "{prefix}/{component_name}+*", "*"])
def test_other_key_patterns_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not supported; use one of"):
        KeyPattern.parse(text)


def test_a_derived_schema_takes_the_first_column_as_the_timestamp() -> None:
    assert derived_schema([("pump", ["time", "a"])]) == {
        "Components": [
            {
                "ComponentName": "pump",
                "Columns": [{"Name": "time", "Type": "DATETIME"}, {"Name": "a", "Type": "DOUBLE"}],
            }
        ]
    }

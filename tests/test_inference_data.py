"""The pure parts of scheduled inference: windows, input file names, results and events."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from model_helpers import SensorRows, data_of, rows_of

from moto_lookoutequipment.data.inference_input import (
    InputFileError,
    InputIndex,
    InputNaming,
    missing_file_reason,
    read_file_rows,
)
from moto_lookoutequipment.data.inference_results import (
    InferenceEvent,
    ScoredRow,
    anomaly_runs,
    join_events,
    results_jsonl,
    results_key,
    score_rows,
)
from moto_lookoutequipment.data.inference_windows import (
    Window,
    iso_z,
    parse_duration,
    parse_offset,
    windows_run_between,
)
from moto_lookoutequipment.data.scoring import (
    RowScore,
    RowScorer,
    SensorModel,
    TrainedModel,
    parse_off_condition,
    result_timestamp,
    result_timestamp_of,
)
from moto_lookoutequipment.data.sensor_data import ComponentData, utc_moment


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2022, 5, 13, hour, minute, second, tzinfo=timezone.utc)


def window(start: datetime, minutes: int = 5) -> Window:
    end = start + timedelta(minutes=minutes)
    return Window(start=start, end=end, scheduled=end)


# Windows -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "offset", "first_run"),
    [
        ("PT5M", 0, at(9, 5)),
        ("PT10M", 0, at(9, 10)),
        ("PT15M", 0, at(9, 15)),
        ("PT30M", 0, at(9, 30)),
        ("PT1H", 0, at(10)),
        ("PT5M", 5, at(9, 10)),
        ("PT10M", 5, at(9, 15)),
        ("PT15M", 5, at(9, 20)),
        ("PT30M", 5, at(9, 35)),
        ("PT1H", 5, at(10, 5)),
    ],
)
def test_first_run_after_nine_matches_the_documented_table(
    frequency: str, offset: int, first_run: datetime
) -> None:
    length = parse_duration(frequency)
    windows = windows_run_between(length, timedelta(minutes=offset), at(9), at(11), at(9))
    first = windows[0]
    assert first.scheduled == first_run
    assert first.end == first_run - timedelta(minutes=offset)
    assert first.start == first.end - length


def test_windows_are_aligned_to_the_hour_and_cover_the_period_without_gaps() -> None:
    windows = windows_run_between(timedelta(minutes=5), timedelta(0), at(9, 2), at(9, 20))
    assert [(w.start, w.end) for w in windows] == [
        (at(9), at(9, 5)),
        (at(9, 5), at(9, 10)),
        (at(9, 10), at(9, 15)),
        (at(9, 15), at(9, 20)),
    ]


def test_a_run_exactly_at_the_start_is_not_included_and_one_at_the_end_is() -> None:
    windows = windows_run_between(timedelta(minutes=10), timedelta(0), at(9), at(9, 20))
    assert [w.scheduled for w in windows] == [at(9, 10), at(9, 20)]


def test_no_window_before_its_run_time() -> None:
    assert windows_run_between(timedelta(minutes=5), timedelta(0), at(9), at(9, 4, 59)) == []


def test_windows_ending_before_the_scheduler_began_are_not_run() -> None:
    windows = windows_run_between(timedelta(minutes=5), timedelta(minutes=5), at(9), at(9, 10))
    assert [w.end for w in windows] == [at(9), at(9, 5)]
    windows = windows_run_between(
        timedelta(minutes=5), timedelta(minutes=5), at(9), at(9, 10), data_after=at(9)
    )
    assert [w.end for w in windows] == [at(9, 5)]


def test_delay_shifts_the_run_but_not_the_window() -> None:
    (only,) = windows_run_between(timedelta(hours=1), timedelta(minutes=15), at(9, 30), at(10, 30))
    assert (only.start, only.end, only.scheduled) == (at(9), at(10), at(10, 15))


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("PT5M", timedelta(minutes=5)),
        ("PT1H", timedelta(hours=1)),
        ("PT30S", timedelta(seconds=30)),
        ("PT1S", timedelta(seconds=1)),
    ],
)
def test_iso_durations_parse_to_their_length(text: str, length: timedelta) -> None:
    assert parse_duration(text) == length


@pytest.mark.parametrize("text", ["5M", "PT", "P1D", ""])
def test_texts_without_a_time_part_are_not_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_time_zone_offsets_parse_with_their_sign() -> None:
    assert parse_offset("+05:30") == timedelta(hours=5, minutes=30)
    assert parse_offset("-03:00") == timedelta(hours=-3)
    assert parse_offset("+00:00") == timedelta(0)


@pytest.mark.parametrize("text", ["+01:60", "05:30", "+5:30", "UTC"])
def test_offsets_need_a_sign_and_two_digit_hours_and_minutes(text: str) -> None:
    with pytest.raises(ValueError):
        parse_offset(text)


def test_iso_z_writes_the_utc_time_with_a_z() -> None:
    assert iso_z(at(12, 15)) == "2022-05-13T12:15:00Z"


# Input files ---------------------------------------------------------------------------------


def test_file_names_in_each_timestamp_format() -> None:
    moment = at(12, 10)
    assert InputNaming().file_name("pump", moment) == "pump-20220513121000.csv"
    dashed = InputNaming(timestamp_format="yyyy-MM-dd-HH-mm-ss", delimiter="_")
    assert dashed.file_name("pump", moment) == "pump_2022-05-13-12-10-00.csv"
    epoch = InputNaming(timestamp_format="EPOCH", delimiter="")
    assert epoch.file_name("pump", moment) == f"pump{int(moment.timestamp())}.csv"


def test_file_name_timestamps_are_local_to_the_input_time_zone() -> None:
    naming = InputNaming(offset=timedelta(hours=5, minutes=30))
    assert naming.stamp(at(13)) == "20220513183000"
    assert naming.read_stamp("20220513183000") == at(13)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("20220513183000", datetime(2022, 5, 13, 18, 30, tzinfo=timezone.utc)),
        ("2022-05-13-18-30-59", datetime(2022, 5, 13, 18, 30, 59, tzinfo=timezone.utc)),
        ("09990101000000", datetime(999, 1, 1, tzinfo=timezone.utc)),
        ("20221301000000", None),
        ("20220230000000", None),
        ("2022-13-01-00-00-00", None),
        ("2022-05-13-24-00-00", None),
        ("20220513236000", None),
    ],
)
def test_file_name_times_read_as_strptime_reads_them(text: str, read: datetime | None) -> None:
    timestamp_format = "yyyyMMddHHmmss" if "-" not in text else "yyyy-MM-dd-HH-mm-ss"
    assert InputNaming(timestamp_format=timestamp_format).read_stamp(text) == read


def test_epoch_names_ignore_the_time_zone() -> None:
    naming = InputNaming(timestamp_format="EPOCH", offset=timedelta(hours=2))
    assert naming.read_stamp(naming.stamp(at(13))) == at(13)


@pytest.mark.parametrize(
    ("naming", "text"),
    [
        (InputNaming(timestamp_format="EPOCH"), "999999999999"),
        (InputNaming(offset=timedelta(hours=5, minutes=30)), "00010101000000"),
        (InputNaming(offset=timedelta(hours=-5, minutes=-30)), "99991231235959"),
    ],
)
def test_file_name_times_beyond_what_a_date_holds_are_not_times(
    naming: InputNaming, text: str
) -> None:
    assert naming.read_stamp(text) is None
    index = InputIndex([f"pump-{text}.csv"], naming)
    assert index.files("pump", window(at(12, 10))) == []


def test_index_accepts_one_window_either_side() -> None:
    names = [f"pump-2022051312{minute:02d}00.csv" for minute in (0, 4, 5, 10, 15, 20, 21)] + [
        "motor-20220513121000.csv",
        "pump-2-20220513121000.csv",
        "pump-20221399999999.csv",
    ]
    index = InputIndex(names, InputNaming())
    found = index.files("pump", window(at(12, 10)))
    assert found == [
        "pump-20220513120500.csv",
        "pump-20220513121000.csv",
        "pump-20220513121500.csv",
        "pump-20220513122000.csv",
    ]
    assert index.files("motor", window(at(12, 10))) == ["motor-20220513121000.csv"]
    assert index.files("motor", window(at(13))) == []


def test_index_needs_the_exact_delimiter_and_extension() -> None:
    names = ["pump_20220513121000.csv", "pump-20220513121000.txt", "pump-20220513121000.csv.gz"]
    assert InputIndex(names, InputNaming()).files("pump", window(at(12, 10))) == []


def test_missing_file_reason_has_the_documented_form() -> None:
    reason = missing_file_reason(
        "s3://bucket/input/", "centrifugal-pump", InputNaming(delimiter="_"), window(at(12, 10))
    )
    assert reason == (
        "Could not find data file for sensor centrifugal-pump within expected range of "
        "(2022-05-13T12:10:00Z, 2022-05-13T12:15:00Z]. Please ensure data is present for all "
        "sensors of the machine under prefix 's3://bucket/input/centrifugal-pump_20220513120500'"
        " ~ 's3://bucket/input/centrifugal-pump_20220513122000'"
    )


def rows_within(file_rows: ComponentData, data_window: Window) -> SensorRows:
    return rows_of(file_rows.within(*data_window.bounds))


def test_rows_inside_the_window_only_with_their_sensor_values() -> None:
    content = (
        b"Timestamp,Sensor1,Sensor0,Other\n"
        b"2022-05-13T12:10:00,1,2,3\n"
        b"2022-05-13 12:11:00,4,x,6\n"
        b"2022-05-13T12:15:00,7,8,9\n"
        b"2022-05-13T12:16:00,1,1,1\n"
        b"garbage,1,1,1\n"
    )
    file_rows = read_file_rows([content], "pump", ["Sensor0", "Sensor1", "Missing"])
    rows = rows_within(file_rows, window(at(12, 10)))
    assert list(rows) == [at(12, 11), at(12, 15)]
    assert rows[at(12, 15)] == {
        ("pump", "Sensor0"): 8.0,
        ("pump", "Sensor1"): 7.0,
        ("pump", "Missing"): rows[at(12, 15)][("pump", "Missing")],
    }
    assert math.isnan(rows[at(12, 11)][("pump", "Sensor0")])
    assert math.isnan(rows[at(12, 15)][("pump", "Missing")])
    assert list(rows_within(file_rows, window(at(12, 5)))) == [at(12, 10)]
    assert list(rows_within(file_rows, window(at(12, 15)))) == [at(12, 16)]
    assert file_rows.within(*window(at(12, 20)).bounds) is None
    assert file_rows.within(*window(at(12, 10)).bounds) is not file_rows
    whole = Window(at(12, 9), at(12, 16), at(12, 16))
    assert file_rows.within(*whole.bounds) is file_rows  # every row: not copied


def test_rows_of_a_file_in_any_order_come_in_time_order_the_last_of_a_time_counting() -> None:
    content = (
        b"Timestamp,Sensor0\n"
        b"2022-05-13T12:14:00,1\n"
        b"2022-05-13T12:11:00,2\n"
        b"2022-05-13T12:14:00,3\n"
        b"2022-05-13T12:09:00,4\n"
    )
    rows = rows_within(read_file_rows([content], "pump", ["Sensor0"]), window(at(12, 10)))
    assert rows == {at(12, 11): {("pump", "Sensor0"): 2.0}, at(12, 14): {("pump", "Sensor0"): 3.0}}
    assert list(rows) == [at(12, 11), at(12, 14)]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "header row"),
        (b"Timestamp\n2022-05-13T12:11:00\n", "header row"),
        (b"Timestamp,Nope\n2022-05-13T12:11:00,1\n", "none of the model's sensors"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_unreadable_input_files_are_refused_naming_the_problem(
    content: bytes, problem: str
) -> None:
    with pytest.raises(InputFileError, match=problem):
        read_file_rows([content], "pump", ["Sensor0"])


# Results and events --------------------------------------------------------------------------


def normal(minute: int) -> ScoredRow:
    return ScoredRow(
        at(12, minute).timestamp(),
        RowScore(0, "NO_ANOMALY_DETECTED", 0.1, [("pump\\Sensor0", 0.5), ("pump\\Sensor1", 0.5)]),
    )


def anomalous(minute: int, share: float = 0.9) -> ScoredRow:
    diagnostics = [("pump\\Sensor0", share), ("pump\\Sensor1", round(1 - share, 5))]
    return ScoredRow(at(12, minute).timestamp(), RowScore(1, "ANOMALY_DETECTED", 1.0, diagnostics))


def machine_off(minute: int) -> ScoredRow:
    return ScoredRow(at(12, minute).timestamp(), RowScore(0, "MACHINE_OFF", None, None))


def test_results_lines_have_the_documented_form() -> None:
    content = results_jsonl([anomalous(11), machine_off(12)]).decode()
    assert content.endswith("\n")
    first, second = content.splitlines()
    assert first == (
        '{"timestamp": "2022-05-13T12:11:00.000000", "prediction": 1, "prediction_reason": '
        '"ANOMALY_DETECTED", "anomaly_score": 1.0, "diagnostics": [{"name": "pump\\\\Sensor0", '
        '"value": 0.9}, {"name": "pump\\\\Sensor1", "value": 0.1}]}'
    )
    assert json.loads(second) == {
        "timestamp": "2022-05-13T12:12:00.000000",
        "prediction": 0,
        "prediction_reason": "MACHINE_OFF",
    }


@pytest.mark.parametrize(
    "score",
    [
        RowScore(0, "NO_ANOMALY_DETECTED", 0.05756, [("pump\\Sensor0", 0.48601)]),
        RowScore(1, "ANOMALY_DETECTED", 1.0, [("a\\b", 1), ('"q"\\é', 1e-05), ("x\\y", 0.0)]),
        RowScore(1, "ANOMALY_DETECTED", 1.7976931348623157e308, [("ü\\\n", -0.0)]),
        RowScore(0, "NO_ANOMALY_DETECTED", 0.1, []),
        RowScore(0, "MACHINE_OFF", None, None),
        RowScore(0, "NO_ANOMALY_DETECTED", math.nan, [("c\\s", math.inf)]),
    ],
)
def test_results_lines_are_what_json_dumps_writes(score: RowScore) -> None:
    moment = datetime(2022, 5, 13, 12, 11, 0, 123456, tzinfo=timezone.utc)
    expected = json.dumps(score.as_result(result_timestamp(moment))) + "\n"
    assert results_jsonl([ScoredRow(moment.timestamp(), score)]) == expected.encode()


@given(
    st.datetimes(
        max_value=datetime(9999, 12, 30),  # a day short of the end: the UTC time must exist
        timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-5, minutes=-30))]),
    )
)
def test_result_and_run_times_are_the_utc_time_as_strftime_writes_it(moment: datetime) -> None:
    in_utc = moment.astimezone(timezone.utc)

    assert result_timestamp(moment) == in_utc.strftime("%Y-%m-%dT%H:%M:%S.%f")
    assert iso_z(moment) == in_utc.strftime("%Y-%m-%dT%H:%M:%SZ")


@given(
    st.one_of(
        st.integers(min_value=-62_135_596_800, max_value=253_402_300_799).map(float),
        st.floats(min_value=-62_135_596_800, max_value=253_402_300_799),
    )
)
def test_result_times_of_epoch_seconds_are_those_of_their_datetimes(seconds: float) -> None:
    assert result_timestamp_of(seconds) == result_timestamp(utc_moment(seconds))


def test_result_rows_and_files_are_named_after_their_times() -> None:
    assert result_timestamp(at(12, 15, 30)) == "2022-05-13T12:15:30.000000"
    assert results_key("out/", at(12, 15)) == "out/2022-05-13T12:15:00Z/results.jsonl"
    assert results_key("", at(12, 15)) == "2022-05-13T12:15:00Z/results.jsonl"


def events_of(*executions: list[ScoredRow], touching: bool = False) -> list[InferenceEvent]:
    return join_events(
        (touching and position > 0, anomaly_runs(rows)) for position, rows in enumerate(executions)
    )


def test_events_are_runs_of_anomalous_rows() -> None:
    rows = [normal(0), anomalous(1), anomalous(2, 0.7), normal(3), anomalous(4), machine_off(5)]
    first, second = events_of(rows)
    assert (first.start, first.end, first.duration_seconds) == (at(12, 1), at(12, 2), 60)
    assert first.diagnostics == [("pump\\Sensor0", 0.8), ("pump\\Sensor1", 0.2)]
    assert first.diagnostics_document() == [
        {"name": "pump\\Sensor0", "value": 0.8},
        {"name": "pump\\Sensor1", "value": 0.2},
    ]
    assert (second.start, second.end, second.duration_seconds) == (at(12, 4), at(12, 4), 0)


def test_a_machine_off_row_ends_an_event() -> None:
    events = events_of([anomalous(1), machine_off(2), anomalous(3)])
    assert [(e.start, e.end) for e in events] == [(at(12, 1), at(12, 1)), (at(12, 3), at(12, 3))]


def test_events_span_touching_executions_only_across_their_edges() -> None:
    split = ([anomalous(1), anomalous(2, 0.7)], [anomalous(3, 0.5), normal(4)])
    (joined,) = events_of(*split, touching=True)
    assert (joined.start, joined.end) == (at(12, 1), at(12, 3))
    assert joined.diagnostics == [("pump\\Sensor0", 0.7), ("pump\\Sensor1", 0.3)]
    apart = events_of(*split)
    assert [(e.start, e.end) for e in apart] == [(at(12, 1), at(12, 2)), (at(12, 3), at(12, 3))]
    ending_normal = events_of([anomalous(1), normal(2)], [anomalous(3)], touching=True)
    assert [(e.start, e.end) for e in ending_normal] == [
        (at(12, 1), at(12, 1)),
        (at(12, 3), at(12, 3)),
    ]
    starting_normal = events_of([anomalous(1)], [normal(2), anomalous(3)], touching=True)
    assert len(starting_normal) == 2
    through_a_quiet_run = events_of([anomalous(1)], [], [anomalous(3)], touching=True)
    assert len(through_a_quiet_run) == 2


def test_no_events_without_anomalies() -> None:
    assert events_of([normal(1), normal(2)], []) == []


def test_rows_are_scored_at_each_time_of_any_component_as_their_values_score() -> None:
    trained = TrainedModel(
        {("pump", "Sensor0"): SensorModel(10.0, 0.5), ("motor", "Speed"): SensorModel(3.0, 0.5)},
        parse_off_condition("motor\\Speed < 1"),
    )
    rows = {
        at(12, 1): {("pump", "Sensor0"): 10.2},
        at(12, 2): {("pump", "Sensor0"): 30.0, ("motor", "Speed"): 3.1},
        at(12, 3): {("motor", "Speed"): 0.5},
        at(12, 4): {("motor", "Speed"): math.nan},
        at(12, 5): {("pump", "Other"): 1.0},
    }
    scorer = RowScorer(trained)

    scored = score_rows(scorer, data_of(rows))

    each = [(moment, scorer.score(values)) for moment, values in rows.items()]
    assert [(row.timestamp, row.score) for row in scored] == [
        (moment, score) for moment, score in each if score is not None
    ]
    assert [row.score.reason for row in scored] == [
        "NO_ANOMALY_DETECTED",
        "ANOMALY_DETECTED",
        "MACHINE_OFF",
    ]


@example("yyyyMMddHHmmss", timedelta(hours=12), "00010101000000")
@example("yyyyMMddHHmmss", timedelta(hours=-5, minutes=-30), "99991231235959")
@given(
    st.sampled_from(["yyyyMMddHHmmss", "yyyy-MM-dd-HH-mm-ss", "EPOCH"]),
    st.sampled_from([timedelta(0), timedelta(hours=12), timedelta(hours=-5, minutes=-30)]),
    st.one_of(
        st.datetimes(),
        st.tuples(*[st.integers(0, 99)] * 7).map(lambda parts: "".join(f"{p:02d}" for p in parts)),
    ),
)
def test_file_name_times_read_as_epoch_seconds_are_those_of_the_times_read(
    timestamp_format: str, offset: timedelta, moment: datetime | str
) -> None:
    naming = InputNaming(timestamp_format=timestamp_format, offset=offset)
    text = moment if isinstance(moment, str) else moment.strftime("%Y%m%d%H%M%S")
    if timestamp_format == "yyyy-MM-dd-HH-mm-ss":
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}-{text[8:10]}-{text[10:12]}-{text[12:]}"
    read = naming.read_stamp(text)

    assert naming.read_seconds(text) == (None if read is None else read.timestamp())


@pytest.mark.parametrize("other", ["1.5", "x"])
def test_values_that_are_not_finite_numbers_are_missing(other: str) -> None:
    cells = ["inf", "-inf", "nan", "1e400", " 2.5 ", other]
    content = "Timestamp,Sensor0\n" + "".join(
        f"2022-05-13T12:{minute:02d}:00,{cell}\n" for minute, cell in enumerate(cells, start=1)
    )

    read = read_file_rows([content.encode()], "pump", ["Sensor0"])

    values = list(read.values["Sensor0"])
    assert [value for value in values if not math.isnan(value)] == [2.5] + (
        [1.5] if other == "1.5" else []
    )
    assert sum(map(math.isnan, values)) == (4 if other == "1.5" else 5)

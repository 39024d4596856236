"""What an ingestion counts: DataQualitySummary and ListSensorStatistics, from CSVs with flaws."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ingestion_helpers import (
    BUCKET,
    START,
    put_sensor_csv,
    schema,
    sensor_rows,
    stamp,
    start_ingestion,
)

NO_ISSUE = {"Status": "NO_ISSUE_DETECTED"}
ISSUE = "POTENTIAL_ISSUE_DETECTED"


def at(hours: float) -> str:
    return stamp(START + timedelta(hours=hours))


def moment(hours: float) -> datetime:
    return START + timedelta(hours=hours)


def ingest(client: Any, components: dict[str, list[str]]) -> dict[str, Any]:
    client.create_dataset(
        DatasetName="plant", DatasetSchema={"InlineDataSchema": schema(components)}
    )
    job_id = start_ingestion(client, "plant", prefix="plant/")
    job = client.describe_data_ingestion_job(JobId=job_id)
    assert job["Status"] == "SUCCESS", job.get("FailedReason")
    return dict(job)


def statistics(client: Any, **params: Any) -> dict[tuple[str, str], dict[str, Any]]:
    listed = client.list_sensor_statistics(DatasetName="plant", **params)
    return {
        (entry["ComponentName"], entry["SensorName"]): entry
        for entry in listed["SensorStatisticsSummaries"]
    }


def test_every_kind_of_bad_value_is_counted_exactly(client: Any, s3: Any) -> None:
    rows = [
        [at(0), 1.0, 2.0],
        [at(1), None, 2.5],  # Sensor0 missing
        [at(2), "abc", 3],  # Sensor0 invalid
        ["2023-13-01 00:00:00", 1, 2],  # unsupported timestamp
        [at(1), 5, 6],  # duplicate timestamp: the first row with it is kept
        [at(3), "nan", "inf"],  # both invalid
        [at(4), 1.5],  # short row: Sensor1 missing
    ]
    put_sensor_csv(s3, BUCKET, "plant/pump/pump.csv", rows)

    job = ingest(client, {"pump": ["Sensor0", "Sensor1"]})

    assert job["DataQualitySummary"] == {
        "InsufficientSensorData": {
            "MissingCompleteSensorData": {"AffectedSensorCount": 0},
            "SensorsWithShortDateRange": {"AffectedSensorCount": 2},
        },
        "MissingSensorData": {"AffectedSensorCount": 2, "TotalNumberOfMissingValues": 2},
        "InvalidSensorData": {"AffectedSensorCount": 2, "TotalNumberOfInvalidValues": 3},
        "UnsupportedTimestamps": {"TotalNumberOfUnsupportedTimestamps": 1},
        "DuplicateTimestamps": {"TotalNumberOfDuplicateTimestamps": 1},
    }
    assert (job["DataStartTime"], job["DataEndTime"]) == (moment(0), moment(4))
    sensors = statistics(client)
    assert list(sensors) == [("pump", "Sensor0"), ("pump", "Sensor1")]
    first = sensors[("pump", "Sensor0")]
    assert first["DataExists"] is True
    assert first["MissingValues"] == {"Count": 1, "Percentage": 14.29}
    assert first["InvalidValues"] == {"Count": 2, "Percentage": 28.57}
    assert first["InvalidDateEntries"] == {"Count": 1, "Percentage": 14.29}
    assert first["DuplicateTimestamps"] == {"Count": 1, "Percentage": 14.29}
    # Sensor0's values: 1.0 at 00:00 and 1.5 at 04:00.
    assert first["CategoricalValues"] == {"Status": ISSUE, "NumberOfCategory": 2}
    assert (first["DataStartTime"], first["DataEndTime"]) == (moment(0), moment(4))
    second = sensors[("pump", "Sensor1")]
    assert second["MissingValues"] == {"Count": 1, "Percentage": 14.29}
    assert second["InvalidValues"] == {"Count": 1, "Percentage": 14.29}
    assert (second["DataStartTime"], second["DataEndTime"]) == (moment(0), moment(2))


def test_sensors_without_any_value_are_missing_complete_data(client: Any, s3: Any) -> None:
    rows = [[row[0], row[1], None] for row in sensor_rows(days=20)]
    put_sensor_csv(s3, BUCKET, "plant/pump/pump.csv", rows)

    job = ingest(client, {"pump": ["Sensor0", "Sensor1"], "motor": ["rpm"]})

    summary = job["DataQualitySummary"]
    assert summary["InsufficientSensorData"] == {
        "MissingCompleteSensorData": {"AffectedSensorCount": 2},
        "SensorsWithShortDateRange": {"AffectedSensorCount": 0},
    }
    assert summary["MissingSensorData"] == {
        "AffectedSensorCount": 1,
        "TotalNumberOfMissingValues": len(rows),
    }
    sensors = statistics(client)
    assert list(sensors) == [("pump", "Sensor0"), ("pump", "Sensor1"), ("motor", "rpm")]
    empty = sensors[("pump", "Sensor1")]
    assert empty["DataExists"] is False
    assert empty["MissingValues"] == {"Count": len(rows), "Percentage": 100.0}
    assert "DataStartTime" not in empty
    motor = sensors[("motor", "rpm")]
    assert motor["DataExists"] is False
    assert motor["MissingValues"] == {"Count": 0, "Percentage": 0.0}
    assert motor["MonotonicValues"] == NO_ISSUE


def test_statistical_flags_of_each_sensor(client: Any, s3: Any) -> None:
    hours = 200 * 24
    names = ["Noise", "Category", "Rising", "Falling", "Flat", "TwoModes"]
    rows = [
        [
            at(hour),
            ((hour * 7919) % 1000) / 10,
            hour % 3,
            hour * 0.5,
            1000 - hour,
            7.0,
            (10 if hour % 3 else 100) + (hour % 17) / 10,
        ]
        for hour in range(hours)
    ]
    put_sensor_csv(s3, BUCKET, "plant/pump/pump.csv", rows, ["Timestamp", *names])

    ingest(client, {"pump": names})

    sensors = {name: entry for (_, name), entry in statistics(client).items()}
    assert sensors["Noise"]["CategoricalValues"] == NO_ISSUE
    assert sensors["Noise"]["MonotonicValues"] == NO_ISSUE
    assert sensors["Noise"]["MultipleOperatingModes"] == NO_ISSUE
    assert sensors["Category"]["CategoricalValues"] == {"Status": ISSUE, "NumberOfCategory": 3}
    assert sensors["Rising"]["MonotonicValues"] == {"Status": ISSUE, "Monotonicity": "INCREASING"}
    assert sensors["Falling"]["MonotonicValues"] == {
        "Status": ISSUE,
        "Monotonicity": "DECREASING",
    }
    assert sensors["Flat"]["MonotonicValues"] == {"Status": ISSUE, "Monotonicity": "STATIC"}
    assert sensors["Flat"]["CategoricalValues"] == {"Status": ISSUE, "NumberOfCategory": 1}
    assert sensors["TwoModes"]["MultipleOperatingModes"] == {"Status": ISSUE}
    assert sensors["TwoModes"]["CategoricalValues"] == NO_ISSUE
    for entry in sensors.values():
        assert entry["LargeTimestampGaps"] == NO_ISSUE
        assert entry["MissingValues"] == {"Count": 0, "Percentage": 0.0}


def test_large_gaps_are_reported_per_sensor(client: Any, s3: Any) -> None:
    hours = [
        0,
        1,
        2,
        2 + 30,
        2 + 31,
        2 + 31 + 24 * 5 + 6,
        2 + 31 + 24 * 5 + 7,
    ]  # gaps of 30 h and 5 days 6 h
    rows = [[at(hour), ((hour * 31) % 17) / 3, None if hour > 100 else hour % 7] for hour in hours]
    put_sensor_csv(s3, BUCKET, "plant/pump/pump.csv", rows)

    ingest(client, {"pump": ["Sensor0", "Sensor1"]})

    sensors = statistics(client)
    assert sensors[("pump", "Sensor0")]["LargeTimestampGaps"] == {
        "Status": ISSUE,
        "NumberOfLargeTimestampGaps": 2,
        "MaxTimestampGapInDays": 5,
    }
    # Sensor1 has no value after hour 100: its own timestamps have only the 30-hour gap.
    assert sensors[("pump", "Sensor1")]["LargeTimestampGaps"] == {
        "Status": ISSUE,
        "NumberOfLargeTimestampGaps": 1,
        "MaxTimestampGapInDays": 1,
    }
    assert sensors[("pump", "Sensor1")]["DataEndTime"] == moment(33)


def test_counts_cover_every_file_and_component(client: Any, s3: Any) -> None:
    pump_a = [[at(0), 1, 1], [at(1), None, 2], [at(2), 3, 3]]
    pump_b = [[at(2), 9, 9], [at(3), 4, "x"], ["03/01/2023", 1, 1]]  # a duplicate, a bad date
    motor = [[at(0), None], [at(1), 2], [at(1), 3], [at(2), "?"]]
    put_sensor_csv(s3, BUCKET, "plant/pump/a.csv", pump_a)
    put_sensor_csv(s3, BUCKET, "plant/pump/b.csv", pump_b)
    put_sensor_csv(s3, BUCKET, "plant/motor/m.csv", motor, ["Timestamp", "rpm"])

    job = ingest(client, {"pump": ["Sensor0", "Sensor1"], "motor": ["rpm"]})

    summary = job["DataQualitySummary"]
    assert summary["MissingSensorData"] == {
        "AffectedSensorCount": 2,
        "TotalNumberOfMissingValues": 2,
    }
    assert summary["InvalidSensorData"] == {
        "AffectedSensorCount": 2,
        "TotalNumberOfInvalidValues": 2,
    }
    assert summary["UnsupportedTimestamps"] == {"TotalNumberOfUnsupportedTimestamps": 1}
    assert summary["DuplicateTimestamps"] == {"TotalNumberOfDuplicateTimestamps": 2}
    sensors = statistics(client)
    assert sensors[("pump", "Sensor0")]["DuplicateTimestamps"] == {"Count": 1, "Percentage": 16.67}
    assert sensors[("pump", "Sensor0")]["InvalidDateEntries"] == {
        "Count": 1,
        "Percentage": 16.67,
    }
    assert sensors[("motor", "rpm")]["DuplicateTimestamps"] == {"Count": 1, "Percentage": 25.0}
    assert sensors[("motor", "rpm")]["InvalidDateEntries"] == {"Count": 0, "Percentage": 0.0}


def test_a_timestamp_format_can_change_from_file_to_file(client: Any, s3: Any) -> None:
    first = [[(START + timedelta(hours=h)).strftime("%Y%m%d%H%M%S"), h, h] for h in range(3)]
    second = [[(START + timedelta(hours=h)).strftime("%Y/%m/%dT%H:%M"), h, h] for h in (3, 4)]
    put_sensor_csv(s3, BUCKET, "plant/pump/1.csv", first)
    put_sensor_csv(s3, BUCKET, "plant/pump/2.csv", second)

    job = ingest(client, {"pump": ["Sensor0", "Sensor1"]})

    assert job["DataQualitySummary"]["UnsupportedTimestamps"] == {
        "TotalNumberOfUnsupportedTimestamps": 0
    }
    assert (job["DataStartTime"], job["DataEndTime"]) == (moment(0), moment(4))
    assert job["DataEndTime"] == datetime(2023, 1, 1, 4, tzinfo=timezone.utc)

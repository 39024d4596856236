"""Scheduled inference on moto's clock: executions, result files and events (freezegun)."""

from __future__ import annotations

import gc
import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from inference_helpers import (
    COMPONENT,
    INPUT_BUCKET,
    INPUT_PREFIX,
    NINE,
    NORMAL,
    OUTPUT_BUCKET,
    FakeModels,
    buckets,
    clock,
    executions,
    manual_progression,
    minutes,
    models,
    pump_model,
    results,
    scheduler_request,
    sensor_csv,
    upload_windows,
    utc,
)
from model_helpers import SCHEMA, pages_of

from moto_lookoutequipment.data.scoring import OffCondition, SensorModel, TrainedModel
from moto_lookoutequipment.data.sensor_data import utc_moment
from moto_lookoutequipment.models.inference import scheduler as inference_schedulers
from moto_lookoutequipment.models.inference.executions import ExecutionRunner

__all__ = ["buckets", "clock", "manual_progression", "models"]


def at(minute: int, hour: int = 9) -> Any:
    return utc(2024, 1, 1, hour, minute)


@pytest.fixture
def pump(models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory) -> Any:
    return models.add()


def test_four_executions_twenty_minutes_after_nine(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(20))
    created = client.create_inference_scheduler(**scheduler_request())
    assert created["Status"] == "PENDING"
    clock.move_to(at(20))

    listed = executions(client)

    assert [(e["DataStartTime"], e["DataEndTime"], e["ScheduledStartTime"]) for e in listed] == [
        (at(15), at(20), at(20)),
        (at(10), at(15), at(15)),
        (at(5), at(10), at(10)),
        (at(0), at(5), at(5)),
    ]
    first = listed[-1]
    assert first["Status"] == "SUCCESS"
    assert first["ModelName"] == "pump-model"
    assert first["ModelArn"] == pump.arn
    assert first["InferenceSchedulerName"] == "pump-scheduler"
    assert first["InferenceSchedulerArn"] == created["InferenceSchedulerArn"]
    assert first["ModelVersion"] == 1
    assert first["ModelVersionArn"] == f"{pump.arn}/model-version/1"
    assert first["CustomerResultObject"] == {
        "Bucket": OUTPUT_BUCKET,
        "Key": "output/2024-01-01T09:05:00Z/results.jsonl",
    }
    assert "FailedReason" not in first
    assert first["DataInputConfiguration"]["S3InputConfiguration"] == {
        "Bucket": INPUT_BUCKET,
        "Prefix": INPUT_PREFIX,
    }
    lines = results(s3, first["CustomerResultObject"]["Key"])
    assert [line["timestamp"] for line in lines] == [
        f"2024-01-01T09:0{minute}:00.000000" for minute in range(1, 6)
    ]
    assert lines[0] == {
        "timestamp": "2024-01-01T09:01:00.000000",
        "prediction": 0,
        "prediction_reason": "NO_ANOMALY_DETECTED",
        "anomaly_score": 0.05621,
        "diagnostics": [
            {"name": "pump\\Sensor0", "value": 0.44444},
            {"name": "pump\\Sensor1", "value": 0.55556},
        ],
    }
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=OUTPUT_BUCKET)["Contents"]]
    assert keys == [f"output/2024-01-01T09:{m:02d}:00Z/results.jsonl" for m in (5, 10, 15, 20)]
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["LatestInferenceResult"] == "NORMAL"
    assert pump.inference_data == [(at(m - 5), at(m)) for m in (5, 10, 15, 20)]


def test_no_execution_before_the_first_window_ends(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(NINE + timedelta(minutes=4, seconds=59))
    assert executions(client) == []
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["Status"] == "RUNNING"
    assert "LatestInferenceResult" not in described


def test_a_spike_is_an_anomaly_an_event_and_makes_the_scheduler_anomalous(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(20), spikes=[at(14), at(15), at(16), at(18)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(20))

    by_end = {e["DataEndTime"]: e for e in executions(client)}
    lines = results(s3, by_end[at(15)]["CustomerResultObject"]["Key"])
    spike = lines[3]
    assert spike["timestamp"] == "2024-01-01T09:14:00.000000"
    assert spike["prediction"] == 1
    assert spike["prediction_reason"] == "ANOMALY_DETECTED"
    assert spike["anomaly_score"] == 1.0
    assert spike["diagnostics"][0]["name"] == "pump\\Sensor0"
    assert spike["diagnostics"][0]["value"] > 0.99
    assert [line["prediction"] for line in lines] == [0, 0, 0, 1, 1]

    events = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler",
        IntervalStartTime=NINE,
        IntervalEndTime=at(30),
    )["InferenceEventSummaries"]
    assert [(e["EventStartTime"], e["EventEndTime"]) for e in events] == [
        (at(14), at(16)),
        (at(18), at(18)),
    ]
    assert [e["EventDurationInSeconds"] for e in events] == [120, 0]
    assert events[0]["InferenceSchedulerName"] == "pump-scheduler"
    diagnostics = json.loads(events[0]["Diagnostics"])
    assert [d["name"] for d in diagnostics] == ["pump\\Sensor0", "pump\\Sensor1"]
    assert diagnostics[0]["value"] > 0.99
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["LatestInferenceResult"] == "ANOMALOUS"
    listed = client.list_inference_schedulers()["InferenceSchedulerSummaries"]
    assert listed[0]["LatestInferenceResult"] == "ANOMALOUS"


def test_events_overlapping_the_interval_are_listed(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(20), spikes=[at(3), at(12), at(13), at(19)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(20))

    def starts(start: Any, end: Any, **page: Any) -> list[Any]:
        response = client.list_inference_events(
            InferenceSchedulerName="pump-scheduler",
            IntervalStartTime=start,
            IntervalEndTime=end,
            **page,
        )
        return [e["EventStartTime"] for e in response["InferenceEventSummaries"]]

    assert starts(at(13), at(19)) == [at(12)]
    assert starts(at(13) + timedelta(seconds=1), at(19)) == []
    assert starts(at(2), at(3)) == []
    assert starts(at(2), at(3) + timedelta(seconds=1)) == [at(3)]
    assert starts(at(0), at(19)) == [at(3), at(12)]
    first = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler",
        IntervalStartTime=NINE,
        IntervalEndTime=at(30),
        MaxResults=2,
    )
    assert len(first["InferenceEventSummaries"]) == 2
    assert starts(NINE, at(30), MaxResults=2, NextToken=first["NextToken"]) == [at(19)]


def test_an_anomaly_across_two_touching_runs_is_one_event_and_a_failed_run_splits_it(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    spikes = [at(4), at(5), at(6), at(15), at(21)]
    upload_windows(s3, NINE, at(25), spikes=spikes, skip=[at(15)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(25))
    events = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler", IntervalStartTime=NINE, IntervalEndTime=at(30)
    )["InferenceEventSummaries"]
    assert [(e["EventStartTime"], e["EventEndTime"]) for e in events] == [
        (at(4), at(6)),
        (at(15), at(15)),
        (at(21), at(21)),
    ]


def test_a_missing_file_fails_that_execution_with_the_documented_reason(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(5))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(15))

    missing, empty, first = executions(client)

    assert first["Status"] == "SUCCESS"
    assert missing["Status"] == "FAILED"
    assert "CustomerResultObject" not in missing
    assert missing["FailedReason"] == (
        "Could not find data file for sensor pump within expected range of "
        "(2024-01-01T09:10:00Z, 2024-01-01T09:15:00Z]. Please ensure data is present for all "
        "sensors of the machine under prefix "
        "'s3://inference-input/input/pump-20240101090500' ~ "
        "'s3://inference-input/input/pump-20240101092000'"
    )
    assert empty["FailedReason"] == (
        "Could not find data for sensor pump within expected range of "
        "(2024-01-01T09:05:00Z, 2024-01-01T09:10:00Z] in "
        "'s3://inference-input/input/pump-20240101090000.csv'. Please ensure the timestamps "
        "inside the files are in UTC."
    )
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=OUTPUT_BUCKET)["Contents"]]
    assert keys == ["output/2024-01-01T09:05:00Z/results.jsonl"]
    assert pump.inference_data == [(NINE, at(5))]
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["LatestInferenceResult"] == "NORMAL"


def test_input_time_zone_format_and_delimiter(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    def india_name(moment: Any) -> str:
        local = moment + timedelta(hours=5, minutes=30)
        return f"{COMPONENT}_{local:%Y-%m-%d-%H-%M-%S}.csv"

    upload_windows(s3, NINE, at(10), name=india_name)
    config = {
        "S3InputConfiguration": {"Bucket": INPUT_BUCKET, "Prefix": INPUT_PREFIX},
        "InputTimeZoneOffset": "+05:30",
        "InferenceInputNameConfiguration": {
            "TimestampFormat": "yyyy-MM-dd-HH-mm-ss",
            "ComponentTimestampDelimiter": "_",
        },
    }
    client.create_inference_scheduler(**scheduler_request(DataInputConfiguration=config))
    clock.move_to(at(10))
    assert [e["Status"] for e in executions(client)] == ["SUCCESS", "SUCCESS"]


def test_epoch_file_names(client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory) -> None:
    upload_windows(s3, NINE, at(5), name=lambda m: f"{COMPONENT}-{int(m.timestamp())}.csv")
    config = {
        "S3InputConfiguration": {"Bucket": INPUT_BUCKET, "Prefix": INPUT_PREFIX},
        "InferenceInputNameConfiguration": {"TimestampFormat": "EPOCH"},
    }
    client.create_inference_scheduler(**scheduler_request(DataInputConfiguration=config))
    clock.move_to(at(5))
    assert [e["Status"] for e in executions(client)] == ["SUCCESS"]


def test_the_delay_offset_runs_each_window_later(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(20))
    client.create_inference_scheduler(**scheduler_request(DataDelayOffsetInMinutes=5))
    clock.move_to(at(20))
    listed = executions(client)
    assert [(e["DataEndTime"], e["ScheduledStartTime"]) for e in listed] == [
        (at(15), at(20)),
        (at(10), at(15)),
        (at(5), at(10)),
    ]
    assert listed[0]["CustomerResultObject"]["Key"] == "output/2024-01-01T09:20:00Z/results.jsonl"


def test_hourly_windows(client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory) -> None:
    upload_windows(s3, NINE, at(0, 11), window=timedelta(hours=1))
    client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT1H"))
    clock.move_to(at(30, 11))
    listed = executions(client)
    assert [(e["DataStartTime"], e["DataEndTime"]) for e in listed] == [
        (at(0, 10), at(0, 11)),
        (NINE, at(0, 10)),
    ]
    assert len(results(s3, listed[0]["CustomerResultObject"]["Key"])) == 60


def test_a_stopped_scheduler_runs_nothing_until_started_again(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(0, 11))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(12))
    assert client.stop_inference_scheduler(InferenceSchedulerName="pump-scheduler")["Status"] == (
        "STOPPING"
    )
    clock.move_to(at(40))
    assert len(executions(client)) == 2
    client.start_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    clock.move_to(at(0, 10))
    assert [e["DataEndTime"] for e in executions(client)] == [
        at(0, 10),
        at(55),
        at(50),
        at(45),
        at(10),
        at(5),
    ]


def test_runs_are_the_same_whether_read_often_or_once(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(30))
    client.create_inference_scheduler(**scheduler_request())
    for minute in (3, 5, 7, 10, 21):
        clock.move_to(at(minute))
        executions(client)
    clock.move_to(at(30))
    assert [e["DataEndTime"] for e in executions(client)] == [
        at(m) for m in (30, 25, 20, 15, 10, 5)
    ]


def test_a_long_jump_runs_only_the_newest_kept_windows(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory, monkeypatch: Any
) -> None:
    monkeypatch.setattr(inference_schedulers, "KEPT_EXECUTIONS", 3)
    upload_windows(s3, NINE, at(45))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(30))
    assert [e["DataEndTime"] for e in executions(client)] == [at(30), at(25), at(20)]
    clock.move_to(at(40))
    assert [e["DataEndTime"] for e in executions(client)] == [at(40), at(35), at(30)]
    assert pump.inference_data[0] == (at(15), at(20))


def test_reads_on_two_threads_run_each_window_once(
    client: Any, backend: Any, pump: Any, clock: FrozenDateTimeFactory, monkeypatch: Any
) -> None:
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(20))
    runner = backend.inference.runner
    run, inside, release = runner.run, threading.Event(), threading.Event()

    def slow_run(*args: Any) -> Any:
        inside.set()
        release.wait()
        return run(*args)

    monkeypatch.setattr(runner, "run", slow_run)
    describe = ("DescribeInferenceScheduler", {"InferenceSchedulerName": "pump-scheduler"})
    first = threading.Thread(target=backend.handle, args=describe)
    first.start()
    inside.wait()
    second = threading.Thread(target=backend.handle, args=describe)
    second.start()
    second.join(timeout=0.5)  # without a lock it would run the same windows meanwhile
    release.set()
    first.join()
    second.join()
    assert [e["DataEndTime"] for e in executions(client)] == [at(m) for m in (20, 15, 10, 5)]


def test_each_run_uses_the_version_active_when_it_ran(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(20))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(10))
    executions(client)
    pump.active_version = pump.add_version(pump_model())
    clock.move_to(at(20))
    assert [e["ModelVersion"] for e in executions(client)] == [2, 2, 1, 1]


def test_a_new_frequency_applies_to_later_windows(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(0, 10))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(12))
    client.update_inference_scheduler(
        InferenceSchedulerName="pump-scheduler", DataUploadFrequency="PT15M"
    )
    clock.move_to(at(45))
    assert [e["DataEndTime"] for e in executions(client)] == [at(45), at(30), at(15), at(10), at(5)]


def test_windows_overlapping_after_a_longer_frequency_list_an_anomaly_once(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(30), spikes=[at(3), at(9), at(10), at(11)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(10))
    executions(client)
    client.update_inference_scheduler(
        InferenceSchedulerName="pump-scheduler", DataUploadFrequency="PT15M"
    )
    clock.move_to(at(15))
    assert [(e["DataStartTime"], e["DataEndTime"]) for e in executions(client)] == [
        (NINE, at(15)),
        (at(5), at(10)),
        (NINE, at(5)),
    ]
    events = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler", IntervalStartTime=NINE, IntervalEndTime=at(30)
    )["InferenceEventSummaries"]
    assert [(e["EventStartTime"], e["EventEndTime"]) for e in events] == [
        (at(3), at(3)),
        (at(9), at(11)),
    ]


def test_a_longer_delay_never_runs_a_window_twice(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(30))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(12))
    executions(client)
    client.update_inference_scheduler(
        InferenceSchedulerName="pump-scheduler", DataDelayOffsetInMinutes=10
    )
    clock.move_to(at(40))
    listed = executions(client)
    assert [(e["DataEndTime"], e["ScheduledStartTime"]) for e in listed] == [
        (at(30), at(40)),
        (at(25), at(35)),
        (at(20), at(30)),
        (at(15), at(25)),
        (at(10), at(10)),
        (at(5), at(5)),
    ]


def test_machine_off_rows(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    model = models.add()
    off = OffCondition(COMPONENT, "Sensor1", ">", 50.0)
    model.active_version = model.add_version(pump_model(off))
    upload_windows(s3, NINE, at(5))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    (execution,) = executions(client)
    lines = results(s3, execution["CustomerResultObject"]["Key"])
    assert lines[0] == {
        "timestamp": "2024-01-01T09:01:00.000000",
        "prediction": 0,
        "prediction_reason": "MACHINE_OFF",
    }


def test_runs_after_the_model_is_deleted_fail_naming_it(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    model = models.add()
    upload_windows(s3, NINE, at(20))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(10))
    models.delete("pump-model")
    clock.move_to(at(20))
    listed = executions(client)
    assert [e["Status"] for e in listed] == ["FAILED", "FAILED", "SUCCESS", "SUCCESS"]
    assert listed[0]["FailedReason"] == (
        f"Model 'pump-model' ({model.arn}) used by inference scheduler 'pump-scheduler' does "
        "not exist; it was deleted."
    )
    assert "ModelVersion" not in listed[0]
    assert model.inference_data == [(NINE, at(5)), (at(5), at(10))]


def test_an_unreadable_input_file_fails_the_run_naming_it(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/pump-20240101090000.csv", Body=b"Time,Other\n")
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    (execution,) = executions(client)
    assert execution["FailedReason"] == (
        "Could not read data file 's3://inference-input/input/pump-20240101090000.csv': the "
        "header names none of the model's sensors (Sensor0, Sensor1)."
    )


def test_an_unreadable_file_stamped_near_a_window_does_not_fail_it(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(5))
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/pump-20240101090500.csv", Body=b"\xff\xfe")
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(10))
    second, first = executions(client)
    assert first["Status"] == "SUCCESS"
    assert second["FailedReason"] == (
        "Could not find data for sensor pump within expected range of "
        "(2024-01-01T09:05:00Z, 2024-01-01T09:10:00Z] in "
        "'s3://inference-input/input/pump-20240101090000.csv'. Please ensure the timestamps "
        "inside the files are in UTC."
    )


def test_a_window_without_any_valid_value_fails(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    s3.put_object(
        Bucket=INPUT_BUCKET,
        Key="input/pump-20240101090000.csv",
        Body=b"Timestamp,Sensor0,Sensor1\n2024-01-01 09:01:00,,\n2024-01-01 09:02:00,n/a,inf\n",
    )
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    (execution,) = executions(client)
    assert execution["Status"] == "FAILED"
    assert execution["FailedReason"] == (
        "Could not find a valid value for any sensor of the model within expected range of "
        "(2024-01-01T09:00:00Z, 2024-01-01T09:05:00Z] in the 2 rows of the input data under "
        "'s3://inference-input/input/': every value is empty or not a number."
    )
    assert "Contents" not in s3.list_objects_v2(Bucket=OUTPUT_BUCKET)


def test_missing_buckets_fail_the_runs(
    client: Any, s3: Any, models: FakeModels, clock: FrozenDateTimeFactory
) -> None:
    models.add()
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    assert executions(client)[0]["FailedReason"] == (
        "Could not write inference results: the bucket 'inference-output' of the output "
        "location 's3://inference-output/output/' does not exist."
    )
    s3.create_bucket(Bucket=OUTPUT_BUCKET)
    clock.move_to(at(10))
    assert executions(client)[0]["FailedReason"] == (
        "Could not read input data: the bucket 'inference-input' of the input location "
        "'s3://inference-input/input/' does not exist."
    )


def test_execution_filters_and_pages(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(30), skip=[at(10)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(30))

    def ends(**filters: Any) -> list[Any]:
        return [e["DataEndTime"] for e in executions(client, **filters)]

    assert ends(DataStartTimeAfter=at(15)) == [at(30), at(25), at(20)]
    assert ends(DataEndTimeBefore=at(15)) == [at(15), at(10), at(5)]
    assert ends(DataStartTimeAfter=at(5), DataEndTimeBefore=at(20)) == [at(20), at(15), at(10)]
    assert ends(Status="FAILED") == [at(15)]
    assert ends(Status="IN_PROGRESS") == []
    page = client.list_inference_executions(InferenceSchedulerName="pump-scheduler", MaxResults=4)
    assert len(page["InferenceExecutionSummaries"]) == 4
    rest = client.list_inference_executions(
        InferenceSchedulerName="pump-scheduler", MaxResults=4, NextToken=page["NextToken"]
    )
    assert [e["DataEndTime"] for e in rest["InferenceExecutionSummaries"]] == [at(10), at(5)]
    assert "NextToken" not in rest


def test_newer_executions_run_between_pages_neither_repeat_nor_push_out_older_ones(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(55))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(30))

    def later(listed: list[Any]) -> None:
        clock.tick(timedelta(minutes=15))

    pages = pages_of(
        client.list_inference_executions,
        "InferenceExecutionSummaries",
        "DataEndTime",
        later,
        InferenceSchedulerName="pump-scheduler",
        MaxResults=2,
    )

    # Each page moves the clock on by three runs; they are newer, so before the cursor.
    assert pages == [[at(30), at(25)], [at(20), at(15)], [at(10), at(5)]]
    assert len(executions(client)) == 12


def test_events_found_between_pages_are_listed_once_on_a_later_page(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    upload_windows(s3, NINE, at(40), spikes=[at(3), at(12), at(19), at(33), at(38)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(20))

    pages = pages_of(
        client.list_inference_events,
        "InferenceEventSummaries",
        "EventStartTime",
        lambda listed: clock.move_to(at(40)),
        InferenceSchedulerName="pump-scheduler",
        IntervalStartTime=NINE,
        IntervalEndTime=at(59),
        MaxResults=2,
    )

    assert pages == [[at(3), at(12)], [at(19), at(33)], [at(38)]]


def test_a_scheduler_pending_under_manual_progression_runs_from_when_it_starts_running(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory, manual_progression: Any
) -> None:
    manual_progression("inferencescheduler", times=2)
    upload_windows(s3, NINE, at(30))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(12))
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["Status"] == "PENDING"
    assert executions(client) == []
    described = client.describe_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    assert described["Status"] == "RUNNING"
    clock.move_to(at(20))
    assert [e["DataEndTime"] for e in executions(client)] == [at(20), at(15)]


def test_results_appear_when_the_execution_settles(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory, manual_progression: Any
) -> None:
    manual_progression("inferenceexecution", times=2)
    upload_windows(s3, NINE, at(5))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))
    (running,) = executions(client)
    assert running["Status"] == "IN_PROGRESS"
    assert "CustomerResultObject" not in running
    assert "Contents" not in s3.list_objects_v2(Bucket=OUTPUT_BUCKET)
    assert pump.inference_data == []
    (done,) = executions(client)
    assert done["Status"] == "SUCCESS"
    assert results(s3, done["CustomerResultObject"]["Key"])
    assert pump.inference_data == [(NINE, at(5))]


def test_a_file_holding_several_windows_rows_serves_each_window_of_one_read(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    rows = [(moment, NORMAL) for moment in minutes(NINE, at(15))]
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/pump-20240101090500.csv", Body=sensor_csv(rows))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(15))
    ran = executions(client)
    assert [e["Status"] for e in ran] == ["SUCCESS"] * 3
    for execution in ran:
        lines = results(s3, execution["CustomerResultObject"]["Key"])
        window_end = execution["DataEndTime"]
        assert [line["timestamp"] for line in lines] == [
            f"{window_end - timedelta(minutes=minute):%Y-%m-%dT%H:%M:%S}.000000"
            for minute in (4, 3, 2, 1, 0)
        ]


def test_an_unreadable_file_fails_each_window_of_one_read_that_has_no_other(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/pump-20240101090500.csv", Body=b"\xff\xfe")
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(15))
    reason = (
        "Could not read data file 's3://inference-input/input/pump-20240101090500.csv': it is "
        "not UTF-8 text (it holds the byte 0xff, which UTF-8 cannot decode)."
    )
    assert [e.get("FailedReason") for e in executions(client)] == [reason] * 3


def add_motor_component(pump: Any) -> None:
    """A second component, ``motor``, whose ``Speed`` reads about 3."""
    version = pump.active_version
    version.trained = TrainedModel(
        {**pump_model().sensors, ("motor", "Speed"): SensorModel(median=3.0, mad=0.5)}
    )
    version.schema = {
        "Components": [
            *SCHEMA["Components"],
            {
                "ComponentName": "motor",
                "Columns": [
                    {"Name": "Timestamp", "Type": "DATETIME"},
                    {"Name": "Speed", "Type": "DOUBLE"},
                ],
            },
        ]
    }


def test_each_component_of_a_row_comes_from_its_own_file_read_once_for_two_windows(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    add_motor_component(pump)
    upload_windows(s3, NINE, at(10))
    motor = b"Timestamp,Speed\n" + b"".join(
        f"{moment:%Y-%m-%d %H:%M:%S},3.0\n".encode() for moment in minutes(NINE, at(10))
    )
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/motor-20240101090000.csv", Body=motor)
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(10))
    for execution in executions(client):
        lines = results(s3, execution["CustomerResultObject"]["Key"])
        assert len(lines) == 5
        for line in lines:
            assert [d["name"] for d in line["diagnostics"]] == [
                "pump\\Sensor0",
                "pump\\Sensor1",
                "motor\\Speed",
            ]


def test_a_catch_up_runs_with_the_collector_paused_and_restores_it(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    collecting_during_runs: list[bool] = []
    run = ExecutionRunner.run

    def observed_run(self: ExecutionRunner, *args: Any) -> list[Any]:
        collecting_during_runs.append(gc.isenabled())
        return run(self, *args)

    monkeypatch.setattr(ExecutionRunner, "run", observed_run)
    upload_windows(s3, NINE, at(20))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(20))

    assert gc.isenabled()
    assert len(executions(client)) == 4
    assert collecting_during_runs == [False]
    assert gc.isenabled()


def test_files_of_one_component_holding_the_same_times_count_the_later_file(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    """Two files of the window hold 09:04 and 09:05: the rows of the file named later count."""
    early = [(moment, NORMAL) for moment in minutes(NINE, at(5))]
    late = [(moment, {**NORMAL, "Sensor0": 10.3}) for moment in minutes(at(3), at(5))]
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/pump-20240101090000.csv", Body=sensor_csv(early))
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/pump-20240101090500.csv", Body=sensor_csv(late))
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))

    (execution,) = executions(client)
    lines = results(s3, execution["CustomerResultObject"]["Key"])
    assert [line["timestamp"][11:16] for line in lines] == [
        "09:01",
        "09:02",
        "09:03",
        "09:04",
        "09:05",
    ]
    scores = [line["anomaly_score"] for line in lines]
    assert scores[:3] == [scores[0]] * 3  # 10.2
    assert scores[3:] == [scores[3]] * 2  # 10.3
    assert scores[3] != scores[0]
    accumulated = pump.inference_rows.components[COMPONENT]
    assert list(accumulated.values["Sensor0"]) == [10.2, 10.2, 10.2, 10.3, 10.3]


def test_components_holding_rows_at_different_times_give_a_row_at_each_time(
    client: Any, s3: Any, pump: Any, clock: FrozenDateTimeFactory
) -> None:
    """A row is scored at each time any component holds one; a component without a row then
    scores nothing for its sensors. Each component accumulates only its own rows."""
    add_motor_component(pump)
    upload_windows(s3, NINE, at(5))
    motor = b"Timestamp,Speed\n2024-01-01 09:02:30,3.5\n2024-01-01 09:05:00,30.0\n"
    s3.put_object(Bucket=INPUT_BUCKET, Key="input/motor-20240101090000.csv", Body=motor)
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))

    (execution,) = executions(client)
    lines = results(s3, execution["CustomerResultObject"]["Key"])
    assert [line["timestamp"][11:19] for line in lines] == [
        "09:01:00",
        "09:02:00",
        "09:02:30",
        "09:03:00",
        "09:04:00",
        "09:05:00",
    ]
    only_motor = lines[2]["diagnostics"]
    assert only_motor == [
        {"name": "pump\\Sensor0", "value": 0.0},
        {"name": "pump\\Sensor1", "value": 0.0},
        {"name": "motor\\Speed", "value": 1.0},
    ]
    assert lines[5]["prediction"] == 1  # Speed 30 is far from 3
    assert lines[5]["diagnostics"][2]["value"] > 0.9
    assert [line["prediction"] for line in lines[:5]] == [0] * 5
    motor_rows = pump.inference_rows.components["motor"]
    assert [utc_moment(stamp) for stamp in motor_rows.timestamps] == [
        at(2) + timedelta(seconds=30),
        at(5),
    ]
    assert len(pump.inference_rows.components[COMPONENT]) == 5

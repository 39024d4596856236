"""A model's ``TargetSamplingRate``: training and inference score the data resampled to it.

The service model documents ``DataPreProcessingConfiguration.TargetSamplingRate`` as "the
sampling rate of the data after post processing by Amazon Lookout for Equipment. For example, if
you provide data that has been collected at a 1 second level and you want the system to resample
the data at a 1 minute rate before training, the TargetSamplingRate is 1 minute." How it
resamples is not documented; README's decisions list says what this mock does (the mean of each
bucket ``(t - rate, t]`` aligned to UTC, timestamped ``t``).
"""

from __future__ import annotations

import json
import math
from array import array
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from inference_helpers import (
    COMPONENT,
    INPUT_BUCKET,
    INPUT_PREFIX,
    NINE,
    NORMAL,
    FakeModel,
    FakeModels,
    buckets,
    clock,
    executions,
    models,
    pump_model,
    results,
    scheduler_request,
    upload_windows,
    utc,
)
from model_helpers import (
    MODEL,
    SENSORS,
    START,
    backend_of,
    data_of,
    dataset_with_data,
    day,
    pump_data,
    rows_of,
    train_model,
)
from test_inference_end_to_end import train_pump_model

from moto_lookoutequipment.data.inference_windows import Window
from moto_lookoutequipment.data.resampling import resampled_data, resampled_rows
from moto_lookoutequipment.data.scoring import SensorModel
from moto_lookoutequipment.data.sensor_data import ComponentData, DatasetData, utc_moment
from moto_lookoutequipment.models import common

__all__ = ["buckets", "clock", "models"]

KEYS = [(COMPONENT, sensor) for sensor in SENSORS]
HALF_HOUR = timedelta(minutes=30)
# Sensor0 reads 100 at this half hour of the evaluation window (days 200 to 240).
SPIKE = day(220, 6) + HALF_HOUR


def at(minute: int, hour: int = 9) -> datetime:
    return utc(2024, 1, 1, hour, minute)


def half_hourly_data(days: int = 240) -> DatasetData:
    """A reading every half hour from ``START``: row ``i`` reads ``10 + i % 3`` (Sensor0) and
    ``50 + 2 * (i % 3)`` (Sensor1). An hour ``(t - 1h, t]`` holds rows ``2h - 1`` and ``2h``,
    whose means cycle through 11.5, 10.5, 11 (Sensor0) and 53, 51, 52 (Sensor1)."""
    component = ComponentData(COMPONENT, list(SENSORS))
    component.values = {sensor: array("d") for sensor in SENSORS}
    for index in range(days * 48 + 1):
        moment = START + index * HALF_HOUR
        component.timestamps.append(moment.timestamp())
        step = index % 3
        component.values["Sensor0"].append(100.0 if moment == SPIKE else 10.0 + step)
        component.values["Sensor1"].append(50.0 + 2 * step)
    return DatasetData({COMPONENT: component})


def with_rate(rate: str) -> dict[str, Any]:
    return {"DataPreProcessingConfiguration": {"TargetSamplingRate": rate}}


def component(stamps: list[datetime], sensor0: list[float], sensor1: list[float]) -> DatasetData:
    data = ComponentData(COMPONENT, list(SENSORS), array("d", [s.timestamp() for s in stamps]))
    data.values = {"Sensor0": array("d", sensor0), "Sensor1": array("d", sensor1)}
    return DatasetData({COMPONENT: data})


def as_rows(data: DatasetData) -> list[tuple[datetime, float, float]]:
    part = data.components[COMPONENT]
    return [
        (utc_moment(stamp), first, second)
        for stamp, first, second in zip(
            part.timestamps, part.values["Sensor0"], part.values["Sensor1"], strict=True
        )
    ]


# The resampling itself


def test_each_utc_aligned_bucket_is_the_mean_of_its_rows_at_its_end() -> None:
    """Service model, TargetSamplingRate: data "collected at a 1 second level" is resampled "at
    a 1 minute rate before training". Buckets ``(t - 5 min, t]`` on UTC multiples of the rate,
    each timestamped with its end ``t``; a missing value leaves the mean of the others, a bucket
    without a value of a sensor is missing (``nan``), and an empty bucket gives no row."""
    stamps = [at(1), at(2), at(4), at(5), at(5) + timedelta(seconds=1), at(7), at(31)]
    nan = math.nan
    data = component(
        stamps,
        [1.0, 2.0, nan, 6.0, nan, nan, 7.0],
        [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0],
    )

    resampled = as_rows(resampled_data(data, "PT5M"))

    assert [row[0] for row in resampled] == [at(5), at(10), at(35)]
    assert resampled[0][1:] == (3.0, 25.0)
    assert math.isnan(resampled[1][1])
    assert resampled[1][2] == 55.0
    assert resampled[2][1:] == (7.0, 70.0)


def test_data_already_on_the_grid_of_the_rate_is_unchanged() -> None:
    """Service model, TargetSamplingRate: "the sampling rate of the data after post
    processing"; data already at that rate keeps its rows and values."""
    data = pump_data(days=2)

    resampled = resampled_data(data, "PT1H")

    assert as_rows(resampled) == as_rows(data)


def test_without_a_rate_nothing_is_resampled() -> None:
    """Service model: ``DataPreProcessingConfiguration`` is optional; a model without it scores
    the rows as they are."""
    data = half_hourly_data(days=1)
    rows = data_of({at(1): {KEYS[0]: 1.0}})
    window = Window(NINE, at(5), at(5))
    assert resampled_data(data, None) is data
    assert resampled_rows(rows, None, window) is rows


def test_inference_rows_are_resampled_to_the_buckets_that_end_in_the_window() -> None:
    """Service model, TargetSamplingRate: "resample the data at a 1 minute rate". An execution
    scores the buckets that end in its window ``(09:00, 09:15]``: with a 10-minute rate the
    rows after 09:10 belong to the bucket ending at 09:20, which the next window scores."""
    rows = {at(minute): {KEYS[0]: float(minute), KEYS[1]: 50.0} for minute in range(1, 16)}
    window = Window(NINE, at(15), at(15))

    resampled = resampled_rows(data_of(rows), "PT10M", window)

    assert rows_of(resampled) == {at(10): {KEYS[0]: 5.5, KEYS[1]: 50.0}}


# Training


def test_training_evaluates_on_the_resampled_grid(client: Any) -> None:
    """Service model, TargetSamplingRate: "if you provide data that has been collected at a 1
    second level and you want the system to resample the data at a 1 minute rate before
    training, the TargetSamplingRate is 1 minute". The half-hourly spike at 06:30 falls in the
    hour ``(06:00, 07:00]``, so with ``PT1H`` the predicted range is at 07:00; without a rate it
    stays at 06:30."""
    dataset_with_data(client, data=half_hourly_data())
    train_model(client, "hourly", **with_rate("PT1H"))
    train_model(client, "raw")

    def predicted(name: str) -> list[tuple[str, str]]:
        described = client.describe_model(ModelName=name)
        assert described["Status"] == "SUCCESS"
        ranges = json.loads(described["ModelMetrics"])["predicted_ranges"]
        return [(item["start"], item["end"]) for item in ranges]

    assert predicted("hourly") == [("2023-08-09T07:00:00.000000", "2023-08-09T07:00:00.000000")]
    assert predicted("raw") == [("2023-08-09T06:30:00.000000", "2023-08-09T06:30:00.000000")]
    described = client.describe_model(ModelName="hourly")
    assert described["DataPreProcessingConfiguration"] == {"TargetSamplingRate": "PT1H"}


@pytest.mark.in_process(reason="reads what training learnt from the backend")
def test_training_learns_from_the_bucket_means(client: Any) -> None:
    """Service model, TargetSamplingRate: the data is resampled "before training". The hourly
    means cycle through 11.5, 10.5 and 11 (Sensor0) and 53, 51 and 52 (Sensor1): medians 11 and
    52, MADs 0.5 and 1; the half-hourly rows themselves have MADs 1 and 2."""
    dataset_with_data(client, data=half_hourly_data())
    train_model(client, "hourly", **with_rate("PT1H"))
    train_model(client, "raw")

    def learnt(name: str) -> dict[tuple[str, str], SensorModel]:
        assert client.describe_model(ModelName=name)["Status"] == "SUCCESS"
        trained = backend_of().ml_models.get_version(name, 1).trained
        assert trained is not None
        return dict(trained.sensors)

    assert learnt("hourly") == {
        KEYS[0]: SensorModel(median=11.0, mad=0.5),
        KEYS[1]: SensorModel(median=52.0, mad=1.0),
    }
    assert learnt("raw") == {
        KEYS[0]: SensorModel(median=11.0, mad=1.0),
        KEYS[1]: SensorModel(median=52.0, mad=2.0),
    }


@pytest.mark.in_process(reason="lowers the package's row limits in the test process")
def test_training_and_evaluation_rows_are_counted_after_resampling(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behaviour reference, quotas: "Training rows after resampling | 1.5 million" and
    "Evaluation rows after resampling | 1.5 million". Days 0 to 200 hold 9,601 half-hourly rows
    and 4,801 hourly ones; days 200 to 240 hold 1,921 and 961."""
    assert common.MODEL_ROWS == {"training": 1_500_000, "evaluation": 1_500_000}
    dataset_with_data(client, data=half_hourly_data())
    monkeypatch.setitem(common.MODEL_ROWS, "training", 4_801)
    monkeypatch.setitem(common.MODEL_ROWS, "evaluation", 961)

    train_model(client, "hourly", **with_rate("PT1H"))
    train_model(client, "raw")

    assert client.describe_model(ModelName="hourly")["Status"] == "SUCCESS"
    raw = client.describe_model(ModelName="raw")
    assert raw["Status"] == "FAILED"
    assert raw["FailedReason"] == (
        "The training window 2023-01-01T00:00:00.000000 to 2023-07-20T00:00:00.000000 holds "
        "9601 rows, more than the 4801 rows the training data of a model may hold."
    )
    monkeypatch.setitem(common.MODEL_ROWS, "evaluation", 960)
    train_model(client, "hourly-again", **with_rate("PT1H"))
    again = client.describe_model(ModelName="hourly-again")
    assert again["FailedReason"] == (
        "The evaluation window 2023-07-20T00:00:00.000000 to 2023-08-29T00:00:00.000000 holds "
        "961 rows (after resampling to PT1H), more than the 960 rows the evaluation data of a "
        "model may hold."
    )


@pytest.mark.in_process(reason="moves the clock with freezegun and reads the backend")
def test_a_retraining_resamples_the_dataset_and_the_inference_data(client: Any) -> None:
    """Service model, TargetSamplingRate: the data is resampled "before training", a
    retraining's too (it keeps the model's settings). Each inference hour holds 1000 at :20 and
    :50 and 4000 at :40: hourly means of 2000, while the rows' median is 1000."""
    created = datetime(2023, 8, 15, 10, tzinfo=timezone.utc)
    with freeze_time(created) as frozen:
        dataset_with_data(client)
        train_model(client, **with_rate("PT1H"))
        first = datetime(2023, 9, 1, tzinfo=timezone.utc)
        rows = {}
        for hour in range(696):
            for minute, value in ((20, 1000.0), (40, 4000.0), (50, 1000.0)):
                moment = first + timedelta(hours=hour, minutes=minute)
                rows[moment] = {KEYS[0]: value, KEYS[1]: 51.0}
        model = backend_of().ml_models.get(MODEL)
        model.record_inference_data(first, first + timedelta(hours=696), data_of(rows))
        client.create_retraining_scheduler(
            ModelName=MODEL,
            RetrainingFrequency="P1Y",
            LookbackWindow="P180D",
            RetrainingStartDate=datetime(2023, 10, 1, tzinfo=timezone.utc),
        )
        frozen.move_to("2023-10-01T01:00:00Z")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert version["Status"] == "SUCCESS"
        assert version["DataPreProcessingConfiguration"] == {"TargetSamplingRate": "PT1H"}
        trained = backend_of().ml_models.get_version(MODEL, 2).trained
        assert trained is not None
        assert trained.sensors[KEYS[0]].median == 2000.0


# Inference


def rated(models: FakeModels, rate: str) -> FakeModel:
    """The stand-in pump model (Sensor0 centred on 10, MAD 0.5; Sensor1 on 50, MAD 1),
    trained at ``rate``."""
    model = models.add(sampling_rate=rate)
    assert model.active_version is not None
    model.active_version.sampling_rate = rate
    return model


def test_results_and_events_follow_the_grid_of_the_rate(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    """Service model, TargetSamplingRate: "the sampling rate of the data after post
    processing". Readings every minute and a ``PT5M`` model: one ``results.jsonl`` line per
    execution, at 09:05 and 09:10, scoring the mean of the window's five readings; the spike at
    09:03 makes the 09:05 bucket anomalous, an event from 09:05 to 09:05."""
    rated(models, "PT5M")
    upload_windows(s3, NINE, at(10), spikes=[at(3)])
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(10))

    runs = sorted(executions(client), key=lambda run: run["DataEndTime"])
    assert [run["Status"] for run in runs] == ["SUCCESS", "SUCCESS"]
    first, second = (results(s3, run["CustomerResultObject"]["Key"]) for run in runs)
    mean = math.fsum([NORMAL["Sensor0"]] * 4 + [100.0]) / 5
    expected = pump_model().score_row({KEYS[0]: mean, KEYS[1]: NORMAL["Sensor1"]})
    assert expected is not None and expected.prediction == 1
    assert first == [expected.as_result("2024-01-01T09:05:00.000000")]
    assert [line["timestamp"] for line in second] == ["2024-01-01T09:10:00.000000"]
    assert second[0]["prediction"] == 0
    events = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler", IntervalStartTime=NINE, IntervalEndTime=at(30)
    )["InferenceEventSummaries"]
    assert [(e["EventStartTime"], e["EventEndTime"]) for e in events] == [(at(5), at(5))]
    assert events[0]["EventDurationInSeconds"] == 0


def test_a_longer_frequency_scores_each_bucket_of_its_window(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    """Service model, DataUploadFrequency: "How often data is uploaded to the source Amazon S3
    bucket for the input data"; with a ``PT5M`` model a ``PT10M`` window's results are its two
    5-minute buckets."""
    rated(models, "PT5M")
    upload_windows(s3, NINE, at(10), window=timedelta(minutes=10))
    client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT10M"))
    clock.move_to(at(10))

    (run,) = executions(client)
    lines = results(s3, run["CustomerResultObject"]["Key"])
    assert [line["timestamp"] for line in lines] == [
        "2024-01-01T09:05:00.000000",
        "2024-01-01T09:10:00.000000",
    ]


def test_a_bucket_straddling_two_windows_is_scored_by_the_window_it_ends_in(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    """Service model, DataUploadFrequency ``PT15M`` with a ``PT10M`` model (the frequency is not
    shorter than the rate, behaviour reference "upload frequency shorter than the model's
    TargetSamplingRate → ValidationException"): the window (09:00, 09:15] scores the bucket
    ending at 09:10, and (09:15, 09:30] the buckets ending at 09:20 and 09:30."""
    rated(models, "PT10M")
    upload_windows(s3, NINE, at(30), window=timedelta(minutes=15))
    client.create_inference_scheduler(**scheduler_request(DataUploadFrequency="PT15M"))
    clock.move_to(at(30))

    runs = sorted(executions(client), key=lambda run: run["DataEndTime"])
    stamps = [
        [line["timestamp"] for line in results(s3, run["CustomerResultObject"]["Key"])]
        for run in runs
    ]
    assert stamps == [
        ["2024-01-01T09:10:00.000000"],
        ["2024-01-01T09:20:00.000000", "2024-01-01T09:30:00.000000"],
    ]


def half_second_csv(start: datetime, end: datetime) -> bytes:
    """A reading every half second in ``(start, end]``."""
    lines = ["Timestamp," + ",".join(SENSORS)]
    moment = start + timedelta(milliseconds=500)
    while moment <= end:
        stamp = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
        lines.append(f"{stamp},{NORMAL['Sensor0']},{NORMAL['Sensor1']}")
        moment += timedelta(milliseconds=500)
    return ("\n".join(lines) + "\n").encode()


def test_the_rows_an_execution_may_score_are_counted_after_resampling(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    """Behaviour reference, quotas: "Inference rows per execution after resampling | 300 / 600
    / 900 / 1,800 / 3,600" (300 for ``PT5M``). A window of readings every half second holds
    600 rows: a ``PT1S`` model scores its 300 seconds, a model without a rate fails."""
    rated(models, "PT1S")
    models.add("raw-model")
    s3.put_object(
        Bucket=INPUT_BUCKET,
        Key=f"{INPUT_PREFIX}{COMPONENT}-20240101090000.csv",
        Body=half_second_csv(NINE, at(5)),
    )
    client.create_inference_scheduler(**scheduler_request())
    client.create_inference_scheduler(
        **scheduler_request(ModelName="raw-model", InferenceSchedulerName="raw-scheduler")
    )
    clock.move_to(at(5))

    (run,) = executions(client)
    assert run["Status"] == "SUCCESS"
    lines = results(s3, run["CustomerResultObject"]["Key"])
    assert len(lines) == 300
    assert lines[0]["timestamp"] == "2024-01-01T09:00:01.000000"
    assert lines[-1]["timestamp"] == "2024-01-01T09:05:00.000000"
    (raw,) = executions(client, "raw-scheduler")
    assert raw["Status"] == "FAILED"
    assert raw["FailedReason"] == (
        "The input data under 's3://inference-input/input/' holds 600 rows within "
        "(2024-01-01T09:00:00Z, 2024-01-01T09:05:00Z], more than the 300 rows an execution of "
        "a scheduler with data upload frequency PT5M may take."
    )


def test_a_lowered_limit_names_the_rows_after_resampling(
    client: Any,
    s3: Any,
    models: FakeModels,
    buckets: Any,
    clock: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Behaviour reference, quotas: inference rows per execution "after resampling"; with the
    limit lowered to 4, five minutes of readings resampled to ``PT1M`` are too many."""
    rated(models, "PT1M")
    upload_windows(s3, NINE, at(5))
    monkeypatch.setitem(common.INFERENCE_ROWS_PER_EXECUTION, "PT5M", 4)
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(5))

    (run,) = executions(client)
    assert run["FailedReason"] == (
        "The input data under 's3://inference-input/input/' holds 5 rows (after resampling to "
        "PT1M) within (2024-01-01T09:00:00Z, 2024-01-01T09:05:00Z], more than the 4 rows an "
        "execution of a scheduler with data upload frequency PT5M may take."
    )


def test_an_end_to_end_model_with_a_rate_scores_on_its_grid(
    client: Any, s3: Any, clock: FrozenDateTimeFactory
) -> None:
    """Service model, TargetSamplingRate: "the sampling rate of the data after post
    processing"; a model trained through CreateModel with ``PT5M`` writes one line per five
    minutes of per-minute input, on 5-minute UTC boundaries."""
    train_pump_model(client, s3, **with_rate("PT5M"))
    upload_windows(s3, NINE, at(15), normal={"Sensor0": 10.5, "Sensor1": 20.5})
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(at(15))

    runs = sorted(executions(client), key=lambda run: run["DataEndTime"])
    stamps = [
        line["timestamp"]
        for run in runs
        for line in results(s3, run["CustomerResultObject"]["Key"])
    ]
    assert stamps == [f"2024-01-01T09:{minute:02d}:00.000000" for minute in (5, 10, 15)]
    described = client.describe_model(ModelName=MODEL)
    assert described["AccumulatedInferenceDataStartTime"] == NINE
    assert described["AccumulatedInferenceDataEndTime"] == at(15)

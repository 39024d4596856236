"""Finite sensor values near the largest double give finite scores, results and events."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from inference_helpers import (
    COMPONENT,
    NINE,
    FakeModels,
    buckets,
    clock,
    executions,
    models,
    scheduler_request,
    upload_windows,
    utc,
)
from shape_check import parse_json

from moto_lookoutequipment.data.scoring import SensorModel, TrainedModel, learn_sensor

__all__ = ["buckets", "clock", "models"]

LARGEST = 1.7976931348623157e308
HUGE = {"Sensor0": 1.7e308, "Sensor1": -1.7e308}


def test_learning_values_near_the_largest_double_gives_a_finite_centre_and_spread() -> None:
    assert learn_sensor([1.7e308, 1.7e308]) == SensorModel(median=1.7e308, mad=0.0)
    assert learn_sensor([1.7e308, -1.7e308, 1.7e308, -1.7e308]) == SensorModel(0.0, 1.7e308)
    assert learn_sensor([1.7e308, -1.7e308, 1.7e308]) == SensorModel(1.7e308, 0.0)
    assert learn_sensor([-1.7e308, 1.7e308]) == SensorModel(0.0, 1.7e308)
    assert learn_sensor([LARGEST, -LARGEST, LARGEST, -LARGEST, 0.0]) == SensorModel(0.0, LARGEST)


@pytest.mark.parametrize(
    ("sensors", "values", "diagnostics"),
    [
        # Both deviations overflow: each score is clamped to the largest double.
        (
            {"a": SensorModel(10.0, 0.5), "b": SensorModel(50.0, 0.5)},
            {"a": 1.7e308, "b": -1.7e308},
            [0.5, 0.5],
        ),
        # The deviation and the spread overflow: the score is 1; b's is 10 / 1.4826.
        (
            {"a": SensorModel(-1.7e308, 1.7e308), "b": SensorModel(0.0, 1.0)},
            {"a": 1.7e308, "b": 10.0},
            [0.12912, 0.87088],
        ),
        # One score overflows, the other is small.
        (
            {"a": SensorModel(0.0, 1e-300), "b": SensorModel(0.0, 1.0)},
            {"a": 1e300, "b": 6.0},
            [1.0, 0.0],
        ),
    ],
)
def test_rows_with_overflowing_scores_are_anomalies_with_finite_diagnostics(
    sensors: dict[str, SensorModel], values: dict[str, float], diagnostics: list[float]
) -> None:
    trained = TrainedModel({(COMPONENT, name): model for name, model in sensors.items()})

    scored = trained.score_row({(COMPONENT, name): value for name, value in values.items()})

    assert scored is not None
    assert scored.as_result("t") == {
        "timestamp": "t",
        "prediction": 1,
        "prediction_reason": "ANOMALY_DETECTED",
        "anomaly_score": 1.0,
        "diagnostics": [
            {"name": f"{COMPONENT}\\{name}", "value": value}
            for name, value in zip(sensors, diagnostics, strict=True)
        ],
    }


def test_inference_on_values_near_the_largest_double_writes_and_lists_finite_numbers(
    client: Any, s3: Any, models: FakeModels, buckets: Any, clock: FrozenDateTimeFactory
) -> None:
    models.add()
    upload_windows(s3, NINE, utc(2024, 1, 1, 9, 10), normal=HUGE)
    client.create_inference_scheduler(**scheduler_request())
    clock.move_to(utc(2024, 1, 1, 9, 10))

    listed = executions(client)
    assert [e["Status"] for e in listed] == ["SUCCESS", "SUCCESS"]
    for execution in listed:
        location = execution["CustomerResultObject"]
        text = s3.get_object(**location)["Body"].read().decode()
        # parse_json refuses NaN and Infinity.
        lines = [parse_json(line) for line in text.splitlines()]
        assert len(lines) == 5
        for line in lines:
            assert line["prediction"] == 1
            assert line["anomaly_score"] == 1.0
            # Sensor0's score is clamped to the largest double; Sensor1's is 1.7e308 / 1.4826.
            assert [d["value"] for d in line["diagnostics"]] == [0.61056, 0.38944]
    events = client.list_inference_events(
        InferenceSchedulerName="pump-scheduler",
        IntervalStartTime=NINE,
        IntervalEndTime=utc(2024, 1, 1, 9, 10),
    )["InferenceEventSummaries"]
    assert [(e["EventStartTime"], e["EventEndTime"]) for e in events] == [
        (utc(2024, 1, 1, 9, 1), utc(2024, 1, 1, 9, 10))
    ]
    assert parse_json(events[0]["Diagnostics"]) == [
        {"name": f"{COMPONENT}\\Sensor0", "value": 0.61056},
        {"name": f"{COMPONENT}\\Sensor1", "value": 0.38944},
    ]

"""Training and evaluation on sensor data (pure functions of ``data/training.py``)."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from model_helpers import COMPONENT, day, normal_value, pump_data

from moto_lookoutequipment.data.scoring import parse_off_condition
from moto_lookoutequipment.data.training import (
    QUALITY_MET,
    QUALITY_POOR,
    QUALITY_UNKNOWN,
    labeled_event_metrics,
    learn,
    metric_time,
    model_quality,
    rows,
    train,
)

SENSORS = [(COMPONENT, "Sensor0"), (COMPONENT, "Sensor1")]
TRAINING = (day(0), day(200))
EVALUATION = (day(200), day(240))


def test_learn_takes_the_median_and_mad_of_the_training_window() -> None:
    trained = learn(pump_data(), SENSORS, (day(0), day(10)))
    values = sorted(normal_value(index, "Sensor0") for index in range(41))
    middle = values[20]
    deviations = sorted(abs(value - middle) for value in values)

    sensor = trained.sensors[(COMPONENT, "Sensor0")]

    assert sensor.median == pytest.approx(middle)
    assert sensor.mad == pytest.approx(deviations[20])


def test_learn_leaves_out_labelled_ranges_and_missing_values() -> None:
    spikes = [day(5, hour) for hour in (0, 6, 12, 18)] + [day(6, hour) for hour in (0, 6, 12)]
    label = [(day(5), day(6, 12))]
    spiky = pump_data(spikes=spikes, missing=[day(7)])
    clean = pump_data(missing=[day(7)])

    assert learn(spiky, SENSORS, (day(0), day(10))) != learn(clean, SENSORS, (day(0), day(10)))
    assert learn(spiky, SENSORS, (day(0), day(10)), label) == learn(
        clean, SENSORS, (day(0), day(10)), label
    )
    assert learn(clean, SENSORS, (day(0), day(10))) != learn(
        pump_data(), SENSORS, (day(0), day(10))
    )


def test_rows_merge_components_by_timestamp_and_keep_bounds() -> None:
    data = pump_data(days=2)

    found = list(rows(data, SENSORS, (day(0, 6), day(1))))

    assert [stamp for stamp, _ in found] == [
        day(0, 6).timestamp(),
        day(0, 12).timestamp(),
        day(0, 18).timestamp(),
        day(1).timestamp(),
    ]
    assert set(found[0][1]) == set(SENSORS)


def test_training_without_evaluation_window_has_no_metrics() -> None:
    outcome = train(pump_data(), SENSORS, TRAINING, None, labels=None, pointwise=True)

    assert outcome.failed_reason is None
    assert outcome.metrics is None
    assert outcome.quality == QUALITY_UNKNOWN
    assert outcome.trained is not None
    assert len(outcome.diagnostics) == 801  # the rows of the training window


def test_evaluation_finds_a_spike_inside_a_labelled_range() -> None:
    spikes = [day(220, 6), day(220, 12)]
    labels = [(day(220), day(221)), (day(10), day(11))]

    outcome = train(pump_data(spikes=spikes), SENSORS, TRAINING, EVALUATION, labels)

    assert outcome.metrics is not None
    assert outcome.metrics["labeled_ranges"] == [
        {"start": "2023-08-09T00:00:00.000000", "end": "2023-08-10T00:00:00.000000"}
    ]
    [predicted] = outcome.metrics["predicted_ranges"]
    assert predicted["start"] == metric_time(day(220, 6))
    assert predicted["end"] == metric_time(day(220, 12))
    names = {item["name"]: item["value"] for item in predicted["diagnostics"]}
    assert set(names) == {"pump\\Sensor0", "pump\\Sensor1"}
    assert names["pump\\Sensor0"] > 0.9
    assert outcome.metrics["labeled_event_metrics"] == {
        "num_labeled": 1,
        "num_identified": 1,
        "total_warning_time_in_seconds": 0.0,
    }
    assert outcome.quality == QUALITY_MET
    assert outcome.diagnostics == []  # kept only for a diagnostics file (``pointwise``)


def test_undetected_labels_make_poor_quality() -> None:
    labels = [(day(210), day(211)), (day(230), day(231))]

    outcome = train(pump_data(spikes=[day(230, 6)]), SENSORS, TRAINING, EVALUATION, labels)

    assert outcome.metrics is not None
    assert outcome.metrics["labeled_event_metrics"]["num_identified"] == 1
    assert outcome.quality == QUALITY_MET
    outcome = train(pump_data(), SENSORS, TRAINING, EVALUATION, labels)
    assert outcome.metrics is not None
    assert outcome.metrics["predicted_ranges"] == []
    assert outcome.metrics["labeled_event_metrics"]["num_identified"] == 0
    assert outcome.quality == QUALITY_POOR


def test_an_early_prediction_counts_as_warning_time() -> None:
    outcome = train(
        pump_data(spikes=[day(219, 18)]), SENSORS, TRAINING, EVALUATION, [(day(220), day(221))]
    )

    assert outcome.metrics is not None
    assert outcome.metrics["labeled_event_metrics"]["total_warning_time_in_seconds"] == 21600.0


def test_labels_present_but_outside_the_evaluation_window_cannot_determine_quality() -> None:
    outcome = train(pump_data(), SENSORS, TRAINING, EVALUATION, [(day(10), day(11))])

    assert outcome.metrics is not None
    assert outcome.metrics["labeled_ranges"] == []
    assert outcome.quality == QUALITY_UNKNOWN


def test_unlabelled_model_cannot_determine_quality_even_with_predictions() -> None:
    outcome = train(pump_data(spikes=[day(230)]), SENSORS, TRAINING, EVALUATION, None)

    assert outcome.metrics is not None
    assert len(outcome.metrics["predicted_ranges"]) == 1
    assert outcome.quality == QUALITY_UNKNOWN


def test_machine_off_rows_are_not_anomalous_and_split_ranges() -> None:
    off = parse_off_condition("pump\\Sensor0 < 1")
    spikes = [day(220, 0), day(220, 12)]

    outcome = train(
        pump_data(spikes=spikes, off=[day(220, 6)]),
        SENSORS,
        TRAINING,
        EVALUATION,
        None,
        off,
        pointwise=True,
    )

    assert outcome.metrics is not None
    assert len(outcome.metrics["predicted_ranges"]) == 2
    off_lines = [line for line in outcome.diagnostics if line["prediction_reason"] == "MACHINE_OFF"]
    assert off_lines == [
        {"timestamp": metric_time(day(220, 6)), "prediction": 0, "prediction_reason": "MACHINE_OFF"}
    ]


def test_a_training_window_without_valid_values_fails() -> None:
    data = pump_data(days=20)
    for column in data.components[COMPONENT].values.values():
        for index in range(len(column)):
            column[index] = math.nan

    outcome = train(data, SENSORS, (day(0), day(10)), None, None)

    assert outcome.trained is None
    assert outcome.failed_reason == (
        "The training window 2023-01-01T00:00:00.000000 to 2023-01-11T00:00:00.000000 holds "
        "no usable sensor data: no sensor of the model has a valid value in it."
    )


def test_an_evaluation_window_without_rows_fails() -> None:
    outcome = train(pump_data(), SENSORS, TRAINING, (day(200, 1), day(200, 5)), labels=None)

    assert outcome.trained is None
    assert outcome.failed_reason is not None
    assert "evaluation window" in outcome.failed_reason


@given(
    st.lists(st.tuples(st.integers(0, 100), st.integers(0, 10)), max_size=8),
    st.lists(st.tuples(st.integers(0, 100), st.integers(0, 10)), max_size=8),
)
def test_event_metrics_count_each_label_once(
    labels: list[tuple[int, int]], predicted: list[tuple[int, int]]
) -> None:
    def windows(pairs: list[tuple[int, int]]) -> list[tuple[object, object]]:
        return [(day(start), day(start) + timedelta(hours=length)) for start, length in pairs]

    metrics = labeled_event_metrics(windows(labels), windows(predicted))  # type: ignore[arg-type]

    assert metrics["num_labeled"] == len(labels)
    assert 0 <= metrics["num_identified"] <= len(labels)
    if not predicted:
        assert metrics["num_identified"] == 0
    assert metrics["total_warning_time_in_seconds"] <= metrics["num_identified"] * 86400
    quality = model_quality({"labeled_event_metrics": metrics})
    if labels:
        expected = QUALITY_MET if 2 * metrics["num_identified"] >= len(labels) else QUALITY_POOR
        assert quality == expected
    else:
        assert quality == QUALITY_UNKNOWN

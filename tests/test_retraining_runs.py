"""Scheduled retrainings: new versions on moto's clock, and which of them become active."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from mode import frozen_time
from model_helpers import MODEL, dataset_with_data, day, held, train_model
from readme_examples import run_readme_example

from moto_lookoutequipment.data.training import TrainingOutcome
from moto_lookoutequipment.models.retraining import scheduler_operations as retraining
from moto_lookoutequipment.models.retraining.retraining_runs import decide

# The pump data runs from 2023-01-01 for 240 days (to 2023-08-29).
CREATED = datetime(2023, 8, 15, 10, tzinfo=timezone.utc)
FIRST_RUN = datetime(2023, 8, 20, tzinfo=timezone.utc)


def schedule(client: Any, **extra: Any) -> None:
    client.create_retraining_scheduler(
        ModelName=MODEL,
        RetrainingFrequency="P30D",
        LookbackWindow="P180D",
        RetrainingStartDate=FIRST_RUN,
        **extra,
    )


def versions(client: Any) -> list[tuple[int, str, str]]:
    summaries = client.list_model_versions(ModelName=MODEL)["ModelVersionSummaries"]
    return [(v["ModelVersion"], v["SourceType"], v["Status"]) for v in summaries]


def test_nothing_runs_before_the_first_date(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client)
        clock.move_to("2023-08-19T23:59:00Z")
        assert versions(client) == [(1, "TRAINING", "SUCCESS")]
        model = client.describe_model(ModelName=MODEL)
        assert model["NextScheduledRetrainingStartDate"] == FIRST_RUN
        assert "LatestScheduledRetrainingStatus" not in model


def test_a_managed_retraining_adds_and_activates_a_version(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client)
        clock.move_to("2023-08-21T08:00:00Z")

        assert versions(client) == [(1, "TRAINING", "SUCCESS"), (2, "RETRAINING", "SUCCESS")]
        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert version["CreatedAt"] == FIRST_RUN
        assert version["TrainingDataStartTime"] == datetime(2023, 2, 21, tzinfo=timezone.utc)
        assert version["TrainingDataEndTime"] == FIRST_RUN
        assert version["RetrainingAvailableDataInDays"] == 180
        assert version["AutoPromotionResult"] == "MODEL_PROMOTED"
        assert "PriorModelMetrics" not in version

        model = client.describe_model(ModelName=MODEL)
        assert model["ActiveModelVersion"] == 2
        assert model["PreviousActiveModelVersion"] == 1
        assert model["LatestScheduledRetrainingStatus"] == "SUCCESS"
        assert model["LatestScheduledRetrainingModelVersion"] == 2
        assert model["LatestScheduledRetrainingStartTime"] == FIRST_RUN
        assert model["LatestScheduledRetrainingAvailableDataInDays"] == 180
        assert model["NextScheduledRetrainingStartDate"] == datetime(
            2023, 9, 19, tzinfo=timezone.utc
        )


def test_manual_promotion_keeps_the_active_version(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client, PromoteMode="MANUAL")
        clock.move_to("2023-09-20T00:00:00Z")

        assert versions(client) == [
            (1, "TRAINING", "SUCCESS"),
            (2, "RETRAINING", "SUCCESS"),
            (3, "RETRAINING", "SUCCESS"),
        ]
        third = client.describe_model_version(ModelName=MODEL, ModelVersion=3)
        assert third["AutoPromotionResult"] == "MODEL_NOT_PROMOTED"
        assert "MANUAL" in third["AutoPromotionResultReason"]
        # The window 2023-03-23 .. 2023-09-19 holds data up to 2023-08-29.
        assert third["RetrainingAvailableDataInDays"] == 159
        assert client.describe_model(ModelName=MODEL)["ActiveModelVersion"] == 1


def test_a_window_without_data_fails_the_retraining(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        client.create_retraining_scheduler(
            ModelName=MODEL,
            RetrainingFrequency="P1Y",
            LookbackWindow="P180D",
            RetrainingStartDate=datetime(2024, 6, 1, tzinfo=timezone.utc),
        )
        clock.move_to("2024-06-02T00:00:00Z")

        failed = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert failed["Status"] == "FAILED"
        assert failed["AutoPromotionResult"] == "RETRAINING_CUSTOMER_ERROR"
        assert "holds no usable sensor data" in failed["FailedReason"]
        assert failed["RetrainingAvailableDataInDays"] == 0
        model = client.describe_model(ModelName=MODEL)
        assert model["LatestScheduledRetrainingStatus"] == "FAILED"
        assert model["LatestScheduledRetrainingFailedReason"] == failed["FailedReason"]
        assert model["ActiveModelVersion"] == 1


def test_a_stopped_scheduler_skips_its_dates(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client)
        client.stop_retraining_scheduler(ModelName=MODEL)
        clock.move_to("2023-08-25T00:00:00Z")
        assert versions(client) == [(1, "TRAINING", "SUCCESS")]
        client.start_retraining_scheduler(ModelName=MODEL)
        described = client.describe_model(ModelName=MODEL)
        assert described["NextScheduledRetrainingStartDate"] == datetime(
            2023, 9, 19, tzinfo=timezone.utc
        )
        assert versions(client) == [(1, "TRAINING", "SUCCESS")]


def test_stopping_the_scheduler_cancels_a_retraining_that_runs(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client)
        with held("model", "modelversion"):
            clock.move_to("2023-08-21T00:00:00Z")
            assert versions(client)[-1] == (2, "RETRAINING", "IN_PROGRESS")
            client.stop_retraining_scheduler(ModelName=MODEL)

        cancelled = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert cancelled["Status"] == "CANCELED"
        assert cancelled["AutoPromotionResult"] == "RETRAINING_CANCELLED"
        assert (
            cancelled["FailedReason"]
            == cancelled["AutoPromotionResultReason"]
            == ("The retraining scheduler was stopped while this retraining ran.")
        )
        model = client.describe_model(ModelName=MODEL)
        assert model["LatestScheduledRetrainingStatus"] == "CANCELED"
        assert model["ActiveModelVersion"] == 1


def test_a_start_date_of_today_first_retrains_one_frequency_later(client: Any) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        client.create_retraining_scheduler(
            ModelName=MODEL,
            RetrainingFrequency="P30D",
            LookbackWindow="P180D",
            RetrainingStartDate=datetime(2023, 8, 15, 9, tzinfo=timezone.utc),
        )
        scheduler = client.describe_retraining_scheduler(ModelName=MODEL)
        assert scheduler["RetrainingStartDate"] == datetime(2023, 8, 15, tzinfo=timezone.utc)
        model = client.describe_model(ModelName=MODEL)
        next_date = datetime(2023, 9, 14, tzinfo=timezone.utc)
        assert model["NextScheduledRetrainingStartDate"] == next_date
        assert versions(client) == [(1, "TRAINING", "SUCCESS")]

        clock.move_to("2023-09-14T01:00:00Z")
        assert versions(client) == [(1, "TRAINING", "SUCCESS"), (2, "RETRAINING", "SUCCESS")]
        retrained = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert retrained["CreatedAt"] == next_date


@pytest.mark.parametrize("new_labels", [True, False])
def test_labelled_models_compare_with_the_active_version(client: Any, new_labels: bool) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        client.create_label_group(LabelGroupName="failures")
        client.create_label(
            LabelGroupName="failures", StartTime=day(220), EndTime=day(221), Rating="ANOMALY"
        )
        train_model(client, LabelsInputConfiguration={"LabelGroupName": "failures"})
        if not new_labels:
            client.update_model(
                ModelName=MODEL,
                LabelsInputConfiguration={
                    "S3InputConfiguration": {"Bucket": "gone-bucket", "Prefix": "labels/"}
                },
                RoleArn="arn:aws:iam::123456789012:role/lookout",
            )
        schedule(client)
        clock.move_to("2023-08-21T00:00:00Z")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        if new_labels:
            assert version["Status"] == "SUCCESS"
            prior = version["PriorModelMetrics"]
            assert '"num_labeled":1' in prior
            assert version["AutoPromotionResult"] == "MODEL_PROMOTED"
            assert client.describe_model(ModelName=MODEL)["ActiveModelVersion"] == 2
        else:
            assert version["Status"] == "FAILED"
            assert version["AutoPromotionResult"] == "RETRAINING_CUSTOMER_ERROR"
            assert "gone-bucket" in version["FailedReason"]
            assert client.describe_model(ModelName=MODEL)["ActiveModelVersion"] == 1


@pytest.mark.parametrize(
    ("label_day", "promoted"),
    [(220, True), (230, False)],  # Sensor0 spikes on day 220 only
)
def test_labels_added_after_training_promote_a_version_that_meets_the_threshold(
    client: Any, label_day: int, promoted: bool
) -> None:
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        client.create_label_group(LabelGroupName="failures")
        client.create_label(
            LabelGroupName="failures",
            StartTime=day(label_day),
            EndTime=day(label_day + 1),
            Rating="ANOMALY",
        )
        client.update_model(
            ModelName=MODEL, LabelsInputConfiguration={"LabelGroupName": "failures"}
        )
        schedule(client)
        clock.move_to("2023-08-21T00:00:00Z")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert version["Status"] == "SUCCESS"
        # The active version had no labels: only the new version's metrics are shown.
        assert "PriorModelMetrics" not in version
        assert '"num_labeled":1' in version["ModelMetrics"]
        if promoted:
            assert version["ModelQuality"] == "QUALITY_THRESHOLD_MET"
            assert version["AutoPromotionResult"] == "MODEL_PROMOTED"
        else:
            assert version["ModelQuality"] == "POOR_QUALITY_DETECTED"
            assert version["AutoPromotionResult"] == "MODEL_NOT_PROMOTED"
            assert "quality threshold" in version["AutoPromotionResultReason"]
        active = client.describe_model(ModelName=MODEL)["ActiveModelVersion"]
        assert active == (2 if promoted else 1)


def identified(count: int) -> dict[str, Any]:
    return {"labeled_event_metrics": {"num_labeled": 2, "num_identified": count}}


LABELLED = SimpleNamespace(config={"LabelsInputConfiguration": {"LabelGroupName": "g"}})
UNLABELLED = SimpleNamespace(config={})


@pytest.mark.parametrize(
    ("active", "labelled", "new", "prior", "expected"),
    [
        # Both labelled: the one that identifies more labelled ranges; a tie keeps the new.
        (LABELLED, True, identified(1), identified(2), "MODEL_NOT_PROMOTED"),
        (LABELLED, True, identified(2), identified(2), "MODEL_PROMOTED"),
        # Only the active version labelled: it stays.
        (LABELLED, False, None, None, "MODEL_NOT_PROMOTED"),
        # Neither labelled: the new version.
        (UNLABELLED, False, None, None, "MODEL_PROMOTED"),
    ],
)
def test_the_promotion_table(
    active: Any, labelled: bool, new: Any, prior: Any, expected: str
) -> None:
    outcome = TrainingOutcome(trained=object(), metrics=new)

    decision = decide("MANAGED", outcome, active, labelled, prior)

    assert decision.result == expected
    assert decision.promote is (expected == "MODEL_PROMOTED")


@pytest.mark.in_process(reason="its README example moves time with freezegun")
def test_the_readme_example_runs() -> None:
    run_readme_example("Retraining schedulers", "test_scheduled_retraining")


@pytest.mark.in_process(reason="patches the package")
def test_a_long_jump_of_the_clock_makes_only_the_newest_retrainings(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retraining, "NEWEST_RUNS", 2)
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client)
        # Four dates pass: 2023-08-20, 09-19, 10-19 and 11-18.
        clock.move_to("2023-11-20T00:00:00Z")

        summaries = client.list_model_versions(ModelName=MODEL)["ModelVersionSummaries"]

        assert [(v["ModelVersion"], v["SourceType"]) for v in summaries] == [
            (1, "TRAINING"),
            (2, "RETRAINING"),
            (3, "RETRAINING"),
        ]
        assert [v["CreatedAt"] for v in summaries[1:]] == [
            datetime(2023, 10, 19, tzinfo=timezone.utc),
            datetime(2023, 11, 18, tzinfo=timezone.utc),
        ]
        model = client.describe_model(ModelName=MODEL)
        assert model["NextScheduledRetrainingStartDate"] == datetime(
            2023, 12, 18, tzinfo=timezone.utc
        )


@pytest.mark.in_process(reason="patches the package")
def test_a_thousand_years_on_one_read_make_ten_thousand_retrainings(
    client: Any, backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[datetime] = []

    def record(backend: Any, model: Any, due: datetime, lookback: str, mode: str) -> Any:
        made.append(due)
        return None

    monkeypatch.setattr(retraining, "retrain", record)
    with frozen_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        schedule(client)
        clock.move_to("3023-08-15T10:00:00Z")

        backend.retraining.catch_up(MODEL)

        # 1000 years hold 12,175 dates 30 days apart from 2023-08-20; the newest 10,000 are made.
        last = datetime(3023, 7, 29, tzinfo=timezone.utc)
        assert (last - FIRST_RUN).days // 30 + 1 == 12_175
        assert len(made) == 10_000
        assert made[0] == last - 9_999 * timedelta(days=30)
        assert made[-1] == last
        assert made == sorted(set(made))

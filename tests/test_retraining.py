"""Retraining schedulers: one per model, their schedule rules and their lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from mode import frozen_time, set_transition, unset_transition
from model_helpers import MODEL, dataset_with_data, error, train_model

NOW = "2026-03-10T15:30:00Z"
TODAY = datetime(2026, 3, 10, tzinfo=timezone.utc)
TOMORROW = datetime(2026, 3, 11, tzinfo=timezone.utc)


@pytest.fixture
def model(client: Any) -> str:
    dataset_with_data(client)
    train_model(client)
    return MODEL


@pytest.fixture
def held_scheduler() -> Any:
    set_transition(
        "lookoutequipment::retrainingscheduler", {"progression": "manual", "times": 10**6}
    )
    yield
    unset_transition("lookoutequipment::retrainingscheduler")


def create(client: Any, **extra: Any) -> dict[str, Any]:
    request = {"ModelName": MODEL, "RetrainingFrequency": "P1M", "LookbackWindow": "P180D"}
    return client.create_retraining_scheduler(**{**request, **extra})  # type: ignore[no-any-return]


@frozen_time(NOW)
def test_create_reports_pending_then_the_scheduler_runs_with_defaults(
    client: Any, model: str
) -> None:
    answer = create(client)
    assert answer["Status"] == "PENDING"
    assert answer["ModelName"] == MODEL
    assert answer["ModelArn"] == client.describe_model(ModelName=MODEL)["ModelArn"]

    described = client.describe_retraining_scheduler(ModelName=MODEL)
    assert described["Status"] == "RUNNING"
    assert described["PromoteMode"] == "MANAGED"
    assert described["RetrainingStartDate"] == TOMORROW
    assert described["RetrainingFrequency"] == "P1M"
    assert described["LookbackWindow"] == "P180D"
    assert described["CreatedAt"] == datetime(2026, 3, 10, 15, 30, tzinfo=timezone.utc)

    shown = client.describe_model(ModelName=MODEL)
    assert shown["RetrainingSchedulerStatus"] == "RUNNING"
    assert shown["NextScheduledRetrainingStartDate"] == TOMORROW


@frozen_time(NOW)
def test_start_date_is_truncated_to_midnight_and_past_dates_are_refused(
    client: Any, model: str
) -> None:
    create(client, RetrainingStartDate=datetime(2026, 4, 2, 17, 45, tzinfo=timezone.utc))
    described = client.describe_retraining_scheduler(ModelName=MODEL)
    assert described["RetrainingStartDate"] == datetime(2026, 4, 2, tzinfo=timezone.utc)

    client.stop_retraining_scheduler(ModelName=MODEL)
    with pytest.raises(ClientError) as info:
        client.update_retraining_scheduler(
            ModelName=MODEL, RetrainingStartDate=datetime(2026, 3, 9, tzinfo=timezone.utc)
        )
    code, message = error(info)
    assert (code, message) == (
        "ValidationException",
        "RetrainingStartDate '2026-03-09T00:00:00+00:00' is in the past; it must be today or "
        "later.",
    )


@pytest.mark.parametrize(
    ("given", "day"),
    [
        # In UTC: 2026-03-11 04:30, 2026-03-10 20:00 (today), 2026-03-09 22:00 (yesterday).
        (datetime(2026, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5))), TOMORROW),
        (datetime(2026, 3, 11, 1, tzinfo=timezone(timedelta(hours=5))), TODAY),
        (datetime(2026, 3, 10, 3, tzinfo=timezone(timedelta(hours=5))), None),
    ],
)
@frozen_time(NOW)
def test_the_start_date_is_the_utc_day_of_the_moment_given(
    client: Any, model: str, given: datetime, day: datetime | None
) -> None:
    if day is None:
        with pytest.raises(ClientError) as info:
            create(client, RetrainingStartDate=given)
        assert error(info) == (
            "ValidationException",
            "RetrainingStartDate '2026-03-09T22:00:00+00:00' is in the past; it must be today or "
            "later.",
        )
        return
    create(client, RetrainingStartDate=given)
    assert client.describe_retraining_scheduler(ModelName=MODEL)["RetrainingStartDate"] == day


OUT_OF_RANGE = "it must be between 30 days (P30D) and one year (P1Y)."


@pytest.mark.parametrize(
    ("frequency", "refusal"),
    [
        ("P30D", None),
        ("P1Y", None),
        ("P3M15D", None),
        ("P29D", f"RetrainingFrequency 'P29D' is 29 days; {OUT_OF_RANGE}"),
        ("P1Y1D", f"RetrainingFrequency 'P1Y1D' is 366 days; {OUT_OF_RANGE}"),
        ("P", "RetrainingFrequency 'P' is not a duration in years, months and days."),
    ],
)
@frozen_time(NOW)
def test_frequency_must_be_between_30_days_and_a_year(
    client: Any, model: str, frequency: str, refusal: str | None
) -> None:
    if refusal is None:
        assert create(client, RetrainingFrequency=frequency)["Status"] == "PENDING"
        return
    with pytest.raises(ClientError) as info:
        create(client, RetrainingFrequency=frequency)
    assert error(info) == ("ValidationException", refusal)
    assert client.list_retraining_schedulers()["RetrainingSchedulerSummaries"] == []


@frozen_time(NOW)
def test_one_scheduler_per_model_and_only_for_a_known_trained_model(
    client: Any, model: str
) -> None:
    create(client)
    with pytest.raises(ClientError) as info:
        create(client)
    assert error(info) == (
        "ConflictException",
        f"Model '{MODEL}' already has a retraining scheduler.",
    )

    with pytest.raises(ClientError) as info:
        create(client, ModelName="no-such-model")
    assert error(info) == ("ResourceNotFoundException", "Model 'no-such-model' does not exist.")


@frozen_time(NOW)
def test_client_token_replays_and_conflicts(client: Any, model: str) -> None:
    first = create(client, ClientToken="token-1")
    again = create(client, ClientToken="token-1")
    assert again["ModelArn"] == first["ModelArn"]
    assert again["Status"] == "RUNNING"
    with pytest.raises(ClientError) as info:
        create(client, ClientToken="token-1", LookbackWindow="P360D")
    assert error(info) == (
        "ConflictException",
        "The client token 'token-1' was already used by another CreateRetrainingScheduler "
        "request with different parameters.",
    )


@frozen_time(NOW)
def test_stop_start_delete_lifecycle(client: Any, model: str, held_scheduler: None) -> None:
    assert create(client)["Status"] == "PENDING"
    assert client.describe_retraining_scheduler(ModelName=MODEL)["Status"] == "PENDING"

    with pytest.raises(ClientError) as info:
        client.update_retraining_scheduler(ModelName=MODEL, PromoteMode="MANUAL")
    assert error(info) == (
        "ConflictException",
        f"The retraining scheduler of model '{MODEL}' is PENDING and cannot be updated until "
        "that ends.",
    )
    with pytest.raises(ClientError) as info:
        client.start_retraining_scheduler(ModelName=MODEL)
    assert error(info) == (
        "ConflictException",
        f"The retraining scheduler of model '{MODEL}' is PENDING; only a STOPPED scheduler can "
        "be started.",
    )
    with pytest.raises(ClientError) as info:
        client.delete_retraining_scheduler(ModelName=MODEL)
    assert error(info) == (
        "ConflictException",
        f"The retraining scheduler of model '{MODEL}' must be STOPPED to be deleted; "
        "it is PENDING.",
    )

    assert client.stop_retraining_scheduler(ModelName=MODEL)["Status"] == "STOPPING"
    unset_transition("lookoutequipment::retrainingscheduler")
    assert client.describe_retraining_scheduler(ModelName=MODEL)["Status"] == "STOPPED"
    assert "NextScheduledRetrainingStartDate" not in client.describe_model(ModelName=MODEL)

    with pytest.raises(ClientError) as info:
        client.stop_retraining_scheduler(ModelName=MODEL)
    assert error(info) == (
        "ConflictException",
        f"The retraining scheduler of model '{MODEL}' is STOPPED; only a RUNNING or PENDING "
        "scheduler can be stopped.",
    )

    client.update_retraining_scheduler(
        ModelName=MODEL, PromoteMode="MANUAL", RetrainingFrequency="P2M", LookbackWindow="P360D"
    )
    described = client.describe_retraining_scheduler(ModelName=MODEL)
    assert (described["PromoteMode"], described["RetrainingFrequency"]) == ("MANUAL", "P2M")
    assert described["LookbackWindow"] == "P360D"
    assert described["Status"] == "STOPPED"

    assert client.start_retraining_scheduler(ModelName=MODEL)["Status"] == "PENDING"
    assert client.describe_retraining_scheduler(ModelName=MODEL)["Status"] == "RUNNING"
    client.stop_retraining_scheduler(ModelName=MODEL)
    client.delete_retraining_scheduler(ModelName=MODEL)

    with pytest.raises(ClientError) as info:
        client.describe_retraining_scheduler(ModelName=MODEL)
    assert error(info) == (
        "ResourceNotFoundException",
        f"Model '{MODEL}' has no retraining scheduler.",
    )
    assert "RetrainingSchedulerStatus" not in client.describe_model(ModelName=MODEL)


@frozen_time(NOW)
def test_manual_progression_counts_describes_and_lists(client: Any, model: str) -> None:
    set_transition("lookoutequipment::retrainingscheduler", {"progression": "manual", "times": 2})
    try:
        assert create(client)["Status"] == "PENDING"
        statuses = [client.describe_retraining_scheduler(ModelName=MODEL)["Status"]]
        listed = client.list_retraining_schedulers()["RetrainingSchedulerSummaries"]
        statuses.append(listed[0]["Status"])
        assert statuses == ["PENDING", "RUNNING"]

        assert client.stop_retraining_scheduler(ModelName=MODEL)["Status"] == "STOPPING"
        statuses = [client.describe_retraining_scheduler(ModelName=MODEL)["Status"]]
        statuses.append(client.describe_retraining_scheduler(ModelName=MODEL)["Status"])
        assert statuses == ["STOPPING", "STOPPED"]
    finally:
        unset_transition("lookoutequipment::retrainingscheduler")


@frozen_time(NOW)
def test_list_filters_and_pages(client: Any) -> None:
    dataset_with_data(client)
    for name in ("pump-a", "pump-b", "fan-c"):
        train_model(client, name=name)
        create(client, ModelName=name)
    client.stop_retraining_scheduler(ModelName="pump-b")

    def names(**filters: Any) -> list[str]:
        summaries = client.list_retraining_schedulers(**filters)["RetrainingSchedulerSummaries"]
        return [summary["ModelName"] for summary in summaries]

    assert names() == ["pump-a", "pump-b", "fan-c"]
    assert names(ModelNameBeginsWith="pump") == ["pump-a", "pump-b"]
    assert names(Status="STOPPED") == ["pump-b"]
    assert names(Status="RUNNING", ModelNameBeginsWith="pump") == ["pump-a"]

    first = client.list_retraining_schedulers(MaxResults=2)
    assert [s["ModelName"] for s in first["RetrainingSchedulerSummaries"]] == ["pump-a", "pump-b"]
    rest = client.list_retraining_schedulers(MaxResults=2, NextToken=first["NextToken"])
    assert [s["ModelName"] for s in rest["RetrainingSchedulerSummaries"]] == ["fan-c"]
    assert "NextToken" not in rest
    summary = first["RetrainingSchedulerSummaries"][0]
    assert set(summary) == {
        "ModelName",
        "ModelArn",
        "Status",
        "RetrainingStartDate",
        "RetrainingFrequency",
        "LookbackWindow",
    }


@frozen_time(NOW)
def test_deleting_the_model_deletes_its_scheduler(client: Any, model: str) -> None:
    create(client)
    client.delete_model(ModelName=MODEL)
    assert client.list_retraining_schedulers()["RetrainingSchedulerSummaries"] == []
    with pytest.raises(ClientError) as info:
        client.describe_retraining_scheduler(ModelName=MODEL)
    assert error(info) == ("ResourceNotFoundException", f"Model '{MODEL}' does not exist.")

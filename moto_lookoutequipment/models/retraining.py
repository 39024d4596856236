"""Retraining schedulers: at most one per model, addressed by the model's name.

Retrainings run when a read finds their date passed; after a long jump of the clock only the
newest ``NEWEST_RUNS`` of them are made, as for inference.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from moto.core.common_models import BaseModel

from ..dashboard import StoredFieldsOnly
from ..data.inference_windows import NEWEST_RUNS, newest_from
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from .common import (
    Params,
    Result,
    begins_with,
    creation_number,
    creation_order,
    paginate,
    utcnow,
)
from .family import Family
from .lifecycle import Lifecycle
from .model_resources import ModelVersion
from .retraining_runs import cancel, retrain
from .scheduler_status import (
    PENDING,
    RUNNING,
    STOPPED,
    STOPPING,
    check_can_delete,
    check_can_start,
    check_can_stop,
    check_can_update,
)

_FREQUENCY = re.compile(r"^P(?:(\d)Y)?(?:(\d{1,2})M)?(?:(\d{1,3})D)?$")
DAYS_PER_MONTH = 30
DAYS_PER_YEAR = 365
MIN_FREQUENCY_DAYS = 30
MAX_FREQUENCY_DAYS = 365


def frequency_days(frequency: str) -> int:
    """The length of an ISO-8601 ``RetrainingFrequency`` in days (a month is 30, a year 365)."""
    match = _FREQUENCY.match(frequency)
    if match is None or not any(match.groups()):
        raise ValidationException(
            f"RetrainingFrequency '{frequency}' is not a duration in years, months and days."
        )
    years, months, days = (int(part or 0) for part in match.groups())
    total = years * DAYS_PER_YEAR + months * DAYS_PER_MONTH + days
    if not MIN_FREQUENCY_DAYS <= total <= MAX_FREQUENCY_DAYS:
        raise ValidationException(
            f"RetrainingFrequency '{frequency}' is {total} days; it must be between "
            f"{MIN_FREQUENCY_DAYS} days (P30D) and one year (P1Y)."
        )
    return total


def midnight(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def start_date(requested: datetime | None) -> datetime:
    """The first retraining date: the requested day at UTC midnight, by default tomorrow's."""
    today = midnight(utcnow())
    if requested is None:
        return today + timedelta(days=1)
    day = midnight(requested)
    if day < today:
        raise ValidationException(
            f"RetrainingStartDate '{requested.isoformat()}' is in the past; it must be today "
            "or later."
        )
    return day


class RetrainingScheduler(StoredFieldsOnly, BaseModel):
    def __init__(self, model: Any, params: Params) -> None:
        self.creation_number = creation_number()
        self.model_name: str = model.name
        self.model_arn: str = model.arn
        self.frequency: str = params["RetrainingFrequency"]
        self.lookback_window: str = params["LookbackWindow"]
        self.start_date = start_date(params.get("RetrainingStartDate"))
        self.promote_mode: str = params.get("PromoteMode", "MANAGED")
        self.created_at = utcnow()
        self.updated_at = self.created_at
        self.lifecycle = Lifecycle("retrainingscheduler", PENDING, RUNNING)
        self.next_due = self.start_date
        self.reschedule()
        self.latest: ModelVersion | None = None

    @property
    def status(self) -> str:
        return self.lifecycle.current

    @property
    def subject(self) -> str:
        return f"The retraining scheduler of model '{self.model_name}'"

    @property
    def step(self) -> timedelta:
        return timedelta(days=frequency_days(self.frequency))

    def reschedule(self) -> None:
        """Aim at the first scheduled date from now on (at creation, after a start or a schedule
        change): a start date of today has already passed, so today is skipped."""
        moment, now = self.start_date, utcnow()
        while moment < now:
            moment += self.step
        self.next_due = moment

    def model_fields(self) -> Result:
        fields: Result = {"RetrainingSchedulerStatus": self.status}
        if self.status in (PENDING, RUNNING):
            fields["NextScheduledRetrainingStartDate"] = self.next_due
        latest = self.latest
        if latest is not None:
            fields.update(
                {
                    "LatestScheduledRetrainingStatus": latest.status,
                    "LatestScheduledRetrainingModelVersion": latest.version,
                    "LatestScheduledRetrainingStartTime": latest.created_at,
                    "LatestScheduledRetrainingAvailableDataInDays": latest.retraining_fields[
                        "RetrainingAvailableDataInDays"
                    ],
                    "LatestScheduledRetrainingFailedReason": latest.failed_reason,
                }
            )
        return fields

    def summary(self) -> Result:
        return {
            "ModelName": self.model_name,
            "ModelArn": self.model_arn,
            "Status": self.status,
            "RetrainingStartDate": self.start_date,
            "RetrainingFrequency": self.frequency,
            "LookbackWindow": self.lookback_window,
        }

    def describe(self) -> Result:
        return {
            **self.summary(),
            "PromoteMode": self.promote_mode,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
        }

    def answer(self, status: str) -> Result:
        """The response of Create, Start and Stop: the status the request put it in."""
        return {"ModelName": self.model_name, "ModelArn": self.model_arn, "Status": status}


class RetrainingSchedulers(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, RetrainingScheduler] = {}

    def get(self, model_name: str, advance: bool = False) -> RetrainingScheduler:
        """The scheduler of a model, caught up with the clock; ``advance`` counts a read for
        moto's ``manual`` progression."""
        scheduler = self.items.get(model_name)
        if scheduler is not None and advance:
            scheduler.lifecycle.advance()
        scheduler = self.catch_up(model_name)
        if scheduler is None:
            self.backend.ml_models.get(model_name)
            raise ResourceNotFoundException(f"Model '{model_name}' has no retraining scheduler.")
        return scheduler

    def model_deleted(self, model: Any) -> None:
        scheduler = self.items.pop(model.name, None)
        if scheduler is not None:
            self.backend.release(scheduler)

    def catch_up(self, model_name: str) -> RetrainingScheduler | None:
        """Run the retrainings of ``model_name`` whose date has passed while its scheduler runs;
        returns the scheduler, if the model has one."""
        scheduler = self.items.get(model_name)
        if scheduler is None or scheduler.status != RUNNING:
            return scheduler
        now = utcnow()
        if scheduler.next_due <= now:
            # Only the newest runs of a long jump of the clock are made.
            step = scheduler.step
            last = scheduler.next_due + (now - scheduler.next_due) // step * step
            scheduler.next_due = newest_from(scheduler.next_due, last, step, NEWEST_RUNS)
        while scheduler.next_due <= now:
            due = scheduler.next_due
            scheduler.next_due = due + scheduler.step
            model = self.backend.ml_models.items.get(model_name)
            if model is None or model.busy or model.active_version is None:
                continue
            scheduler.latest = retrain(
                self.backend, model, due, scheduler.lookback_window, scheduler.promote_mode
            )
        return scheduler

    def model_fields(self, model_name: str) -> Result:
        """The retraining members of DescribeModel and ListModels for a model."""
        scheduler = self.catch_up(model_name)
        return scheduler.model_fields() if scheduler is not None else {}

    def create_retraining_scheduler(self, params: Params) -> Result:
        replayed = self.backend.client_tokens.replay("CreateRetrainingScheduler", params)
        if isinstance(replayed, RetrainingScheduler) and replayed in self.items.values():
            return replayed.answer(replayed.status)
        frequency_days(params["RetrainingFrequency"])
        model = self.backend.ml_models.get(params["ModelName"])
        if model.name in self.items:
            raise ConflictException(f"Model '{model.name}' already has a retraining scheduler.")
        active = model.active_version
        if active is None or active.status != "SUCCESS":
            raise ConflictException(
                f"Model '{model.name}' has no successfully trained active version to retrain."
            )
        scheduler = RetrainingScheduler(model, params)
        self.items[model.name] = scheduler
        self.backend.client_tokens.remember("CreateRetrainingScheduler", params, scheduler)
        return scheduler.answer(PENDING)

    def describe_retraining_scheduler(self, params: Params) -> Result:
        return self.get(params["ModelName"], advance=True).describe()

    def list_retraining_schedulers(self, params: Params) -> Result:
        prefix = params.get("ModelNameBeginsWith")
        status = params.get("Status")
        for name in list(self.items):
            self.get(name, advance=True)
        matching = [
            scheduler
            for scheduler in self.items.values()
            if begins_with(scheduler.model_name, prefix)
            and (status is None or scheduler.status == status)
        ]
        page, token = paginate(matching, params, "ListRetrainingSchedulers", creation_order)
        return {
            "RetrainingSchedulerSummaries": [scheduler.summary() for scheduler in page],
            "NextToken": token,
        }

    def update_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_update(scheduler.subject, scheduler.status)
        frequency = params.get("RetrainingFrequency", scheduler.frequency)
        frequency_days(frequency)
        new_start = scheduler.start_date
        if "RetrainingStartDate" in params:
            new_start = start_date(params["RetrainingStartDate"])
        scheduler.frequency = frequency
        scheduler.start_date = new_start
        scheduler.lookback_window = params.get("LookbackWindow", scheduler.lookback_window)
        scheduler.promote_mode = params.get("PromoteMode", scheduler.promote_mode)
        scheduler.reschedule()
        scheduler.updated_at = utcnow()
        return {}

    def start_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_start(scheduler.subject, scheduler.status)
        scheduler.lifecycle.move(PENDING, RUNNING)
        scheduler.reschedule()
        scheduler.updated_at = utcnow()
        return scheduler.answer(PENDING)

    def stop_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_stop(scheduler.subject, scheduler.status)
        scheduler.lifecycle.move(STOPPING, STOPPED)
        scheduler.updated_at = utcnow()
        model = self.backend.ml_models.items.get(scheduler.model_name)
        if model is not None and scheduler.latest is not None:
            cancel(model, scheduler.latest)
        return scheduler.answer(STOPPING)

    def delete_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_delete(scheduler.subject, scheduler.status)
        del self.items[scheduler.model_name]
        self.backend.release(scheduler)
        return {}

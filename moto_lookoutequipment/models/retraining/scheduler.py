"""A retraining scheduler: when it retrains its model, and what it shows."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from moto.core.common_models import BaseModel

from ...dashboard import StoredFieldsOnly
from ...exceptions import ValidationException
from ..common import (
    Params,
    Result,
    creation_number,
    utcnow,
)
from ..lifecycle import Lifecycle
from ..mlmodels.model_version import ModelVersion
from ..scheduler_status import (
    PENDING,
    RUNNING,
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

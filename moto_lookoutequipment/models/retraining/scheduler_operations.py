"""Retraining schedulers: at most one per model, addressed by the model's name.

Retrainings run when a read finds their date passed; after a long jump of the clock only the
newest ``NEWEST_RUNS`` of them are made, as for inference.
"""

from __future__ import annotations

from typing import Any

from ...data.inference_windows import NEWEST_RUNS, newest_from
from ...exceptions import ConflictException, ResourceNotFoundException
from ...operations import Created, operation
from ..common import (
    Params,
    Result,
    begins_with,
    creation_order,
    paginate,
    utcnow,
)
from ..family import Family
from ..scheduler_status import (
    PENDING,
    RUNNING,
    STOPPED,
    STOPPING,
    check_can_delete,
    check_can_start,
    check_can_stop,
    check_can_update,
)
from .retraining_runs import cancel, retrain
from .scheduler import RetrainingScheduler, frequency_days, start_date


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
            if model is None:
                continue
            model.settle()  # the previous retraining may have ended meanwhile
            if model.busy or model.active_version is None:
                continue
            scheduler.latest = retrain(
                self.backend, model, due, scheduler.lookback_window, scheduler.promote_mode
            )
        return scheduler

    def model_fields(self, model_name: str) -> Result:
        """The retraining members of DescribeModel and ListModels for a model."""
        scheduler = self.catch_up(model_name)
        return scheduler.model_fields() if scheduler is not None else {}

    def _scheduler_again(self, scheduler: RetrainingScheduler) -> Result | None:
        if self.items.get(scheduler.model_name) is not scheduler:
            return None
        return scheduler.answer(scheduler.status)

    @operation("CreateRetrainingScheduler", replay=_scheduler_again)
    def create_retraining_scheduler(self, params: Params) -> Created:
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
        return Created(scheduler, scheduler.answer(PENDING))

    @operation("DescribeRetrainingScheduler")
    def describe_retraining_scheduler(self, params: Params) -> Result:
        return self.get(params["ModelName"], advance=True).describe()

    @operation("ListRetrainingSchedulers")
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

    @operation("UpdateRetrainingScheduler")
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

    @operation("StartRetrainingScheduler")
    def start_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_start(scheduler.subject, scheduler.status)
        scheduler.lifecycle.move(PENDING, RUNNING)
        scheduler.reschedule()
        scheduler.updated_at = utcnow()
        return scheduler.answer(PENDING)

    @operation("StopRetrainingScheduler")
    def stop_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_stop(scheduler.subject, scheduler.status)
        scheduler.lifecycle.move(STOPPING, STOPPED)
        scheduler.updated_at = utcnow()
        model = self.backend.ml_models.items.get(scheduler.model_name)
        if model is not None and scheduler.latest is not None:
            cancel(model, scheduler.latest)
        return scheduler.answer(STOPPING)

    @operation("DeleteRetrainingScheduler")
    def delete_retraining_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["ModelName"])
        check_can_delete(scheduler.subject, scheduler.status)
        del self.items[scheduler.model_name]
        self.backend.release(scheduler)
        return {}

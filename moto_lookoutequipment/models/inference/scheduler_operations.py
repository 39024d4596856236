"""Inference schedulers: the operations that create, change and read them and their results."""

from __future__ import annotations

import copy
from typing import Any

from ... import spec
from ...exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)
from ...operations import Created, operation
from ..common import (
    QUOTAS,
    Params,
    Result,
    begins_with,
    creation_order,
    micros,
    new_resource_id,
    paginate,
    resource_arn,
    tags_from_list,
    utcnow,
)
from ..family import Family
from ..scheduler_status import (
    PENDING,
    STOPPING,
    check_can_delete,
    check_can_start,
    check_can_stop,
    check_can_update,
)
from .executions import ExecutionRunner
from .scheduler import InferenceScheduler, check_frequency, input_configuration


def _reports_model_quality() -> bool:
    """Whether the service model has ``ModelQuality`` in the create response (botocore releases
    before February 2024 do not)."""
    shape = spec.operation("CreateInferenceScheduler").output_shape
    return shape is not None and "ModelQuality" in shape.members


class InferenceSchedulers(Family):
    def settle(self) -> None:
        for scheduler in self.items.values():
            scheduler.settle()

    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, InferenceScheduler] = {}
        self.runner = ExecutionRunner(backend)

    # Hooks used by the other families.

    def owns(self, arn: str) -> bool:
        return any(scheduler.arn == arn for scheduler in self.items.values())

    def scheduler_of_model(self, model_name: str) -> InferenceScheduler | None:
        """The scheduler of the live model named ``model_name``, if it has one."""
        model = self.backend.ml_models.items.get(model_name)
        if model is None:
            return None
        return next((s for s in self.items.values() if s.model_arn == model.arn), None)

    def dataset_in_use(self, dataset: Any) -> str | None:
        # A scheduler whose model was deleted no longer uses the model's dataset.
        users = [
            s.name
            for s in self.items.values()
            if s.dataset_arn == dataset.arn and self._model_of(s) is not None
        ]
        if not users:
            return None
        return f"inference scheduler '{users[0]}' uses a model trained on it"

    def model_deleted(self, model: Any) -> None:
        # Windows that ran before the deletion still used the model.
        for scheduler in self.items.values():
            if scheduler.model_arn == model.arn:
                scheduler.catch_up(self.runner.run, model)

    # Lookups.

    def _model_of(self, scheduler: InferenceScheduler) -> Any | None:
        model = self.backend.ml_models.items.get(scheduler.model_name)
        return model if model is not None and model.arn == scheduler.model_arn else None

    def _fresh(self, scheduler: InferenceScheduler) -> InferenceScheduler:
        scheduler.catch_up(self.runner.run, self._model_of(scheduler))
        return scheduler

    def get(self, name: str, advance: bool = False) -> InferenceScheduler:
        """The scheduler, caught up with the clock; ``advance`` counts a read for moto's
        ``manual`` progression."""
        scheduler = self.items.get(name)
        if scheduler is None:
            raise ResourceNotFoundException(f"Inference scheduler '{name}' does not exist.")
        if advance:
            scheduler.lifecycle.advance()
        return self._fresh(scheduler)

    # Operations.

    def _scheduler_again(self, scheduler: InferenceScheduler) -> Result | None:
        if self.items.get(scheduler.name) is not scheduler:
            return None
        return self._created(self._fresh(scheduler))

    @operation("CreateInferenceScheduler", replay=_scheduler_again)
    def create_inference_scheduler(self, params: Params) -> Created:
        name = params["InferenceSchedulerName"]
        input_configuration(params["DataInputConfiguration"])
        kms_key_id = params.get("ServerSideKmsKeyId")
        kms_key_arn = self.backend.resolve_kms_key(kms_key_id) if kms_key_id else None
        self.backend.tags.check_new(params.get("Tags"))
        if name in self.items:
            raise ConflictException(f"Inference scheduler '{name}' already exists.")
        model = self.backend.ml_models.get(params["ModelName"])
        active = model.active_version
        if active is None or active.status != "SUCCESS":
            raise ConflictException(
                f"Model '{model.name}' has no successfully trained active version to schedule."
            )
        check_frequency(params["DataUploadFrequency"], model)
        existing = self.scheduler_of_model(model.name)
        if existing is not None:
            limit = QUOTAS["inference_schedulers_per_model"]
            raise ServiceQuotaExceededException(
                f"Model '{model.name}' already has inference scheduler '{existing.name}'; a "
                f"model can have at most {limit} inference scheduler."
            )
        arn = resource_arn(
            self.account_id, self.region_name, "inference-scheduler", name, new_resource_id()
        )
        scheduler = InferenceScheduler(name, arn, model, params, kms_key_arn)
        self.items[name] = scheduler
        self.backend.tags.add(arn, tags_from_list(params.get("Tags")))
        return Created(scheduler, {**self._created(scheduler), "Status": PENDING})

    def _created(self, scheduler: InferenceScheduler) -> Result:
        answer = {
            "InferenceSchedulerArn": scheduler.arn,
            "InferenceSchedulerName": scheduler.name,
            "Status": scheduler.status,
        }
        model = self._model_of(scheduler)
        if model is not None and _reports_model_quality():
            answer["ModelQuality"] = model.quality
        return answer

    @operation("DescribeInferenceScheduler")
    def describe_inference_scheduler(self, params: Params) -> Result:
        return self.get(params["InferenceSchedulerName"], advance=True).describe()

    @operation("ListInferenceSchedulers")
    def list_inference_schedulers(self, params: Params) -> Result:
        prefix = params.get("InferenceSchedulerNameBeginsWith")
        model_name = params.get("ModelName")
        status = params.get("Status")
        matching = [
            scheduler
            for scheduler in map(self._fresh, list(self.items.values()))
            if begins_with(scheduler.name, prefix)
            and (model_name is None or scheduler.model_name == model_name)
            and (status is None or scheduler.status == status)
        ]
        page, token = paginate(matching, params, "ListInferenceSchedulers", creation_order)
        return {"InferenceSchedulerSummaries": [s.summary() for s in page], "NextToken": token}

    @operation("UpdateInferenceScheduler")
    def update_inference_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["InferenceSchedulerName"])
        check_can_update(scheduler.subject, scheduler.status)
        if "DataInputConfiguration" in params:
            new_input = input_configuration(
                params["DataInputConfiguration"], scheduler.input_config
            )
        else:
            new_input = scheduler.input_config
        frequency = params.get("DataUploadFrequency", scheduler.frequency)
        model = self._model_of(scheduler)
        if model is not None and "DataUploadFrequency" in params:
            check_frequency(frequency, model)
        scheduler.input_config = new_input
        scheduler.frequency = frequency
        scheduler.delay_minutes = params.get("DataDelayOffsetInMinutes", scheduler.delay_minutes)
        if "DataOutputConfiguration" in params:
            # The whole configuration is replaced: a KmsKeyId left out is removed.
            scheduler.output_config = copy.deepcopy(params["DataOutputConfiguration"])
        scheduler.role_arn = params.get("RoleArn", scheduler.role_arn)
        scheduler.updated_at = utcnow()
        return {}

    @operation("StartInferenceScheduler")
    def start_inference_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["InferenceSchedulerName"])
        check_can_start(scheduler.subject, scheduler.status)
        if self._model_of(scheduler) is None:
            raise ResourceNotFoundException(
                f"Model '{scheduler.model_name}' of inference scheduler '{scheduler.name}' "
                "does not exist."
            )
        scheduler.start()
        return scheduler.answer(PENDING)

    @operation("StopInferenceScheduler")
    def stop_inference_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["InferenceSchedulerName"])
        check_can_stop(scheduler.subject, scheduler.status)
        scheduler.stop()
        return scheduler.answer(STOPPING)

    @operation("DeleteInferenceScheduler")
    def delete_inference_scheduler(self, params: Params) -> Result:
        scheduler = self.get(params["InferenceSchedulerName"])
        check_can_delete(scheduler.subject, scheduler.status)
        del self.items[scheduler.name]
        self.backend.release(scheduler, *scheduler.executions)
        return {}

    @operation("ListInferenceExecutions")
    def list_inference_executions(self, params: Params) -> Result:
        name = params["InferenceSchedulerName"]
        after = params.get("DataStartTimeAfter")
        before = params.get("DataEndTimeBefore")
        status = params.get("Status")
        scheduler = self.items.get(name)
        executions = self._fresh(scheduler).newest_first() if scheduler is not None else []
        for execution in executions:
            execution.lifecycle.advance()
        if scheduler is not None:
            scheduler.settle()
        matching = [
            execution
            for execution in executions
            if (after is None or execution.window.start >= after)
            and (before is None or execution.window.end <= before)
            and (status is None or execution.status == status)
        ]
        # Newest first: by scheduled time, then by the end of the data window (unique).
        page, token = paginate(
            matching,
            params,
            "ListInferenceExecutions",
            lambda e: (-micros(e.window.scheduled), -micros(e.window.end)),
        )
        return {"InferenceExecutionSummaries": [e.summary() for e in page], "NextToken": token}

    @operation("ListInferenceEvents")
    def list_inference_events(self, params: Params) -> Result:
        scheduler = self.get(params["InferenceSchedulerName"])
        start, end = params["IntervalStartTime"], params["IntervalEndTime"]
        matching = [
            event for event in scheduler.events() if event.end >= start and event.start < end
        ]
        # By start time; the events of a scheduler never overlap, so no two start together.
        page, token = paginate(
            matching,
            params,
            "ListInferenceEvents",
            lambda event: (micros(event.start), micros(event.end)),
        )
        return {
            "InferenceEventSummaries": [
                {
                    "InferenceSchedulerArn": scheduler.arn,
                    "InferenceSchedulerName": scheduler.name,
                    "EventStartTime": event.start,
                    "EventEndTime": event.end,
                    "Diagnostics": event.diagnostics_document(),
                    "EventDurationInSeconds": event.duration_seconds,
                }
                for event in page
            ],
            "NextToken": token,
        }

"""An inference scheduler: its configuration, its status and the executions it has run.

The status moves through moto's state manager (``lookoutequipment::inferencescheduler``):
``PENDING`` → ``RUNNING`` after a create or start, ``STOPPING`` → ``STOPPED`` after a stop. The
scheduler runs while ``RUNNING``: from the moment it became ``RUNNING`` (the request itself under
the default ``immediate`` progression) until it is stopped. Executions are materialised lazily:
every read first runs the windows whose scheduled time has passed since the previous read (the
newest ``KEPT_EXECUTIONS`` of them after a long jump of the clock).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from moto.core.common_models import BaseModel
from moto.moto_api import state_manager

from ..._compat import stop_tracking
from ..._registration import state_model_name
from ...collector import collector_paused
from ...dashboard import StoredFieldsOnly
from ...data.inference_input import (
    DEFAULT_DELIMITER,
    DEFAULT_TIME_ZONE_OFFSET,
    DEFAULT_TIMESTAMP_FORMAT,
    InputNaming,
)
from ...data.inference_results import AnomalyRun, InferenceEvent, join_events
from ...data.inference_windows import (
    NEWEST_RUNS,
    Window,
    parse_duration,
    parse_offset,
    windows_run_between,
)
from ...exceptions import ValidationException
from ..common import Params, Result, creation_number, utcnow
from ..lifecycle import Lifecycle
from ..scheduler_status import PENDING, RUNNING, STOPPED, STOPPING
from .executions import InferenceExecution

# A scheduler keeps its newest executions only (35 days of PT5M runs), and a long jump of the
# clock runs only that many windows, which bounds the time and memory of a read.
KEPT_EXECUTIONS = NEWEST_RUNS
# The documented time zone offsets: whole and half hours from -12:00 to +12:00.
MAX_TIME_ZONE_OFFSET = timedelta(hours=12)

Runner = Callable[[Any, Sequence[Window], Any], list[InferenceExecution]]

log = logging.getLogger(__name__)
# One read catching up more than this is worth a warning.
LONG_CATCH_UP = timedelta(days=1)


def input_configuration(given: Params, current: Params | None = None) -> Params:
    """``DataInputConfiguration`` with the documented defaults filled in; members that an
    update leaves out keep their ``current`` values."""
    base = current or {}
    s3_input = given.get("S3InputConfiguration", base.get("S3InputConfiguration"))
    if s3_input is None:
        raise ValidationException(
            "DataInputConfiguration.S3InputConfiguration is required: the scheduler needs the "
            "S3 location of its input data."
        )
    offset = given.get("InputTimeZoneOffset", base.get("InputTimeZoneOffset"))
    offset = offset or DEFAULT_TIME_ZONE_OFFSET
    _check_offset(offset)
    naming = {
        **base.get("InferenceInputNameConfiguration", {}),
        **given.get("InferenceInputNameConfiguration", {}),
    }
    return {
        "S3InputConfiguration": dict(s3_input),
        "InputTimeZoneOffset": offset,
        "InferenceInputNameConfiguration": {
            "TimestampFormat": naming.get("TimestampFormat", DEFAULT_TIMESTAMP_FORMAT),
            "ComponentTimestampDelimiter": naming.get(
                "ComponentTimestampDelimiter", DEFAULT_DELIMITER
            ),
        },
    }


def _check_offset(text: str) -> None:
    try:
        shift = parse_offset(text)
    except ValueError:
        shift = timedelta.max
    if abs(shift) > MAX_TIME_ZONE_OFFSET or shift % timedelta(minutes=30):
        raise ValidationException(
            f"InputTimeZoneOffset '{text}' is not a valid time zone offset: it must be a whole "
            "or half hour between -12:00 and +12:00."
        )


def check_frequency(frequency: str, model: Any) -> None:
    """The upload frequency may not be shorter than the model's sampling rate."""
    rate = model.sampling_rate
    if rate and parse_duration(frequency) < parse_duration(rate):
        raise ValidationException(
            f"DataUploadFrequency '{frequency}' is shorter than the TargetSamplingRate "
            f"'{rate}' of model '{model.name}'; choose a frequency of at least {rate}."
        )


def _without_repeats(events: list[InferenceEvent]) -> list[InferenceEvent]:
    """The events in time order, less those inside another one: windows overlap after a longer
    frequency, and their rows would otherwise give the same anomaly twice."""
    kept: list[InferenceEvent] = []
    for event in sorted(events, key=lambda e: (e.start, -e.end.timestamp())):
        if not kept or event.end > kept[-1].end:
            kept.append(event)
    return kept


def _started_on_request() -> bool:
    """Under ``immediate`` progression a scheduler runs from the request that started it."""
    transition = state_manager.get_transition(state_model_name("inferencescheduler"))
    return bool(transition.get("progression") == "immediate")


class InferenceScheduler(StoredFieldsOnly, BaseModel):
    def __init__(
        self,
        name: str,
        arn: str,
        model: Any,
        params: Params,
        kms_key_arn: str | None,
    ) -> None:
        self.creation_number = creation_number()
        self.name = name
        self.arn = arn
        self.model_name: str = model.name
        self.model_arn: str = model.arn
        self.dataset_arn: str | None = getattr(model, "dataset_arn", None)
        self.frequency: str = params["DataUploadFrequency"]
        self.delay_minutes: int = params.get("DataDelayOffsetInMinutes", 0)
        self.input_config = input_configuration(params["DataInputConfiguration"])
        self.output_config: Params = copy.deepcopy(params["DataOutputConfiguration"])
        self.role_arn: str = params["RoleArn"]
        self.kms_key_arn = kms_key_arn
        self.created_at = utcnow()
        self.updated_at = self.created_at
        self.lifecycle = Lifecycle("inferencescheduler", PENDING, RUNNING)
        self.start_requested_at = self.created_at
        self.running_since: datetime | None = None
        self.covered_until: datetime | None = None
        self.last_window_end: datetime | None = None
        self.executions: list[InferenceExecution] = []
        self._unsettled: list[InferenceExecution] = []
        self._warned_of_catch_up = False

    @property
    def subject(self) -> str:
        return f"Inference scheduler '{self.name}'"

    @property
    def naming(self) -> InputNaming:
        naming = self.input_config["InferenceInputNameConfiguration"]
        return InputNaming(
            timestamp_format=naming["TimestampFormat"],
            delimiter=naming["ComponentTimestampDelimiter"],
            offset=parse_offset(self.input_config["InputTimeZoneOffset"]),
        )

    @property
    def status(self) -> str:
        return self.lifecycle.current

    def settle(self) -> None:
        """Start the running time once the status has moved to ``RUNNING``, and finish the runs
        whose status has moved on."""
        if self.lifecycle.current == RUNNING and self.running_since is None:
            began = self.start_requested_at if _started_on_request() else utcnow()
            self.running_since = began
            self.covered_until = began
        self._unsettled = [execution for execution in self._unsettled if not execution.settle()]

    def catch_up(self, run: Runner, model: Any | None) -> None:
        """Run every window whose scheduled time has passed while the scheduler was running."""
        self.settle()
        if self.running_since is None or self.covered_until is None:
            return
        now = utcnow()
        # Only windows ending after the last one run: a longer delay offset would otherwise
        # schedule windows that already ran a second time.
        data_after = max(self.running_since, self.last_window_end or self.running_since)
        with collector_paused():
            windows = windows_run_between(
                parse_duration(self.frequency),
                timedelta(minutes=self.delay_minutes),
                self.covered_until,
                now,
                data_after=data_after,
                newest=KEPT_EXECUTIONS,
            )
            if windows:
                self._report_catch_up(now - self.covered_until, len(windows))
            self._run_windows(run, model, windows, max(self.covered_until, now))

    def _run_windows(
        self, run: Runner, model: Any | None, windows: Sequence[Window], covered_until: datetime
    ) -> None:
        began = time.perf_counter()
        ran = run(self, windows, model) if windows else []
        self.executions.extend(ran)
        dropped = self.executions[:-KEPT_EXECUTIONS]
        del self.executions[:-KEPT_EXECUTIONS]
        stop_tracking(*dropped)
        if windows:
            self.last_window_end = windows[-1].end
        self.covered_until = covered_until
        kept = {id(execution) for execution in self.executions}
        self._unsettled = [e for e in [*self._unsettled, *ran] if id(e) in kept]
        self.settle()
        if ran:
            log.info(
                "Inference scheduler '%s': %d scheduled runs caught up in %.2f s",
                self.name,
                len(ran),
                time.perf_counter() - began,
            )

    def _report_catch_up(self, gap: timedelta, windows: int) -> None:
        """Warn, once per scheduler, when one read catches up more than a day of runs: most
        often a test left ``freeze_time`` (or moved the server's clock) with it running."""
        if gap <= LONG_CATCH_UP or self._warned_of_catch_up:
            return
        self._warned_of_catch_up = True
        log.warning(
            "Inference scheduler '%s' is catching up %d scheduled runs over %s of moto's clock "
            "at once. If a test left freeze_time (or moved the server's clock) while the "
            "scheduler was running, stop the scheduler before the clock jumps, or keep the "
            "clock where the test needs it.",
            self.name,
            windows,
            gap,
        )

    def start(self) -> None:
        self.lifecycle.move(PENDING, RUNNING)
        self.start_requested_at = self.updated_at = utcnow()

    def stop(self) -> None:
        self.running_since = self.covered_until = None
        self.lifecycle.move(STOPPING, STOPPED)
        self.updated_at = utcnow()

    def newest_first(self) -> list[InferenceExecution]:
        return sorted(self.executions, key=lambda e: e.window.scheduled, reverse=True)

    @property
    def latest_result(self) -> str | None:
        """``ANOMALOUS`` or ``NORMAL`` from the newest successful execution, if any."""
        latest = next((e for e in self.newest_first() if e.succeeded), None)
        if latest is None:
            return None
        return "ANOMALOUS" if latest.outcome.anomalous else "NORMAL"

    def events(self) -> list[InferenceEvent]:
        """The inference events of the successful executions; an event continues from one
        execution into the next only when their windows touch."""
        previous_end: datetime | None = None
        runs: list[tuple[bool, Sequence[AnomalyRun]]] = []
        for execution in sorted(self.executions, key=lambda e: e.window.start):
            if execution.succeeded:
                runs.append((previous_end == execution.window.start, execution.outcome.runs))
                previous_end = execution.window.end
            else:
                previous_end = None
        return _without_repeats(join_events(runs))

    def identity(self) -> Result:
        return {
            "ModelName": self.model_name,
            "ModelArn": self.model_arn,
            "InferenceSchedulerName": self.name,
            "InferenceSchedulerArn": self.arn,
        }

    def answer(self, status: str | None = None) -> Result:
        return {**self.identity(), "Status": status or self.status}

    def summary(self) -> Result:
        return {
            **self.answer(),
            "DataDelayOffsetInMinutes": self.delay_minutes,
            "DataUploadFrequency": self.frequency,
            "LatestInferenceResult": self.latest_result,
        }

    def describe(self) -> Result:
        return {
            **self.summary(),
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "DataInputConfiguration": self.input_config,
            "DataOutputConfiguration": self.output_config,
            "RoleArn": self.role_arn,
            "ServerSideKmsKeyId": self.kms_key_arn,
        }

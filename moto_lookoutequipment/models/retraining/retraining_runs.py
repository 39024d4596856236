"""What a scheduled retraining does: train a new version on the lookback window, and decide
whether it replaces the active one.

A retraining trains on the model's dataset and on the inference data the model accumulated,
within the ``LookbackWindow`` that ends at the scheduled date (where both hold rows, the dataset
wins), with the labels, role and diagnostics location the model names now (``UpdateModel`` may
have changed them); with a diagnostics location it writes the new version's pointwise
diagnostics there.
With labels it also evaluates the new version on that window, and the active one
(``PriorModelMetrics``) when that was trained with labels too. Under ``MANAGED`` promotion the
new version becomes active when it is at least as good, by the table of the service's
documentation:

- both versions labelled: the one that identifies more labelled ranges (a tie keeps the new);
- only the active version labelled: the active version stays;
- only the new version labelled: the new one when it meets the quality threshold;
- neither labelled: the new one.

Under ``MANUAL`` promotion nothing is activated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ...data.resampling import resampled_data
from ...data.sensor_data import DatasetData, outside_span
from ...data.training import QUALITY_MET, TrainingOutcome, evaluation_metrics, score, train
from ...exceptions import LookoutEquipmentError
from ..common import MODEL_ROWS
from ..mlmodels.model import Model
from ..mlmodels.model_config import sensor_keys
from ..mlmodels.model_version import RETRAINING, TRANSITIONAL, ModelVersion

PROMOTED = "MODEL_PROMOTED"
NOT_PROMOTED = "MODEL_NOT_PROMOTED"
CUSTOMER_ERROR = "RETRAINING_CUSTOMER_ERROR"
CANCELLED = "RETRAINING_CANCELLED"
SECONDS_PER_DAY = 86400


@dataclass
class Promotion:
    result: str
    reason: str
    promote: bool = False


def lookback_days(window: str) -> int:
    """``P180D`` → 180."""
    return int(window[1:-1])


def available_days(model: Model, data: DatasetData | None, start: datetime, end: datetime) -> int:
    """Whole days of the window covered by the dataset or by accumulated inference data."""
    spans = []
    if data is not None and data.start is not None and data.end is not None:
        spans.append((max(start, data.start), min(end, data.end)))
    if model.inference_data is not None:
        spans.append((max(start, model.inference_data[0]), min(end, model.inference_data[1])))
    covered = [(low, high) for low, high in spans if low < high]
    if not covered:
        return 0
    covered.sort()
    total, (low, high) = 0.0, covered[0]
    for next_low, next_high in covered[1:]:
        if next_low > high:
            total += (high - low).total_seconds()
            low, high = next_low, next_high
        else:
            high = max(high, next_high)
    total += (high - low).total_seconds()
    return math.floor(total / SECONDS_PER_DAY)


def _identified(metrics: dict[str, Any] | None) -> int:
    return int((metrics or {}).get("labeled_event_metrics", {}).get("num_identified", 0))


def _labelled(version: ModelVersion) -> bool:
    return version.config.get("LabelsInputConfiguration") is not None


def decide(
    mode: str,
    outcome: TrainingOutcome,
    active: ModelVersion,
    labelled: bool,
    prior: dict[str, Any] | None,
) -> Promotion:
    if outcome.trained is None:
        return Promotion(CUSTOMER_ERROR, outcome.failed_reason or "The retraining failed.")
    if mode == "MANUAL":
        return Promotion(
            NOT_PROMOTED,
            "The retraining scheduler's PromoteMode is MANUAL: activate the version with "
            "UpdateActiveModelVersion.",
        )
    if _labelled(active) and labelled:
        if _identified(outcome.metrics) >= _identified(prior):
            return Promotion(PROMOTED, "The new version performs at least as well.", True)
        return Promotion(NOT_PROMOTED, "The active version identifies more labelled events.")
    if _labelled(active):
        return Promotion(
            NOT_PROMOTED,
            "The active version was trained with labels and the new version was not.",
        )
    if labelled and outcome.quality != QUALITY_MET:
        return Promotion(NOT_PROMOTED, "The new version does not meet the quality threshold.")
    return Promotion(PROMOTED, "The new version replaces the active version.", True)


def retrain(backend: Any, model: Model, due: datetime, lookback: str, mode: str) -> ModelVersion:
    """Run one scheduled retraining of ``model`` at ``due``; returns the new version."""
    active = model.active_version
    assert active is not None
    dataset = backend.datasets.items.get(model.dataset_name)
    data: DatasetData | None = dataset.data if dataset is not None else None
    start, end = due - timedelta(days=lookback_days(lookback)), due
    # What UpdateModel last set (or CreateModel, or the import that made the model).
    labels_config = model.settings.get("LabelsInputConfiguration")
    role = model.settings.get("RoleArn")
    diagnostics_output = model.settings.get("ModelDiagnosticsOutputConfiguration")
    labels = None
    outcome: TrainingOutcome | None = None
    if labels_config is not None:
        try:
            labels = backend.labels.label_ranges(labels_config, role, model.account_id)
        except LookoutEquipmentError as error:
            outcome = TrainingOutcome(failed_reason=f"The labels could not be read: {error}")
    if data is None:
        outcome = TrainingOutcome(
            failed_reason=f"Dataset '{model.dataset_name}' of the model no longer holds data."
        )
    prior = None
    if outcome is None and data is not None:
        window = (start, end)
        data = outside_span(data, model.inference_rows, (start.timestamp(), end.timestamp()))
        # The new version keeps the active version's sampling rate, as its other settings.
        rate = active.sampling_rate
        data = resampled_data(data, rate)
        sensors = sensor_keys(active.schema)
        evaluation = window if labels is not None else None
        condition = active.trained.off_condition if active.trained is not None else None
        pointwise = diagnostics_output is not None
        outcome = train(
            data, sensors, window, evaluation, labels, condition, pointwise, MODEL_ROWS, rate
        )
        # The active version's metrics on the window are shown only when it had labels too.
        if labels is not None and _labelled(active) and active.trained is not None:
            prior = evaluation_metrics(score(active.trained, data, window), window, labels)
    assert outcome is not None
    promotion = decide(mode, outcome, active, labels is not None, prior)
    config = {
        **active.config,
        "LabelsInputConfiguration": labels_config,
        "RoleArn": role,
        "ModelDiagnosticsOutputConfiguration": diagnostics_output,
        "TrainingDataStartTime": start,
        "TrainingDataEndTime": end,
        "EvaluationDataStartTime": start if labels is not None else None,
        "EvaluationDataEndTime": end if labels is not None else None,
    }
    version = ModelVersion(model, model.next_version_number(), RETRAINING, config, outcome)
    version.created_at = due
    version.retraining_fields = {
        "PriorModelMetrics": prior,
        "RetrainingAvailableDataInDays": available_days(model, dataset_data(dataset), start, end),
        "AutoPromotionResult": promotion.result,
        "AutoPromotionResultReason": promotion.reason,
    }
    model.start(version, on_success=model.activate if promotion.promote else None)
    return version


def dataset_data(dataset: Any) -> DatasetData | None:
    return dataset.data if dataset is not None else None


def cancel(model: Model, version: ModelVersion) -> None:
    """Stop a retraining that still runs: its version becomes ``CANCELED``."""
    if model.action is not version or version.status not in TRANSITIONAL:
        return
    reason = "The retraining scheduler was stopped while this retraining ran."
    model.cancel_action(reason)
    version.retraining_fields.update(
        {"AutoPromotionResult": CANCELLED, "AutoPromotionResultReason": reason}
    )

"""moto's dashboard (``/moto-api/data.json``) lists every resource kind of the service under
``lookoutequipment``, nothing internal, and no resource once it is deleted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import requests
from freezegun.api import FrozenDateTimeFactory
from inference_helpers import (
    INPUT_BUCKET,
    NINE,
    ROLE_ARN,
    buckets,
    clock,
    executions,
    scheduler_request,
)
from model_helpers import DATASET, MODEL, dataset_with_data, train_model

from moto_lookoutequipment.models.inference import scheduler as inference_schedulers
from moto_lookoutequipment.models.inference.executions import InferenceExecution

__all__ = ["buckets", "clock"]

MOTO_API = "http://motoapi.amazonaws.com/moto-api"
KINDS = [
    "Dataset",
    "InferenceExecution",
    "InferenceScheduler",
    "IngestionJob",
    "Label",
    "LabelGroup",
    "Model",
    "ModelVersion",
    "RetrainingScheduler",
]


def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = requests.get(f"{MOTO_API}/data.json", timeout=30).json()
    return data


def names(kind: str, key: str = "name") -> list[Any]:
    return [instance.get(key) for instance in dashboard()["lookoutequipment"][kind]]


@pytest.fixture
def everything(client: Any, buckets: Any, clock: FrozenDateTimeFactory) -> Any:
    """One resource of every kind, and a few inference executions."""
    dataset_with_data(client)
    train_model(client)
    client.start_data_ingestion_job(
        DatasetName=DATASET,
        IngestionInputConfiguration={
            "S3InputConfiguration": {"Bucket": INPUT_BUCKET, "Prefix": "nothing-here/"}
        },
        RoleArn=ROLE_ARN,
        ClientToken="ingestion",
    )
    client.create_label_group(LabelGroupName="faults", ClientToken="faults")
    client.create_label(
        LabelGroupName="faults",
        StartTime=NINE - timedelta(days=2),
        EndTime=NINE - timedelta(days=1),
        Rating="ANOMALY",
        ClientToken="label",
    )
    client.create_retraining_scheduler(
        ModelName=MODEL, RetrainingFrequency="P1M", LookbackWindow="P180D"
    )
    client.create_inference_scheduler(**scheduler_request(ModelName=MODEL))
    clock.tick(timedelta(minutes=20))
    assert executions(client)
    return client


@pytest.mark.in_process(reason="calls moto's API through the in-process mock")
def test_every_kind_is_listed_under_the_service_and_nothing_internal(everything: Any) -> None:
    data = dashboard()

    assert sorted(data["lookoutequipment"]) == KINDS
    assert [kind for kind in KINDS if not data["lookoutequipment"][kind]] == []
    # Names that no other service of moto uses for a model class.
    only_ours = set(KINDS) - {"Dataset", "Label", "Model"} | {"InferenceSchedulerStackResource"}
    elsewhere = [
        (service, kind)
        for service, kinds in data.items()
        if service != "lookoutequipment"
        for kind in only_ours & set(kinds)
    ]
    assert elsewhere == []
    assert names("Dataset") == [DATASET]
    assert names("Model") == [MODEL]
    assert names("InferenceScheduler") == ["pump-scheduler"]
    assert names("RetrainingScheduler", "model_name") == [MODEL]


def test_reading_the_dashboard_reads_stored_fields_only(everything: Any, backend: Any) -> None:
    scheduler = backend.inference.items["pump-scheduler"]
    shown = dashboard()["lookoutequipment"]["InferenceScheduler"][0]
    assert set(shown) <= set(vars(scheduler))
    assert "status" not in shown


@pytest.mark.in_process(reason="calls moto's API through the in-process mock")
def test_a_deleted_resource_leaves_the_dashboard(everything: Any) -> None:
    client = everything
    client.stop_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    client.delete_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    client.delete_label_group(LabelGroupName="faults")
    client.stop_retraining_scheduler(ModelName=MODEL)
    client.delete_retraining_scheduler(ModelName=MODEL)

    data = dashboard()["lookoutequipment"]
    for kind in ("InferenceScheduler", "InferenceExecution", "LabelGroup", "Label"):
        assert data[kind] == [], kind
    assert data["RetrainingScheduler"] == []
    assert names("Model") == [MODEL]


def test_executions_beyond_the_kept_ones_leave_the_dashboard(
    everything: Any, backend: Any, clock: FrozenDateTimeFactory, monkeypatch: Any
) -> None:
    monkeypatch.setattr(inference_schedulers, "KEPT_EXECUTIONS", 3)
    clock.tick(timedelta(minutes=30))
    kept = backend.inference.items["pump-scheduler"].executions
    executions(everything)

    assert len(kept) == 3
    assert sorted(map(id, InferenceExecution.instances_tracked)) == sorted(map(id, kept))
    assert len(dashboard()["lookoutequipment"]["InferenceExecution"]) == 3

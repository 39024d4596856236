"""Deleted resources are released: nothing keeps them, or the data they held, in memory."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from inference_helpers import INPUT_BUCKET, OUTPUT_BUCKET, scheduler_request
from ingestion_helpers import BUCKET, create_dataset_with_data, start_ingestion
from model_helpers import ACCOUNT_ID, DATASET, MODEL, REGION, dataset_with_data, train_model

from moto_lookoutequipment.models import LookoutEquipmentBackend
from moto_lookoutequipment.models.labels import Label, LabelGroup
from moto_lookoutequipment.pytest_plugin import LookoutEquipmentServer

pytestmark = pytest.mark.in_process(reason="measures memory in the test process")


def freed(make: Callable[[], Any], delete: Callable[[], Any]) -> bool:
    """Whether what ``make`` returns is garbage once ``delete`` has run."""
    reference = weakref.ref(make())
    delete()
    gc.collect()
    return reference() is None


def test_a_deleted_dataset_its_jobs_and_its_data_are_freed(
    client: Any, s3: Any, backend: Any
) -> None:
    create_dataset_with_data(client, s3, "pumps", days=30)
    job = weakref.ref(next(iter(backend.ingestion.items.values())))
    data = weakref.ref(backend.datasets.get("pumps").data)

    assert freed(
        lambda: backend.datasets.get("pumps"), lambda: client.delete_dataset(DatasetName="pumps")
    )
    assert job() is None and data() is None


def test_a_deleted_label_group_and_its_labels_are_freed(client: Any, backend: Any) -> None:
    client.create_label_group(LabelGroupName="pumps", ClientToken="group")
    label_id = client.create_label(
        LabelGroupName="pumps",
        StartTime="2024-01-01T00:00:00Z",
        EndTime="2024-01-02T00:00:00Z",
        Rating="ANOMALY",
        ClientToken="label",
    )["LabelId"]
    label = weakref.ref(backend.labels.groups["pumps"].labels[label_id])

    assert freed(
        lambda: backend.labels.groups["pumps"],
        lambda: client.delete_label_group(LabelGroupName="pumps"),
    )
    assert label() is None


def test_a_deleted_label_is_freed(client: Any, backend: Any) -> None:
    client.create_label_group(LabelGroupName="pumps")
    label_id = client.create_label(
        LabelGroupName="pumps",
        StartTime="2024-01-01T00:00:00Z",
        EndTime="2024-01-02T00:00:00Z",
        Rating="ANOMALY",
    )["LabelId"]

    assert freed(
        lambda: backend.labels.groups["pumps"].labels[label_id],
        lambda: client.delete_label(LabelGroupName="pumps", LabelId=label_id),
    )


def test_a_deleted_model_its_versions_and_schedulers_are_freed(
    client: Any, s3: Any, backend: Any
) -> None:
    for bucket in (INPUT_BUCKET, OUTPUT_BUCKET):
        s3.create_bucket(Bucket=bucket)
    dataset_with_data(client)
    train_model(client, ClientToken="model")
    assert client.describe_model(ModelName=MODEL)["Status"] == "SUCCESS"
    client.create_retraining_scheduler(
        ModelName=MODEL, LookbackWindow="P180D", RetrainingFrequency="P30D"
    )
    client.create_inference_scheduler(**scheduler_request(ModelName=MODEL))
    inference = weakref.ref(backend.inference.items["pump-scheduler"])
    retraining = weakref.ref(backend.retraining.items[MODEL])
    version = weakref.ref(backend.ml_models.items[MODEL].versions[1])
    client.stop_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    client.delete_inference_scheduler(InferenceSchedulerName="pump-scheduler")
    client.stop_retraining_scheduler(ModelName=MODEL)

    assert freed(
        lambda: backend.ml_models.items[MODEL], lambda: client.delete_model(ModelName=MODEL)
    )
    assert (inference(), retraining(), version()) == (None, None, None)
    assert client.describe_dataset(DatasetName=DATASET)["DatasetName"] == DATASET


def test_ingest_then_delete_cycles_leave_memory_flat(client: Any, s3: Any) -> None:
    create_dataset_with_data(client, s3, "source", days=120)  # 2,880 rows in S3 under source/

    def cycle() -> None:
        client.create_dataset(DatasetName="pumps", DatasetSchema=_schema_of(client, "source"))
        job_id = start_ingestion(client, "pumps", prefix="source/", bucket=BUCKET)
        assert client.describe_data_ingestion_job(JobId=job_id)["Status"] == "SUCCESS"
        client.delete_dataset(DatasetName="pumps")

    cycles = 20
    per_cycle = _growth(cycle, warm_up=3, cycles=cycles) / cycles

    kept = _growth(lambda: create_dataset_with_data(client, s3, "kept", days=120), 0, 1)
    # What stays per cycle is the mock's request bookkeeping, not the dataset.
    assert per_cycle < kept / 10, (per_cycle, kept)


def test_a_long_lived_server_stays_bounded_under_create_delete_churn(
    lookoutequipment_server: LookoutEquipmentServer,
) -> None:
    client = lookoutequipment_server.client()

    def churn() -> None:
        client.create_label_group(LabelGroupName="pumps", FaultCodes=["leak"], ClientToken="g")
        for day in range(1, 21):
            client.create_label(
                LabelGroupName="pumps",
                StartTime=f"2024-01-{day:02d}T00:00:00Z",
                EndTime=f"2024-01-{day:02d}T01:00:00Z",
                Rating="ANOMALY",
                ClientToken=f"label-{day}",
            )
        client.delete_label_group(LabelGroupName="pumps")

    for _ in range(30):
        churn()
    gc.collect()

    alive = [o for o in gc.get_objects() if isinstance(o, (LabelGroup, Label))]
    assert alive == []
    backend = LookoutEquipmentBackend.of(ACCOUNT_ID, REGION)
    assert (backend.client_tokens.count(), backend.tags.by_arn) == (0, {})


def _growth(work: Callable[[], Any], warm_up: int, cycles: int) -> int:
    """Bytes still allocated after ``cycles`` runs of ``work``, beyond what ``warm_up`` runs
    left (caches and first-use allocations)."""
    for _ in range(warm_up):
        work()
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(cycles):
            work()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def _schema_of(client: Any, dataset: str) -> dict[str, str]:
    return {"InlineDataSchema": client.describe_dataset(DatasetName=dataset)["Schema"]}

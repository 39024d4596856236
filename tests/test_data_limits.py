"""The documented limits on the data the service reads: files per component, bytes per file and
per dataset for ingestion, rows per execution for inference.

The limits are lowered in these tests (``monkeypatch``) so that small files cross them; one
test checks the values the code uses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun import freeze_time
from inference_helpers import NINE, executions, scheduler_request, upload_windows
from ingestion_helpers import BUCKET, PUMP_SCHEMA, put_sensor_csv, sensor_rows, start_ingestion
from test_inference_end_to_end import train_pump_model

from moto_lookoutequipment.models import common

pytestmark = pytest.mark.in_process(reason="lowers the package's limits in the test process")


def test_the_limits_are_those_of_the_quotas_page() -> None:
    """Quotas: "Files per component per dataset 1,000", "File size 5 GB", "Dataset size 50 GB",
    "Inference rows per execution after resampling 300 / 600 / 900 / 1,800 / 3,600" for
    PT5M / PT10M / PT15M / PT30M / PT1H."""
    assert common.DATA_LIMITS == {
        "files_per_component": 1000,
        "bytes_per_file": 5 * 1024**3,
        "bytes_per_dataset": 50 * 1024**3,
    }
    assert common.INFERENCE_ROWS_PER_EXECUTION == {
        "PT5M": 300,
        "PT10M": 600,
        "PT15M": 900,
        "PT30M": 1800,
        "PT1H": 3600,
    }


def ingest(client: Any) -> Any:
    client.create_dataset(DatasetName="pump", DatasetSchema={"InlineDataSchema": PUMP_SCHEMA})
    job_id = start_ingestion(client, "pump", prefix="plant/")
    return client.describe_data_ingestion_job(JobId=job_id)


def put_files(s3: Any, count: int, days: float = 200) -> list[int]:
    sizes = []
    for index in range(count):
        key = f"plant/pump/part-{index}.csv"
        put_sensor_csv(s3, BUCKET, key, sensor_rows(days=days / count))
        sizes.append(s3.head_object(Bucket=BUCKET, Key=key)["ContentLength"])
    return sizes


def test_more_files_for_a_component_than_a_dataset_takes_fail_the_ingestion(
    client: Any, s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quotas: files per component per dataset, 1,000; beyond it the job fails."""
    monkeypatch.setitem(common.DATA_LIMITS, "files_per_component", 2)
    put_files(s3, 3)

    job = ingest(client)

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        "Component 'pump' has 3 files under s3://sensor-data/plant/; a dataset takes at most 2 "
        "files per component."
    )
    assert client.describe_dataset(DatasetName="pump")["Status"] == "CREATED"


def test_a_file_larger_than_a_file_may_be_is_discarded(
    client: Any, s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quotas: file size, 5 GB; a file not ingested is listed in DiscardedFiles (behaviour
    reference, "Individual file not ingested")."""
    put_sensor_csv(s3, BUCKET, "plant/pump/big.csv", sensor_rows(days=100))
    put_sensor_csv(s3, BUCKET, "plant/pump/small.csv", sensor_rows(days=1))
    big = s3.head_object(Bucket=BUCKET, Key="plant/pump/big.csv")["ContentLength"]
    monkeypatch.setitem(common.DATA_LIMITS, "bytes_per_file", big - 1)

    job = ingest(client)

    assert job["Status"] == "SUCCESS"
    assert job["IngestedFilesSummary"] == {
        "TotalNumberOfFiles": 2,
        "IngestedNumberOfFiles": 1,
        "DiscardedFiles": [{"Bucket": BUCKET, "Key": "plant/pump/big.csv"}],
    }
    assert job["StatusDetail"] == (
        f"Discarded 1 of 2 files: s3://sensor-data/plant/pump/big.csv: it holds {big} bytes, "
        f"more than the {big - 1} a file may hold."
    )


def test_more_bytes_than_a_dataset_holds_fail_the_ingestion(
    client: Any, s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quotas: dataset size, 50 GB; beyond it the job fails."""
    sizes = put_files(s3, 2)
    monkeypatch.setitem(common.DATA_LIMITS, "bytes_per_dataset", sum(sizes) - 1)

    job = ingest(client)

    assert job["Status"] == "FAILED"
    assert job["FailedReason"] == (
        f"The 2 files under s3://sensor-data/plant/ hold {sum(sizes)} bytes, more than the "
        f"{sum(sizes) - 1} bytes a dataset may hold."
    )


def test_an_execution_with_more_rows_than_its_frequency_allows_fails(
    client: Any, s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quotas: inference rows per execution after resampling, 300 for PT5M."""
    with freeze_time(NINE) as clock:
        train_pump_model(client, s3)
        upload_windows(s3, NINE, NINE + timedelta(minutes=5))
        client.create_inference_scheduler(**scheduler_request())
        monkeypatch.setitem(common.INFERENCE_ROWS_PER_EXECUTION, "PT5M", 4)
        clock.move_to(NINE + timedelta(minutes=5))

        (run,) = executions(client)
        assert run["Status"] == "FAILED"
        assert run["FailedReason"] == (
            "The input data under 's3://inference-input/input/' holds 5 rows within "
            "(2024-01-01T09:00:00Z, 2024-01-01T09:05:00Z], more than the 4 rows an execution "
            "of a scheduler with data upload frequency PT5M may take."
        )

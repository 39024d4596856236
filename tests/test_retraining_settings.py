"""What a retraining is made with: the model's settings as UpdateModel last set them, its
diagnostics location, and the dataset's rows plus the accumulated inference data."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from freezegun import freeze_time
from inference_helpers import NINE, executions, scheduler_request, upload_windows
from model_helpers import (
    MODEL,
    ROLE_ARN,
    SENSORS,
    SPIKES,
    backend_of,
    data_of,
    dataset_with_data,
    day,
    pump_data,
    train_model,
)
from test_inference_end_to_end import train_pump_model

from moto_lookoutequipment.data.sensor_data import DatasetData, utc_moment
from moto_lookoutequipment.data.training import learn

pytestmark = pytest.mark.in_process(reason="moves the clock with freezegun and reads the backend")

CREATED = datetime(2023, 8, 15, 10, tzinfo=timezone.utc)
FIRST_RUN = datetime(2023, 8, 20, tzinfo=timezone.utc)
OTHER_ROLE = "arn:aws:iam::123456789012:role/retraining"
KEYS = [("pump", sensor) for sensor in SENSORS]


def schedule(client: Any, start: datetime = FIRST_RUN, frequency: str = "P30D") -> None:
    client.create_retraining_scheduler(
        ModelName=MODEL,
        RetrainingFrequency=frequency,
        LookbackWindow="P180D",
        RetrainingStartDate=start,
    )


def test_a_retrained_version_uses_the_role_and_labels_update_model_set(client: Any) -> None:
    """DescribeModelVersion.RoleArn: "The Amazon Resource Name (ARN) of the role that was used
    to train the model version." UpdateModel's settings apply to the next training."""
    with freeze_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client, RoleArn=ROLE_ARN)
        client.create_label_group(LabelGroupName="failures")
        client.update_model(
            ModelName=MODEL,
            RoleArn=OTHER_ROLE,
            LabelsInputConfiguration={"LabelGroupName": "failures"},
        )
        schedule(client)
        clock.move_to("2023-08-21T00:00:00Z")

        first = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
        retrained = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert first["RoleArn"] == ROLE_ARN
        assert "LabelsInputConfiguration" not in first
        assert retrained["Status"] == "SUCCESS"
        assert retrained["RoleArn"] == OTHER_ROLE
        assert retrained["LabelsInputConfiguration"] == {"LabelGroupName": "failures"}


def test_a_retraining_writes_pointwise_diagnostics_where_update_model_said(
    client: Any, s3: Any
) -> None:
    """ModelDiagnosticsS3OutputConfiguration.Prefix: "When you call CreateModel or UpdateModel,
    specify the path within the bucket that you want Lookout for Equipment to save the model to.
    During training, Lookout for Equipment creates the model evaluation model as a compressed
    JSON file with the name model_diagnostics_results.json.gz." """
    with freeze_time(CREATED) as clock:
        s3.create_bucket(Bucket="diagnostics")
        dataset_with_data(client)
        train_model(client)
        output = {"S3OutputConfiguration": {"Bucket": "diagnostics", "Prefix": "later/"}}
        client.update_model(
            ModelName=MODEL, RoleArn=ROLE_ARN, ModelDiagnosticsOutputConfiguration=output
        )
        schedule(client)
        clock.move_to("2023-08-21T00:00:00Z")

        first = client.describe_model_version(ModelName=MODEL, ModelVersion=1)
        assert "ModelDiagnosticsResultsObject" not in first
        retrained = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert retrained["ModelDiagnosticsOutputConfiguration"] == output
        location = retrained["ModelDiagnosticsResultsObject"]
        assert location == {
            "Bucket": "diagnostics",
            "Key": f"later/{MODEL}/2/model_diagnostics_results.json.gz",
        }
        body = s3.get_object(**location)["Body"].read()
        lines = [json.loads(line) for line in gzip.decompress(body).decode().splitlines()]
        # Without labels, one line per row of the 180-day window, every six hours, ends included.
        assert len(lines) == 180 * 4 + 1
        assert lines[0]["timestamp"] == "2023-02-21T00:00:00.000000"
        assert lines[-1]["timestamp"] == "2023-08-20T00:00:00.000000"


def test_describe_model_shows_prior_model_metrics_of_a_retrained_active_version(
    client: Any,
) -> None:
    """DescribeModelResponse.PriorModelMetrics: "If the model version was retrained, this field
    shows a summary of the performance of the prior model on the new training range." """
    with freeze_time(CREATED) as clock:
        dataset_with_data(client)
        client.create_label_group(LabelGroupName="failures")
        client.create_label(
            LabelGroupName="failures", StartTime=day(220), EndTime=day(221), Rating="ANOMALY"
        )
        train_model(client, LabelsInputConfiguration={"LabelGroupName": "failures"})
        assert "PriorModelMetrics" not in client.describe_model(ModelName=MODEL)
        schedule(client)
        clock.move_to("2023-08-21T00:00:00Z")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        model = client.describe_model(ModelName=MODEL)
        assert model["ActiveModelVersion"] == 2
        assert json.loads(model["PriorModelMetrics"]) == json.loads(version["PriorModelMetrics"])
        assert json.loads(model["PriorModelMetrics"])["labeled_event_metrics"] == {
            "num_labeled": 1,
            "num_identified": 1,
            "total_warning_time_in_seconds": 0.0,
        }

        client.update_active_model_version(ModelName=MODEL, ModelVersion=1)
        assert "PriorModelMetrics" not in client.describe_model(ModelName=MODEL)


def inference_rows(start: datetime, hours: int, sensor0: float) -> DatasetData:
    return data_of(
        {start + timedelta(hours=hour): {KEYS[0]: sensor0, KEYS[1]: 51.0} for hour in range(hours)}
    )


def retrained_median(client: Any, version: int = 2) -> float:
    stored = backend_of().ml_models.get_version(MODEL, version)
    assert stored.status == "SUCCESS"
    return float(stored.trained.sensors[KEYS[0]].median)


def test_a_retraining_trains_on_the_dataset_and_the_inference_data_of_its_window(
    client: Any,
) -> None:
    """Behaviour reference, retraining: a retraining "creates a new version from (a) the model's
    dataset and (b) accumulated inference data, restricted to the LookbackWindow ending at the
    retraining date". The dataset ends on 2023-08-29; the window of 2023-10-01 holds 147 days
    of it (589 rows of Sensor0 near 10.5) and 29 days of inference rows (696 rows reading 1000),
    so the median learnt is 1000."""
    with freeze_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        model = backend_of().ml_models.get(MODEL)
        start = datetime(2023, 9, 1, tzinfo=timezone.utc)
        model.record_inference_data(
            start, start + timedelta(hours=696), inference_rows(start, 696, 1000.0)
        )
        schedule(client, start=datetime(2023, 10, 1, tzinfo=timezone.utc), frequency="P1Y")
        clock.move_to("2023-10-01T01:00:00Z")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert version["RetrainingAvailableDataInDays"] == 176
        assert retrained_median(client) == 1000.0


def test_inference_data_alone_can_retrain_once_the_dataset_is_out_of_the_window(
    client: Any,
) -> None:
    with freeze_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        start = datetime(2024, 1, 1, tzinfo=timezone.utc)
        backend_of().ml_models.get(MODEL).record_inference_data(
            start, start + timedelta(days=10), inference_rows(start, 240, 500.0)
        )
        schedule(client, start=datetime(2024, 6, 1, tzinfo=timezone.utc), frequency="P1Y")
        clock.move_to("2024-06-02T00:00:00Z")

        version = client.describe_model_version(ModelName=MODEL, ModelVersion=2)
        assert version["Status"] == "SUCCESS"
        assert version["RetrainingAvailableDataInDays"] == 10
        assert retrained_median(client) == 500.0


def test_where_the_dataset_and_inference_data_overlap_the_dataset_wins(client: Any) -> None:
    """Behaviour reference, retraining: "where both overlap, the dataset wins"."""
    with freeze_time(CREATED) as clock:
        dataset_with_data(client)
        train_model(client)
        start = datetime(2023, 5, 1, tzinfo=timezone.utc)
        backend_of().ml_models.get(MODEL).record_inference_data(
            start, start + timedelta(days=60), inference_rows(start, 60 * 24, 1000.0)
        )
        schedule(client)
        clock.move_to("2023-08-21T00:00:00Z")

        assert client.describe_model_version(ModelName=MODEL, ModelVersion=2)["Status"] == "SUCCESS"
        window = (FIRST_RUN - timedelta(days=180), FIRST_RUN)
        dataset_only = learn(pump_data(spikes=SPIKES), KEYS, window)
        assert retrained_median(client) == dataset_only.sensors[KEYS[0]].median
        assert 10 <= retrained_median(client) <= 11


def test_a_successful_inference_accumulates_its_input_rows(client: Any, s3: Any) -> None:
    """Behaviour reference, inference output: "Successfully processed inference data is
    accumulated by the service for retraining"; the rows themselves are kept, not only the
    span DescribeModel shows."""
    with freeze_time(NINE) as frozen:
        train_pump_model(client, s3)
        upload_windows(
            s3, NINE, NINE + timedelta(minutes=10), normal={"Sensor0": 7.0, "Sensor1": 20.5}
        )
        client.create_inference_scheduler(**scheduler_request())
        frozen.move_to(NINE + timedelta(minutes=10))
        assert [e["Status"] for e in executions(client)] == ["SUCCESS", "SUCCESS"]

        rows = backend_of().ml_models.get(MODEL).inference_rows.components["pump"]
        assert [utc_moment(stamp) for stamp in rows.timestamps] == [
            NINE + timedelta(minutes=minute) for minute in range(1, 11)
        ]
        assert list(rows.values["Sensor0"]) == [7.0] * 10


def test_inference_rows_no_retraining_could_use_are_dropped(client: Any) -> None:
    """Decision: rows older than the longest LookbackWindow (P720D, the service model's
    largest) before the newest inference are dropped; the span DescribeModel shows is kept."""
    dataset_with_data(client)
    train_model(client)
    model = backend_of().ml_models.get(MODEL)
    old = datetime(2021, 1, 1, tzinfo=timezone.utc)
    kept = datetime(2022, 12, 1, tzinfo=timezone.utc)
    model.record_inference_data(old, old + timedelta(hours=2), inference_rows(old, 2, 1.0))
    model.record_inference_data(kept, kept + timedelta(hours=2), inference_rows(kept, 2, 2.0))
    newest = old + timedelta(days=721)
    model.record_inference_data(newest, newest + timedelta(hours=1), inference_rows(newest, 1, 3.0))

    rows = model.inference_rows.components["pump"]
    assert list(rows.values["Sensor0"]) == [2.0, 2.0, 3.0]
    described = client.describe_model(ModelName=MODEL)
    assert described["AccumulatedInferenceDataStartTime"] == old

"""A dataset: its schema, its status while jobs work on it, and the data they left."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from moto.core.common_models import BaseModel

from ...dashboard import StoredFieldsOnly
from ...data.sensor_data import DatasetData
from ..common import (
    Result,
    creation_number,
    utcnow,
)
from ..lifecycle import Lifecycle

# The statuses of a dataset while an ingestion or import job works on it.
BUSY_STATUSES = ("INGESTION_IN_PROGRESS", "IMPORT_IN_PROGRESS")


class DatasetJob(Protocol):
    """What a dataset needs of the ingestion or import job it waits for."""

    @property
    def finished(self) -> bool: ...

    def apply_to(self, dataset: Dataset) -> None: ...


class Dataset(StoredFieldsOnly, BaseModel):
    def __init__(
        self,
        name: str,
        arn: str,
        schema: dict[str, Any] | None,
        kms_key_arn: str | None,
    ) -> None:
        self.creation_number = creation_number()
        self.name = name
        self.arn = arn
        self.schema = schema
        self.kms_key_arn = kms_key_arn
        self.created_at: datetime = utcnow()
        self.last_updated_at: datetime = self.created_at
        self.source_dataset_arn: str | None = None
        # What the latest successful ingestion or import left: the members DescribeDataset shows
        # (IngestionInputConfiguration, DataQualitySummary, ...), the job, and the KeyPattern a
        # derived schema was read with (the default for later ingestions).
        self.ingestion_fields: dict[str, Any] = {}
        self._latest_job: Any = None
        self.key_pattern: str | None = None
        self._data: DatasetData | None = None
        # The job under way, and the dataset's own status on moto's state manager: the dataset
        # shows the job's progress until the job ends and its own transition has happened.
        self._job: DatasetJob | None = None
        self._busy_status = "INGESTION_IN_PROGRESS"
        self._lifecycle = Lifecycle("dataset", "CREATED")

    @property
    def status(self) -> str:
        job = self._job
        if job is not None and not job.finished:
            return self._busy_status
        return self._lifecycle.current

    def settle(self) -> None:
        """Take over what a job that has ended left, once the dataset's own status has moved on
        (its data, schema and ingestion members)."""
        job = self._job
        if job is not None and job.finished and self._lifecycle.current not in BUSY_STATUSES:
            self._job = None
            job.apply_to(self)

    def observe(self) -> None:
        """One more look at the dataset, for moto's ``manual`` progression."""
        self._lifecycle.advance()
        self.settle()

    @property
    def busy(self) -> bool:
        return self.status in BUSY_STATUSES

    @property
    def data(self) -> DatasetData | None:
        """The sensor data of the latest successful ingestion or import."""
        return self._data

    @property
    def latest_job(self) -> Any:
        """The latest successful ingestion or import job."""
        return self._latest_job

    def start_job(self, job: DatasetJob, busy_status: str, final_status: str) -> None:
        """``job`` now works on the dataset, which shows ``busy_status`` until it settles on
        ``final_status``."""
        self._job = job
        self._busy_status = busy_status
        self._lifecycle.move(busy_status, final_status)

    def store_results(
        self,
        job: Any,
        data: DatasetData,
        schema: dict[str, Any],
        fields: dict[str, Any],
        key_pattern: str | None = None,
    ) -> None:
        """Keep what a successful ingestion or import produced; a dataset with data is ACTIVE."""
        if self._job is None:
            self._lifecycle.move("ACTIVE")
        self._data = data
        self.schema = schema
        self.ingestion_fields = fields
        self._latest_job = job
        if key_pattern is not None:
            self.key_pattern = key_pattern
        self.last_updated_at = utcnow()

    def summary(self) -> Result:
        self.observe()
        return {
            "DatasetName": self.name,
            "DatasetArn": self.arn,
            "Status": self.status,
            "CreatedAt": self.created_at,
        }

    def describe(self) -> Result:
        self.observe()
        status = self.status
        return {
            "DatasetName": self.name,
            "DatasetArn": self.arn,
            "CreatedAt": self.created_at,
            "LastUpdatedAt": self.last_updated_at,
            "Status": status,
            "Schema": self.schema,
            "ServerSideKmsKeyId": self.kms_key_arn,
            "SourceDatasetArn": self.source_dataset_arn,
            **self.ingestion_fields,
        }

"""A data ingestion job (or the job of a dataset import) and what it shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from moto.core.common_models import BaseModel

from ...dashboard import StoredFieldsOnly
from ..common import Result, creation_number, new_hex_id, utcnow
from ..lifecycle import Lifecycle
from ..s3_access import s3_url
from .dataset import Dataset
from .ingestion_run import IngestionOutcome

FINAL_STATUSES = ("SUCCESS", "FAILED")


class IngestionJob(StoredFieldsOnly, BaseModel):
    """Its outcome is known from the start; moto's state manager decides when it shows."""

    def __init__(
        self,
        dataset: Dataset,
        outcome: IngestionOutcome,
        config: dict[str, Any] | None = None,
        role_arn: str | None = None,
        source_dataset_arn: str | None = None,
    ) -> None:
        self.creation_number = creation_number()
        self.job_id = new_hex_id()
        self.dataset = dataset
        self.outcome = outcome
        self.config = config
        self.role_arn = role_arn
        self.source_dataset_arn = source_dataset_arn
        self.created_at: datetime = utcnow()
        self.initial_status = "IMPORT_IN_PROGRESS" if source_dataset_arn else "IN_PROGRESS"
        final = "SUCCESS" if outcome.succeeded else "FAILED"
        self._lifecycle = Lifecycle("ingestionjob", self.initial_status, final)

    @property
    def status(self) -> str:
        return self._lifecycle.current

    @property
    def finished(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCESS"

    def tick(self) -> None:
        """One more look at the job, for ``manual`` progression on moto's state manager."""
        self._lifecycle.advance()

    def apply_to(self, dataset: Dataset) -> None:
        """Hand a successful job's results to its dataset (once the dataset settles)."""
        outcome = self.outcome
        if not outcome.succeeded or outcome.data is None or outcome.schema is None:
            return
        dataset.store_results(
            self,
            outcome.data,
            outcome.schema,
            {
                "IngestionInputConfiguration": self.config,
                "RoleArn": self.role_arn,
                "DataQualitySummary": outcome.quality,
                "IngestedFilesSummary": outcome.files,
                "DataStartTime": outcome.start,
                "DataEndTime": outcome.end,
            },
            outcome.key_pattern,
        )
        if self.source_dataset_arn is not None:
            dataset.source_dataset_arn = self.source_dataset_arn
            # Later ingestions into the copy find their objects as the source's would.
            dataset.key_pattern = outcome.key_pattern
        # The dataset holds the data from now on; the job keeps its figures only.
        self.outcome.data = None

    def summary(self) -> Result:
        return {
            "JobId": self.job_id,
            "DatasetName": self.dataset.name,
            "DatasetArn": self.dataset.arn,
            "IngestionInputConfiguration": self.config,
            "Status": self.status,
        }

    def describe(self) -> Result:
        status = self.status
        result: Result = {
            "JobId": self.job_id,
            "DatasetArn": self.dataset.arn,
            "IngestionInputConfiguration": self.config,
            "RoleArn": self.role_arn,
            "CreatedAt": self.created_at,
            "Status": status,
            "SourceDatasetArn": self.source_dataset_arn,
        }
        if status not in FINAL_STATUSES:
            result["StatusDetail"] = self._progress()
            return result
        outcome = self.outcome
        result.update(
            {
                "FailedReason": outcome.failed_reason,
                "StatusDetail": outcome.detail,
                "IngestedFilesSummary": outcome.files,
                "DataQualitySummary": outcome.quality,
                "IngestedDataSize": outcome.size,
                "DataStartTime": outcome.start,
                "DataEndTime": outcome.end,
            }
        )
        return result

    def _progress(self) -> str:
        if self.source_dataset_arn is not None:
            return f"Importing the data of {self.source_dataset_arn}."
        s3_input = (self.config or {}).get("S3InputConfiguration", {})
        return f"Reading data from {s3_url(s3_input.get('Bucket'), s3_input.get('Prefix', ''))}."

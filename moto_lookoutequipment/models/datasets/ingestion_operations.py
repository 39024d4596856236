"""Data ingestion jobs: StartDataIngestionJob, DescribeDataIngestionJob, ListDataIngestionJobs,
ListSensorStatistics and ImportDataset."""

from __future__ import annotations

from typing import Any

from ...data.key_patterns import KeyPattern
from ...exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ...operations import Created, operation
from ..common import Params, Result, check_quota, creation_order, paginate
from ..family import Family
from . import dataset_import
from .dataset import Dataset
from .ingestion_job import IngestionJob
from .ingestion_run import IngestionRun


class IngestionJobs(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, IngestionJob] = {}

    # Hooks and helpers for the other families

    def dataset_in_use(self, dataset: Any) -> str | None:
        if dataset.busy:
            return f"a data ingestion or import job is working on it ({dataset.status})"
        return None

    def dataset_deleted(self, dataset: Any) -> None:
        for job_id in [i for i, job in self.items.items() if job.dataset is dataset]:
            self.backend.release(self.items.pop(job_id))

    def get(self, job_id: str) -> IngestionJob:
        job = self.items.get(job_id)
        if job is None:
            raise ResourceNotFoundException(f"Data ingestion job '{job_id}' does not exist.")
        return job

    def add(self, job: IngestionJob, dataset: Dataset, busy_status: str) -> None:
        """Keep a new job and set its dataset waiting for it (the quota is checked already)."""
        had_data = dataset.data is not None
        self.items[job.job_id] = job
        final = "ACTIVE" if job.outcome.succeeded or had_data else "CREATED"
        dataset.start_job(job, busy_status, final)

    def check_quota(self) -> None:
        running = sum(1 for job in self.items.values() if not job.finished)
        check_quota("ingestion_jobs_in_progress", running)

    @staticmethod
    def check_idle(dataset: Dataset) -> None:
        if dataset.busy:
            raise ConflictException(
                f"Dataset '{dataset.name}' is {dataset.status}; wait until the running job ends."
            )

    # Operations

    def _job_again(self, job: IngestionJob) -> Result | None:
        if self.items.get(job.job_id) is not job:
            return None
        return {"JobId": job.job_id, "Status": job.status}

    @operation("StartDataIngestionJob", replay=_job_again)
    def start_data_ingestion_job(self, params: Params) -> Created:
        dataset = self.backend.datasets.get(params["DatasetName"])
        self.check_idle(dataset)
        config = params["IngestionInputConfiguration"]
        s3_input = config["S3InputConfiguration"]
        if dataset.schema is None and "KeyPattern" not in s3_input:
            raise ValidationException(
                f"Dataset '{dataset.name}' has no schema yet: its first ingestion derives one "
                "from the objects in S3 and needs a KeyPattern to find the components."
            )
        try:
            pattern = KeyPattern.parse(s3_input.get("KeyPattern") or dataset.key_pattern)
        except ValueError as error:
            raise ValidationException(str(error)) from error
        self.check_quota()
        run = IngestionRun(self.account_id, self.region_name, s3_input, dataset.schema, pattern)
        job = IngestionJob(dataset, run.run(), config, params["RoleArn"])
        self.add(job, dataset, "INGESTION_IN_PROGRESS")
        return Created(job, {"JobId": job.job_id, "Status": job.initial_status})

    @operation("DescribeDataIngestionJob")
    def describe_data_ingestion_job(self, params: Params) -> Result:
        job = self.get(params["JobId"])
        job.tick()
        return job.describe()

    @operation("ListDataIngestionJobs")
    def list_data_ingestion_jobs(self, params: Params) -> Result:
        name, status = params.get("DatasetName"), params.get("Status")
        matching = []
        for job in self.items.values():
            if name is not None and job.dataset.name != name:
                continue
            job.tick()
            if status is None or job.status == status:
                matching.append(job)
        page, token = paginate(matching, params, "ListDataIngestionJobs", creation_order)
        return {"DataIngestionJobSummaries": [job.summary() for job in page], "NextToken": token}

    @operation("ListSensorStatistics")
    def list_sensor_statistics(self, params: Params) -> Result:
        dataset = self.backend.datasets.get(params["DatasetName"])
        job_id = params.get("IngestionJobId")
        job: IngestionJob | None
        if job_id is not None:
            job = self.items.get(job_id)
            if job is None or job.dataset is not dataset:
                raise ResourceNotFoundException(
                    f"Data ingestion job '{job_id}' of dataset '{dataset.name}' does not exist."
                )
        else:
            job = dataset.latest_job
        statistics = job.outcome.statistics if job is not None and job.succeeded else []
        # In schema order: the position of each sensor in its job's statistics.
        page, token = paginate(
            list(enumerate(statistics)),
            params,
            "ListSensorStatistics",
            lambda numbered: (numbered[0],),
            in_order=True,
        )
        return {"SensorStatisticsSummaries": [summary for _, summary in page], "NextToken": token}

    def _import_again(self, job: IngestionJob) -> Result | None:
        return dataset_import.replayed(self, job)

    @operation("ImportDataset", replay=_import_again)
    def import_dataset(self, params: Params) -> Created:
        return dataset_import.import_dataset(self, params)

"""ImportDataset: a copy of a dataset of this or another account, made by an import job.

Another account's dataset can be imported only if its resource policy allows this account
``lookoutequipment:ImportDataset``. The copy has the source's schema, data, summaries and sensor
statistics as of the request; an existing dataset of the target name is overwritten in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...exceptions import AccessDeniedException, ConflictException, ResourceNotFoundException
from ...operations import Created
from ..access.policy_document import IMPORT_DATASET
from ..common import Params, Result, arn_account, arn_region, tags_from_list
from .dataset import Dataset
from .ingestion_job import IngestionJob
from .ingestion_run import IngestionOutcome

if TYPE_CHECKING:
    from .ingestion_operations import IngestionJobs


def replayed(family: IngestionJobs, job: IngestionJob) -> Result | None:
    """The answer to a replay of the import that started ``job``, while the job lives."""
    if family.items.get(job.job_id) is not job:
        return None
    return _answer(job, job.dataset.status)


def import_dataset(family: IngestionJobs, params: Params) -> Created:
    backend = family.backend
    source_arn = params["SourceDatasetArn"]
    source = _source(family, source_arn)
    name = params.get("DatasetName") or source.name
    target = backend.datasets.items.get(name)
    if target is source:
        raise ConflictException(
            f"Dataset '{name}' is the source of the import; give the copy another DatasetName."
        )
    if target is not None:
        family.check_idle(target)
    family.check_quota()
    outcome = _copy_of(source)
    kms_key_id, tags = params.get("ServerSideKmsKeyId"), params.get("Tags")
    if target is None:
        target = backend.datasets.new_dataset(name, None, kms_key_id, tags)
    else:
        _overwrite(family, target, kms_key_id, tags)
    job = IngestionJob(target, outcome, source_dataset_arn=source_arn)
    family.add(job, target, "IMPORT_IN_PROGRESS")
    return Created(job, _answer(job, "IMPORT_IN_PROGRESS"))


def _answer(job: IngestionJob, status: str) -> Result:
    return {
        "DatasetName": job.dataset.name,
        "DatasetArn": job.dataset.arn,
        "Status": status,
        "JobId": job.job_id,
    }


def _source(family: IngestionJobs, arn: str) -> Dataset:
    """The dataset ``arn`` names, if this account may import it."""
    missing = ResourceNotFoundException(f"Dataset '{arn}' does not exist.")
    account, region = arn_account(arn), arn_region(arn)
    try:
        source_backend = family.backend.of(account, region)
    except KeyError as error:
        raise missing from error
    source = source_backend.datasets.by_arn(arn)
    if source is None:
        raise missing
    caller = family.account_id
    if account != caller and not source_backend.policies.permits([arn], IMPORT_DATASET, caller):
        raise AccessDeniedException(
            f"Account {caller} may not import dataset '{arn}': no resource policy on it allows "
            f"{IMPORT_DATASET} for this account."
        )
    return source


def _copy_of(source: Dataset) -> IngestionOutcome:
    data, latest = source.data, source.latest_job
    if data is None or latest is None or source.schema is None:
        return IngestionOutcome(
            f"The source dataset '{source.arn}' has no ingested data to import; its status is "
            f"{source.status}."
        )
    fields = source.ingestion_fields
    return IngestionOutcome(
        files=fields.get("IngestedFilesSummary"),
        quality=fields.get("DataQualitySummary"),
        statistics=list(latest.outcome.statistics),
        data=data,
        size=latest.outcome.size,
        schema=source.schema,
        key_pattern=source.key_pattern,
        start=fields.get("DataStartTime"),
        end=fields.get("DataEndTime"),
    )


def _overwrite(
    family: IngestionJobs,
    target: Dataset,
    kms_key_id: str | None,
    tags: list[dict[str, str]] | None,
) -> None:
    backend = family.backend
    kms_key_arn = backend.resolve_kms_key(kms_key_id) if kms_key_id else None
    backend.tags.check_new(tags, backend.tags.of(target.arn))
    if kms_key_arn is not None:
        target.kms_key_arn = kms_key_arn
    backend.tags.add(target.arn, tags_from_list(tags))

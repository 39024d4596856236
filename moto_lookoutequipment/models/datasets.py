"""Datasets: the containers of a schema and of ingested sensor data."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Protocol

from moto.core.common_models import BaseModel

from .. import spec
from ..dashboard import StoredFieldsOnly
from ..data.sensor_data import DatasetData
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ..validation import matches
from .common import (
    Params,
    Result,
    begins_with,
    check_quota,
    creation_number,
    creation_order,
    new_resource_id,
    paginate,
    resource_arn,
    tags_from_list,
    utcnow,
)
from .family import Family
from .lifecycle import Lifecycle

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
        status = self._lifecycle.current
        if job is not None and status not in BUSY_STATUSES:
            self._job = None
            job.apply_to(self)
        return status

    @property
    def busy(self) -> bool:
        return self.status in BUSY_STATUSES

    @property
    def data(self) -> DatasetData | None:
        """The sensor data of the latest successful ingestion or import."""
        self.status  # noqa: B018  (a job that has ended hands its results over when read)
        return self._data

    @property
    def latest_job(self) -> Any:
        """The latest successful ingestion or import job."""
        self.status  # noqa: B018  (as for ``data``)
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
        self._lifecycle.advance()
        return {
            "DatasetName": self.name,
            "DatasetArn": self.arn,
            "Status": self.status,
            "CreatedAt": self.created_at,
        }

    def describe(self) -> Result:
        self._lifecycle.advance()
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


# Documented limits of a dataset schema (a malformed request, not a quota to raise).
MAX_COMPONENTS = 3000
MAX_SENSORS = 3000


def parse_schema(text: str, path: str = "datasetSchema.inlineDataSchema") -> dict[str, Any]:
    """Parse and check a dataset schema document; ``ValidationException`` names every problem."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationException(f"The value at '{path}' is not valid JSON: {error}.") from error
    problems = schema_problems(document)
    if problems:
        raise ValidationException(f"The schema at '{path}' is not valid: " + "; ".join(problems))
    return document  # type: ignore[no-any-return]


def schema_problems(document: Any) -> list[str]:
    component_pattern = spec.shape("ComponentName").metadata["pattern"]
    sensor_pattern = spec.shape("SensorName").metadata["pattern"]
    if not isinstance(document, dict) or not isinstance(document.get("Components"), list):
        return ["it must be an object with a list of Components"]
    components = document["Components"]
    if not components:
        return ["it must name at least one component"]
    if len(components) > MAX_COMPONENTS:
        return [f"it names {len(components)} components; at most {MAX_COMPONENTS} are allowed"]
    problems: list[str] = []
    seen_components: set[str] = set()
    for index, component in enumerate(components, start=1):
        if not isinstance(component, dict):
            problems.append(f"component {index} must be an object")
            continue
        name = component.get("ComponentName")
        if not isinstance(name, str) or not matches(component_pattern, name):
            problems.append(f"component {index} needs a ComponentName matching {component_pattern}")
            name = f"#{index}"
        elif name in seen_components:
            problems.append(f"component '{name}' appears more than once")
        seen_components.add(name)
        columns = component.get("Columns")
        if not isinstance(columns, list) or not columns:
            problems.append(f"component '{name}' needs a non-empty list of Columns")
            continue
        problems.extend(_column_problems(name, columns, sensor_pattern))
    sensors = sum(
        1
        for component in components
        if isinstance(component, dict) and isinstance(component.get("Columns"), list)
        for column in component["Columns"]
        if isinstance(column, dict) and column.get("Type") == "DOUBLE"
    )
    if sensors > MAX_SENSORS:
        problems.append(f"it has {sensors} sensor columns; at most {MAX_SENSORS} are allowed")
    return problems


def _column_problems(component: str, columns: list[Any], sensor_pattern: str) -> list[str]:
    problems: list[str] = []
    names: set[str] = set()
    datetime_columns = 0
    sensors = 0
    for column in columns:
        if not isinstance(column, dict):
            problems.append(f"component '{component}' has a column that is not an object")
            continue
        name, kind = column.get("Name"), column.get("Type")
        if not isinstance(name, str) or not matches(sensor_pattern, name):
            problems.append(
                f"component '{component}' has a column name {json.dumps(name)} "
                f"that does not match {sensor_pattern}"
            )
        elif name in names:
            problems.append(f"component '{component}' has the column '{name}' more than once")
        else:
            names.add(name)
        if kind == "DATETIME":
            datetime_columns += 1
        elif kind == "DOUBLE":
            sensors += 1
        else:
            problems.append(
                f"column {json.dumps(name)} of component '{component}' has type "
                f"{json.dumps(kind)}; the types are DATETIME and DOUBLE"
            )
    if datetime_columns != 1:
        problems.append(
            f"component '{component}' must have exactly one DATETIME column, not {datetime_columns}"
        )
    if sensors == 0:
        problems.append(f"component '{component}' must have at least one DOUBLE column")
    return problems


class Datasets(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, Dataset] = {}

    def owns(self, arn: str) -> bool:
        return any(dataset.arn == arn for dataset in self.items.values())

    def get(self, name: str) -> Dataset:
        dataset = self.items.get(name)
        if dataset is None:
            raise ResourceNotFoundException(f"Dataset '{name}' does not exist.")
        return dataset

    def by_arn(self, arn: str) -> Dataset | None:
        return next((d for d in self.items.values() if d.arn == arn), None)

    def new_dataset(
        self,
        name: str,
        schema: dict[str, Any] | None,
        kms_key_id: str | None,
        tags: list[dict[str, str]] | None,
    ) -> Dataset:
        """Create and store a dataset after every check has passed (create and import)."""
        kms_key_arn = self.backend.resolve_kms_key(kms_key_id) if kms_key_id else None
        self.backend.tags.check_new(tags)
        check_quota("datasets", len(self.items))
        arn = resource_arn(self.account_id, self.region_name, "dataset", name, new_resource_id())
        dataset = Dataset(name, arn, schema, kms_key_arn)
        self.items[name] = dataset
        self.backend.tags.add(arn, tags_from_list(tags))
        return dataset

    def create_dataset(self, params: Params) -> Result:
        replayed = self.backend.client_tokens.replay("CreateDataset", params)
        if isinstance(replayed, Dataset) and self.items.get(replayed.name) is replayed:
            return self._created(replayed)
        name = params["DatasetName"]
        schema_text = params.get("DatasetSchema", {}).get("InlineDataSchema")
        schema = parse_schema(schema_text) if schema_text is not None else None
        if name in self.items:
            raise ConflictException(f"Dataset '{name}' already exists.")
        dataset = self.new_dataset(
            name, schema, params.get("ServerSideKmsKeyId"), params.get("Tags")
        )
        self.backend.client_tokens.remember("CreateDataset", params, dataset)
        return self._created(dataset)

    @staticmethod
    def _created(dataset: Dataset) -> Result:
        return {"DatasetName": dataset.name, "DatasetArn": dataset.arn, "Status": dataset.status}

    def describe_dataset(self, params: Params) -> Result:
        return self.get(params["DatasetName"]).describe()

    def list_datasets(self, params: Params) -> Result:
        prefix = params.get("DatasetNameBeginsWith")
        matching = [d for d in self.items.values() if begins_with(d.name, prefix)]
        page, token = paginate(matching, params, "ListDatasets", creation_order)
        return {"DatasetSummaries": [d.summary() for d in page], "NextToken": token}

    def delete_dataset(self, params: Params) -> Result:
        dataset = self.get(params["DatasetName"])
        reason = self.backend.dataset_in_use(dataset)
        if reason:
            raise ConflictException(f"Dataset '{dataset.name}' cannot be deleted: {reason}.")
        del self.items[dataset.name]
        self.backend.release(dataset)
        self.backend.dataset_deleted(dataset)
        return {}

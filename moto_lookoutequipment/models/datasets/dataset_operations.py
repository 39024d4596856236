"""Datasets: the containers of a schema and of ingested sensor data."""

from __future__ import annotations

from typing import Any

from ...exceptions import ConflictException, ResourceNotFoundException
from ...operations import Created, operation
from ..common import (
    Params,
    Result,
    begins_with,
    check_quota,
    creation_order,
    new_resource_id,
    paginate,
    resource_arn,
    tags_from_list,
)
from ..family import Family
from .dataset import Dataset
from .schema import parse_schema


class Datasets(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, Dataset] = {}

    def settle(self) -> None:
        for dataset in self.items.values():
            dataset.settle()

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

    def _dataset_again(self, dataset: Dataset) -> Result | None:
        return self._created(dataset) if self.items.get(dataset.name) is dataset else None

    @operation("CreateDataset", replay=_dataset_again)
    def create_dataset(self, params: Params) -> Created:
        name = params["DatasetName"]
        schema_text = params.get("DatasetSchema", {}).get("InlineDataSchema")
        schema = parse_schema(schema_text) if schema_text is not None else None
        if name in self.items:
            raise ConflictException(f"Dataset '{name}' already exists.")
        dataset = self.new_dataset(
            name, schema, params.get("ServerSideKmsKeyId"), params.get("Tags")
        )
        return Created(dataset, self._created(dataset))

    @staticmethod
    def _created(dataset: Dataset) -> Result:
        return {"DatasetName": dataset.name, "DatasetArn": dataset.arn, "Status": dataset.status}

    @operation("DescribeDataset")
    def describe_dataset(self, params: Params) -> Result:
        return self.get(params["DatasetName"]).describe()

    @operation("ListDatasets")
    def list_datasets(self, params: Params) -> Result:
        prefix = params.get("DatasetNameBeginsWith")
        matching = [d for d in self.items.values() if begins_with(d.name, prefix)]
        page, token = paginate(matching, params, "ListDatasets", creation_order)
        return {"DatasetSummaries": [d.summary() for d in page], "NextToken": token}

    @operation("DeleteDataset")
    def delete_dataset(self, params: Params) -> Result:
        dataset = self.get(params["DatasetName"])
        reason = self.backend.dataset_in_use(dataset)
        if reason:
            raise ConflictException(f"Dataset '{dataset.name}' cannot be deleted: {reason}.")
        del self.items[dataset.name]
        self.backend.release(dataset)
        self.backend.dataset_deleted(dataset)
        return {}

"""MlModels: models and their versions — training, activation, import, and their reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...data.resampling import rate_of, resampled_data
from ...data.training import train
from ...exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ...operations import Created, operation
from ..common import (
    MODEL_ROWS,
    Params,
    Result,
    begins_with,
    check_quota,
    creation_order,
    paginate,
    tags_from_list,
)
from ..family import Family
from . import model_import
from .model import Model
from .model_config import (
    check_diagnostics_output,
    check_labels_source,
    model_schema,
    off_condition,
    sensor_keys,
    windows,
)
from .model_version import IMPORT, SUCCESS, TRAINING, ModelVersion

_TRAINING_CONFIG = (
    "LabelsInputConfiguration",
    "TrainingDataStartTime",
    "TrainingDataEndTime",
    "EvaluationDataStartTime",
    "EvaluationDataEndTime",
    "RoleArn",
    "DataPreProcessingConfiguration",
    "OffCondition",
    "ModelDiagnosticsOutputConfiguration",
)
MODEL_SETTINGS = ("LabelsInputConfiguration", "RoleArn", "ModelDiagnosticsOutputConfiguration")


class MlModels(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.items: dict[str, Model] = {}

    # What other families use

    def get(self, name: str) -> Model:
        model = self.items.get(name)
        if model is None:
            raise ResourceNotFoundException(f"Model '{name}' does not exist.")
        return model

    def get_version(self, name: str, number: int) -> ModelVersion:
        model = self.get(name)
        version = model.versions.get(number)
        if version is None:
            raise ResourceNotFoundException(f"Model '{name}' has no version {number}.")
        return version

    def is_live(self, version: ModelVersion) -> bool:
        model = self.items.get(version.model.name)
        return model is version.model and model.versions.get(version.version) is version

    def settle(self) -> None:
        for model in self.items.values():
            model.settle()

    def owns(self, arn: str) -> bool:
        return any(
            model.arn == arn or any(version.arn == arn for version in model.versions.values())
            for model in self.items.values()
        )

    def model_in_use(self, model: Any) -> str | None:
        if isinstance(model, Model) and model.busy:
            action = model.action
            importing = action is not None and action.source_type == IMPORT
            kind = "an import" if importing else "a training"
            return f"{kind} of it is in progress ({model.status})"
        return None

    def dataset_deleted(self, dataset: Any) -> None:
        # An import attaches its model to the dataset; without it the import cannot finish.
        for model in self.items.values():
            action = model.action
            if action is not None and action.source_type == IMPORT:
                if action.config.get("DatasetArn") == dataset.arn:
                    model.cancel_action(
                        f"The import was canceled: dataset '{dataset.name}' was deleted while "
                        "it ran."
                    )

    def check_training_quota(self) -> None:
        busy = sum(1 for model in self.items.values() if model.busy)
        check_quota("trainings_in_progress", busy)

    # CreateModel

    def _model_again(self, model: Model) -> Result | None:
        if self.items.get(model.name) is not model:
            return None
        return {"ModelArn": model.arn, "Status": model.status}

    @operation("CreateModel", replay=_model_again)
    def create_model(self, params: Params) -> Created:
        name = params["ModelName"]
        if name in self.items:
            raise ConflictException(f"Model '{name}' already exists.")
        dataset = self.backend.datasets.get(params["DatasetName"])
        data = dataset.data
        if data is None or dataset.schema is None:
            raise ValidationException(
                f"Dataset '{dataset.name}' has no ingested data; ingest data into it before "
                "training a model on it."
            )
        schema = model_schema(dataset.name, dataset.schema, params.get("DatasetSchema"))
        sensors = sensor_keys(schema)
        labels, role = params.get("LabelsInputConfiguration"), params.get("RoleArn")
        check_labels_source(labels, role)
        check_diagnostics_output(
            self.backend, params.get("ModelDiagnosticsOutputConfiguration"), role
        )
        condition = off_condition(params.get("OffCondition"), sensors)
        training, evaluation = windows(params, data)
        kms_id = params.get("ServerSideKmsKeyId")
        kms_key_arn = self.backend.resolve_kms_key(kms_id) if kms_id else None
        self.backend.tags.check_new(params.get("Tags"))
        check_quota("models", len(self.items))
        self.check_training_quota()
        label_ranges = (
            self.backend.labels.label_ranges(labels, role, self.account_id) if labels else None
        )
        pointwise = params.get("ModelDiagnosticsOutputConfiguration") is not None
        rate = rate_of(params.get("DataPreProcessingConfiguration"))
        outcome = train(
            resampled_data(data, rate),
            sensors,
            training,
            evaluation,
            label_ranges,
            condition,
            pointwise,
            MODEL_ROWS,
            rate,
        )

        model = Model(
            self.account_id,
            self.region_name,
            name,
            dataset.name,
            dataset.arn,
            kms_key_arn,
            {key: params.get(key) for key in MODEL_SETTINGS},
        )
        config = {
            "DatasetName": dataset.name,
            "DatasetArn": dataset.arn,
            "Schema": schema,
            "ServerSideKmsKeyId": kms_key_arn,
            **{key: params.get(key) for key in _TRAINING_CONFIG},
        }
        version = ModelVersion(model, 1, TRAINING, config, outcome)
        model.start(version, on_success=model.activate)
        self.items[name] = model
        self.backend.tags.add(model.arn, tags_from_list(params.get("Tags")))
        return Created(model, {"ModelArn": model.arn, "Status": version.initial_status})

    # Models

    @operation("DescribeModel")
    def describe_model(self, params: Params) -> Result:
        model = self.get(params["ModelName"])
        model.observe()
        return model.describe(self.backend.retraining.model_fields(model.name))

    @operation("ListModels")
    def list_models(self, params: Params) -> Result:
        status = params.get("Status")
        name_prefix = params.get("ModelNameBeginsWith")
        dataset_prefix = params.get("DatasetNameBeginsWith")
        matching = [
            model
            for model in self.items.values()
            if begins_with(model.name, name_prefix)
            and begins_with(model.dataset_name, dataset_prefix)
            and (status is None or model.status == status)
        ]
        page, token = paginate(matching, params, "ListModels", creation_order)
        summaries = [m.summary(self.backend.retraining.model_fields(m.name)) for m in page]
        return {"ModelSummaries": summaries, "NextToken": token}

    @operation("UpdateModel")
    def update_model(self, params: Params) -> Result:
        model = self.get(params["ModelName"])
        reason = self.backend.model_in_use(model)
        if reason:
            raise ConflictException(f"Model '{model.name}' cannot be updated now: {reason}.")
        settings = dict(model.settings)
        settings.update({key: params[key] for key in MODEL_SETTINGS if key in params})
        role = settings.get("RoleArn")
        labels = settings.get("LabelsInputConfiguration")
        check_labels_source(labels, role)
        group = (params.get("LabelsInputConfiguration") or {}).get("LabelGroupName")
        if group is not None:
            self.backend.labels.require_group(group)
        check_diagnostics_output(
            self.backend, settings.get("ModelDiagnosticsOutputConfiguration"), role
        )
        model.settings = settings
        model.touch()
        return {}

    @operation("DeleteModel")
    def delete_model(self, params: Params) -> Result:
        model = self.get(params["ModelName"])
        reason = self.backend.model_in_use(model)
        if reason:
            raise ConflictException(f"Model '{model.name}' cannot be deleted now: {reason}.")
        del self.items[model.name]
        self.backend.release(model, *model.versions.values())
        self.backend.model_deleted(model)
        model_import.cancel_imports_from(model)
        return {}

    # Versions

    @operation("DescribeModelVersion")
    def describe_model_version(self, params: Params) -> Result:
        self.backend.retraining.catch_up(params["ModelName"])
        version = self.get_version(params["ModelName"], params["ModelVersion"])
        version.observe()
        return version.describe()

    @operation("ListModelVersions")
    def list_model_versions(self, params: Params) -> Result:
        self.backend.retraining.catch_up(params["ModelName"])
        model = self.items.get(params["ModelName"])
        versions = list(model.versions.values()) if model else []
        page, token = paginate(
            versions,
            params,
            "ListModelVersions",
            lambda version: (version.version,),
            where=lambda version: _version_matches(version, params),
        )
        return {"ModelVersionSummaries": [v.summary() for v in page], "NextToken": token}

    @operation("UpdateActiveModelVersion")
    def update_active_model_version(self, params: Params) -> Result:
        version = self.get_version(params["ModelName"], params["ModelVersion"])
        model = version.model
        status = version.status
        if status != SUCCESS:
            raise ConflictException(
                f"Version {version.version} of model '{model.name}' is {status}; only a "
                "SUCCESS version can be made active."
            )
        before = model.active_version
        model.activate(version)
        return {
            "ModelName": model.name,
            "ModelArn": model.arn,
            "CurrentActiveVersion": version.version,
            "CurrentActiveVersionArn": version.arn,
            "PreviousActiveVersion": before.version if before else None,
            "PreviousActiveVersionArn": before.arn if before else None,
        }

    def _import_again(self, version: ModelVersion) -> Result | None:
        return model_import.replayed(self, version)

    @operation("ImportModelVersion", replay=_import_again)
    def import_model_version(self, params: Params) -> Created:
        return model_import.import_model_version(self, params)


def _within(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment <= end)


def _version_matches(version: ModelVersion, params: Params) -> bool:
    """Whether the version passes ListModelVersions' filters."""
    status, source = params.get("Status"), params.get("SourceType")
    low, high = params.get("MinModelVersion"), params.get("MaxModelVersion")
    return (
        (status is None or version.status == status)
        and (source is None or version.source_type == source)
        and _within(
            version.created_at, params.get("CreatedAtStartTime"), params.get("CreatedAtEndTime")
        )
        and (low is None or version.version >= low)
        and (high is None or version.version <= high)
    )

"""ImportModelVersion: copy a trained model version into a model of the caller's account.

The source is named by its ARN and may live in another account (or region): the call is made
from the target account. Same-account imports need no permission; a cross-account import needs
a resource policy on the source version or its model that allows the caller (``Deny`` wins, and
``lookoutequipment:IsImportingData`` is honoured). The import creates a new model (version 1,
active once the import succeeds) or adds version highest+1 to an existing model without
activating it. The trained parameters, metrics and training configuration are copied; labels,
role, KMS key and tags come from the request; accumulated inference data follows
``InferenceDataImportStrategy``.

The import job fails (``FAILED``) when the labels from S3 it is given cannot be read, and is
``CANCELED`` when its target dataset or its source model is deleted before it has finished.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...data.scoring import TrainedModel
from ...data.sensor_data import DatasetData, copy_data
from ...data.training import TrainingOutcome
from ...exceptions import (
    AccessDeniedException,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from ...operations import Created
from ...serialization import json_document
from ..access.policy_document import IMPORT_MODEL_VERSION
from ..common import Params, Result, check_quota, tags_from_list
from .model import Model
from .model_config import check_labels_source, check_subset
from .model_version import (
    IMPORT,
    IMPORT_IN_PROGRESS,
    SUCCESS,
    TRAINING_MEMBERS,
    InferenceSpan,
    ModelVersion,
)

if TYPE_CHECKING:
    from .. import LookoutEquipmentBackend
    from .model_operations import MlModels

NO_IMPORT = "NO_IMPORT"
ADD_WHEN_EMPTY = "ADD_WHEN_EMPTY"
OVERWRITE = "OVERWRITE"

_VERSION_ARN = re.compile(
    r"^arn:[^:]+:lookoutequipment:(?P<region>[^:]*):(?P<account>\d{12}):"
    r"(?P<model_arn_tail>model/(?P<name>[^/]+)/.+)/model-version/(?P<number>\d+)$"
)


def replayed(models: MlModels, version: ModelVersion) -> Result | None:
    """The answer to a replay of the import that made ``version``, while it lives; a replay
    observes the import, as a Describe of its model would."""
    if not models.is_live(version):
        return None
    if version.model.action is version:
        version.model.observe()
    else:
        version.observe()
    return _answer(version, version.status)


def import_model_version(models: MlModels, params: Params) -> Created:
    backend = models.backend
    source = find_source(backend, params["SourceModelVersionArn"])
    strategy = params.get("InferenceDataImportStrategy") or NO_IMPORT
    authorize(backend, source, strategy)
    if source.status != SUCCESS:
        raise ValidationException(
            f"Model version '{source.arn}' is {source.status}; only a successfully trained "
            "(SUCCESS) model version can be imported."
        )
    dataset = backend.datasets.get(params["DatasetName"])
    if dataset.schema is not None:
        check_subset(dataset.name, dataset.schema, source.schema, "The model version")
    name = params.get("ModelName") or source.model.name
    target = models.items.get(name)
    if target is not None:
        reason = backend.model_in_use(target)
        if reason:
            raise ConflictException(f"Model '{name}' cannot take an import now: {reason}.")
    labels, role = params.get("LabelsInputConfiguration"), params.get("RoleArn")
    check_labels_source(labels, role)
    if labels and labels.get("LabelGroupName") is not None:
        backend.labels.require_group(labels["LabelGroupName"])
    kms_id = params.get("ServerSideKmsKeyId")
    kms_key_arn = backend.resolve_kms_key(kms_id) if kms_id else None
    tags = params.get("Tags")
    backend.tags.check_new(tags)
    if target is None:
        check_quota("models", len(models.items))
    models.check_training_quota()

    new_model = target is None
    if target is None:
        target = Model(
            backend.account_id,
            backend.region_name,
            name,
            dataset.name,
            dataset.arn,
            kms_key_arn,
            {"LabelsInputConfiguration": labels, "RoleArn": role},
        )
        models.items[name] = target
    config = {
        "DatasetName": dataset.name,
        "DatasetArn": dataset.arn,
        "LabelsInputConfiguration": labels,
        "RoleArn": role,
        "ServerSideKmsKeyId": kms_key_arn,
        **{key: source.config.get(key) for key in TRAINING_MEMBERS},
    }
    outcome = _imported_outcome(backend, source, labels, role)
    version = ModelVersion(target, target.next_version_number(), IMPORT, config, outcome)
    version.import_fields = {
        "SourceModelVersionArn": source.arn,
        "ImportedDataSizeInBytes": imported_size(source),
    }
    data = (source.model.inference_data, copy_data(source.model.inference_rows))
    target.start(version, _on_success(target, new_model, strategy, data))
    if new_model:
        backend.tags.add(target.arn, tags_from_list(tags))
    backend.tags.add(version.arn, tags_from_list(tags))
    return Created(version, _answer(version, IMPORT_IN_PROGRESS))


def _answer(version: ModelVersion, status: str) -> Result:
    return {
        "ModelName": version.model.name,
        "ModelArn": version.model.arn,
        "ModelVersionArn": version.arn,
        "ModelVersion": version.version,
        "Status": status,
    }


def find_source(backend: LookoutEquipmentBackend, arn: str) -> ModelVersion:
    """The model version an ARN names, in whichever account and region it lives."""
    match = _VERSION_ARN.match(arn)
    missing = ResourceNotFoundException(f"Model version '{arn}' does not exist.")
    if match is None:
        raise missing
    try:
        owner = backend.of(match["account"], match["region"])
    except KeyError as error:
        raise missing from error
    model = owner.ml_models.items.get(match["name"])
    model_arn = arn[: arn.rindex("/model-version/")]
    if model is None or model.arn != model_arn:
        raise missing
    version = model.versions.get(int(match["number"]))
    if version is None:
        raise missing
    return version


def authorize(backend: LookoutEquipmentBackend, source: ModelVersion, strategy: str) -> None:
    """Cross-account imports need the source account's resource policy to allow them."""
    owner = source.model.account_id
    if owner == backend.account_id:
        return
    permitted = backend.of(owner, source.model.region).policies.permits(
        [source.arn, source.model.arn],
        IMPORT_MODEL_VERSION,
        backend.account_id,
        importing_data=strategy != NO_IMPORT,
    )
    if not permitted:
        raise AccessDeniedException(
            f"Account {backend.account_id} is not allowed to import model version "
            f"'{source.arn}': no resource policy on the model version or its model allows "
            f"{IMPORT_MODEL_VERSION} for this request."
        )


def _imported_outcome(
    backend: LookoutEquipmentBackend,
    source: ModelVersion,
    labels: dict[str, Any] | None,
    role: str | None,
) -> TrainingOutcome:
    """What the import job ends with: the copied model, unless the labels from S3 it was given
    cannot be read, which fails the job."""
    if labels and labels.get("S3InputConfiguration") is not None:
        try:
            backend.labels.label_ranges(labels, role, backend.account_id)
        except ValidationException as error:
            return TrainingOutcome(failed_reason=f"The labels could not be read: {error.message}")
    return _copied_outcome(source)


def cancel_imports_from(model: Model) -> None:
    """Cancel the imports, in any account and region, still copying a version of ``model``,
    which has just been deleted."""
    from .. import lookoutequipment_backends

    sources = {version.arn for version in model.versions.values()}

    def cancel(backend: LookoutEquipmentBackend) -> None:
        for target in backend.ml_models.items.values():
            action = target.action
            source_arn = action.import_fields.get("SourceModelVersionArn") if action else None
            if source_arn in sources:
                target.cancel_action(
                    f"The import was canceled: its source model version '{source_arn}' was "
                    "deleted while it ran."
                )

    for account in list(lookoutequipment_backends.values()):
        for backend in list(account.values()):
            backend.deliver(cancel)


def _copied_outcome(source: ModelVersion) -> TrainingOutcome:
    trained = source.outcome.trained
    assert trained is not None  # a SUCCESS version always has its trained parameters
    return TrainingOutcome(
        trained=TrainedModel(dict(trained.sensors), trained.off_condition),
        metrics=json.loads(json.dumps(source.outcome.metrics)),
        quality=source.outcome.quality,
    )


def imported_size(source: ModelVersion) -> int:
    """The bytes the import copies: the trained parameters and the metrics."""
    trained = source.outcome.trained
    parameters = {
        "\\".join(key): [model.median, model.mad]
        for key, model in (trained.sensors.items() if trained else [])
    }
    document = {"parameters": parameters, "metrics": source.outcome.metrics}
    return len(json_document(document).encode())


def _on_success(
    target: Model, new_model: bool, strategy: str, source_data: tuple[InferenceSpan, DatasetData]
) -> Callable[[ModelVersion], None]:
    """What the import changes on the target model once it has succeeded."""

    def succeeded(version: ModelVersion) -> None:
        if new_model:
            target.activate(version)
        span, rows = source_data
        if span is None:
            return
        if strategy == OVERWRITE or (strategy == ADD_WHEN_EMPTY and target.inference_data is None):
            target.inference_data, target.inference_rows = span, rows

    return succeeded

"""The base of every resource family of the backend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import LookoutEquipmentBackend


class Family:
    """A group of related resources and the operations that act on them.

    Operation handlers are public methods named after the operation in snake case
    (``create_dataset`` for ``CreateDataset``); each takes the validated request and returns the
    response as a dictionary keyed by the output shape's member names.
    """

    def __init__(self, backend: LookoutEquipmentBackend) -> None:
        self.backend = backend

    @property
    def account_id(self) -> str:
        return self.backend.account_id

    @property
    def region_name(self) -> str:
        return self.backend.region_name

    def settle(self) -> None:
        """Finish what this family's resources have ended since the last request (run at the
        start of every request, so that reading a resource never changes it)."""

    def owns(self, arn: str) -> bool:
        """Whether ``arn`` names a live resource of this family (for tags and policies)."""
        return False

    def dataset_in_use(self, dataset: Any) -> str | None:
        """Why ``dataset`` cannot be deleted now because of this family, or ``None``."""
        return None

    def dataset_deleted(self, dataset: Any) -> None:
        """Drop what this family keeps about a deleted dataset."""

    def model_in_use(self, model: Any) -> str | None:
        """Why ``model`` cannot be deleted or updated now because of this family, or ``None``."""
        return None

    def model_deleted(self, model: Any) -> None:
        """Drop what this family keeps about a deleted model."""

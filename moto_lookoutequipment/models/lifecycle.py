"""Statuses that move by themselves through moto's state manager."""

from __future__ import annotations

from datetime import datetime

from moto.moto_api._internal.managed_state_model import ManagedState

from .._registration import state_model_name


class Lifecycle(ManagedState):
    """A status that moves from a transitional value to a settled one.

    How fast it moves is moto's state manager's business (``immediate`` by default, or
    ``manual``/``time`` as the user sets for ``lookoutequipment::<resource>``).
    """

    def __init__(self, resource: str, initial: str, final: str | None = None) -> None:
        super().__init__(state_model_name(resource), self._path(initial, final))

    @staticmethod
    def _path(initial: str, final: str | None) -> list[tuple[str | None, str]]:
        return [(initial, final)] if final is not None else [(initial, initial)]

    def move(self, initial: str, final: str | None = None) -> None:
        """Restart the status at ``initial``, on its way to ``final`` (if any)."""
        self._transitions = self._path(initial, final)
        self._status = initial
        self._tick = 0
        self._time_progressed = datetime.now()

    @property
    def current(self) -> str:
        return str(self.status)

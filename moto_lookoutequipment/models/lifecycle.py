"""Statuses that move by themselves through moto's state manager."""

from __future__ import annotations

from .._compat import ManagedState
from .._registration import state_model_name


class Lifecycle:
    """A status that moves from a transitional value to a settled one.

    How fast it moves is moto's state manager's business (``immediate`` by default, or
    ``manual``/``time`` as the user sets for ``lookoutequipment::<resource>``).
    """

    def __init__(self, resource: str, initial: str, final: str | None = None) -> None:
        self.model_name = state_model_name(resource)
        self._state = self._start(initial, final)

    def _start(self, initial: str, final: str | None) -> ManagedState:
        path: list[tuple[str | None, str]] = [(initial, final if final is not None else initial)]
        return ManagedState(self.model_name, path)

    def move(self, initial: str, final: str | None = None) -> None:
        """Restart the status at ``initial``, on its way to ``final`` (if any)."""
        self._state = self._start(initial, final)

    def advance(self) -> None:
        """One more observation of the status (``manual`` progression)."""
        self._state.advance()

    @property
    def current(self) -> str:
        return str(self._state.status)

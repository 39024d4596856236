"""Statuses that move by themselves through moto's state manager."""

from __future__ import annotations

import functools

from .._compat import ManagedState
from .._registration import state_model_name


@functools.cache
def _path(initial: str, final: str) -> list[tuple[str | None, str]]:
    """The one transition of a status; moto's state only reads it, so statuses share it (a read
    after a long time jump makes thousands)."""
    return [(initial, final)]


class Lifecycle:
    """A status that moves from a transitional value to a settled one.

    How fast it moves is moto's state manager's business (``immediate`` by default, or
    ``manual``/``time`` as the user sets for ``lookoutequipment::<resource>``).
    """

    def __init__(self, resource: str, initial: str, final: str | None = None) -> None:
        self.model_name = state_model_name(resource)
        self._state = self._start(initial, final)

    def _start(self, initial: str, final: str | None) -> ManagedState:
        return ManagedState(self.model_name, _path(initial, initial if final is None else final))

    def move(self, initial: str, final: str | None = None) -> None:
        """Restart the status at ``initial``, on its way to ``final`` (if any)."""
        self._state = self._start(initial, final)

    def advance(self) -> None:
        """One more observation of the status (``manual`` progression)."""
        self._state.advance()

    @property
    def current(self) -> str:
        return str(self._state.status)

"""Status progressions of this service on moto's state manager, set for a block and then restored.

``transition("model", "manual", times=2)`` makes ``lookoutequipment::model`` move one status
every two reads inside a ``with`` block (or a decorated function, or between ``start()`` and
``stop()``); afterwards moto's default (``immediate``) is back, or the setting of an enclosing
``transition`` of the same status machine. With ``endpoint_url`` the setting goes to a moto
server in another process, through moto's ``/moto-api/state-manager/*`` endpoints.
"""

from __future__ import annotations

import functools
import json
import urllib.request
from types import TracebackType
from typing import Any

from moto.moto_api import state_manager

from ._registration import state_model_names

PREFIX = "lookoutequipment::"
PROGRESSIONS = ("immediate", "manual", "time")

# The settings started and not yet stopped, per server (None: this process) and status machine,
# innermost last.
_active: dict[tuple[str | None, str], list[Transition]] = {}


def machine_name(model: str) -> str:
    """``lookoutequipment::<model>`` for ``model`` given with or without the prefix; an
    unknown status machine is a ``ValueError`` naming the known ones."""
    name = model if model.startswith(PREFIX) else PREFIX + model
    known = sorted(state_model_names())
    if name not in known:
        names = ", ".join(m[len(PREFIX) :] for m in known)
        raise ValueError(f"no status machine {name!r}; this service has: {names}")
    return name


def setting(progression: str, times: int | None, seconds: float | None) -> dict[str, Any]:
    """moto's transition dictionary, checked: ``manual`` takes ``times``, ``time`` takes
    ``seconds``, ``immediate`` neither."""
    if progression not in PROGRESSIONS:
        raise ValueError(
            f"progression must be one of {', '.join(PROGRESSIONS)}, not {progression!r}"
        )
    wanted = {"manual": "times", "time": "seconds"}.get(progression)
    given = {"times": times, "seconds": seconds}
    for option, value in given.items():
        if value is not None and option != wanted:
            raise ValueError(f"{option}= does not apply to the {progression!r} progression")
    if wanted is None:
        return {"progression": progression}
    value = given[wanted]
    if value is None or value <= 0:
        raise ValueError(f"the {progression!r} progression needs {wanted}= above 0")
    return {"progression": progression, wanted: value}


class Transition:
    """One progression for one status machine, in force between ``start()`` and ``stop()``
    (a context manager and a decorator too)."""

    def __init__(
        self,
        model: str,
        progression: str = "manual",
        *,
        times: int | None = None,
        seconds: float | None = None,
        endpoint_url: str | None = None,
    ) -> None:
        self.model_name = machine_name(model)
        self.transition = setting(progression, times, seconds)
        self.endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self.key = (self.endpoint_url, self.model_name)

    @property
    def active(self) -> bool:
        return any(item is self for item in _active.get(self.key, []))

    def start(self) -> Transition:
        """Put the progression in force (nothing if it already is); returns itself."""
        if not self.active:
            self._apply(self.transition)
            _active.setdefault(self.key, []).append(self)
        return self

    def stop(self) -> None:
        """End the progression: the enclosing one of the same machine is back in force, or
        moto's default when there is none (nothing if it is not in force)."""
        stack = _active.get(self.key, [])
        if not self.active:
            return
        stack[:] = [item for item in stack if item is not self]
        if not stack:
            del _active[self.key]
        self._apply(stack[-1].transition if stack else None)

    def _apply(self, transition: dict[str, Any] | None) -> None:
        """Set ``transition`` on the state manager, or unset the machine's (None)."""
        if self.endpoint_url is None:
            if transition is None:
                state_manager.unset_transition(self.model_name)
            else:
                state_manager.set_transition(self.model_name, dict(transition))
            return
        body: dict[str, Any] = {"model_name": self.model_name}
        if transition is not None:
            body["transition"] = transition
        action = "unset-transition" if transition is None else "set-transition"
        request = urllib.request.Request(
            f"{self.endpoint_url}/moto-api/state-manager/{action}",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def __enter__(self) -> Transition:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, function: Any) -> Any:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return function(*args, **kwargs)

        return wrapper

    def __repr__(self) -> str:
        where = f", endpoint_url={self.endpoint_url!r}" if self.endpoint_url else ""
        return f"transition({self.model_name!r}, {self.transition!r}{where})"


def transition(
    model: str,
    progression: str = "manual",
    *,
    times: int | None = None,
    seconds: float | None = None,
    endpoint_url: str | None = None,
) -> Transition:
    """A progression for ``lookoutequipment::<model>`` (``dataset``, ``ingestionjob``,
    ``model``, ``modelversion``, ``inferencescheduler``, ``inferenceexecution``,
    ``retrainingscheduler``): ``manual`` moves one status every ``times`` reads, ``time``
    every ``seconds`` seconds, ``immediate`` at once; on the server at ``endpoint_url`` when
    given. Use it with ``with``, as a decorator, or with ``start()``/``stop()``."""
    return Transition(model, progression, times=times, seconds=seconds, endpoint_url=endpoint_url)

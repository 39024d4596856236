"""The operation registry: which family method answers which wire operation.

A handler is bound with ``@operation("CreateModel")`` on a method of a resource family, so that
searching for an operation's name finds its handler. Binding a name the service model does not
have, or one operation twice, is an error when the module is imported.

Idempotency is applied here, once, for every operation whose input the service model marks with
an ``idempotencyToken`` member (``ClientToken``). Such a handler names a ``replay`` method and
returns ``Created(resource, answer)``: the token is remembered with the resource, and a request
that repeats the token with the same parameters is answered by ``replay(resource)`` for as long
as the resource lives (the same token with other parameters is a ``ConflictException``).
Parameters are compared by their fingerprint (``models/client_tokens.py``): as values, not as
they were spelt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from . import spec

if TYPE_CHECKING:
    from .models.client_tokens import ClientTokens

Params = dict[str, Any]
Result = dict[str, Any]
F = TypeVar("F", bound=Callable[..., Any])
Replay = Callable[[Any, Any], Result | None]


class RegistrationError(RuntimeError):
    """A handler bound to an operation the service model does not have, or bound twice."""


@dataclass(frozen=True)
class Created:
    """What an idempotent operation made: the resource a replay of its token finds again, and
    the answer to the request that made it."""

    resource: Any
    answer: Result


@dataclass(frozen=True)
class Binding:
    operation: str
    handler: Callable[[Any, Params], Result | Created]
    token_member: str | None
    replay: Replay | None

    @property
    def family_name(self) -> str:
        return self.handler.__qualname__.split(".")[0]

    def call(self, family: Any, params: Params, tokens: ClientTokens) -> Result:
        from .models.client_tokens import fingerprint

        token = params.get(self.token_member) if self.token_member else None
        others = {key: value for key, value in params.items() if key != self.token_member}
        request = fingerprint(self.operation, others) if token is not None else ""
        if token is not None and self.replay is not None:
            stored = tokens.replay(self.operation, token, request)
            answer = self.replay(family, stored) if stored is not None else None
            if answer is not None:
                return answer
        # Through the family's attribute, so that a test that replaces the method is obeyed.
        result: Result | Created = getattr(family, self.handler.__name__)(params)
        if isinstance(result, Created):
            if token is not None:
                tokens.remember(self.operation, token, request, result.resource)
            return result.answer
        return result


_bindings: dict[str, Binding] = {}


def idempotency_member(operation: str) -> str | None:
    """The member of ``operation``'s input that the service model marks ``idempotencyToken``."""
    shape = spec.operation(operation).input_shape
    members = shape.members.items() if shape is not None else []
    return next((name for name, member in members if member.metadata.get("idempotencyToken")), None)


def operation(name: str, *, replay: Replay | None = None) -> Callable[[F], F]:
    """Bind the decorated family method to the wire operation ``name``."""

    def bind(handler: F) -> F:
        if name not in spec.operation_names():
            raise RegistrationError(f"{handler.__qualname__}: '{name}' is not an operation.")
        token_member = idempotency_member(name)
        if (token_member is None) != (replay is None):
            needs = "needs a" if token_member else "takes no"
            raise RegistrationError(f"{handler.__qualname__}: {name} {needs} replay method.")
        bound = _bindings.get(name)
        if bound is not None and _where(bound.handler) != _where(handler):
            raise RegistrationError(
                f"{name} is bound to both {_where(bound.handler)} and {_where(handler)}."
            )
        _bindings[name] = Binding(name, handler, token_member, replay)
        return handler

    return bind


def _where(handler: Callable[..., Any]) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def binding(operation: str) -> Binding | None:
    """The binding of ``operation``, if a family serves it (read on every request)."""
    return _bindings.get(operation)


def bindings() -> dict[str, Binding]:
    """Every bound operation (the families' modules must have been imported)."""
    return dict(_bindings)

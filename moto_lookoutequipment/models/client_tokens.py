"""The client tokens of idempotent requests, per account and region."""

from __future__ import annotations

import json
from typing import Any

from ..exceptions import ConflictException

Params = dict[str, Any]


class ClientTokens:
    """What each client token of each operation made, and the parameters it was sent with.

    The same token with the same parameters finds what the first call stored; the same token with
    other parameters is a ``ConflictException``. Tokens live as long as what they stored: ``forget``
    drops them when it is deleted, and a replay still checks that what it finds is live.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[str, Any]] = {}

    def replay(self, operation: str, token: str, params: Params) -> Any | None:
        """What the first call with this token stored, or ``None`` for a new token; ``params``
        are the request's other members."""
        seen = self._seen.get((operation, token))
        if seen is None:
            return None
        fingerprint, stored = seen
        if fingerprint != _fingerprint(params):
            raise ConflictException(
                f"The client token '{token}' was already used by another {operation} request "
                "with different parameters."
            )
        return stored

    def remember(self, operation: str, token: str, params: Params, stored: Any) -> None:
        self._seen[(operation, token)] = (_fingerprint(params), stored)

    def count(self) -> int:
        """How many tokens are remembered."""
        return len(self._seen)

    def forget(self, *resources: Any) -> None:
        """Drop the tokens whose stored value is, or holds, one of ``resources``."""
        gone = {id(resource) for resource in resources}
        for key in [key for key, (_, stored) in self._seen.items() if _holds(stored, gone)]:
            del self._seen[key]


def _holds(stored: Any, ids: set[int]) -> bool:
    parts = stored if isinstance(stored, tuple) else (stored,)
    return any(id(part) in ids for part in parts)


def _fingerprint(params: Params) -> str:
    return json.dumps(params, sort_keys=True, default=str)

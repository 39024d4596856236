"""The statuses inference and retraining schedulers share, and which of them allows a start,
a stop, an update or a delete; otherwise the request is a ``ConflictException`` naming the
scheduler (``subject``) and its status."""

from __future__ import annotations

from ..exceptions import ConflictException

PENDING, RUNNING, STOPPING, STOPPED = "PENDING", "RUNNING", "STOPPING", "STOPPED"


def _require(subject: str, status: str, allowed: tuple[str, ...], action: str) -> None:
    if status not in allowed:
        raise ConflictException(
            f"{subject} is {status}; only a {' or '.join(allowed)} scheduler can be {action}."
        )


def check_can_start(subject: str, status: str) -> None:
    _require(subject, status, (STOPPED,), "started")


def check_can_stop(subject: str, status: str) -> None:
    _require(subject, status, (RUNNING, PENDING), "stopped")


def check_can_update(subject: str, status: str) -> None:
    """A scheduler on its way to another status waits for it before it can change."""
    if status in (PENDING, STOPPING):
        raise ConflictException(f"{subject} is {status} and cannot be updated until that ends.")


def check_can_delete(subject: str, status: str) -> None:
    if status != STOPPED:
        raise ConflictException(f"{subject} must be STOPPED to be deleted; it is {status}.")

"""Retraining schedulers and the retrainings they run."""

from .scheduler_operations import RetrainingSchedulers

__all__ = ["RetrainingSchedulers"]

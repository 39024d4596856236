"""Inference schedulers, their executions and events."""

from .scheduler_operations import InferenceSchedulers

__all__ = ["InferenceSchedulers"]

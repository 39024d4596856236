"""Models, their versions, training and ImportModelVersion."""

from .model_operations import MlModels

__all__ = ["MlModels"]

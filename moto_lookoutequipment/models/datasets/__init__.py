"""Datasets, their ingestion jobs, and ImportDataset."""

from .dataset import Dataset
from .dataset_operations import Datasets
from .ingestion_operations import IngestionJobs

__all__ = ["Dataset", "Datasets", "IngestionJobs"]

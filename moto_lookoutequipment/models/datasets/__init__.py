"""Datasets, their ingestion jobs, and ImportDataset."""

from .dataset_operations import Dataset, Datasets
from .ingestion_operations import IngestionJobs

__all__ = ["Dataset", "Datasets", "IngestionJobs"]

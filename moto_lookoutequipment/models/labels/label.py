"""A label group and the labels it holds."""

from __future__ import annotations

from datetime import datetime

from moto.core.common_models import BaseModel

from ...dashboard import StoredFieldsOnly
from ...exceptions import ResourceNotFoundException
from ..common import (
    Params,
    Result,
    creation_number,
    new_hex_id,
    utcnow,
)

TimeRange = tuple[datetime, datetime]


class Label(StoredFieldsOnly, BaseModel):
    def __init__(self, group: LabelGroup, params: Params) -> None:
        self.creation_number = creation_number()
        self.group = group
        self.label_id = new_hex_id()
        self.start: datetime = params["StartTime"]
        self.end: datetime = params["EndTime"]
        self.rating: str = params["Rating"]
        self.fault_code: str | None = params.get("FaultCode")
        self.notes: str | None = params.get("Notes")
        self.equipment: str | None = params.get("Equipment")
        self.created_at = utcnow()

    def summary(self) -> Result:
        return {
            "LabelGroupName": self.group.name,
            "LabelId": self.label_id,
            "LabelGroupArn": self.group.arn,
            "StartTime": self.start,
            "EndTime": self.end,
            "Rating": self.rating,
            "FaultCode": self.fault_code,
            "Equipment": self.equipment,
            "CreatedAt": self.created_at,
        }

    def describe(self) -> Result:
        return {**self.summary(), "Notes": self.notes}

    def matches(self, params: Params) -> bool:
        """Whether the label passes ListLabels' filters: it overlaps the interval, and its fault
        code and equipment are the ones asked for."""
        interval_start = params.get("IntervalStartTime")
        interval_end = params.get("IntervalEndTime")
        return (
            (interval_start is None or self.end >= interval_start)
            and (interval_end is None or self.start < interval_end)
            and params.get("FaultCode") in (None, self.fault_code)
            and params.get("Equipment") in (None, self.equipment)
        )


class LabelGroup(StoredFieldsOnly, BaseModel):
    def __init__(self, name: str, arn: str, fault_codes: list[str]) -> None:
        self.creation_number = creation_number()
        self.name = name
        self.arn = arn
        self.fault_codes = fault_codes
        self.created_at = utcnow()
        self.updated_at = self.created_at
        self.labels: dict[str, Label] = {}

    def summary(self) -> Result:
        return {
            "LabelGroupName": self.name,
            "LabelGroupArn": self.arn,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
        }

    def describe(self) -> Result:
        return {**self.summary(), "FaultCodes": list(self.fault_codes)}

    def get_label(self, label_id: str) -> Label:
        label = self.labels.get(label_id)
        if label is None:
            raise ResourceNotFoundException(
                f"Label '{label_id}' does not exist in label group '{self.name}'."
            )
        return label

    def anomaly_ranges(self) -> list[TimeRange]:
        return [
            (label.start, label.end) for label in self.labels.values() if label.rating == "ANOMALY"
        ]

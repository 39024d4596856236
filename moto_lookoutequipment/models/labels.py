"""Label groups and labels: known faults and normal periods, and the reader training uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from moto.core.common_models import BaseModel

from ..dashboard import StoredFieldsOnly
from ..data.label_files import LabelFileError, parse_label_file
from ..exceptions import ConflictException, ResourceNotFoundException, ValidationException
from . import s3_access
from .common import (
    Params,
    Result,
    begins_with,
    check_quota,
    creation_number,
    creation_order,
    new_hex_id,
    new_resource_id,
    paginate,
    resource_arn,
    tags_from_list,
    utcnow,
)
from .family import Family
from .model_config import check_labels_source

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


class Labels(Family):
    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.groups: dict[str, LabelGroup] = {}

    def owns(self, arn: str) -> bool:
        return any(group.arn == arn for group in self.groups.values())

    def require_group(self, name: str) -> LabelGroup:
        group = self.groups.get(name)
        if group is None:
            raise ResourceNotFoundException(f"Label group '{name}' does not exist.")
        return group

    # Label groups

    def create_label_group(self, params: Params) -> Result:
        tokens = self.backend.client_tokens
        group: LabelGroup | None = tokens.replay("CreateLabelGroup", params)
        if group is None or self.groups.get(group.name) is not group:
            group = self._new_group(params)
            tokens.remember("CreateLabelGroup", params, group)
        return {"LabelGroupName": group.name, "LabelGroupArn": group.arn}

    def _new_group(self, params: Params) -> LabelGroup:
        name = params["LabelGroupName"]
        if name in self.groups:
            raise ConflictException(f"Label group '{name}' already exists.")
        self.backend.tags.check_new(params.get("Tags"))
        check_quota("label_groups", len(self.groups))
        arn = resource_arn(
            self.account_id, self.region_name, "label-group", name, new_resource_id()
        )
        group = LabelGroup(name, arn, list(params.get("FaultCodes", [])))
        self.groups[name] = group
        self.backend.tags.add(arn, tags_from_list(params.get("Tags")))
        return group

    def describe_label_group(self, params: Params) -> Result:
        return self.require_group(params["LabelGroupName"]).describe()

    def list_label_groups(self, params: Params) -> Result:
        prefix = params.get("LabelGroupNameBeginsWith")
        matching = [group for group in self.groups.values() if begins_with(group.name, prefix)]
        page, token = paginate(matching, params, "ListLabelGroups", creation_order)
        return {"LabelGroupSummaries": [group.summary() for group in page], "NextToken": token}

    def update_label_group(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        # Labels keep a fault code the update removes: the service documents no rule against it.
        if "FaultCodes" in params:
            group.fault_codes = list(params["FaultCodes"])
        group.updated_at = utcnow()
        return {}

    def delete_label_group(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        del self.groups[group.name]
        self.backend.release(group, *group.labels.values())
        return {}

    # Labels

    def create_label(self, params: Params) -> Result:
        tokens = self.backend.client_tokens
        label: Label | None = tokens.replay("CreateLabel", params)
        if label is None or not self._is_live(label):
            label = self._new_label(params)
            tokens.remember("CreateLabel", params, label)
        return {"LabelId": label.label_id}

    def _is_live(self, label: Label) -> bool:
        group = self.groups.get(label.group.name)
        return group is label.group and group.labels.get(label.label_id) is label

    def _new_label(self, params: Params) -> Label:
        group = self.require_group(params["LabelGroupName"])
        if params["StartTime"] >= params["EndTime"]:
            raise ValidationException(
                f"The label's StartTime ({params['StartTime'].isoformat()}) must be before its "
                f"EndTime ({params['EndTime'].isoformat()})."
            )
        fault_code = params.get("FaultCode")
        if fault_code is not None and fault_code not in group.fault_codes:
            known = ", ".join(group.fault_codes) or "none"
            raise ValidationException(
                f"Fault code '{fault_code}' is not one of the fault codes of label group "
                f"'{group.name}' ({known})."
            )
        label = Label(group, params)
        group.labels[label.label_id] = label
        return label

    def describe_label(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        return group.get_label(params["LabelId"]).describe()

    def list_labels(self, params: Params) -> Result:
        group = self.groups.get(params["LabelGroupName"])
        # Labels are kept in creation order, so a page is found without sorting the group.
        labels = [] if group is None else list(group.labels.values())
        page, token = paginate(
            labels,
            params,
            "ListLabels",
            creation_order,
            where=lambda label: label.matches(params),
            in_order=True,
        )
        return {"LabelSummaries": [label.summary() for label in page], "NextToken": token}

    def delete_label(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        label = group.get_label(params["LabelId"])
        del group.labels[label.label_id]
        self.backend.release(label)
        return {}

    # The reader training uses

    def label_ranges(
        self,
        labels_input_configuration: dict[str, Any],
        role_arn: str | None,
        account_id: str | None = None,
    ) -> list[TimeRange]:
        """The labelled anomalous time ranges, sorted by start: the ``ANOMALY`` labels of a label
        group, or every row of the label files under an S3 prefix.

        ``role_arn`` is the role the service would read S3 with; moto's S3 needs no role, so the
        objects are read in ``account_id`` (the caller's account when not given).
        """
        check_labels_source(labels_input_configuration, role_arn)
        group_name = labels_input_configuration.get("LabelGroupName")
        location = labels_input_configuration.get("S3InputConfiguration")
        if location is not None:
            ranges = self._s3_label_ranges(location, account_id or self.account_id)
        else:
            ranges = self.require_group(str(group_name)).anomaly_ranges()
        return sorted(ranges)

    def _s3_label_ranges(self, location: dict[str, Any], account_id: str) -> list[TimeRange]:
        bucket, prefix = location["Bucket"], location.get("Prefix") or ""
        where = s3_access.s3_url(bucket, prefix)
        if not s3_access.bucket_exists(account_id, self.region_name, bucket):
            raise ValidationException(
                f"The label location {where} is not readable: no such bucket."
            )
        files = [
            found
            for found in s3_access.list_objects(account_id, self.region_name, bucket, prefix)
            if found.key.lower().endswith(".csv")
        ]
        if not files:
            raise ValidationException(f"No label file (.csv) was found under {where}.")
        ranges: list[TimeRange] = []
        for found in files:
            content = s3_access.read_object(account_id, self.region_name, bucket, found.key)
            try:
                ranges.extend(parse_label_file(content))
            except LabelFileError as error:
                raise ValidationException(
                    f"The label file {found.url} cannot be read: {error}."
                ) from error
        return ranges

"""Label groups and labels: known faults and normal periods, and the reader training uses."""

from __future__ import annotations

from typing import Any

from ...data.label_files import LabelFileError, parse_label_file
from ...exceptions import ConflictException, ResourceNotFoundException, ValidationException
from ...operations import Created, operation
from .. import s3_access
from ..common import (
    Params,
    Result,
    begins_with,
    check_quota,
    creation_order,
    new_resource_id,
    paginate,
    resource_arn,
    tags_from_list,
    utcnow,
)
from ..family import Family
from ..mlmodels.model_config import check_labels_source
from .label import Label, LabelGroup, TimeRange


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

    def _group_again(self, group: LabelGroup) -> Result | None:
        return self._group_created(group) if self.groups.get(group.name) is group else None

    @operation("CreateLabelGroup", replay=_group_again)
    def create_label_group(self, params: Params) -> Created:
        group = self._new_group(params)
        return Created(group, self._group_created(group))

    @staticmethod
    def _group_created(group: LabelGroup) -> Result:
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

    @operation("DescribeLabelGroup")
    def describe_label_group(self, params: Params) -> Result:
        return self.require_group(params["LabelGroupName"]).describe()

    @operation("ListLabelGroups")
    def list_label_groups(self, params: Params) -> Result:
        prefix = params.get("LabelGroupNameBeginsWith")
        matching = [group for group in self.groups.values() if begins_with(group.name, prefix)]
        page, token = paginate(matching, params, "ListLabelGroups", creation_order)
        return {"LabelGroupSummaries": [group.summary() for group in page], "NextToken": token}

    @operation("UpdateLabelGroup")
    def update_label_group(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        # Labels keep a fault code the update removes: the service documents no rule against it.
        if "FaultCodes" in params:
            group.fault_codes = list(params["FaultCodes"])
        group.updated_at = utcnow()
        return {}

    @operation("DeleteLabelGroup")
    def delete_label_group(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        del self.groups[group.name]
        self.backend.release(group, *group.labels.values())
        return {}

    # Labels

    def _label_again(self, label: Label) -> Result | None:
        return {"LabelId": label.label_id} if self._is_live(label) else None

    @operation("CreateLabel", replay=_label_again)
    def create_label(self, params: Params) -> Created:
        label = self._new_label(params)
        return Created(label, {"LabelId": label.label_id})

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

    @operation("DescribeLabel")
    def describe_label(self, params: Params) -> Result:
        group = self.require_group(params["LabelGroupName"])
        return group.get_label(params["LabelId"]).describe()

    @operation("ListLabels")
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

    @operation("DeleteLabel")
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

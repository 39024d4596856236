"""Label groups and the labels they hold, and the label reader training uses."""

from .label_operations import Label, LabelGroup, Labels

__all__ = ["Label", "LabelGroup", "Labels"]

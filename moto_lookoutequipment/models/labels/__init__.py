"""Label groups and the labels they hold, and the label reader training uses."""

from .label import Label, LabelGroup
from .label_operations import Labels

__all__ = ["Label", "LabelGroup", "Labels"]

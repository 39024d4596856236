"""Who may do what with a resource: resource policies and tags."""

from .policy_operations import ResourcePolicies
from .tag_operations import Tags

__all__ = ["ResourcePolicies", "Tags"]

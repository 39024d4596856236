"""Who may do what with a resource: resource policies and tags."""

from .policies import ResourcePolicies
from .tags import Tags

__all__ = ["ResourcePolicies", "Tags"]

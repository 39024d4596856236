"""Labels: not served yet."""

from __future__ import annotations

from .family import Family


class Labels(Family):
    pass

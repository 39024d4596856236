"""MlModels: not served yet."""

from __future__ import annotations

from .family import Family


class MlModels(Family):
    pass

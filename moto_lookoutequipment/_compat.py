"""Reaches into moto where it offers no public way to do what the service needs.

Kept beside ``_registration`` (which plugs the service into moto) so that the rest of the package
uses only moto's public building blocks.
"""

from __future__ import annotations


def stop_tracking(instance: object) -> None:
    """Drop ``instance`` from the list in which moto keeps every ``BaseModel`` it ever made (for
    its dashboard) until a reset, so that a deleted resource and its data can be freed."""
    tracked = getattr(type(instance), "instances_tracked", None)
    if isinstance(tracked, list):
        try:
            tracked.remove(instance)
        except ValueError:  # a reset cleared the list already
            pass

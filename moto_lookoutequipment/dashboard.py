"""How the service's resources show on moto's dashboard (``/moto-api/data.json``).

The dashboard lists every instance of a model class with each name ``dir()`` gives it whose
value reads as JSON. A resource's properties may catch up on work when read (a job that has
ended hands its results over, a scheduler runs its due windows), which a request does under the
backend's lock and the dashboard would do without it. So a resource names only its stored
fields to ``dir()``: the dashboard reads them and nothing else.
"""

from __future__ import annotations


class StoredFieldsOnly:
    def __dir__(self) -> list[str]:
        return sorted(name for name in vars(self) if not name.startswith("_"))

"""Dataset schemas: the components, their one DATETIME column and their DOUBLE sensors."""

from __future__ import annotations

import json
from typing import Any

from ... import spec
from ...exceptions import ValidationException
from ...validation import matches

# Documented limits of a dataset schema (a malformed request, not a quota to raise).
MAX_COMPONENTS = 3000
MAX_SENSORS = 3000


def parse_schema(text: str, path: str = "datasetSchema.inlineDataSchema") -> dict[str, Any]:
    """Parse and check a dataset schema document; ``ValidationException`` names every problem."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationException(f"The value at '{path}' is not valid JSON: {error}.") from error
    problems = schema_problems(document)
    if problems:
        raise ValidationException(f"The schema at '{path}' is not valid: " + "; ".join(problems))
    return document  # type: ignore[no-any-return]


def schema_problems(document: Any) -> list[str]:
    component_pattern = spec.shape("ComponentName").metadata["pattern"]
    sensor_pattern = spec.shape("SensorName").metadata["pattern"]
    if not isinstance(document, dict) or not isinstance(document.get("Components"), list):
        return ["it must be an object with a list of Components"]
    components = document["Components"]
    if not components:
        return ["it must name at least one component"]
    if len(components) > MAX_COMPONENTS:
        return [f"it names {len(components)} components; at most {MAX_COMPONENTS} are allowed"]
    problems: list[str] = []
    seen_components: set[str] = set()
    for index, component in enumerate(components, start=1):
        if not isinstance(component, dict):
            problems.append(f"component {index} must be an object")
            continue
        name = component.get("ComponentName")
        if not isinstance(name, str) or not matches(component_pattern, name):
            problems.append(f"component {index} needs a ComponentName matching {component_pattern}")
            name = f"#{index}"
        elif name in seen_components:
            problems.append(f"component '{name}' appears more than once")
        seen_components.add(name)
        columns = component.get("Columns")
        if not isinstance(columns, list) or not columns:
            problems.append(f"component '{name}' needs a non-empty list of Columns")
            continue
        problems.extend(_column_problems(name, columns, sensor_pattern))
    sensors = sum(
        1
        for component in components
        if isinstance(component, dict) and isinstance(component.get("Columns"), list)
        for column in component["Columns"]
        if isinstance(column, dict) and column.get("Type") == "DOUBLE"
    )
    if sensors > MAX_SENSORS:
        problems.append(f"it has {sensors} sensor columns; at most {MAX_SENSORS} are allowed")
    return problems


def _column_problems(component: str, columns: list[Any], sensor_pattern: str) -> list[str]:
    problems: list[str] = []
    names: set[str] = set()
    datetime_columns = 0
    sensors = 0
    for column in columns:
        if not isinstance(column, dict):
            problems.append(f"component '{component}' has a column that is not an object")
            continue
        name, kind = column.get("Name"), column.get("Type")
        if not isinstance(name, str) or not matches(sensor_pattern, name):
            problems.append(
                f"component '{component}' has a column name {json.dumps(name)} "
                f"that does not match {sensor_pattern}"
            )
        elif name in names:
            problems.append(f"component '{component}' has the column '{name}' more than once")
        else:
            names.add(name)
        if kind == "DATETIME":
            datetime_columns += 1
        elif kind == "DOUBLE":
            sensors += 1
        else:
            problems.append(
                f"column {json.dumps(name)} of component '{component}' has type "
                f"{json.dumps(kind)}; the types are DATETIME and DOUBLE"
            )
    if datetime_columns != 1:
        problems.append(
            f"component '{component}' must have exactly one DATETIME column, not {datetime_columns}"
        )
    if sensors == 0:
        problems.append(f"component '{component}' must have at least one DOUBLE column")
    return problems

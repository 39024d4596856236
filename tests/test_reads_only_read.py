"""Reading a resource never changes it: what has ended is finished at the start of a request."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from model_helpers import MODEL, dataset_with_data, train_model

import moto_lookoutequipment

PACKAGE = Path(moto_lookoutequipment.__file__).parent
# What finishes ended work or moves a status: never called from a property.
ROLE = "arn:aws:iam::123456789012:role/lookout"
CATCH_UP = {"settle", "observe", "advance", "catch_up", "apply_to", "put_object", "move"}


def test_no_property_of_the_package_changes_state() -> None:
    writes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or not _is_property(node):
                continue
            for inner in ast.walk(node):
                targets = inner.targets if isinstance(inner, ast.Assign) else []
                if isinstance(inner, ast.AugAssign | ast.AnnAssign):
                    targets = [inner.target]
                if any(isinstance(target, ast.Attribute) for target in targets):
                    writes.append(f"{path.name}:{inner.lineno} {node.name} assigns")
                if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") in CATCH_UP:
                    writes.append(f"{path.name}:{inner.lineno} {node.name} calls {inner.func.attr}")
    assert writes == []


def _is_property(function: ast.FunctionDef) -> bool:
    return any(getattr(d, "id", None) == "property" for d in function.decorator_list)


def test_reading_a_trained_version_writes_its_diagnostics_only_once_a_request_comes(
    client: Any, s3: Any, backend: Any
) -> None:
    s3.create_bucket(Bucket="diagnostics")
    dataset_with_data(client)
    output = {"S3OutputConfiguration": {"Bucket": "diagnostics", "Prefix": "out/"}}
    train_model(client, ModelDiagnosticsOutputConfiguration=output, RoleArn=ROLE)
    version = backend.ml_models.items[MODEL].versions[1]

    assert (version.status, version.status) == ("SUCCESS", "SUCCESS")
    assert (version.ended_at, version.diagnostics_object) == (None, None)
    assert s3.list_objects_v2(Bucket="diagnostics")["KeyCount"] == 0

    client.list_datasets()

    key = f"out/{MODEL}/1/model_diagnostics_results.json.gz"
    assert version.diagnostics_object == {"Bucket": "diagnostics", "Key": key}
    assert version.ended_at is not None
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="diagnostics")["Contents"]] == [key]

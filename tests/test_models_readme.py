"""The README's example of a cross-account import runs as written."""

from __future__ import annotations

from typing import Any

from readme_examples import readme_example

SECTION = "Models, versions and import"


def test_the_cross_account_import_example_passes() -> None:
    example = readme_example(SECTION)
    namespace: dict[str, Any] = {"__name__": "readme_example"}

    exec(compile(example, "README.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]

    assert len(tests) == 1
    assert "assume_role" in example and "import_model_version" in example
    tests[0]()

"""The README's example of a cross-account import runs as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SECTION = "Models, versions and import"


def readme_example(section: str) -> str:
    """The first Python example under a heading of README.md."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    text = readme.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return text.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_cross_account_import_example_passes() -> None:
    example = readme_example(SECTION)
    namespace: dict[str, Any] = {"__name__": "readme_example"}

    exec(compile(example, "README.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]

    assert len(tests) == 1
    assert "assume_role" in example and "import_model_version" in example
    tests[0]()

"""The examples of README.md, so that tests can prove they work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

README = Path(__file__).parent.parent / "README.md"


def readme_example(section: str, language: str = "python", level: int = 2, index: int = 0) -> str:
    """The example in ``language`` number ``index`` (0 for the first) under the heading
    ``<level #s> <section>``."""
    marks = "#" * level
    text = README.read_text(encoding="utf-8").split(f"\n{marks} {section}\n", 1)[1]
    blocks = text.split(f"\n{marks} ", 1)[0].split(f"```{language}\n")
    return blocks[index + 1].split("```", 1)[0]


def run_readme_example(
    section: str, test: str | None = None, level: int = 2, **names: Any
) -> dict[str, Any]:
    """Run the section's Python example with ``names`` defined, then call the test function
    ``test`` it defines (a missing one fails); returns the names the example left."""
    namespace: dict[str, Any] = {"__name__": "readme_example", **names}
    exec(compile(readme_example(section, level=level), "README.md", "exec"), namespace)
    if test is not None:
        namespace[test]()
    return namespace

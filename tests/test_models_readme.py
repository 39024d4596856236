"""The README's example of a cross-account import runs as written."""

from __future__ import annotations

from readme_examples import readme_example, run_readme_example

SECTION = "Models, versions and import"


def test_the_cross_account_import_example_passes() -> None:
    example = readme_example(SECTION)
    assert "assume_role" in example and "import_model_version" in example

    run_readme_example(SECTION, "test_import_a_model_into_another_account")

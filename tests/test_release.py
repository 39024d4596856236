"""The CHANGELOG is in Keep a Changelog form and its newest release is the package's version."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import moto_lookoutequipment

CHANGELOG = Path(__file__).parent.parent / "CHANGELOG.md"
RELEASE = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})$")
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def headings(level: int) -> list[str]:
    marks = "#" * level + " "
    return [
        line
        for line in CHANGELOG.read_text(encoding="utf-8").splitlines()
        if line.startswith(marks)
    ]


def test_unreleased_comes_first_then_dated_releases_newest_first() -> None:
    sections = headings(2)
    assert sections[0] == "## [Unreleased]"
    releases = [RELEASE.match(line) for line in sections[1:]]
    assert all(releases), sections
    versions = [tuple(int(n) for n in m["version"].split(".")) for m in releases if m]
    dates = [date.fromisoformat(m["date"]) for m in releases if m]
    assert versions == sorted(versions, reverse=True)
    assert dates == sorted(dates, reverse=True)


def test_the_newest_release_is_the_packages_version() -> None:
    newest = RELEASE.match(headings(2)[1])
    assert newest is not None
    assert newest["version"] == moto_lookoutequipment.__version__


def test_changes_are_grouped_by_the_usual_kinds() -> None:
    kinds = {line[4:] for line in headings(3)}
    assert kinds <= KINDS, kinds - KINDS

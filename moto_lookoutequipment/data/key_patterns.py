"""Which S3 objects belong to which component, and the schema derived from them.

An ingestion reads the objects under ``Prefix``; ``KeyPattern`` says how the rest of each key
names its component:

* ``{prefix}/{component_name}/*`` (the default): one folder per component;
* ``{prefix}/{component_name}_*``, ``{prefix}/{component_name}-*``, ``{prefix}/{component_name}.*``
  and ``{prefix}/{component_name} *``: the file name starts with the component name and that
  delimiter;
* ``{prefix}/{component_name}[DELIMITER]*``: any one of those four delimiters.

Without a schema, the component of a file is its key's text (after the prefix) up to the first
delimiter, and its columns are the file's header: the first one ``DATETIME``, the others
``DOUBLE``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_KEY_PATTERN = "{prefix}/{component_name}/*"
_FILE_DELIMITERS = (" ", ".", "_", "-")
_HEAD = "{prefix}/{component_name}"
_TAILS = {
    "/*": ("/",),
    "_*": ("_",),
    "-*": ("-",),
    ".*": (".",),
    " *": (" ",),
    "[DELIMITER]*": _FILE_DELIMITERS,
}
SUPPORTED = tuple(_HEAD + tail for tail in _TAILS)


@dataclass(frozen=True)
class KeyPattern:
    text: str
    delimiters: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | None) -> KeyPattern:
        """The pattern ``text`` names (the default when ``None``); ``ValueError`` if unsupported."""
        text = DEFAULT_KEY_PATTERN if text is None else text
        if text.startswith(_HEAD) and text[len(_HEAD) :] in _TAILS:
            return cls(text, _TAILS[text[len(_HEAD) :]])
        raise ValueError(
            f"The KeyPattern '{text}' is not supported; use one of " + ", ".join(SUPPORTED) + "."
        )

    def component_of(self, relative_key: str) -> str | None:
        """The component a key (without the prefix) names, or ``None`` if it names none."""
        cut = min((relative_key.find(d) for d in self.delimiters if d in relative_key), default=-1)
        if cut <= 0 or cut == len(relative_key) - 1:
            return None
        name = relative_key[:cut]
        return None if "/" in name else name

    def owner(self, relative_key: str, components: Collection[str]) -> str | None:
        """The component (of a schema) a key belongs to: the longest name that matches.

        Each delimiter of the key (with something after it) ends a possible name, so the cost
        follows the key's length, not the number of components (pass a set for that).
        """
        found = None
        for end, character in enumerate(relative_key[:-1]):
            if character in self.delimiters and relative_key[:end] in components:
                found = relative_key[:end]
        return found


def derived_schema(headers: Sequence[tuple[str, Sequence[str]]]) -> dict[str, Any]:
    """The schema of components given by name and CSV header, in that order."""
    return {
        "Components": [
            {
                "ComponentName": name,
                "Columns": [{"Name": header[0], "Type": "DATETIME"}]
                + [{"Name": column, "Type": "DOUBLE"} for column in header[1:]],
            }
            for name, header in headers
        ]
    }


def schema_columns(component: dict[str, Any]) -> tuple[str, list[str]]:
    """A schema component's timestamp column and sensor columns."""
    timestamp = next(c["Name"] for c in component["Columns"] if c["Type"] == "DATETIME")
    sensors = [c["Name"] for c in component["Columns"] if c["Type"] != "DATETIME"]
    return timestamp, sensors

"""Extension point: apps add their own top-level sections to the unit dataset.

The core file format (units, plans, agreements, action plans, realizations) lives in this
app. Other apps — budget, operational sources, surveys — own their part of the file: its
JSON Schema, the checks a schema cannot express, how it is written to the database and
how it is dumped back. They register a ``Section`` in their ``AppConfig.ready()``, so a
new feature adds a file section without touching the loader.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem


@dataclass(frozen=True)
class Section:
    key: str  # the top-level key in the dataset file
    schema: dict  # JSON Schema of the section's value; may "$ref" to "#/$defs/<name>"
    defs: dict = field(default_factory=dict)  # added to the root "$defs"; prefix names with key
    # (value, context) -> problems; context answers questions about the rest of the file
    check: Callable[[Any, "CheckContext"], list[Problem]] | None = None
    # (value, writer) -> None; runs inside the load transaction after the core sections
    write: Callable[[Any, Any], None] | None = None
    # (unit, plan) -> value or None (None or empty: the section is left out of the dump)
    dump: Callable[[Any, Any], Any] | None = None
    order: int = 100  # sections are written, checked and dumped in this order
    # Run ``check`` (with value None) even when the file has no such key: for sections
    # whose checks also cover the core of the file (formulas of indicators).
    check_always: bool = False


@dataclass(frozen=True)
class CheckContext:
    """What a section's checks may ask about the core of the file."""

    data: dict
    unit_codes: frozenset[str]  # in the file or already in the database
    indicator_codes: Callable[[int], frozenset[str]]  # codes that resolve for a year


_registry: dict[str, Section] = {}


def register(section: Section) -> None:
    if section.key in _registry and _registry[section.key] != section:
        raise ValueError(f"dataset section {section.key!r} is registered twice")
    _registry[section.key] = section


def sections() -> list[Section]:
    return sorted(_registry.values(), key=lambda s: (s.order, s.key))


def object_schema(properties: dict, required: list[str]) -> dict:
    """A closed JSON Schema object: unknown keys are errors (a typo must not be ignored)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


def duplicates(values) -> set:
    """The values that occur more than once."""
    seen, twice = set(), set()
    for value in values:
        (twice if value in seen else seen).add(value)
    return twice

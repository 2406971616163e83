"""Checking a parsed dataset against its JSON Schema, with messages a planner can act on."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .errors import Problem, path_str
from .sections import sections
from .values import shown, text_hint

FORMAT_VERSION = 2  # what ``kinerja dump`` writes
SCHEMA_PATH = Path(__file__).with_name("schema.json")  # the core of format version 2
# Format version 1, frozen: its files still load as they are (``kinerja upgrade`` rewrites
# one as version 2, which is a superset: every version 1 file is a valid version 2 file).
SCHEMA_PATHS = {1: Path(__file__).with_name("schema-1.json"), 2: SCHEMA_PATH}

_TYPE_NAMES = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "null": "null",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
}


def schema(version: int = FORMAT_VERSION) -> dict:
    """The full dataset schema of a format version: the core file plus every registered
    section (``kinerja schema`` prints it; docs/dataset-format.md describes it)."""
    full = json.loads(SCHEMA_PATHS[version].read_text())
    for section in sections():
        clash = set(section.defs) & set(full["$defs"])
        if clash:
            raise ValueError(f"section {section.key!r} redefines {sorted(clash)}")
        full["properties"][section.key] = section.schema
        full["$defs"].update(section.defs)
    return full


@cache
def _validator(version: int = FORMAT_VERSION) -> Draft202012Validator:
    return Draft202012Validator(schema(version), format_checker=Draft202012Validator.FORMAT_CHECKER)


def stringify_keys(value):
    """YAML reads ``2023:`` as an int key; JSON Schema speaks only of string keys."""
    if isinstance(value, dict):
        return {str(k): stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stringify_keys(v) for v in value]
    return value


def schema_problems(data, version: int | None = None) -> list[Problem]:
    """Problems against the schema of the file's own format version (or ``version``)."""
    data = stringify_keys(data)
    if version is None:
        version = 1 if data.get("kinerja_dataset") == 1 else FORMAT_VERSION
    return sorted(
        Problem(path_str(error.absolute_path), _message(error))
        for error in _validator(version).iter_errors(data)
    )


_shown = shown


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _message(error: ValidationError) -> str:
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        names = [_TYPE_NAMES[t] for t in types]
        if "object" in types and {"min", "max"} <= set(error.schema.get("properties", {})):
            names[types.index("object")] = "{min: …, max: …}"
        text = f"expected {_either(names)}, got {_shown(value)}"
        if isinstance(value, str) and ("number" in types or "integer" in types):
            text += text_hint(value)
        return text
    if kind == "required":
        missing = [name for name in expected if name not in value]
        return f"missing required field {_either([repr(m) for m in missing])}"
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(str(k) for k in value if k not in allowed)
        return f"unknown field {_either([repr(u) for u in unknown])}"
    if kind == "enum":
        names = ", ".join("null" if e is None else str(e) for e in expected)
        return f"expected one of {names}; got {_shown(value)}"
    if kind == "const":
        return f"expected {_shown(expected)}, got {_shown(value)}"
    if kind in {"minimum", "exclusiveMinimum"}:
        word = "at least" if kind == "minimum" else "more than"
        return f"must be {word} {expected}, got {_shown(value)}"
    if kind == "maximum":
        return f"must be at most {expected}, got {_shown(value)}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"is longer than {expected} characters"
    if kind == "minItems":
        return f"needs at least {expected} item(s)"
    if kind == "pattern" and isinstance(value, str):
        return f"{_shown(value)} does not have the expected form ({expected})"
    if kind == "propertyNames":
        return f"key {_shown(value)} is not a year (four digits)"
    if kind == "anyOf" and "description" in error.schema:
        return f"expected {error.schema['description']}, got {_shown(value)}"
    if kind == "format":
        return f"{_shown(value)} is not a valid {expected} (YYYY-MM-DD)"
    return error.message

"""Checking a parsed dataset against its JSON Schema, with messages a planner can act on."""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .errors import Problem, path_str
from .sections import sections
from .values import either, shown, text_hint

FORMAT_VERSION = 2  # what ``kinerja dump`` writes
SCHEMA_PATH = Path(__file__).with_name("schema.json")  # the core of format version 2
# Format version 1, frozen: its files still load as they are (``kinerja upgrade`` rewrites
# one as version 2, which is a superset: every version 1 file is a valid version 2 file).
SCHEMA_PATHS = {1: Path(__file__).with_name("schema-1.json"), 2: SCHEMA_PATH}

_TYPE_NAMES = {
    "number": pgettext_lazy("dataset type", "angka"),
    "integer": pgettext_lazy("dataset type", "bilangan bulat"),
    "string": pgettext_lazy("dataset type", "teks"),
    "null": "null",
    "object": pgettext_lazy("dataset type", "pemetaan (mapping)"),
    "array": pgettext_lazy("dataset type", "daftar"),
    "boolean": pgettext_lazy("dataset type", "true atau false"),
}
# The ``description`` of an ``anyOf`` in the schema, as a message says it.
_DESCRIPTIONS = {
    "a level: its code, or {code, label, score}": gettext_lazy(
        "sebuah tingkat: kodenya, atau {code, label, score}"
    ),
}
_FORMATS = {"date": gettext_lazy("tanggal")}


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


def _message(error: ValidationError) -> str:
    """The message of one schema error, in the active language (Indonesian unless the
    user chose English)."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        names = [str(_TYPE_NAMES[t]) for t in types]
        if "object" in types and {"min", "max"} <= set(error.schema.get("properties", {})):
            names[types.index("object")] = "{min: …, max: …}"
        text = _("seharusnya %(expected)s, bukan %(value)s") % {
            "expected": either(names),
            "value": shown(value),
        }
        if isinstance(value, str) and ("number" in types or "integer" in types):
            text += text_hint(value)
        return text
    if kind == "required":
        missing = [name for name in expected if name not in value]
        return _("isian wajib %(fields)s belum ada") % {
            "fields": either([repr(m) for m in missing])
        }
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(str(k) for k in value if k not in allowed)
        return _("isian %(fields)s tidak dikenal") % {"fields": either([repr(u) for u in unknown])}
    if kind == "enum":
        names = ", ".join("null" if e is None else str(e) for e in expected)
        return _("seharusnya salah satu dari %(choices)s, bukan %(value)s") % {
            "choices": names,
            "value": shown(value),
        }
    if kind == "const":
        return _("seharusnya %(expected)s, bukan %(value)s") % {
            "expected": shown(expected),
            "value": shown(value),
        }
    if kind == "minimum":
        return _("paling kecil %(limit)s, bukan %(value)s") % {
            "limit": expected,
            "value": shown(value),
        }
    if kind == "exclusiveMinimum":
        return _("harus lebih dari %(limit)s, bukan %(value)s") % {
            "limit": expected,
            "value": shown(value),
        }
    if kind == "maximum":
        return _("paling besar %(limit)s, bukan %(value)s") % {
            "limit": expected,
            "value": shown(value),
        }
    if kind == "minLength":
        return _("tidak boleh kosong")
    if kind == "maxLength":
        return _("lebih panjang dari %(limit)s karakter") % {"limit": expected}
    if kind == "minItems":
        return _("perlu paling sedikit %(count)s butir") % {"count": expected}
    if kind == "pattern" and isinstance(value, str):
        return _("%(value)s tidak berbentuk seperti yang diharapkan (%(pattern)s)") % {
            "value": shown(value),
            "pattern": expected,
        }
    if kind == "propertyNames":
        return _("kunci %(value)s bukan tahun (empat angka)") % {"value": shown(value)}
    if kind == "anyOf" and "description" in error.schema:
        description = error.schema["description"]
        return _("seharusnya %(expected)s, bukan %(value)s") % {
            "expected": _DESCRIPTIONS.get(description, description),
            "value": shown(value),
        }
    if kind == "format":
        return _("%(value)s bukan %(format)s yang sah (YYYY-MM-DD)") % {
            "value": shown(value),
            "format": _FORMATS.get(expected, expected),
        }
    return error.message

"""The `data_elements` section of the unit dataset (docs/dataset-format.md, "Data
elements"), and the check of every formula indicator in the file (docs/formulas.md).

An element is upserted by (unit, code); its `values` are upserted by (year, period) and
never deleted (loading an older file cannot remove newer figures). A formula that does
not parse, names an unknown element or indicator, or refers to itself through other
indicators is refused with its place, and nothing is written.
"""

from django.utils.translation import gettext as _

from kinerja.core.numbers import decimal_str, to_decimal
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, duplicates, object_schema
from kinerja.planning.choices import Aggregation, Method

from .choices import Period
from .elements import formula_problems
from .models import DataElement, ElementValue

_NUMBER = {"type": "number"}
CODE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

DEFS = {
    "data_elements_element": object_schema(
        {
            "code": {"type": "string", "pattern": CODE_PATTERN, "maxLength": 64},
            "name": {"type": "string", "minLength": 1, "maxLength": 255},
            "unit": {"type": "string", "minLength": 1, "maxLength": 64},
            "aggregation": {"enum": Aggregation.values},
            "description": {"type": ["string", "null"]},
            "values": {
                "type": "object",
                "propertyNames": {"pattern": r"^\d{4}$"},
                "additionalProperties": {"$ref": "#/$defs/data_elements_year"},
            },
        },
        ["code", "name", "unit"],
    ),
    "data_elements_year": object_schema({p: _NUMBER for p in Period.values}, []),
}


def _element_codes_in_db(unit_code: str) -> set[str]:
    return set(DataElement.objects.filter(unit__code=unit_code).values_list("code", flat=True))


def check_elements(value: list | None, context) -> list[Problem]:
    value = value or []
    problems = [
        Problem("data_elements", _('elemen data "%(code)s" tercantum dua kali') % {"code": code})
        for code in sorted(duplicates(e["code"] for e in value))
    ]
    for e, element in enumerate(value):
        for year in element.get("values", {}):
            if not 1990 <= int(year) <= 2100:
                problems.append(
                    Problem(f"data_elements[{e}].values.{year}", _("tahun di luar 1990-2100"))
                )
    return problems + check_formulas(context.data, {e["code"] for e in value})


def check_formulas(data: dict, file_elements: set[str] | None = None) -> list[Problem]:
    """Every formula indicator of every plan version in the file, against the elements
    in the file and those already stored for the unit."""
    versions = []
    for p, plan in enumerate(data.get("plans", [])):
        for v, version in enumerate(plan.get("versions", [])):
            places, codes = {}, set()
            owners = [("goals", g) for g in version.get("goals", [])]
            owners += [("objectives", o) for o in version.get("objectives", [])]
            counters = {"goals": 0, "objectives": 0}
            for kind, owner in owners:
                n = counters[kind]
                counters[kind] += 1
                for i, ind in enumerate(owner.get("indicators", [])):
                    codes.add(ind["code"])
                    source = ind.get("source") or {}
                    if ind.get("method") == Method.FORMULA and isinstance(
                        source.get("formula"), str
                    ):
                        where = f"plans[{p}].versions[{v}].{kind}[{n}].indicators[{i}]"
                        places[ind["code"]] = (f"{where}.source.formula", source["formula"])
            if places:
                versions.append((places, codes))
    if not versions:
        return []
    elements = (file_elements or set()) | _element_codes_in_db(data["unit"]["code"])
    problems = []
    for places, codes in versions:
        found = formula_problems({c: text for c, (_, text) in places.items()}, elements, codes)
        for code, messages in found.items():
            problems += [Problem(places[code][0], message) for message in messages]
    return problems


def write_elements(value: list, writer) -> None:
    for position, row in enumerate(value):
        element = writer.upsert(
            DataElement,
            {"unit": writer.unit, "code": row["code"]},
            {
                "name": row["name"],
                "unit_label": row["unit"],
                "aggregation": row.get("aggregation") or Aggregation.SUM,
                "description": row.get("description") or "",
                "position": position,
            },
        )
        for year, periods in sorted(row.get("values", {}).items()):
            for period, number in periods.items():
                writer.upsert(
                    ElementValue,
                    {"element": element, "year": int(year), "period": period},
                    {"value": to_decimal(number)},
                )


def dump_elements(unit, plan) -> list[dict]:
    out = []
    stored = {}
    for v in ElementValue.objects.filter(element__unit=unit).order_by("year", "period"):
        stored.setdefault(v.element_id, {}).setdefault(v.year, {})[v.period] = v.value
    order = {p: i for i, p in enumerate(Period.values)}
    for element in DataElement.objects.filter(unit=unit):
        entry = {
            "code": element.code,
            "name": element.name,
            "unit": element.unit_label,
            "aggregation": element.aggregation,
        }
        if element.description:
            entry["description"] = element.description
        years = stored.get(element.pk, {})
        if years:
            entry["values"] = {
                year: {
                    p: to_decimal(decimal_str(v))
                    for p, v in sorted(periods.items(), key=lambda kv: order[kv[0]])
                }
                for year, periods in sorted(years.items())
            }
        out.append(entry)
    return out


DATA_ELEMENTS_SECTION = Section(
    key="data_elements",
    schema={"type": "array", "items": {"$ref": "#/$defs/data_elements_element"}},
    defs=DEFS,
    check=check_elements,
    write=write_elements,
    dump=dump_elements,
    order=5,  # before the records sections; formulas read only elements
    check_always=True,  # formula indicators are checked even in a file without elements
)

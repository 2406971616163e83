"""The `surveys` section of the unit dataset (docs/dataset-format.md, "Survey responses").

A survey is upserted by (year, service type). Its `responses`, when given, are the
survey's responses in full: imported (or, for a `synthetic` survey, generated) responses
are replaced when they differ and left alone when they are the same; web responses are
never touched, and rows equal to them are taken to be them (a dump lists every response).
A survey without `responses` keeps what is stored.
"""

from collections import Counter

import yaml
from django.utils.translation import gettext as _

from kinerja.datasets import yamlio
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section
from kinerja.sources.choices import ServiceType

from . import selectors, services
from .choices import DEFAULT_ELEMENTS, Channel, Element
from .models import Survey

_YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}

DEFS = {
    "surveys_survey": {
        "type": "object",
        "additionalProperties": False,
        "required": ["year", "elements"],
        "properties": {
            "year": _YEAR,
            "service_type": {"enum": [*ServiceType.values, None]},
            "population": {"type": ["integer", "null"], "minimum": 1},
            "elements": {"type": "array", "items": {"enum": Element.values}},
            "synthetic": {"type": "boolean"},
            "responses": {"type": "array", "items": {"$ref": "#/$defs/surveys_response"}},
        },
    },
    "surveys_response": {
        "type": "array",
        "items": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
    },
}


def check_surveys(value: list, context) -> list[Problem]:
    problems = []
    keys = Counter((s["year"], s.get("service_type")) for s in value)
    for (year, service_type), n in keys.items():
        if n > 1:
            scope = service_type or _("semua layanan")
            problems.append(
                Problem(
                    "surveys",
                    _("survei %(year)s untuk %(scope)s tercantum dua kali")
                    % {"year": year, "scope": scope},
                )
            )
    for s, survey in enumerate(value):
        where = f"surveys[{s}]"
        element_errors = element_problems(survey["elements"], f"{where}.elements")
        if element_errors:  # rows cannot be measured against a wrong list
            problems += element_errors
            continue
        size = len(survey["elements"])
        for r, row in enumerate(survey.get("responses", [])):
            if len(row) != size:
                problems.append(
                    Problem(
                        f"{where}.responses[{r}]",
                        _("seharusnya %(size)s skor (satu per unsur), bukan %(count)s")
                        % {"size": size, "count": len(row)},
                    )
                )
            elif all(score is None for score in row):
                problems.append(
                    Problem(
                        f"{where}.responses[{r}]",
                        _("tidak menjawab unsur apa pun; hapus baris ini"),
                    )
                )
    return problems


def element_problems(codes: list[str], where: str) -> list[Problem]:
    """Every one of the nine elements, once (shared with the CSV import's header)."""
    problems = [
        Problem(where, _('"%(code)s" tercantum dua kali') % {"code": code})
        for code, n in Counter(codes).items()
        if n > 1
    ]
    missing = [code for code in DEFAULT_ELEMENTS if code not in codes]
    if missing:
        problems.append(
            Problem(
                where,
                _("%(codes)s belum ada (SKM menanyakan kesembilan unsur PermenPANRB 14/2017)")
                % {"codes": ", ".join(missing)},
            )
        )
    return problems


def write_surveys(value: list, writer) -> None:
    for row in value:
        synthetic = bool(row.get("synthetic", False))
        surveys_created = writer.report.created["survey"]
        survey = writer.upsert(
            Survey,
            {"unit": writer.unit, "year": row["year"], "service_type": row.get("service_type")},
            {"population": row.get("population"), "synthetic": synthetic},
        )
        new = writer.report.created["survey"] > surveys_created
        if not services.set_elements(survey, row["elements"]):
            outcome = writer.report.unchanged
        else:
            outcome = writer.report.created if new else writer.report.updated
        outcome["surveyelement"] += len(row["elements"])
        if "responses" not in row:
            continue
        change = services.replace_offline_responses(
            survey,
            row["responses"],
            channel=Channel.GENERATED if synthetic else Channel.IMPORT,
            rows_include_web=True,
        )
        # The report has no "deleted": replaced rows count as updated.
        writer.report.created["response"] += change.created
        writer.report.updated["response"] += change.deleted
        writer.report.unchanged["response"] += change.unchanged + change.web


class FlowRow(list):
    """A response row, written on one line like ``[4, 3, 4, 4, 3, 4, 4, 3, 4]``."""


def _represent_flow_row(dumper, row):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", row, flow_style=True)


# 1,000 respondents are 1,000 lines, not 9,000 (datasets.yamlio renders the dump).
yaml.add_representer(FlowRow, _represent_flow_row, Dumper=yamlio._Dumper)


def dump_surveys(unit, plan) -> list[dict]:
    """Every survey of the unit, responses in a canonical order (sorted, unanswered first)
    so that the same responses always give the same text."""
    out = []
    surveys = Survey.objects.filter(unit=unit).prefetch_related("elements")
    for survey in sorted(surveys, key=lambda s: (s.year, s.service_type or "")):
        codes = survey.element_codes()
        rows = sorted(
            (row for _, row in selectors.stored_rows(survey, codes)),
            key=lambda row: tuple(0 if score is None else score for score in row),
        )
        entry = {"year": survey.year, "service_type": survey.service_type}
        if survey.population is not None:
            entry["population"] = survey.population
        entry["elements"] = codes
        entry["synthetic"] = survey.synthetic
        if rows:
            entry["responses"] = [FlowRow(row) for row in rows]
        out.append(entry)
    return out


SURVEYS_SECTION = Section(
    key="surveys",
    schema={"type": "array", "items": {"$ref": "#/$defs/surveys_survey"}},
    defs=DEFS,
    check=check_surveys,
    write=write_surveys,
    dump=dump_surveys,
    order=40,
)

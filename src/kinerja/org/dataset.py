"""The `profile` section of the unit dataset (docs/dataset-format.md): what BAB I of the
LAKIN says about the unit — legal basis, tasks and functions, services, information
systems, organisation, SOP groups and staff — one entry per year.

A year's profile is stated in full by the file: each of its lists is one value and
replaces what is stored for that year when it differs (profiles of other years are left
alone). Positions follow the order of the lists, so a dump gives back the same file.
"""

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.audit.tracking import record_created
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, duplicates, object_schema

from .choices import ServiceCategory, StatementKind
from .models import (
    StaffBreakdown,
    StaffCount,
    StructureUnit,
    UnitProfile,
)

_YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
_NAME = {"type": "string", "minLength": 1, "maxLength": 255}
_TEXT = {"type": ["string", "null"]}
_LINE = {"type": ["string", "null"], "maxLength": 255}
_DATE = {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_TEXTS = {"type": "array", "items": {"type": "string", "minLength": 1}}

# Plain text lists of a profile: dataset key → statement kind, in the order of the file.
TEXT_LISTS = {
    "legal_basis": StatementKind.LEGAL_BASIS,
    "functions": StatementKind.FUNCTION,
    "mission": StatementKind.MISSION,
    "strategic_roles": StatementKind.STRATEGIC_ROLE,
}


def _list_of(definition: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{definition}"}}


DEFS = {
    "profile_year": object_schema(
        {
            "year": _YEAR,
            "legal_basis": _TEXTS,
            "tasks": _TEXT,
            "functions": _TEXTS,
            "vision": _TEXT,
            "mission": _TEXTS,
            "strategic_roles": _TEXTS,
            "services": _list_of("profile_service"),
            "information_systems": _list_of("profile_information_system"),
            "organisation": _list_of("profile_structure_unit"),
            "sop_groups": _list_of("profile_sop_group"),
            "staff": _list_of("profile_staff_breakdown"),
            "signing": {"$ref": "#/$defs/profile_signing"},
        },
        ["year"],
    ),
    "profile_signing": object_schema(
        {
            "place": _LINE,
            "date": {
                "type": ["string", "null"],
                "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
            },
            "head_name": _LINE,
            "head_nip": {"type": ["string", "null"], "pattern": r"^\d{18}$"},
        },
        [],
    ),
    "profile_service": object_schema(
        {
            "name": _NAME,
            "category": {"enum": ServiceCategory.values},
            "description": _TEXT,
            "accreditation": _LINE,
            "accreditation_body": _LINE,
            "valid_from": _DATE,
            "valid_until": _DATE,
        },
        ["name", "category"],
    ),
    "profile_information_system": object_schema(
        {
            "name": _NAME,
            "url": {"type": ["string", "null"], "maxLength": 500, "pattern": r"^https?://\S+$"},
            "description": _TEXT,
        },
        ["name"],
    ),
    "profile_structure_unit": object_schema(
        {
            "code": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
            },
            "name": _NAME,
            "head_title": _LINE,
            "parent": {"type": ["string", "null"]},
            "duties": _TEXT,
        },
        ["code", "name"],
    ),
    "profile_sop_group": object_schema({"name": _NAME, "description": _TEXT}, ["name"]),
    "profile_staff_breakdown": object_schema(
        {
            "name": _NAME,
            "note": _TEXT,
            "rows": {
                "type": "array",
                "minItems": 1,
                "items": object_schema(
                    {"label": _NAME, "count": {"type": "integer", "minimum": 0}},
                    ["label", "count"],
                ),
            },
        },
        ["name", "rows"],
    ),
}


# -- checks a schema cannot express -------------------------------------------------------
_WHAT = {
    "service": gettext_lazy("layanan"),
    "information system": gettext_lazy("sistem informasi"),
    "code": gettext_lazy("kode"),
    "breakdown": gettext_lazy("rincian"),
    "label": gettext_lazy("label"),
}


def _twice(rows: list[dict], field: str, where: str, what: str) -> list[Problem]:
    """A problem at every repetition of a value that must be unique in the list."""
    problems, seen = [], set()
    for i, row in enumerate(rows):
        if row[field] in seen:
            problems.append(
                Problem(
                    f"{where}[{i}].{field}",
                    _('%(what)s "%(value)s" tercantum dua kali')
                    % {"what": _WHAT[what], "value": row[field]},
                )
            )
        seen.add(row[field])
    return problems


def check_profile(value: list, context) -> list[Problem]:
    problems = [
        Problem("profile", _("tahun %(year)s tercantum dua kali") % {"year": year})
        for year in duplicates(p["year"] for p in value)
    ]
    for p, profile in enumerate(value):
        at = f"profile[{p}]"
        services = profile.get("services", [])
        problems += _twice(services, "name", f"{at}.services", "service")
        for i, service in enumerate(services):
            start, end = service.get("valid_from"), service.get("valid_until")
            if start and end and end < start:  # ISO dates compare as text
                problems.append(
                    Problem(
                        f"{at}.services[{i}].valid_until",
                        _("%(end)s lebih awal dari valid_from %(start)s")
                        % {"end": end, "start": start},
                    )
                )
        problems += _twice(
            profile.get("information_systems", []),
            "name",
            f"{at}.information_systems",
            "information system",
        )
        organisation = profile.get("organisation", [])
        problems += _twice(organisation, "code", f"{at}.organisation", "code")
        listed: set[str] = set()
        for i, element in enumerate(organisation):
            parent = element.get("parent")
            if parent and parent not in listed:
                known = {e["code"] for e in organisation}
                reason = (
                    _('"%(code)s" harus dicantumkan sebelum unsur di bawahnya')
                    if parent in known
                    else _('"%(code)s" tidak ada di organisation; yang dikenal: %(codes)s')
                ) % {"code": parent, "codes": ", ".join(sorted(known))}
                problems.append(Problem(f"{at}.organisation[{i}].parent", reason))
            listed.add(element["code"])
        staff = profile.get("staff", [])
        problems += _twice(staff, "name", f"{at}.staff", "breakdown")
        for i, breakdown in enumerate(staff):
            problems += _twice(breakdown["rows"], "label", f"{at}.staff[{i}].rows", "label")
    return problems


# -- writing ------------------------------------------------------------------------------
def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _created(model, objects) -> None:
    """``bulk_create`` sends no signals: record the new rows in the audit trail."""
    record_created(model.objects.bulk_create(objects))


def _replace(writer, stored: QuerySet, wanted: list[tuple], key, create) -> None:
    """Replace a stored list (a queryset) by the wanted one when they differ, compared by
    ``key`` of a stored row. Every key starts with what makes a row unique (its position),
    so sorting compares no further and does not depend on the database's collation. A list
    is one value of the profile: the report counts its rows once, as created, updated or
    unchanged. The old rows are deleted through the queryset, which the audit trail
    records row by row; ``create`` writes the new ones and records what it bulk-creates."""
    name = stored.model._meta.model_name
    rows = list(stored)
    if sorted(key(row) for row in rows) == sorted(wanted):
        writer.report.unchanged[name] += len(rows)
        return
    stored.delete()
    create()
    (writer.report.updated if rows else writer.report.created)[name] += len(wanted)


def _replace_rows(writer, profile, stored: QuerySet, fields: tuple[str, ...], wanted) -> None:
    """``_replace`` for a flat list of the profile: each wanted tuple holds the values of
    ``fields`` of one row, and they are its key (so ``fields`` start with what makes a row
    unique in the list, see ``_replace``)."""
    model = stored.model
    _replace(
        writer,
        stored,
        wanted,
        lambda row: tuple(getattr(row, f) for f in fields),
        lambda: _created(
            model,
            [model(profile=profile, **dict(zip(fields, row, strict=True))) for row in wanted],
        ),
    )


def _write_statements(writer, profile: UnitProfile, entry: dict) -> None:
    # Only the lists the entry states: an absent list is left alone (a file cut off
    # halfway must not empty what it no longer mentions); "mission: []" empties one.
    kinds = {**TEXT_LISTS, "sop_groups": StatementKind.SOP_GROUP}
    stated = [kind for key, kind in kinds.items() if key in entry]
    if not stated:
        return
    wanted = [
        (kind, position, "", text)
        for key, kind in TEXT_LISTS.items()
        for position, text in enumerate(entry.get(key, []))
    ]
    wanted += [
        (StatementKind.SOP_GROUP, position, group["name"], group.get("description") or "")
        for position, group in enumerate(entry.get("sop_groups", []))
    ]
    fields = ("kind", "position", "title", "text")
    stored = profile.statements.filter(kind__in=stated)
    _replace_rows(writer, profile, stored, fields, wanted)


def _write_services(writer, profile: UnitProfile, entry: dict) -> None:
    wanted = [
        (
            position,
            s["name"],
            s["category"],
            s.get("description") or "",
            s.get("accreditation") or "",
            s.get("accreditation_body") or "",
            _date(s.get("valid_from")),
            _date(s.get("valid_until")),
        )
        for position, s in enumerate(entry.get("services", []))
    ]
    fields = (
        "position",
        "name",
        "category",
        "description",
        "accreditation",
        "accreditation_body",
        "valid_from",
        "valid_until",
    )
    _replace_rows(writer, profile, profile.services.all(), fields, wanted)


def _write_information_systems(writer, profile: UnitProfile, entry: dict) -> None:
    wanted = [
        (position, s["name"], s.get("url") or "", s.get("description") or "")
        for position, s in enumerate(entry.get("information_systems", []))
    ]
    fields = ("position", "name", "url", "description")
    _replace_rows(writer, profile, profile.information_systems.all(), fields, wanted)


def _write_organisation(writer, profile: UnitProfile, entry: dict) -> None:
    wanted = [
        (
            position,
            e["code"],
            e["name"],
            e.get("head_title") or "",
            e.get("parent") or "",
            e.get("duties") or "",
        )
        for position, e in enumerate(entry.get("organisation", []))
    ]

    def create():
        by_code: dict[str, StructureUnit] = {}
        for position, code, name, head_title, parent, duties in wanted:
            # One by one (the save records itself): a parent is listed, and so created,
            # before its children.
            by_code[code] = StructureUnit.objects.create(
                profile=profile,
                position=position,
                code=code,
                name=name,
                head_title=head_title,
                parent=by_code[parent] if parent else None,
                duties=duties,
            )

    _replace(
        writer,
        profile.structure_units.select_related("parent"),
        wanted,
        lambda s: (
            s.position,
            s.code,
            s.name,
            s.head_title,
            s.parent.code if s.parent else "",
            s.duties,
        ),
        create,
    )


def _write_staff(writer, profile: UnitProfile, entry: dict) -> None:
    wanted = [
        (
            position,
            b["name"],
            b.get("note") or "",
            tuple((row["label"], row["count"]) for row in b["rows"]),
        )
        for position, b in enumerate(entry.get("staff", []))
    ]

    def create():
        for position, name, note, rows in wanted:
            breakdown = StaffBreakdown.objects.create(  # the save records itself
                profile=profile, position=position, name=name, note=note
            )
            _created(
                StaffCount,
                [
                    StaffCount(breakdown=breakdown, position=i, label=label, count=count)
                    for i, (label, count) in enumerate(rows)
                ],
            )

    _replace(
        writer,
        profile.staff_breakdowns.prefetch_related("counts"),
        wanted,
        lambda b: (b.position, b.name, b.note, tuple((c.label, c.count) for c in b.counts.all())),
        create,
    )


SIGNING_FIELDS = {
    "place": "signing_place",
    "date": "signing_date",
    "head_name": "head_name",
    "head_nip": "head_nip",
}


def _signing(entry: dict) -> dict:
    """The model fields of the entry's `signing` (all of them when it is stated, so a key
    left out empties its field; none when the entry has no `signing`)."""
    if "signing" not in entry:
        return {}
    signing = entry["signing"] or {}
    return {field: str(signing.get(key) or "") for key, field in SIGNING_FIELDS.items()}


def write_profile(value: list, writer) -> None:
    for entry in value:
        profile = writer.upsert(
            UnitProfile,
            {"unit": writer.unit, "year": entry["year"]},
            {key: entry.get(key) or "" for key in ("tasks", "vision") if key in entry}
            | _signing(entry),
        )
        # Each list is replaced only when the entry states it (docs/dataset-format.md).
        _write_statements(writer, profile, entry)
        if "services" in entry:
            _write_services(writer, profile, entry)
        if "information_systems" in entry:
            _write_information_systems(writer, profile, entry)
        if "organisation" in entry:
            _write_organisation(writer, profile, entry)
        if "staff" in entry:
            _write_staff(writer, profile, entry)


# -- dumping ------------------------------------------------------------------------------
def _clean(row: dict) -> dict:
    """Optional fields only when they hold something (the loader's defaults)."""
    return {k: v for k, v in row.items() if v not in (None, "", [])}


def _iso(date):
    return date.isoformat() if date else None


def _profile(profile: UnitProfile) -> dict:
    def texts(kind):
        return [s.text for s in profile.statements_of(kind)]

    return {"year": profile.year} | _clean(
        {
            "legal_basis": texts(StatementKind.LEGAL_BASIS),
            "tasks": profile.tasks,
            "functions": texts(StatementKind.FUNCTION),
            "vision": profile.vision,
            "mission": texts(StatementKind.MISSION),
            "strategic_roles": texts(StatementKind.STRATEGIC_ROLE),
            "signing": _clean(
                {key: getattr(profile, field) for key, field in SIGNING_FIELDS.items()}
            )
            or None,
            "services": [
                _clean(
                    {
                        "name": s.name,
                        "category": s.category,
                        "description": s.description,
                        "accreditation": s.accreditation,
                        "accreditation_body": s.accreditation_body,
                        "valid_from": _iso(s.valid_from),
                        "valid_until": _iso(s.valid_until),
                    }
                )
                for s in profile.services.all()
            ],
            "information_systems": [
                _clean({"name": s.name, "url": s.url, "description": s.description})
                for s in profile.information_systems.all()
            ],
            "organisation": [
                _clean(
                    {
                        "code": e.code,
                        "name": e.name,
                        "head_title": e.head_title,
                        "parent": e.parent.code if e.parent else None,
                        "duties": e.duties,
                    }
                )
                for e in profile.structure_units.all()
            ],
            "sop_groups": [
                _clean({"name": s.title, "description": s.text})
                for s in profile.statements_of(StatementKind.SOP_GROUP)
            ],
            "staff": [
                _clean(
                    {
                        "name": b.name,
                        "note": b.note,
                        "rows": [{"label": c.label, "count": c.count} for c in b.counts.all()],
                    }
                )
                for b in profile.staff_breakdowns.all()
            ],
        }
    )


def dump_profile(unit, plan) -> list[dict]:
    """Every recorded year of the unit's profile (like budgets: not limited to the plan)."""
    profiles = UnitProfile.objects.filter(unit=unit).prefetch_related(
        "statements",
        "services",
        "information_systems",
        "structure_units__parent",
        "staff_breakdowns__counts",
    )
    return [_profile(p) for p in profiles]


PROFILE_SECTION = Section(
    key="profile",
    schema=_list_of("profile_year"),
    defs=DEFS,
    check=check_profile,
    write=write_profile,
    dump=dump_profile,
    order=5,  # BAB I comes before the budget
)

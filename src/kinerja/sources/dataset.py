"""The operational-record sections of the unit dataset (docs/dataset-format.md)."""

import datetime as dt

from django.utils.translation import gettext as _

from kinerja.audit.tracking import record_created
from kinerja.core.numbers import to_decimal
from kinerja.datasets.errors import Problem
from kinerja.datasets.sections import Section, duplicates, object_schema

from .choices import (
    Direction,
    FacilitationKind,
    FollowUpStatus,
    RecommendationKind,
    ScoreKind,
    ServiceType,
)
from .models import (
    AuditRecommendation,
    ExternalScore,
    Facilitation,
    FacilitationMeasure,
    ProcurementLine,
    ScoreComponent,
    ServiceCount,
    ServiceOrder,
)

YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
DATE = {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT = {"type": ["string", "null"]}
NAME = {"type": "string", "minLength": 1}
MONEY = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number"}


def _list_of(definition: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{definition}"}}


DEFS = {
    "service_orders_row": object_schema(
        {
            "number": NAME,
            "type": {"enum": ServiceType.values},
            "customer": NAME,
            "ordered_on": {**DATE, "type": "string"},
            "completed_on": DATE,
            "fee": {"type": ["integer", "null"], "minimum": 0},
            "result_document": TEXT,
        },
        ["number", "type", "customer", "ordered_on"],
    ),
    "service_counts_row": object_schema(
        {
            "year": YEAR,
            "type": {"enum": ServiceType.values},
            "count": {"type": "integer", "minimum": 0},
            "note": TEXT,
        },
        ["year", "type", "count"],
    ),
    "facilitations_row": object_schema(
        {
            "code": NAME,
            "year": YEAR,
            "kind": {"enum": FacilitationKind.values},
            "company": NAME,
            "activity": NAME,
            "program": TEXT,
            "agreement_number": TEXT,
            "agreement_date": DATE,
            "note": TEXT,
            "measures": {
                "type": "array",
                "items": object_schema(
                    {
                        "name": NAME,
                        "unit": TEXT,
                        "before": NUMBER,
                        "after": NUMBER,
                        "direction": {"enum": Direction.values},
                    },
                    ["name", "before", "after", "direction"],
                ),
            },
        },
        ["code", "year", "kind", "company", "activity"],
    ),
    "audit_recommendations_row": object_schema(
        {
            "year": YEAR,
            "report_number": NAME,
            "report_date": DATE,
            "number": {"type": "integer", "minimum": 1},
            "kind": {"enum": RecommendationKind.values},
            "text": NAME,
            "status": {"enum": FollowUpStatus.values},
            "followed_up_on": DATE,
        },
        ["year", "report_number", "number", "kind", "text", "status"],
    ),
    "procurement_lines_row": object_schema(
        {
            "year": YEAR,
            "account": {"type": "string", "minLength": 1, "maxLength": 16},
            "name": NAME,
            "domestic": {"type": "boolean"},
            "ceiling": MONEY,
            "spending": MONEY,
        },
        ["year", "account", "name", "domestic", "ceiling", "spending"],
    ),
    "external_scores_row": object_schema(
        {
            "year": YEAR,
            "unit": {"type": "string"},
            "kind": {"enum": ScoreKind.values},
            "score": {"type": ["number", "null"]},
            "grade": TEXT,
            "source": TEXT,
            "components": {
                "type": "array",
                "items": object_schema(
                    {
                        "name": NAME,
                        "value": NUMBER,
                        "weight": {"type": ["number", "null"]},
                        "max": {"type": ["number", "null"]},
                    },
                    ["name", "value"],
                ),
            },
        },
        ["year", "kind"],
    ),
}


def _unique(key: str, rows: list, fields: tuple, message) -> list[Problem]:
    """A problem for each key listed twice; ``message(key values)`` says which."""
    return [
        Problem(key, message(dup))
        for dup in duplicates(tuple(row.get(f) for f in fields) for row in rows)
    ]


def check_service_orders(value, context):
    return _unique(
        "service_orders",
        value,
        ("number",),
        lambda d: _('pesanan "%(number)s" tercantum dua kali') % {"number": d[0]},
    )


def check_service_counts(value, context):
    problems = _unique(
        "service_counts",
        value,
        ("year", "type"),
        lambda d: _("%(type)s %(year)s tercantum dua kali") % {"type": d[1], "year": d[0]},
    )
    with_orders = {
        (int(o["ordered_on"][:4]), o["type"]) for o in context.data.get("service_orders", [])
    }
    for i, row in enumerate(value):
        if (row["year"], row["type"]) in with_orders:
            problems.append(
                Problem(
                    f"service_counts[{i}]",
                    _(
                        "%(type)s %(year)s juga mempunyai pesanan satu per satu; catat salah "
                        "satunya saja, atau pesanan itu terhitung dua kali"
                    )
                    % {"type": row["type"], "year": row["year"]},
                )
            )
    return problems


def check_facilitations(value, context):
    problems = _unique(
        "facilitations",
        value,
        ("code",),
        lambda d: _('fasilitasi "%(code)s" tercantum dua kali') % {"code": d[0]},
    )
    for i, row in enumerate(value):
        # A measure written twice would be stored, and counted, twice.
        problems += _unique(
            f"facilitations[{i}].measures",
            row.get("measures", []),
            ("name",),
            lambda d: _('ukuran "%(name)s" tercantum dua kali') % {"name": d[0]},
        )
    return problems


def check_audits(value, context):
    return _unique(
        "audit_recommendations",
        value,
        ("report_number", "number"),
        lambda d: (
            _("rekomendasi %(number)s dari laporan %(report)s tercantum dua kali")
            % {"number": d[1], "report": d[0]}
        ),
    )


def check_procurement(value, context):
    problems = _unique(
        "procurement_lines",
        value,
        ("year", "account"),
        lambda d: (
            _("akun %(account)s tahun %(year)s tercantum dua kali")
            % {"account": d[1], "year": d[0]}
        ),
    )
    for i, row in enumerate(value):
        if row["spending"] > row["ceiling"]:
            problems.append(
                Problem(
                    f"procurement_lines[{i}].spending",
                    _("realisasi %(spending)s melebihi pagu %(ceiling)s")
                    % {"spending": row["spending"], "ceiling": row["ceiling"]},
                )
            )
    return problems


def check_scores(value, context):
    own = context.data["unit"]["code"]
    problems = _unique(
        "external_scores",
        value,
        ("unit", "year", "kind"),
        lambda d: (
            _("%(kind)s %(year)s milik %(unit)s tercantum dua kali")
            % {"kind": d[2], "year": d[1], "unit": d[0] or own}
        ),
    )
    for i, row in enumerate(value):
        if row.get("unit") and row["unit"] not in context.unit_codes:
            problems.append(
                Problem(
                    f"external_scores[{i}].unit",
                    _('unit "%(code)s" tidak dikenal') % {"code": row["unit"]},
                )
            )
    return problems


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _dec(value):
    return to_decimal(value)


def write_service_orders(value, writer):
    for row in value:
        writer.upsert(
            ServiceOrder,
            {"unit": writer.unit, "number": row["number"]},
            {
                "service_type": row["type"],
                "customer": row["customer"],
                "ordered_on": _date(row["ordered_on"]),
                "completed_on": _date(row.get("completed_on")),
                "fee": _dec(row.get("fee")),
                "result_document": row.get("result_document") or "",
            },
        )


def write_service_counts(value, writer):
    for row in value:
        writer.upsert(
            ServiceCount,
            {"unit": writer.unit, "year": row["year"], "service_type": row["type"]},
            {"count": row["count"], "note": row.get("note") or ""},
        )


def write_facilitations(value, writer):
    for row in value:
        obj = writer.upsert(
            Facilitation,
            {"unit": writer.unit, "code": row["code"]},
            {
                "year": row["year"],
                "kind": row["kind"],
                "company": row["company"],
                "activity": row["activity"],
                "program": row.get("program") or "",
                "agreement_number": row.get("agreement_number") or "",
                "agreement_date": _date(row.get("agreement_date")),
                "note": row.get("note") or "",
            },
        )
        if "measures" not in row:
            continue  # an absent list is left alone; "measures: []" empties it
        wanted = [
            (m["name"], m.get("unit") or "", _dec(m["before"]), _dec(m["after"]), m["direction"])
            for m in row["measures"]
        ]
        stored = [
            (m.name, m.unit_label, m.before, m.after, m.direction) for m in obj.measures.all()
        ]
        if stored != wanted:  # a company's measures are one list: replace it whole
            obj.measures.all().delete()
            record_created(  # bulk_create sends no signals: keep the audit trail whole
                FacilitationMeasure.objects.bulk_create(
                    FacilitationMeasure(
                        facilitation=obj,
                        name=n,
                        unit_label=u,
                        before=b,
                        after=a,
                        direction=d,
                        position=i,
                    )
                    for i, (n, u, b, a, d) in enumerate(wanted)
                )
            )
            writer.report.updated["facilitationmeasure"] += 1


def write_audits(value, writer):
    for row in value:
        writer.upsert(
            AuditRecommendation,
            {"unit": writer.unit, "report_number": row["report_number"], "number": row["number"]},
            {
                "year": row["year"],
                "report_date": _date(row.get("report_date")),
                "kind": row["kind"],
                "text": row["text"],
                "status": row["status"],
                "followed_up_on": _date(row.get("followed_up_on")),
            },
        )


def write_procurement(value, writer):
    for row in value:
        writer.upsert(
            ProcurementLine,
            {"unit": writer.unit, "year": row["year"], "account": row["account"]},
            {
                "name": row["name"],
                "domestic": row["domestic"],
                "ceiling": _dec(row["ceiling"]),
                "spending": _dec(row["spending"]),
            },
        )


def write_scores(value, writer):
    for row in value:
        unit = writer.unit_by_code(row["unit"]) if row.get("unit") else writer.unit
        obj = writer.upsert(
            ExternalScore,
            {"unit": unit, "year": row["year"], "kind": row["kind"]},
            {
                "score": _dec(row.get("score")),
                "grade": row.get("grade") or "",
                "source": row.get("source") or "",
            },
        )
        if "components" not in row:
            continue  # an absent list is left alone; "components: []" empties it
        wanted = [
            (c["name"], _dec(c["value"]), _dec(c.get("weight")), _dec(c.get("max")))
            for c in row["components"]
        ]
        stored = [(c.name, c.value, c.weight_pct, c.max_value) for c in obj.components.all()]
        if stored != wanted:
            obj.components.all().delete()
            record_created(  # bulk_create sends no signals: keep the audit trail whole
                ScoreComponent.objects.bulk_create(
                    ScoreComponent(
                        score=obj, name=n, value=v, weight_pct=w, max_value=m, position=i
                    )
                    for i, (n, v, w, m) in enumerate(wanted)
                )
            )
            writer.report.updated["scorecomponent"] += 1


def _clean(row: dict) -> dict:
    return {k: v for k, v in row.items() if v not in (None, "", [])}


def _iso(date):
    return date.isoformat() if date else None


def dump_service_orders(unit, plan):
    return [
        _clean(
            {
                "number": o.number,
                "type": o.service_type,
                "customer": o.customer,
                "ordered_on": _iso(o.ordered_on),
                "completed_on": _iso(o.completed_on),
                "fee": o.fee,
                "result_document": o.result_document,
            }
        )
        for o in ServiceOrder.objects.filter(unit=unit)
    ]


def dump_service_counts(unit, plan):
    return [
        _clean({"year": c.year, "type": c.service_type, "count": c.count, "note": c.note})
        for c in ServiceCount.objects.filter(unit=unit)
    ]


def dump_facilitations(unit, plan):
    return [
        _clean(
            {
                "code": f.code,
                "year": f.year,
                "kind": f.kind,
                "company": f.company,
                "activity": f.activity,
                "program": f.program,
                "agreement_number": f.agreement_number,
                "agreement_date": _iso(f.agreement_date),
                "note": f.note,
                "measures": [
                    _clean(
                        {
                            "name": m.name,
                            "unit": m.unit_label,
                            "before": m.before,
                            "after": m.after,
                            "direction": m.direction,
                        }
                    )
                    for m in f.measures.all()
                ],
            }
        )
        for f in Facilitation.objects.filter(unit=unit).prefetch_related("measures")
    ]


def dump_audits(unit, plan):
    return [
        _clean(
            {
                "year": a.year,
                "report_number": a.report_number,
                "report_date": _iso(a.report_date),
                "number": a.number,
                "kind": a.kind,
                "text": a.text,
                "status": a.status,
                "followed_up_on": _iso(a.followed_up_on),
            }
        )
        for a in AuditRecommendation.objects.filter(unit=unit)
    ]


def dump_procurement(unit, plan):
    return [
        {
            "year": p.year,
            "account": p.account,
            "name": p.name,
            "domestic": p.domestic,
            "ceiling": p.ceiling,
            "spending": p.spending,
        }
        for p in ProcurementLine.objects.filter(unit=unit)
    ]


def dump_scores(unit, plan):
    """The unit's own scores and the peers' scores it recorded (all units under the same
    parent), so rankings survive a round trip."""
    peers = (
        ExternalScore.objects.filter(unit__parent=unit.parent)
        if unit.parent
        else ExternalScore.objects.filter(unit=unit)
    )
    out = []
    for s in (
        peers.select_related("unit")
        .prefetch_related("components")
        .order_by("kind", "year", "unit__code")
    ):
        row = {"year": s.year}
        if s.unit_id != unit.pk:
            row["unit"] = s.unit.code
        row |= _clean(
            {
                "kind": s.kind,
                "score": s.score,
                "grade": s.grade,
                "source": s.source,
                "components": [
                    _clean(
                        {
                            "name": c.name,
                            "value": c.value,
                            "weight": c.weight_pct,
                            "max": c.max_value,
                        }
                    )
                    for c in s.components.all()
                ],
            }
        )
        out.append(row)
    return out


def _section(key, check, write, dump, order):
    return Section(
        key=key,
        schema=_list_of(f"{key}_row"),
        defs={f"{key}_row": DEFS[f"{key}_row"]},
        check=check,
        write=write,
        dump=dump,
        order=order,
    )


SECTIONS = [
    _section("service_orders", check_service_orders, write_service_orders, dump_service_orders, 30),
    _section("service_counts", check_service_counts, write_service_counts, dump_service_counts, 31),
    _section("facilitations", check_facilitations, write_facilitations, dump_facilitations, 32),
    _section("audit_recommendations", check_audits, write_audits, dump_audits, 33),
    _section("procurement_lines", check_procurement, write_procurement, dump_procurement, 34),
    _section("external_scores", check_scores, write_scores, dump_scores, 35),
]

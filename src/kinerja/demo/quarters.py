"""The demo's 2023 quarterly reports, filled and approved the way a unit does it.

``bspji-palembang-quarters.yaml`` holds, per indicator and quarter, the narrative (the
quarter's Rencana Aksi activities and physical progress) and, for an indicator typed in by
hand, the figure; docs/demo-data.md says where each comes from and which figures are
reconstructed. ``load_demo_quarters`` walks every quarter through the same workflow
services as the entry pages (measurement/workflow.py): the indicator owner (the PIC for
its indicators, the planner for the others) saves the quarter, attaches an evidence file
and submits it, the coordinator verifies it and the head approves it. Every step is
checked, recorded as a WorkflowEvent and audited like a step taken in the browser.

The evidence is a generated one-page PDF that says it is a demo placeholder, not a
document of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from kinerja.datasets import yamlio
from kinerja.measurement import workflow
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.entry_selectors import agreement_item_by_code
from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit

QUARTERS_FILE = "bspji-palembang-quarters.yaml"
# Who takes each step (demo/services.py DEMO_ACCOUNTS).
OWNER, PLANNER, COORDINATOR, HEAD = "pic", "perencana", "koordinator", "kepala"
PLACEHOLDER_MARK = "CONTOH DATA DEMO - BUKAN DOKUMEN ASLI"


class QuartersInvalid(ValueError):
    """The quarters file is malformed; the message names the place."""


@dataclass(frozen=True)
class QuarterReport:
    code: str
    quarter: int
    value: Decimal | None  # None: computed from the unit's records
    narrative: str


@dataclass(frozen=True)
class QuarterFile:
    unit: str
    year: int
    reports: list[QuarterReport]


def read_quarters(text: str) -> QuarterFile:
    """Parse the quarters file (exact decimals), naming the place of any problem."""
    data = yamlio.parse(text)
    if not isinstance(data, dict):
        raise QuartersInvalid("the quarters file must be a mapping with unit, year, indicators")
    for key in ("unit", "year", "indicators"):
        if key not in data:
            raise QuartersInvalid(f"the quarters file has no “{key}”")
    reports = []
    for i, block in enumerate(data["indicators"]):
        place = f"indicators[{i}]"
        code = block.get("indicator") if isinstance(block, dict) else None
        if not code:
            raise QuartersInvalid(f"{place}: “indicator” is missing")
        seen = set()
        for j, row in enumerate(block.get("quarters") or []):
            where = f"{place} ({code}) quarters[{j}]"
            quarter = row.get("quarter")
            if quarter not in workflow.QUARTER_NUMBERS:
                raise QuartersInvalid(f"{where}: quarter must be 1, 2, 3 or 4, not {quarter!r}")
            if quarter in seen:
                raise QuartersInvalid(f"{where}: quarter {quarter} is given twice")
            seen.add(quarter)
            narrative = str(row.get("narrative") or "").strip()
            if not narrative:
                raise QuartersInvalid(f"{where}: “narrative” is empty")
            value = row.get("value")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, Decimal | int)
            ):
                raise QuartersInvalid(f"{where}: value {value!r} is not a number")
            reports.append(
                QuarterReport(code, quarter, None if value is None else Decimal(value), narrative)
            )
    return QuarterFile(unit=str(data["unit"]), year=int(data["year"]), reports=reports)


def placeholder_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica, no fonts embedded) that names what it stands for and
    says it is a demo placeholder."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 60 780 Td ({escape(title)}) Tj ET"]
    rows.append(f"BT /F1 12 Tf 60 750 Td ({escape(PLACEHOLDER_MARK)}) Tj ET")
    for n, line in enumerate(lines):
        rows.append(f"BT /F1 10 Tf 60 {720 - 16 * n} Td ({escape(line[:100])}) Tj ET")
    stream = "\n".join(rows).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _users() -> dict:
    model = get_user_model()
    names = (OWNER, PLANNER, COORDINATOR, HEAD)
    found = {u.username: u for u in model.objects.filter(username__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise QuartersInvalid(
            f"the demo accounts {', '.join(missing)} do not exist; create them first "
            "(demo.services.ensure_demo_accounts)"
        )
    return found


@transaction.atomic
def load_quarters(text: str) -> dict[str, int]:
    """Fill, submit, verify and approve every quarter of the file through the workflow
    services. Safe to run twice: an approved quarter is left as it is, a quarter half-way
    continues from its status. Returns how many quarters each step moved, and how many
    quarters the file has ("quarters")."""
    plan = read_quarters(text)
    unit = Unit.objects.filter(code=plan.unit).first()
    if unit is None:
        raise QuartersInvalid(f"unit: no unit “{plan.unit}”; load its dataset first")
    users = _users()
    done = {"filled": 0, "submitted": 0, "verified": 0, "approved": 0}
    for report in plan.reports:
        item = agreement_item_by_code(unit, plan.year, report.code)
        if item is None:
            raise QuartersInvalid(
                f"{report.code}: not in the {plan.year} Perjanjian Kinerja of {unit.code}"
            )
        entry = workflow.entry_for(item.indicator, plan.year, report.quarter)
        if entry.status == EntryStatus.APPROVED:
            continue
        owner = users[OWNER]
        if not access.can(owner, Action.ENTER, unit, report.code):
            owner = users[PLANNER]
        if entry.status in (EntryStatus.DRAFT, EntryStatus.RETURNED):
            workflow.save_entry(
                entry,
                owner,
                value=report.value,
                target=entry.target,
                narrative=report.narrative,
                explanation=entry.explanation,
            )
            if not entry.evidence_files.exists():
                label = workflow.quarter_label(report.quarter)
                pdf = placeholder_pdf(
                    f"Bukti dukung {report.code} {label} {plan.year}",
                    [
                        f"Unit: {unit.name}",
                        f"Indikator: {report.code} {item.indicator.name}",
                        "Berkas ini dibuat oleh demo kinerja sebagai pengganti bukti dukung.",
                    ],
                )
                name = f"bukti-{report.code}-tw{report.quarter}-{plan.year}-contoh.pdf"
                workflow.add_evidence(entry, owner, ContentFile(pdf, name=name))
            done["filled"] += 1
            workflow.submit(entry, owner)
            done["submitted"] += 1
        if entry.status == EntryStatus.SUBMITTED:
            workflow.verify(entry, users[COORDINATOR])
            done["verified"] += 1
        if entry.status == EntryStatus.VERIFIED:
            workflow.approve(entry, users[HEAD])
            done["approved"] += 1
    done["quarters"] = len(plan.reports)
    return done

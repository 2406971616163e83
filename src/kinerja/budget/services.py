"""Writing a budget: one service per state change, used by the web pages and the import
command alike. Each checks the user's right (``org.access``, Action.BUDGET), refuses bad
input with a located ``ValidationError`` before writing anything, and writes in one
transaction; the audit trail records every row it changes (audit.tracking), with the
reason given."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.context import audit_context
from kinerja.measurement.choices import Period
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org.access import Action, require
from kinerja.org.models import Unit

from .choices import LEVELS_BY_KIND, SOURCES_BY_KIND, BudgetKind, PnbpCategory
from .dataset import source_codes
from .models import (
    BudgetYear,
    Line,
    LineIndicator,
    LineMonthSpending,
    LineOutput,
    LineOutputRealization,
    PnbpReceipt,
    PnbpYear,
    Revision,
)
from .spreadsheet import ImportResult, _indicator_codes, import_lines, read_rows

MONTHS = range(1, 13)
OUTPUT_PERIODS = (Period.YEAR, Period.Q1, Period.Q2, Period.Q3, Period.Q4)


def _is_leaf(line: Line) -> bool:
    return not line.children.exists()


def line_indicator_choices(line: Line) -> dict:
    """The indicators a line of this budget may be linked to (code → Indicator): those
    of the year's agreement plan version, else the plan version in force."""
    return _indicator_codes(line.budget.unit, line.budget.year)


def allowed_sources(budget: BudgetYear) -> tuple[str, ...]:
    defined = budget.funding_sources.values_list("code", flat=True)
    return source_codes(budget.kind, list(defined))


@transaction.atomic
def update_line(
    line: Line,
    *,
    user,
    name: str,
    ceiling: Decimal | None,
    source: str,
    unlinked_reason: str,
    reason: str = "",
) -> Line:
    """Change what a line says: its description, ceiling (lowest lines only), source of
    funds and why it is linked to no indicator."""
    require(user, Action.BUDGET, line.budget.unit)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Uraian wajib diisi.")]
    if ceiling is not None and ceiling < 0:
        errors["ceiling"] = [_("Pagu tidak boleh negatif.")]
    if ceiling is not None and not _is_leaf(line):
        errors["ceiling"] = [
            _("Pagu hanya diisi pada baris terendah; baris induk menjumlahkan anaknya.")
        ]
    source = (source or "").strip()
    if source and source not in allowed_sources(line.budget):
        errors["source"] = [
            _("Sumber dana %(code)s tidak dikenal untuk anggaran ini; pilih salah satu: %(list)s.")
            % {"code": source, "list": ", ".join(allowed_sources(line.budget))}
        ]
    spending = line.spending
    if ceiling is None and spending is not None and _is_leaf(line):
        errors["ceiling"] = [_("Baris yang memiliki realisasi harus memiliki pagu.")]
    if errors:
        raise ValidationError(errors)
    with audit_context(reason=reason):
        line.name = name
        line.ceiling = ceiling
        line.source = source
        line.unlinked_reason = (unlinked_reason or "").strip()
        line.save(update_fields=["name", "ceiling", "source", "unlinked_reason"])
    return line


@transaction.atomic
def set_line_indicators(line: Line, *, user, codes: list[str], reason: str = "") -> int:
    """Link the line to exactly the indicators ``codes`` names (seed Tabel 3.65);
    returns how many links changed."""
    require(user, Action.BUDGET, line.budget.unit)
    try:
        choices = line_indicator_choices(line)
    except MeasuresUnavailable:  # no plan yet: nothing can be linked
        choices = {}
    unknown = sorted(set(codes) - set(choices))
    if unknown:
        raise ValidationError(
            {
                "indicators": [
                    _("Indikator tidak ada di rencana tahun ini: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                ]
            }
        )
    current = {link.indicator.code: link for link in line.links.select_related("indicator")}
    wanted = set(codes)
    changed = 0
    with audit_context(reason=reason):
        for code, link in current.items():
            if code not in wanted:
                link.delete()
                changed += 1
        for code in sorted(wanted - set(current)):
            LineIndicator.objects.create(line=line, indicator=choices[code])
            changed += 1
    return changed


@transaction.atomic
def set_month_spending(
    line: Line, *, user, months: dict[int, Decimal | None], reason: str = ""
) -> Decimal | None:
    """Record what a lowest line spent per month (blank: nothing recorded that month).
    The line's spending becomes the sum of its months; with no month recorded it is kept
    as it was (a total stated without months)."""
    require(user, Action.BUDGET, line.budget.unit)
    errors = {}
    for month, amount in months.items():
        if month not in MONTHS:
            errors[f"month_{month}"] = [_("Bulan harus 1 sampai 12.")]
        elif amount is not None and amount < 0:
            errors[f"month_{month}"] = [_("Realisasi tidak boleh negatif.")]
    if any(a is not None for a in months.values()) and not _is_leaf(line):
        errors["__all__"] = [_("Realisasi hanya diisi pada baris terendah.")]
    given = {m: a for m, a in months.items() if a is not None}
    if given and line.ceiling is None:
        errors["__all__"] = [_("Isi pagu baris ini sebelum realisasinya.")]
    if errors:
        raise ValidationError(errors)
    stored = {m.month: m for m in line.months.all()}
    with audit_context(reason=reason):
        for month, amount in months.items():
            row = stored.get(month)
            if amount is None:
                if row is not None:
                    row.delete()
                    del stored[month]
            elif row is None:
                stored[month] = LineMonthSpending.objects.create(
                    line=line, month=month, amount=amount
                )
            elif row.amount != amount:
                row.amount = amount
                row.save(update_fields=["amount"])
        if stored:
            total = sum((r.amount for r in stored.values()), Decimal(0))
            if line.spending != total:
                line.spending = total
                line.save(update_fields=["spending"])
    return line.spending


@transaction.atomic
def set_output_values(
    output: LineOutput,
    *,
    user,
    target: Decimal | None,
    realizations: dict[str, Decimal | None],
    reason: str = "",
) -> None:
    """Set an output indicator's target and its realizations per period (``year``,
    ``q1`` … ``q4``; blank removes the period's value)."""
    require(user, Action.BUDGET, output.line.budget.unit)
    errors = {}
    if target is not None and target < 0:
        errors["target"] = [_("Target tidak boleh negatif.")]
    for period in realizations:
        if period not in OUTPUT_PERIODS:
            errors[f"period_{period}"] = [_("Periode tidak dikenal.")]
    if errors:
        raise ValidationError(errors)
    stored = {r.period: r for r in output.realizations.all()}
    with audit_context(reason=reason):
        if output.target != target:
            output.target = target
            output.save(update_fields=["target"])
        for period, value in realizations.items():
            row = stored.get(period)
            if value is None:
                if row is not None:
                    row.delete()
            elif row is None:
                LineOutputRealization.objects.create(output=output, period=period, value=value)
            elif row.value != value:
                row.value = value
                row.save(update_fields=["value"])


@transaction.atomic
def add_revision(
    budget: BudgetYear,
    *,
    user,
    date,
    kind: str,
    description: str,
    final_ceiling: Decimal | None = None,
) -> Revision:
    """Record the next revision of a DIPA (or change of a DPA), optionally with the new
    final ceiling it states."""
    require(user, Action.BUDGET, budget.unit)
    if final_ceiling is not None and final_ceiling < 0:
        raise ValidationError({"final_ceiling": [_("Pagu tidak boleh negatif.")]})
    if date is not None and date.year != budget.year:
        raise ValidationError(
            {"date": [_("Tanggal harus di tahun %(year)s.") % {"year": budget.year}]}
        )
    last = budget.revisions.order_by("-number").first()
    with audit_context(reason=description):
        revision = Revision.objects.create(
            budget=budget,
            number=(last.number + 1) if last else 1,
            date=date,
            kind=(kind or "").strip(),
            description=(description or "").strip(),
        )
        if final_ceiling is not None and budget.final_ceiling != final_ceiling:
            budget.final_ceiling = final_ceiling
            budget.save(update_fields=["final_ceiling", "updated_at"])
    return revision


@transaction.atomic
def update_pnbp(
    unit: Unit,
    year: int,
    *,
    user,
    revenue_target: Decimal | None,
    use_ceiling: Decimal | None,
    use_spending: Decimal | None,
    receipts: dict[str, Decimal | None],
    reason: str = "",
) -> PnbpYear:
    """Set the PNBP revenue target, the ceiling and spending of its use, and the receipts
    per kind of service (blank removes a kind's receipt)."""
    require(user, Action.BUDGET, unit)
    errors = {}
    for field, value in (
        ("revenue_target", revenue_target),
        ("use_ceiling", use_ceiling),
        ("use_spending", use_spending),
        *((f"receipt_{k}", v) for k, v in receipts.items()),
    ):
        if value is not None and value < 0:
            errors[field] = [_("Nilai tidak boleh negatif.")]
    unknown = set(receipts) - set(PnbpCategory.values)
    for key in unknown:
        errors[f"receipt_{key}"] = [_("Jenis layanan tidak dikenal.")]
    if errors:
        raise ValidationError(errors)
    with audit_context(reason=reason):
        pnbp, _created = PnbpYear.objects.get_or_create(unit=unit, year=year)
        changed = [
            f
            for f, v in (
                ("revenue_target", revenue_target),
                ("use_ceiling", use_ceiling),
                ("use_spending", use_spending),
            )
            if getattr(pnbp, f) != v
        ]
        if changed:
            pnbp.revenue_target = revenue_target
            pnbp.use_ceiling = use_ceiling
            pnbp.use_spending = use_spending
            pnbp.save(update_fields=[*changed, "updated_at"])
        stored = {r.category: r for r in pnbp.receipts.all()}
        for category, amount in receipts.items():
            row = stored.get(category)
            if amount is None:
                if row is not None:
                    row.delete()
            elif row is None:
                PnbpReceipt.objects.create(pnbp_year=pnbp, category=category, amount=amount)
            elif row.amount != amount:
                row.amount = amount
                row.save(update_fields=["amount"])
    return pnbp


@dataclass(frozen=True)
class LineChange:
    """One value of one line that an import would change (``old`` None: a new line)."""

    code: str
    column: str
    old: object
    new: object
    amount: bool = False  # rupiah: shown with thousands separators


_COMPARED = (
    ("level", "Tingkat", False),
    ("name", "Uraian", False),
    ("ceiling", "Pagu", True),
    ("spending", "Realisasi", True),
    ("source", "Sumber dana", False),
    ("unlinked_reason", "Alasan tidak dikaitkan", False),
)


def workbook_changes(unit: Unit, year: int, data: bytes) -> list[LineChange]:
    """What an import of ``data`` changes, value by value, in the workbook's order (for
    the dry-run page; the import itself is ``import_lines``)."""
    budget = BudgetYear.objects.filter(unit=unit, year=year).first()
    kind = budget.kind if budget else BudgetKind.APBN
    rows, _problems = read_rows(data, LEVELS_BY_KIND[kind])
    stored = {
        line.code: line
        for line in (
            Line.objects.filter(budget=budget).prefetch_related("links__indicator")
            if budget
            else []
        )
    }
    changes = []
    for row in rows:
        line = stored.get(row["code"])
        if line is None:
            changes.append(LineChange(row["code"], "baris baru", None, row["name"]))
            continue
        for field, title, amount in _COMPARED:
            old = getattr(line, field)
            new = row.get(field)
            if amount:
                new = None if new is None else Decimal(new)
            else:
                old, new = old or "", new or ""
            if old != new:
                changes.append(LineChange(line.code, title, old, new, amount))
        old_codes = sorted(link.indicator.code for link in line.links.all())
        if old_codes != sorted(row["indicators"]):
            changes.append(
                LineChange(
                    line.code, "Indikator", ", ".join(old_codes), ", ".join(row["indicators"])
                )
            )
    return changes


def review_workbook(unit: Unit, year: int, data: bytes, *, user) -> ImportResult:
    """The dry run of a line listing: what would change, nothing written. Raises
    ``DatasetInvalid`` with located problems."""
    require(user, Action.BUDGET, unit)
    return import_lines(unit, year, data, dry_run=True)


def import_workbook(unit: Unit, year: int, data: bytes, *, user, reason: str = "") -> ImportResult:
    """Import a line listing: every row valid, or nothing written."""
    require(user, Action.BUDGET, unit)
    with audit_context(reason=reason):
        return import_lines(unit, year, data)


__all__ = [
    "MONTHS",
    "SOURCES_BY_KIND",
    "add_revision",
    "allowed_sources",
    "import_workbook",
    "review_workbook",
    "set_line_indicators",
    "set_month_spending",
    "set_output_values",
    "update_line",
    "update_pnbp",
]

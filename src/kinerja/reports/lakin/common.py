"""Building blocks shared by the LAKIN chapters, and by the Perkin and quarterly report
builders that reuse them: table cells and their decimals, labels, table keys, generated
paragraphs and the fact sentences that several chapters repeat.

Every number goes into a table as ``Decimal`` or ``int``: formatting is the renderers' job
(``document.cell_text``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date

from kinerja.budget.selectors import BudgetUnavailable
from kinerja.core.numbers import round_half_up, to_decimal
from kinerja.measurement import calc
from kinerja.planning.choices import Method, TargetKind
from kinerja.planning.scales import ScaleDef

from ..document import Column, Kind, Paragraph
from ..narratives import join_names, money_text, pct_text

if TYPE_CHECKING:
    from .data import LakinData

NA = "N/A"  # an N/A target (Renstra "N/A"), different from no target at all (None → "–")
QUARTER_LABELS = ("TW I", "TW II", "TW III", "TW IV")
# A score with components (and, with `score` in its source, the peers' published scores
# of that kind to rank against); the LKE total is one too (evaluation/).
SCORED_METHODS = {
    Method.EXTERNAL_SCORE,
    Method.WEIGHTED_INDEX,
    Method.SUM_OF_COMPONENTS,
    Method.LKE_EVALUATION,
}


def decimal_places(values: Iterable) -> int:
    """Decimals a column of measures needs (0–2): counts print as 7, indices as 3,69."""
    places = 0
    for value in values:
        if value is None or isinstance(value, str):
            continue
        exponent = round_half_up(Decimal(value), 2).normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    return places


def target_cell(target: calc.TargetValue | None, scale: ScaleDef | None = None):
    """Target as a table cell: the number, "N/A" for an N/A target, None when there is no
    target at all (shown "–"), the words of a target without a number ("Menurun",
    "Tidak tercantum"), the level of an indicator on a ``scale`` ("WTP")."""
    if target is None:
        return None
    if target.kind:
        return target_kind_text(target.kind)
    if target.value is None:
        return NA
    return target.value if scale is None else scale.text(target.value)


def value_cell(value, scale: ScaleDef | None = None):
    """A realization as a table cell: the number, or the level's code on a scale."""
    return value if scale is None or value is None else scale.text(value)


def indicator_scale(indicator) -> ScaleDef | None:
    """The scale definition of an ``Indicator`` row (its ``scale`` selected with it)."""
    return indicator.scale.definition if indicator.scale_id is not None else None


def target_kind_text(kind: str) -> str:
    """ "Meningkat", "Menurun", "Tidak tercantum"."""
    return choice_label(TargetKind, kind)


def target_value(value, max_value=None) -> calc.TargetValue:
    return calc.TargetValue(value, max_value)


def share(part, whole) -> Decimal | None:
    part, whole = to_decimal(part), to_decimal(whole)
    if part is None or not whole:
        return None
    return part * 100 / whole


def date_text(value: dt.date | None) -> str | None:
    """A date as the reports print it ("31 Januari 2024"); None stays None."""
    return None if value is None else format_date(value, format="d MMMM y", locale="id")


def choice_label(choices, value: str) -> str:
    """The label of a choice; the value itself when it is not one of the choices."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def table_key(code: str, suffix: str) -> str:
    """A stable table key from an indicator code: "SK1.1", "history" → "sk1-1-history"."""
    return f"{code.lower().replace('.', '-')}-{suffix}"


def achievement_columns(
    target_places: int, value_places: int | None = None, *, unit: bool = False
) -> list[Column]:
    """The target, realization (with its unit when ``unit``) and achievement columns of the
    tables that compare realizations with targets; the realization takes the target's
    decimals unless told otherwise."""
    value_places = target_places if value_places is None else value_places
    columns = [
        Column("Target", Kind.NUMBER, target_places),
        Column("Realisasi", Kind.NUMBER, value_places),
    ]
    if unit:
        columns.append(Column("Satuan"))
    columns.append(Column("Capaian", Kind.PERCENT))
    return columns


def generated_paragraph(text: str) -> Paragraph:
    return Paragraph(text, style="generated")


def narrative_paragraph(text: str, is_generated: bool) -> Paragraph:
    return Paragraph(text, style="generated" if is_generated else "body")


def add_narrative(section, text: str, is_generated: bool) -> None:
    """A narrative as paragraphs: each line of the text (a YAML block, a form's textarea)
    is a paragraph of the report."""
    for line in text.splitlines():
        if line.strip():
            section.add(narrative_paragraph(line.strip(), is_generated))


def optional(selector, unit, year, *args):
    """A budget selector's result, or None when the unit has no budget data that year."""
    try:
        return selector(unit, year, *args)
    except BudgetUnavailable:
        return None


def achievement_facts(data: LakinData) -> str:
    m = data.measures
    total = len(m.indicators)
    achieved = m.count(calc.Status.ACHIEVED)
    missed = m.count(calc.Status.NOT_ACHIEVED)
    not_computable = m.count(calc.Status.NOT_COMPUTABLE)
    text = (
        f"Pada tahun {data.year} {data.short_name} menetapkan {total} indikator kinerja dalam "
        f"Perjanjian Kinerja; {achieved} dari {total} indikator mencapai target"
    )
    details = []
    if missed:
        details.append(f"{missed} tidak tercapai")
    if not_computable:
        details.append(f"{not_computable} belum dapat dihitung capaiannya")
    text += f" ({join_names(details)})" if details else ""
    mean = m.mean_achievement
    text += "." if mean is None else f", dengan rata-rata capaian {pct_text(mean)}."
    return text


def budget_facts(data: LakinData) -> str:
    parts = []
    if data.budget is not None:
        totals = data.budget.totals
        parts.append(
            f"Realisasi anggaran {money_text(totals.spending)} dari {totals.words.ceiling.lower()} "
            f"{money_text(totals.ceiling)} ({pct_text(totals.absorption_pct)})."
        )
    pnbp = data.pnbp.get(data.year)
    if pnbp is not None and pnbp.receipts_total is not None:
        parts.append(
            f"Penerimaan PNBP {money_text(pnbp.receipts_total)} dari target "
            f"{money_text(pnbp.revenue_target)} ({pct_text(pnbp.receipts_pct_of_target)})."
        )
    return " ".join(parts)

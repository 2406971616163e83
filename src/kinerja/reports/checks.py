"""The consistency check: contradictions inside a unit's data for one year.

The seed report contradicts itself (DESIGN §8): a growth printed as 18.33 % where its own
counts give 18.37 %, peer rows labelled "tidak berhasil" at 1,336 %, an initial ceiling
that is not the sum of its sources, a PNBP share printed as 0.02 % that is 2.05 % (the
figures a report printed are kept in ``PrintedFigure``, the dataset's ``printed``). Each
check here is a pure function over plain data (``Decimal`` in, ``Finding`` out, no ORM) so
it can be tested with hand-made inputs; the functions at the bottom
(``consistency_report``) gather the data through the selectors of measurement, budget and
survey and run every check.

A finding names the place (``where``), what the data or an earlier report says
(``found``) and what kinerja computes (``expected``). ``found`` and ``expected`` are
``Decimal`` values already rounded to the places worth showing (a printed realization's
own places, 2 for percentages, 0 for rupiah), or text, or ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kinerja.budget import calc as budget_calc
from kinerja.budget.choices import PnbpCategory
from kinerja.budget.selectors import (
    Amounts,
    BudgetUnavailable,
    PnbpOverview,
    budget_overview,
    efficiency_rows,
    pnbp_overview,
)
from kinerja.core.numbers import format_id, format_pct_id, round_half_up
from kinerja.measurement import calc
from kinerja.measurement.choices import Period
from kinerja.measurement.models import Realization
from kinerja.measurement.selectors import MeasuresUnavailable, unit_measures
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement
from kinerja.survey.selectors import SkmResult, skm_result

__all__ = [
    "ChecksUnavailable",
    "ConsistencyReport",
    "EfficiencyInput",
    "Finding",
    "LabelledMeasure",
    "PrintedComparison",
    "Quantity",
    "ReportedMeasure",
    "Severity",
    "check_achievement_labels",
    "check_as_reported",
    "check_breakdown_sums",
    "check_efficiency_inputs",
    "check_line_links",
    "check_line_sums",
    "check_printed_figures",
    "check_surveys",
    "consistency_report",
    "printed_places",
]

_HUNDRED = Decimal(100)
EFFICIENCY_TOLERANCE = Decimal("0.01")  # percentage points
NOT_ACHIEVED_NOTE = re.compile(r"\btidak\s+(?:tercapai|berhasil)", re.IGNORECASE)

SOURCE_LABELS = {"rupiah_murni": "Rupiah Murni", "pnbp": "PNBP", "phln": "PHLN", "sbsn": "SBSN"}
TYPE_LABELS = {"51": "51 Belanja pegawai", "52": "52 Belanja barang", "53": "53 Belanja modal"}
DIMENSION_LABELS = {"source": "sumber dana", "type": "jenis belanja"}
AMOUNT_LABELS = {"initial_ceiling": "pagu awal", "ceiling": "pagu akhir", "spending": "realisasi"}


class Severity(StrEnum):
    ERROR = "error"  # two figures kinerja holds cannot both be right
    WARNING = "warning"  # worth a look: a slip of rounding, a heuristic, synthetic data


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    where: str
    found: Decimal | str | None
    expected: Decimal | str | None
    message: str


@dataclass(frozen=True)
class Skipped:
    check: str
    reason: str


# --- formatting for messages ---------------------------------------------------------


def printed_places(value: Decimal) -> int:
    """Decimal places a printed figure has, trailing zeros aside (53.300000 → 1, 100 → 0).
    A figure stored from a print loses the print's trailing zeros ("76.80" is kept as
    76.8), so the comparison is at most as strict as the print."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _num(value: Decimal) -> str:
    """Indonesian display with the value's own places: 18,33; 366,60; 1.336,00."""
    exponent = value.as_tuple().exponent
    return format_id(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def _rp(value: Decimal | None) -> str:
    return "–" if value is None else f"Rp {format_id(value)}"


def _pct(value: Decimal) -> str:
    return format_pct_id(value)


def _full(value: Decimal) -> str:
    """Full precision, Indonesian separators, trailing zeros dropped (18,37228)."""
    return _num(round_half_up(value, printed_places(value)))


# --- 1. computed realization vs the figure an earlier report printed -----------------


@dataclass(frozen=True)
class ReportedMeasure:
    """An indicator's year: the realization kinerja holds (computed or typed in), the
    figure an earlier report printed (``as_reported``), and the achievement of each."""

    code: str
    realization: Decimal | None
    as_reported: Decimal | None
    achievement_pct: Decimal | None  # from the realization
    reported_achievement_pct: Decimal | None  # from as_reported, same target and rules


def check_as_reported(measures: Iterable[ReportedMeasure]) -> list[Finding]:
    """A realization differs from its printed figure only when it differs at the places
    the print has (53.333333 printed 53.3 is the same figure; 18.37228 printed 18.33 is
    not). For such an indicator the achievement the report printed is compared as well,
    at 2 places; an achievement that drifts only because the report rounded the
    realization first (53.3 / 30 = 177.67 against 177.78) is not a contradiction."""
    findings = []
    for m in measures:
        if m.as_reported is None or m.realization is None:
            continue
        places = printed_places(m.as_reported)
        printed = round_half_up(m.as_reported, places)
        computed = round_half_up(m.realization, places)
        if printed == computed:
            continue
        findings.append(
            Finding(
                code="realization_as_reported",
                severity=Severity.ERROR,
                where=m.code,
                found=printed,
                expected=computed,
                message=(
                    f"Realisasi tercetak {_num(printed)}, sedangkan perhitungan dari data "
                    f"memberi {_full(m.realization)} (dibulatkan {_num(computed)})."
                ),
            )
        )
        if m.achievement_pct is None or m.reported_achievement_pct is None:
            continue
        printed_pct = round_half_up(m.reported_achievement_pct, 2)
        computed_pct = round_half_up(m.achievement_pct, 2)
        if printed_pct != computed_pct:
            findings.append(
                Finding(
                    code="achievement_as_reported",
                    severity=Severity.ERROR,
                    where=m.code,
                    found=printed_pct,
                    expected=computed_pct,
                    message=(
                        f"Capaian dari realisasi tercetak {_num(printed)} adalah "
                        f"{_pct(printed_pct)}, dari realisasi terhitung {_pct(computed_pct)}."
                    ),
                )
            )
    return findings


# --- 2. "not achieved" labels at an achievement of 100 % or more ---------------------


@dataclass(frozen=True)
class LabelledMeasure:
    unit_code: str
    indicator_code: str
    note: str  # the realization's note, where a report's label ("Tidak berhasil") is kept
    achievement_pct: Decimal | None


def check_achievement_labels(measures: Iterable[LabelledMeasure]) -> list[Finding]:
    """Rows whose note says the target was not achieved ("tidak tercapai", "tidak
    berhasil") while the computed achievement is 100 % or more (seed Tabel 3.29, 3.33:
    BSPJI Pontianak "Tidak berhasil" at 1,336 % and 668 %). A warning: the label is read
    from free text."""
    findings = []
    for m in measures:
        match = NOT_ACHIEVED_NOTE.search(m.note or "")
        if match is None or m.achievement_pct is None or m.achievement_pct < _HUNDRED:
            continue
        pct = round_half_up(m.achievement_pct, 2)
        label = " ".join(match.group(0).split())
        findings.append(
            Finding(
                code="achievement_label",
                severity=Severity.WARNING,
                where=f"{m.unit_code} {m.indicator_code}",
                found=label,
                expected=pct,
                message=(
                    f'Catatan realisasi menyebut "{label}", padahal capaian {_pct(pct)} '
                    "(≥ 100 %: tercapai)."
                ),
            )
        )
    return findings


# --- 3. budget totals ------------------------------------------------------------------


def _money_finding(code: str, where: str, stated: Decimal, computed: Decimal, text: str):
    return Finding(
        code=code,
        severity=Severity.ERROR,
        where=where,
        found=round_half_up(stated, 0),
        expected=round_half_up(computed, 0),
        message=f"{text}; selisih {_rp(abs(stated - computed))}.",
    )


def check_line_sums(
    year: int, stated: Amounts, lines: Amounts | None, budget_document: str = "DIPA"
) -> list[Finding]:
    """The DIPA's stated final ceiling and spending against the sums of its lowest lines
    (``lines`` is ``None`` when no lines are recorded). ``budget_document``: what the unit
    calls its budget (``Unit.words``: DIPA, DPA)."""
    if lines is None:
        return []
    findings = []
    for name, code in (("ceiling", "budget_ceiling_lines"), ("spending", "budget_spending_lines")):
        total, summed = getattr(stated, name), getattr(lines, name)
        if total is None or summed is None or total == summed:
            continue
        label = AMOUNT_LABELS[name]
        findings.append(
            _money_finding(
                code,
                f"{budget_document} {year}: {label}",
                total,
                summed,
                f"{label.capitalize()} tertera {_rp(total)}, jumlah baris {budget_document} "
                f"{_rp(summed)}",
            )
        )
    return findings


def check_breakdown_sums(
    year: int,
    stated: Amounts,
    breakdown: Mapping[str, Amounts],
    dimension: str,
    budget_document: str = "DIPA",
) -> list[Finding]:
    """Ceilings (initial, final) and spending by source of funds or by spending type
    against the DIPA's stated total. An amount is compared only when every part states it
    (the demo prints the spending of PNBP but not of Rupiah Murni: nothing to add up)."""
    if not breakdown:
        return []
    labels = SOURCE_LABELS if dimension == "source" else TYPE_LABELS
    findings = []
    for name in ("initial_ceiling", "ceiling", "spending"):
        total = getattr(stated, name)
        parts = {key: getattr(a, name) for key, a in breakdown.items()}
        if total is None or any(v is None for v in parts.values()):
            continue
        summed = sum(parts.values(), Decimal(0))
        if summed == total:
            continue
        label = AMOUNT_LABELS[name]
        terms = " + ".join(f"{labels.get(k, k)} {_rp(v)}" for k, v in parts.items())
        findings.append(
            _money_finding(
                "budget_breakdown_sum",
                f"{budget_document} {year}: {label} menurut "
                f"{DIMENSION_LABELS.get(dimension, dimension)}",
                total,
                summed,
                f"{label.capitalize()} tertera {_rp(total)}, tetapi jumlah menurut "
                f"{DIMENSION_LABELS.get(dimension, dimension)} ({terms}) {_rp(summed)}",
            )
        )
    return findings


def check_line_links(
    year: int,
    total_ceiling: Decimal | None,
    linked_ceiling: Decimal,
    unlinked_without_reason: list[str],
    linked_twice: list[str],
    budget_document: str = "DIPA",
) -> list[Finding]:
    """The link of lowest lines to indicators (seed Tabel 3.65), which the efficiency
    table sums: lines linked to nothing without a reason, lines linked to several
    indicators (their money counts twice), and linked ceilings that do not add up to the
    total. Warnings: a line may rightly serve no indicator, or two."""
    where = f"{budget_document} {year}: keterkaitan anggaran"
    findings = []
    if unlinked_without_reason:
        findings.append(
            Finding(
                code="budget_lines_unlinked",
                severity=Severity.WARNING,
                where=where,
                found=", ".join(unlinked_without_reason),
                expected=None,
                message=(
                    f"{len(unlinked_without_reason)} baris {budget_document} tidak dikaitkan "
                    "ke indikator "
                    "dan tanpa alasan: " + ", ".join(unlinked_without_reason) + "."
                ),
            )
        )
    if linked_twice:
        findings.append(
            Finding(
                code="budget_lines_linked_twice",
                severity=Severity.WARNING,
                where=where,
                found=", ".join(linked_twice),
                expected=None,
                message=(
                    f"{len(linked_twice)} baris {budget_document} dikaitkan ke lebih dari satu "
                    "indikator; "
                    "pagunya terhitung lebih dari sekali di tabel efisiensi: "
                    + ", ".join(linked_twice)
                    + "."
                ),
            )
        )
    if total_ceiling is not None and linked_ceiling != total_ceiling:
        findings.append(
            Finding(
                code="budget_linked_ceiling",
                severity=Severity.WARNING,
                where=where,
                found=round_half_up(linked_ceiling, 0),
                expected=round_half_up(total_ceiling, 0),
                message=(
                    f"Pagu yang dikaitkan ke indikator {_rp(linked_ceiling)}, pagu akhir "
                    f"{_rp(total_ceiling)}; selisih {_rp(abs(linked_ceiling - total_ceiling))}."
                ),
            )
        )
    return findings


# --- 5. the efficiency table's inputs ---------------------------------------------------


@dataclass(frozen=True)
class EfficiencyInput:
    code: str
    ceiling: Decimal
    spending: Decimal
    target: Decimal | None
    realization: Decimal | None
    as_reported: Decimal | None


def check_efficiency_inputs(rows: Iterable[EfficiencyInput]) -> list[Finding]:
    """The efficiency table (seed Tabel 3.72) uses the realization; a report that typed
    the printed figure instead gets a different efficiency. Flag a difference of 0.01
    percentage points or more (full precision), as a warning."""
    findings = []
    for r in rows:
        if r.as_reported is None or r.realization is None:
            continue
        computed = budget_calc.efficiency(r.ceiling, r.spending, r.target, r.realization, None)
        printed = budget_calc.efficiency(r.ceiling, r.spending, r.target, r.as_reported, None)
        if computed.efficiency_pct is None or printed.efficiency_pct is None:
            continue
        gap = abs(printed.efficiency_pct - computed.efficiency_pct)
        if gap < EFFICIENCY_TOLERANCE:
            continue
        found = round_half_up(printed.efficiency_pct, 2)
        expected = round_half_up(computed.efficiency_pct, 2)
        findings.append(
            Finding(
                code="efficiency_as_reported",
                severity=Severity.WARNING,
                where=r.code,
                found=found,
                expected=expected,
                message=(
                    f"Efisiensi dari realisasi tercetak {_full(r.as_reported)}: {_pct(found)}; "
                    f"dari realisasi terhitung {_full(r.realization)}: {_pct(expected)} "
                    f"(selisih {format_id(gap, 2)} poin persen)."
                ),
            )
        )
    return findings


# --- 6. survey --------------------------------------------------------------------------


def _survey_where(result: SkmResult) -> str:
    return f"SKM {result.year} ({result.service_type or 'semua layanan'})"


def check_surveys(results: Iterable[SkmResult]) -> list[Finding]:
    """Fewer respondents than the Krejcie & Morgan sample for the population, and
    synthetic responses (generated to match published means: the index is the
    publication's, not a measurement)."""
    findings = []
    for r in results:
        where = _survey_where(r)
        if r.required_sample is not None and r.respondents < r.required_sample:
            findings.append(
                Finding(
                    code="survey_sample_too_small",
                    severity=Severity.WARNING,
                    where=where,
                    found=Decimal(r.respondents),
                    expected=Decimal(r.required_sample),
                    message=(
                        f"{format_id(r.respondents)} responden, kurang dari sampel minimum "
                        f"{format_id(r.required_sample)} untuk populasi "
                        f"{format_id(r.population)} (Krejcie & Morgan)."
                    ),
                )
            )
        if r.synthetic:
            findings.append(
                Finding(
                    code="survey_synthetic",
                    severity=Severity.WARNING,
                    where=where,
                    found="synthetic",
                    expected=None,
                    message=(
                        "Jawaban survei bersifat sintetis (responses are synthetic): "
                        "dibangkitkan agar sesuai dengan rata-rata yang diterbitkan."
                    ),
                )
            )
    return findings


# --- check 7: numbers written in narratives ------------------------------------------

# "53,33 %", "177,67%", "30 persen": a figure the narrative states as a percentage.
_PERCENT_IN_TEXT = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*(?:%|persen\b)")


@dataclass(frozen=True)
class NarrativeText:
    code: str  # the indicator the narrative is about
    kind: str
    text: str
    figures: tuple[Decimal, ...]  # what the data says: target, realization, achievement …


def _shown_places(text: str) -> int:
    return len(text.split(",")[1]) if "," in text else 0


def check_narrative_numbers(narratives: Iterable[NarrativeText]) -> list[Finding]:
    """A percentage typed in a narrative that matches none of the indicator's figures at
    the precision it is written with (the seed writes "capaian 213 %" for 177 %)."""
    findings = []
    for n in narratives:
        for match in _PERCENT_IN_TEXT.finditer(n.text):
            written = match.group(1)
            value = Decimal(written.replace(".", "").replace(",", "."))
            places = _shown_places(written)
            known = {round_half_up(f, places) for f in n.figures if f is not None}
            if value not in known:
                shown = ", ".join(
                    sorted({_num(round_half_up(f, 2)) for f in n.figures if f is not None})
                )
                findings.append(
                    Finding(
                        code="narrative_number",
                        severity=Severity.WARNING,
                        where=f"{n.code} narasi ({n.kind})",
                        found=match.group(0),
                        expected=shown,
                        message=f"angka {match.group(0)} di narasi tidak cocok dengan target, "
                        f"realisasi atau capaian indikator ({shown})",
                    )
                )
    return findings


def _narrative_checks(unit: Unit, year: int, measures, skipped: list[Skipped]) -> list[Finding]:
    from kinerja.reports.models import Narrative

    if measures is None:
        return []
    by_code = {m.code: m for m in measures.indicators}
    narratives = Narrative.objects.filter(unit=unit, year=year, indicator__isnull=False)
    texts = []
    for n in narratives.select_related("indicator"):
        m = by_code.get(n.indicator.code)
        if m is None:
            continue
        figures = (
            m.target.value,
            m.target.max_value,
            m.realization,
            m.as_reported,
            m.achievement.pct,
        )
        texts.append(NarrativeText(m.code, n.kind, n.text, figures))
    if not texts:
        skipped.append(Skipped("narrative_numbers", "tidak ada narasi indikator yang tersimpan"))
    return check_narrative_numbers(texts)


# --- 8. figures a report printed (PNBP tables, the efficiency table) -----------------


class Quantity(StrEnum):
    """How a printed figure and kinerja's are shown in a message."""

    PERCENT = "percent"
    MONEY = "money"
    NUMBER = "number"


@dataclass(frozen=True)
class PrintedComparison:
    """A figure a report printed (``PrintedFigure``) and the same figure computed from the
    data, with how it is computed: "85.000.000 dari 4.147.659.000"."""

    where: str  # the report's table: "Tabel 3.69"
    label: str  # the row and figure: "persentase penerimaan Konsultansi 2023"
    printed: Decimal
    expected: Decimal | None  # full precision; None: the data cannot give it
    basis: str  # how kinerja computes ``expected``, in Indonesian
    quantity: Quantity = Quantity.NUMBER


def _shown(value: Decimal, quantity: Quantity, places: int) -> str:
    if quantity == Quantity.MONEY:
        return _rp(value)
    text = format_id(value, places)
    return f"{text} %" if quantity == Quantity.PERCENT else text


def check_printed_figures(rows: Iterable[PrintedComparison]) -> list[Finding]:
    """A printed figure differs from kinerja's only when it differs at the places the print
    has (Pengujian dan Kalibrasi printed 49 % is 49,14 %: no finding; Konsultansi printed
    0,02 % is 2,05 %: a finding). An error: the report and the data kinerja holds cannot
    both be right. A figure the data cannot give (``expected`` is None) is not compared."""
    findings = []
    for r in rows:
        if r.expected is None:
            continue
        places = printed_places(r.printed)
        printed = round_half_up(r.printed, places)
        computed = round_half_up(r.expected, places)
        if printed == computed:
            continue
        if r.quantity == Quantity.PERCENT:
            full = _shown(r.expected, r.quantity, max(2, places))
            extra = ""
        elif r.quantity == Quantity.MONEY:
            full = _rp(r.expected)
            extra = f" (selisih {_rp(abs(r.printed - r.expected))})"
        else:
            full = _full(r.expected)
            shown = _num(computed)
            extra = f" (dibulatkan {shown})" if full != shown else ""
        findings.append(
            Finding(
                code="printed_figure",
                severity=Severity.ERROR,
                where=f"{r.where}: {r.label}",
                found=printed,
                expected=computed,
                message=(
                    f"{r.label[:1].upper()}{r.label[1:]} tercetak "
                    f"{_shown(printed, r.quantity, places)} di {r.where}, sedangkan dari data: "
                    f"{r.basis} = {full}{extra}."
                ),
            )
        )
    return findings


# --- gathering and running -----------------------------------------------------------


class ChecksUnavailable(LookupError):
    """The unit has nothing recorded for the year; the message names the years it has."""


@dataclass(frozen=True)
class ConsistencyReport:
    unit: Unit
    year: int
    findings: list[Finding]
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def _years_with_data(unit: Unit) -> list[int]:
    years = set(unit.agreements.values_list("year", flat=True))
    years |= set(unit.budgets.values_list("year", flat=True))
    years |= set(unit.pnbp_years.values_list("year", flat=True))
    years |= set(unit.surveys.values_list("year", flat=True))
    return sorted(years)


def _year_notes(unit: Unit, year: int) -> dict[str, str]:
    """The notes of the year rows of the indicators in the unit's agreement for ``year``."""
    agreement = Agreement.objects.filter(unit=unit, year=year).first()
    version = agreement.version_in_force() if agreement else None
    if version is None:
        return {}
    rows = Realization.objects.filter(
        indicator__agreement_items__version=version, year=year, period=Period.YEAR
    ).values_list("indicator__code", "note")
    return {code: note for code, note in rows if note}


def _reported_achievement(unit: Unit, year: int, measures) -> dict[str, Decimal | None]:
    """The achievement each printed figure gives, under the plan's rules (cap, formula)."""
    plan = Agreement.objects.select_related("plan_version__plan").get(unit=unit, year=year)
    plan = plan.plan_version.plan
    out = {}
    for m in measures.indicators:
        if m.as_reported is None:
            continue
        out[m.code] = calc.achievement(
            m.target,
            m.as_reported,
            m.polarity,
            cap=plan.achievement_cap,
            lower_formula=plan.lower_is_better_formula,
            previous=m.previous,
            on_scale=m.scale is not None,
        ).pct
    return out


def _labelled(unit: Unit, year: int, measures=None) -> list[LabelledMeasure]:
    notes = _year_notes(unit, year)
    if not notes:
        return []
    measures = measures or unit_measures(unit, year)
    return [
        LabelledMeasure(unit.code, m.code, notes[m.code], m.achievement.pct)
        for m in measures.indicators
        if m.code in notes
    ]


def _peers(unit: Unit, year: int) -> list[Unit]:
    """Sibling units (same parent) with a Perjanjian Kinerja for the year."""
    if unit.parent_id is None:
        return []
    return list(
        Unit.objects.filter(parent_id=unit.parent_id, agreements__year=year)
        .exclude(pk=unit.pk)
        .distinct()
        .order_by("code")
    )


def _peer_labels(unit: Unit, year: int) -> list[LabelledMeasure]:
    out = []
    for peer in _peers(unit, year):
        try:
            out += _labelled(peer, year)
        except MeasuresUnavailable:  # an agreement without a version in force
            continue
    return out


def _measure_checks(unit: Unit, year: int, measures, skipped: list[Skipped]) -> list[Finding]:
    """Checks 1 and 2: the unit's printed figures; labels of the unit and its peers."""
    peers = _peer_labels(unit, year)
    if measures is None:
        reason = f"{unit.code} tidak memiliki Perjanjian Kinerja tahun {year}"
        skipped.append(Skipped("as_reported", reason))
        return check_achievement_labels(peers)
    reported = _reported_achievement(unit, year, measures)
    findings = check_as_reported(
        ReportedMeasure(
            code=m.code,
            realization=m.realization,
            as_reported=m.as_reported,
            achievement_pct=m.achievement.pct,
            reported_achievement_pct=reported.get(m.code),
        )
        for m in measures.indicators
    )
    findings += check_achievement_labels([*_labelled(unit, year, measures), *peers])
    return findings


def _efficiency(unit: Unit, year: int, measures) -> list | str:
    """The efficiency table's rows (read once for checks 5 and 8), or why there are none."""
    if measures is None:
        return f"tidak ada Perjanjian Kinerja tahun {year}"
    try:
        return efficiency_rows(unit, year, measures)
    except BudgetUnavailable:
        return f"tidak ada {unit.words.budget_document} tahun {year}"


def _budget_checks(
    unit: Unit, year: int, measures, efficiency: list | str, skipped: list[Skipped]
) -> list[Finding]:
    """Check 3 (totals) and 5 (the efficiency table's inputs)."""
    try:
        o = budget_overview(unit, year)
    except BudgetUnavailable:
        reason = f"{unit.code} tidak memiliki {unit.words.budget_document} tahun {year}"
        skipped.append(Skipped("budget_totals", reason))
        skipped.append(Skipped("efficiency_inputs", reason))
        return []
    # With lines recorded, ``totals`` holds their sums (the stated figures when no line
    # carries a ceiling, which then compare equal).
    lines = o.totals if o.line_count else None
    dipa = unit.words.budget_document
    findings = check_line_sums(year, o.stated, lines, dipa)
    findings += check_breakdown_sums(year, o.stated, o.by_source, "source", dipa)
    findings += check_breakdown_sums(year, o.stated, o.by_type, "type", dipa)
    if o.line_count:
        findings += check_line_links(
            year,
            o.totals.ceiling,
            o.linked_ceiling,
            o.unlinked_without_reason,
            o.linked_twice,
            dipa,
        )
    if measures is None:
        reason = f"{unit.code} tidak memiliki Perjanjian Kinerja tahun {year}"
        skipped.append(Skipped("efficiency_inputs", reason))
        return findings
    rows = efficiency
    as_reported = {m.code: m.as_reported for m in measures.indicators}
    findings += check_efficiency_inputs(
        EfficiencyInput(
            code=r.indicator_code,
            ceiling=r.ceiling,
            spending=r.spending,
            target=r.target,
            realization=r.realization,
            as_reported=as_reported.get(r.indicator_code),
        )
        for r in rows
    )
    return findings


def _categories_label(categories: list[str]) -> str:
    return " + ".join(str(PnbpCategory(c).label) for c in categories)


def _printed_label(f) -> str:
    """The row and figure, as a reader finds them in the table."""
    from kinerja.reports.models import PrintedFigureKind as K

    return {
        K.PNBP_TOTAL: f"total penerimaan PNBP {f.year}",
        K.PNBP_REALIZATION_PCT: f"persentase realisasi penerimaan PNBP {f.year}",
        K.PNBP_USE_PCT: f"persentase realisasi penggunaan PNBP {f.year}",
        K.PNBP_AMOUNT: f"penerimaan {_categories_label(f.categories)} {f.year}",
        K.PNBP_SHARE: f"persentase penerimaan {_categories_label(f.categories)} {f.year}",
        K.EFFICIENCY_TARGET: f"target {f.indicator_code}",
        K.EFFICIENCY_REALIZATION: f"realisasi {f.indicator_code}",
        K.EFFICIENCY_PCT: f"efisiensi {f.indicator_code}",
        K.EFFICIENCY_MEAN_ACHIEVEMENT_PCT: f"rata-rata capaian kinerja {f.year}",
    }[f.figure]


def _pnbp_expected(f, pnbp: PnbpOverview | None) -> tuple[Decimal | None, str, Quantity] | str:
    """kinerja's figure for a printed PNBP figure, through the budget app's rules; or why
    there is none."""
    from kinerja.reports.models import PrintedFigureKind as K

    if pnbp is None:
        return f"tidak ada data PNBP tahun {f.year}"
    fid = format_id
    if f.figure == K.PNBP_USE_PCT:
        if pnbp.use_pct is None:
            return "pagu atau realisasi penggunaan PNBP tidak tercatat"
        basis = (
            f"realisasi penggunaan {fid(pnbp.use_spending)} dari pagu penggunaan "
            f"{fid(pnbp.use_ceiling)}"
        )
        return pnbp.use_pct, basis, Quantity.PERCENT
    total = pnbp.receipts_total
    if total is None:
        return f"data tidak memuat penerimaan PNBP per jenis layanan tahun {f.year}"
    if f.figure == K.PNBP_TOTAL:
        return total, f"jumlah penerimaan {len(pnbp.receipts)} jenis layanan", Quantity.MONEY
    if f.figure == K.PNBP_REALIZATION_PCT:
        expected = pnbp.receipts_pct_of_target
        if expected is None:
            return "target penerimaan PNBP tidak tercatat"
        basis = f"penerimaan {fid(total)} dari target {fid(pnbp.revenue_target)}"
        return expected, basis, Quantity.PERCENT
    # A category the year does not list received nothing (the table prints "-").
    parts = {c: pnbp.receipts.get(c, Decimal(0)) for c in f.categories}
    part = sum(parts.values(), Decimal(0))
    terms = " + ".join(f"{PnbpCategory(c).label} {fid(v)}" for c, v in parts.items())
    if f.figure == K.PNBP_AMOUNT:
        if len(parts) > 1:
            return part, f"penerimaan {terms}", Quantity.MONEY
        return part, f"penerimaan {_categories_label(f.categories)}", Quantity.MONEY
    expected = budget_calc.pct(part, total)
    if expected is None:
        return "total penerimaan PNBP 0"
    whole = f"({terms})" if len(parts) > 1 else fid(part)
    return expected, f"{whole} dari {fid(total)}", Quantity.PERCENT


def _efficiency_expected(f, rows, measures) -> tuple[Decimal | None, str, Quantity] | str:
    """kinerja's figure for a printed figure of the efficiency table (seed Tabel 3.72)."""
    from kinerja.reports.models import PrintedFigureKind as K

    if measures is None:
        return f"tidak ada Perjanjian Kinerja tahun {f.year}"
    if f.figure == K.EFFICIENCY_MEAN_ACHIEVEMENT_PCT:
        mean = measures.mean_achievement
        if mean is None:
            return "tidak ada capaian yang terhitung"
        counted = sum(1 for m in measures.indicators if m.achievement.pct is not None)
        basis = f"rata-rata capaian {counted} indikator Perjanjian Kinerja {f.year}"
        return mean, basis, Quantity.PERCENT
    if isinstance(rows, str):
        return rows
    row = rows.get(f.indicator_code)
    if row is None:
        return f"{f.indicator_code} tidak ada di Perjanjian Kinerja tahun {f.year}"
    about = f"{row.indicator_code} ({row.indicator_name})"
    if f.figure == K.EFFICIENCY_TARGET:
        if row.target is None:
            return f"{row.indicator_code} tidak memiliki target tahun {f.year}"
        return row.target, f"target {about} di Perjanjian Kinerja {f.year}", Quantity.NUMBER
    if f.figure == K.EFFICIENCY_REALIZATION:
        if row.realization is None:
            return f"{row.indicator_code} belum memiliki realisasi tahun {f.year}"
        return row.realization, f"realisasi {about} tahun {f.year}", Quantity.NUMBER
    result = row.result
    if result.efficiency_pct is None:
        return f"efisiensi {row.indicator_code} tidak terhitung"
    basis = (
        f"IBT {format_id(result.ibt)} (pagu {format_id(row.ceiling)} / target "
        f"{_full(row.target)}), IBR {format_id(result.ibr)} (realisasi anggaran "
        f"{format_id(row.spending)} / realisasi {_full(row.realization)}), (IBT − IBR) / IBT"
    )
    return result.efficiency_pct, basis, Quantity.PERCENT


def _printed_checks(
    unit: Unit, year: int, measures, efficiency: list | str, skipped: list[Skipped]
) -> list[Finding]:
    """Check 8: the figures a report printed (``printed`` in the dataset) against the same
    figures computed from the data. A figure the data cannot give is listed as skipped."""
    from kinerja.reports.models import PNBP_FIGURES, PrintedFigure

    figures = list(PrintedFigure.objects.filter(unit=unit, year=year))
    if not figures:
        reason = f"{unit.code} tidak memiliki angka tercetak (printed) tahun {year}"
        skipped.append(Skipped("printed_figures", reason))
        return []
    pnbp = pnbp_overview(unit, year) if any(f.figure in PNBP_FIGURES for f in figures) else None
    rows = efficiency if isinstance(efficiency, str) else {r.indicator_code: r for r in efficiency}
    comparisons = []
    for f in figures:
        if f.figure in PNBP_FIGURES:
            result = _pnbp_expected(f, pnbp)
        else:
            result = _efficiency_expected(f, rows, measures)
        label = _printed_label(f)
        if isinstance(result, str):
            skipped.append(Skipped("printed_figures", f"{f.where}: {label}: {result}"))
            continue
        expected, basis, quantity = result
        comparisons.append(PrintedComparison(f.where, label, f.value, expected, basis, quantity))
    return check_printed_figures(comparisons)


def _survey_checks(unit: Unit, year: int, skipped: list[Skipped]) -> list[Finding]:
    types = list(unit.surveys.filter(year=year).values_list("service_type", flat=True))
    if not types:
        skipped.append(Skipped("survey", f"{unit.code} tidak memiliki SKM tahun {year}"))
        return []
    results = [skm_result(unit, year, t) for t in types]
    return check_surveys(r for r in results if r is not None)


def consistency_report(unit: Unit, year: int) -> ConsistencyReport:
    """Every check over the unit's year. A part of the data that is missing (no DIPA, no
    survey) skips its checks with a reason; a year with nothing at all is an error."""
    years = _years_with_data(unit)
    if year not in years:
        known = ", ".join(map(str, years)) or "none"
        raise ChecksUnavailable(f"{unit.code} has no data for {year}; years with data: {known}")
    skipped: list[Skipped] = []
    try:
        measures = unit_measures(unit, year)
    except MeasuresUnavailable:
        measures = None
    findings = _measure_checks(unit, year, measures, skipped)
    efficiency = _efficiency(unit, year, measures)
    findings += _budget_checks(unit, year, measures, efficiency, skipped)
    findings += _printed_checks(unit, year, measures, efficiency, skipped)
    findings += _survey_checks(unit, year, skipped)
    findings += _narrative_checks(unit, year, measures, skipped)
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    findings.sort(key=lambda f: order[f.severity])  # stable: check order within a severity
    return ConsistencyReport(unit=unit, year=year, findings=findings, skipped=skipped)

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

from django.utils.translation import gettext as _

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
from kinerja.budget.words import BudgetWords, budget_words
from kinerja.core.numbers import (
    Convention,
    PrintedNumber,
    find_numbers,
    format_id,
    format_pct_id,
    read_number,
    round_half_up,
)
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
TYPE_LABELS = {
    "51": "51 Belanja pegawai",
    "52": "52 Belanja barang",
    "53": "53 Belanja modal",
    "5.1": "5.1 Belanja operasi",
    "5.2": "5.2 Belanja modal",
    "5.3": "5.3 Belanja tidak terduga",
    "5.4": "5.4 Belanja transfer",
}
DIMENSION_LABELS = {"source": "sumber dana", "type": "jenis belanja"}
AMOUNT_LABELS = {"initial_ceiling": "pagu awal", "ceiling": "pagu akhir", "spending": "realisasi"}


def _amount_label(name: str, stated: Amounts) -> str:
    """ "pagu akhir" of a DIPA, "anggaran akhir" of a DPA (the budget's words)."""
    words = stated.words
    return {
        "initial_ceiling": words.initial_ceiling.lower(),
        "ceiling": words.final_ceiling.lower(),
    }.get(name, AMOUNT_LABELS[name])


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
    slip: str | None = None  # printed figures: the review's kind of slip (review.model.Kind)
    source: str = ""  # printed figures: where the hand-made report printed it ("Tabel 3.69")


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


def check_line_sums(year: int, stated: Amounts, lines: Amounts | None) -> list[Finding]:
    """The DIPA's stated final ceiling and spending against the sums of its lowest lines
    (``lines`` is ``None`` when no lines are recorded)."""
    if lines is None:
        return []
    findings = []
    for name, code in (("ceiling", "budget_ceiling_lines"), ("spending", "budget_spending_lines")):
        total, summed = getattr(stated, name), getattr(lines, name)
        if total is None or summed is None or total == summed:
            continue
        label, document = _amount_label(name, stated), stated.words.document
        findings.append(
            _money_finding(
                code,
                f"{document} {year}: {label}",
                total,
                summed,
                f"{label.capitalize()} tertera {_rp(total)}, jumlah baris {document} {_rp(summed)}",
            )
        )
    return findings


def check_breakdown_sums(
    year: int, stated: Amounts, breakdown: Mapping[str, Amounts], dimension: str
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
        label = _amount_label(name, stated)
        terms = " + ".join(f"{labels.get(k, k)} {_rp(v)}" for k, v in parts.items())
        findings.append(
            _money_finding(
                "budget_breakdown_sum",
                f"{stated.words.document} {year}: {label} menurut "
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
    words: BudgetWords | None = None,
) -> list[Finding]:
    """The link of lowest lines to indicators (seed Tabel 3.65), which the efficiency
    table sums: lines linked to nothing without a reason, lines linked to several
    indicators (their money counts twice), and linked ceilings that do not add up to the
    total. Warnings: a line may rightly serve no indicator, or two. ``words``: the
    budget's (a DIPA's when not given)."""
    words = words or budget_words(None)
    document, ceiling = words.document, words.ceiling
    where = f"{document} {year}: keterkaitan anggaran"
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
                    f"{len(unlinked_without_reason)} baris {document} tidak dikaitkan ke indikator "
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
                    f"{len(linked_twice)} baris {document} dikaitkan ke lebih dari satu "
                    f"indikator; {ceiling.lower()}nya terhitung lebih dari sekali di tabel "
                    "efisiensi: " + ", ".join(linked_twice) + "."
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
                    f"{ceiling} yang dikaitkan ke indikator {_rp(linked_ceiling)}, "
                    f"{words.final_ceiling.lower()} {_rp(total_ceiling)}; "
                    f"selisih {_rp(abs(linked_ceiling - total_ceiling))}."
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


@dataclass(frozen=True)
class NarrativeText:
    code: str  # the indicator the narrative is about
    kind: str
    text: str
    figures: tuple[Decimal, ...]  # what the data says: target, realization, achievement …


def check_narrative_numbers(narratives: Iterable[NarrativeText]) -> list[Finding]:
    """A percentage typed in a narrative that matches none of the indicator's figures at
    the precision it is written with (the seed writes "capaian 213 %" for 177 %).

    Percentages are read as Indonesian reports write them (``core.numbers.find_numbers``):
    "105,56 %", dot-decimal "105.56%", "1.667 %" and "1667%", "-33,33%". A figure that is
    an operand of a formula ("Realisasi / Target x 100%", "(50 : 3) x 100%") states
    nothing and is never compared. A figure written with a dot that could be either
    convention ("1.667 %") matches when either reading does."""
    findings = []
    for n in narratives:
        figures = [f for f in n.figures if f is not None]
        for found in find_numbers(n.text):
            number = found.number
            if found.formula or not number.percent:
                continue
            readings = {(number.value, number.places)}
            if number.ambiguous:
                other = read_number(number.text, Convention.EN)
                if other is not None:
                    readings.add((other.value, other.places))
            if any(round_half_up(f, p) == v for v, p in readings for f in figures):
                continue
            shown = ", ".join(sorted({_num(round_half_up(f, 2)) for f in figures}))
            findings.append(
                Finding(
                    code="narrative_number",
                    severity=Severity.WARNING,
                    where=f"{n.code} narasi ({n.kind})",
                    found=number.text,
                    expected=shown,
                    message=f"angka {number.text} di narasi tidak cocok dengan target, "
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
    data, with how it is computed: "85.000.000 dari 4.147.659.000".

    The figure is compared at the places it was printed with (``places``; None: the
    value's own, trailing zeros aside) by the review's rule (``review.arithmetic.agrees``:
    a printed figure stands for every value that rounds to it; an ``exact`` one — an
    amount of money, a target — only for itself). ``accepted`` are other values the print
    may rightly show (an indicator's as-reported realization). When it differs, the
    review's slip classification says why if it can: ``rounded`` are the figure computed
    from rounded intermediates, ``mean_of_rows`` the mean of the percentages the same
    table printed for the parts, ``rows_sum`` the sum of the parts the same table printed
    for a total."""

    where: str  # the report's table: "Tabel 3.69"
    label: str  # the row and figure: "persentase penerimaan Konsultansi 2023"
    printed: Decimal
    expected: Decimal | None  # full precision; None: the data cannot give it
    basis: str  # how kinerja computes ``expected``, in Indonesian
    quantity: Quantity = Quantity.NUMBER
    places: int | None = None
    exact: bool = False
    accepted: tuple[Decimal, ...] = ()
    rounded: tuple[Decimal, ...] = ()
    mean_of_rows: Decimal | None = None
    rows_sum: Decimal | None = None


def _shown(value: Decimal, quantity: Quantity, places: int) -> str:
    if quantity == Quantity.MONEY:
        return _rp(value)
    text = format_id(value, places)
    return f"{text} %" if quantity == Quantity.PERCENT else text


def _printed_slip(r: PrintedComparison, number, exact_figure: bool):
    """The review's kind of slip for a printed figure that does not follow."""
    from kinerja.review.arithmetic import agrees, classify
    from kinerja.review.model import Kind

    if r.rows_sum is not None and not agrees(number, r.rows_sum, exact_figure):
        return Kind.SUM_MISMATCH
    return classify(number, r.expected, r.rounded, r.mean_of_rows)


def check_printed_figures(rows: Iterable[PrintedComparison]) -> list[Finding]:
    """A printed figure differs from kinerja's only when it differs at the places the print
    has (Pengujian dan Kalibrasi printed 49 % is 49,14 %: no finding; Konsultansi printed
    0,02 % is 2,05 %: a finding). An error: the report and the data kinerja holds cannot
    both be right. A figure the data cannot give (``expected`` is None) is not compared.
    The finding's ``slip`` is the review's kind of slip (``wrong`` when none explains it)."""
    from kinerja.review.arithmetic import KIND_TEXT, agrees

    findings = []
    for r in rows:
        if r.expected is None:
            continue
        places = r.places if r.places is not None else printed_places(r.printed)
        number = PrintedNumber(
            value=r.printed, places=places, percent=r.quantity == Quantity.PERCENT
        )
        exact_figure = r.exact or r.quantity == Quantity.MONEY
        if any(agrees(number, v, exact_figure) for v in (r.expected, *r.accepted)):
            continue
        printed = round_half_up(r.printed, places)
        computed = round_half_up(r.expected, places)
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
        slip = _printed_slip(r, number, exact_figure)
        why = KIND_TEXT.get(slip, "")
        if why and slip.value == "sum_mismatch" and r.rows_sum is not None:
            why += f" ({_shown(r.rows_sum, r.quantity, places)})"
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
                    f"{r.basis} = {full}{extra}{'; ' + why if why else ''}."
                ),
                slip=str(slip),
                source=r.where,
            )
        )
    return findings


@dataclass(frozen=True)
class PrintedLabel:
    """A status or a grade a report printed, and kinerja's."""

    where: str
    label: str
    printed: str  # as printed
    printed_key: str | None  # what it states, normalised (a status, a grade letter)
    expected: str  # kinerja's, as a report prints it
    expected_key: str
    basis: str


def check_printed_labels(rows: Iterable[PrintedLabel]) -> list[Finding]:
    """A printed status ("Tercapai") or grade ("B") that states something other than the
    data gives: an error, as for a printed figure."""
    findings = []
    for r in rows:
        if r.printed_key == r.expected_key:
            continue
        findings.append(
            Finding(
                code="printed_figure",
                severity=Severity.ERROR,
                where=f"{r.where}: {r.label}",
                found=r.printed,
                expected=r.expected,
                message=(
                    f'{r.label[:1].upper()}{r.label[1:]} tercetak "{r.printed}" di {r.where}, '
                    f'sedangkan dari data: {r.basis}: "{r.expected}".'
                ),
                source=r.where,
                slip="wrong",
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
    findings = check_line_sums(year, o.stated, lines)
    if not o.by_source_from_lines:  # summed from the lines: check_line_sums covers it
        findings += check_breakdown_sums(year, o.stated, o.by_source, "source")
    findings += check_breakdown_sums(year, o.stated, o.by_type, "type")
    if o.line_count:
        findings += check_line_links(
            year,
            o.totals.ceiling,
            o.linked_ceiling,
            o.unlinked_without_reason,
            o.linked_twice,
            o.words,
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
        K.TARGET: f"target {f.indicator_code} {f.year}",
        K.REALIZATION: f"realisasi {f.indicator_code} {f.year}",
        K.ACHIEVEMENT_PCT: f"capaian {f.indicator_code} {f.year}",
        K.STATUS: f"status capaian {f.indicator_code} {f.year}",
        K.MEAN_ACHIEVEMENT_PCT: f"rata-rata capaian kinerja {f.year}",
        K.BUDGET_INITIAL_CEILING: f"pagu awal {_budget_part(f)} {f.year}",
        K.BUDGET_CEILING: f"pagu akhir {_budget_part(f)} {f.year}",
        K.BUDGET_SPENDING: f"realisasi anggaran {_budget_part(f)} {f.year}",
        K.BUDGET_ABSORPTION_PCT: f"penyerapan anggaran {_budget_part(f)} {f.year}",
        K.SURVEY_INDEX: f"IKM {_survey_part(f)} {f.year}",
        K.SURVEY_GRADE: f"mutu pelayanan {_survey_part(f)} {f.year}",
    }[f.figure]


def _budget_part(f) -> str:
    if f.line_code:
        return f"baris {f.line_code}"
    if f.source:
        from kinerja.budget.choices import Source

        return SOURCE_LABELS.get(f.source) or str(Source(f.source).label)
    if f.spending_type:
        return TYPE_LABELS.get(f.spending_type, f.spending_type)
    return "DIPA"


def _survey_part(f) -> str:
    if not f.service_type:
        return "semua layanan"
    from kinerja.sources.choices import ServiceType

    return str(ServiceType(f.service_type).label)


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


class _PrintedData:
    """What the printed figures of a unit's year are held against, each part read once
    and only when a figure needs it."""

    def __init__(self, unit: Unit, year: int, measures, efficiency, figures) -> None:
        self.unit, self.year, self.measures, self.figures = unit, year, measures, figures
        self.efficiency = (
            efficiency if isinstance(efficiency, str) else {r.indicator_code: r for r in efficiency}
        )
        self._cache: dict[str, object] = {}

    def _once(self, key: str, read):
        if key not in self._cache:
            self._cache[key] = read()
        return self._cache[key]

    @property
    def pnbp(self) -> PnbpOverview | None:
        return self._once("pnbp", lambda: pnbp_overview(self.unit, self.year))

    @property
    def budget(self):
        def read():
            try:
                return budget_overview(self.unit, self.year)
            except BudgetUnavailable:
                return None

        return self._once("budget", read)

    @property
    def lines(self) -> tuple[dict, dict]:
        """(amounts by line code, child codes by line code) of the year's DIPA."""

        def read():
            from kinerja.budget.models import Line

            from .printed import line_amounts

            rows = list(
                Line.objects.filter(budget__unit=self.unit, budget__year=self.year).values_list(
                    "id", "parent_id", "code", "ceiling", "spending"
                )
            )
            codes = {i: code for i, _p, code, _c, _s in rows}
            children: dict[str, list[str]] = {}
            for _i, parent, code, _c, _s in rows:
                if parent is not None:
                    children.setdefault(codes[parent], []).append(code)
            return line_amounts(rows), children

        return self._once("lines", read)

    def survey(self, service_type: str | None) -> SkmResult | None:
        return self._once(
            f"survey:{service_type}", lambda: skm_result(self.unit, self.year, service_type)
        )

    @property
    def plan(self):
        def read():
            agreement = Agreement.objects.select_related("plan_version__plan")
            return agreement.get(unit=self.unit, year=self.year).plan_version.plan

        return self._once("plan", read)

    def achievement(self, m, realization: Decimal) -> Decimal | None:
        plan = self.plan
        return calc.achievement(
            m.target,
            realization,
            m.polarity,
            cap=plan.achievement_cap,
            lower_formula=plan.lower_is_better_formula,
        ).pct

    def printed_beside(self, f, figure: str, **about) -> list:
        """Other figures of ``figure`` the same table printed, filtered by ``about``."""
        return [
            g
            for g in self.figures
            if g.where == f.where
            and g.figure == figure
            and g.pk != f.pk
            and g.value is not None
            and all(getattr(g, k) == v for k, v in about.items())
        ]


def _comparison(f, label: str, expected, basis: str, quantity: Quantity, **more):
    return PrintedComparison(
        _printed_where(f), label, f.value, expected, basis, quantity, places=f.places, **more
    )


def _printed_where(f) -> str:
    return f"{f.where} (hlm. {f.page})" if f.page else f.where


def _measure_printed(f, data: _PrintedData, label: str):
    """An indicator's target, realization, achievement or status, or the mean achievement,
    printed anywhere in a report (seed Tabel 3.1, 3.15 …)."""
    from kinerja.reports.models import PrintedFigureKind as K

    from .narratives import STATUS_LABELS
    from .printed import printed_status

    measures = data.measures
    if measures is None:
        return f"tidak ada Perjanjian Kinerja tahun {f.year}"
    if f.figure == K.MEAN_ACHIEVEMENT_PCT:
        mean = measures.mean_achievement
        if mean is None:
            return "tidak ada capaian yang terhitung"
        pcts = [m.achievement.pct for m in measures.indicators if m.achievement.pct is not None]
        rounded = [sum((round_half_up(p, 2) for p in pcts), Decimal(0)) / len(pcts)]
        beside = data.printed_beside(f, K.ACHIEVEMENT_PCT)
        if len(beside) >= 2:
            rounded.append(sum((g.value for g in beside), Decimal(0)) / len(beside))
        basis = f"rata-rata capaian {len(pcts)} indikator Perjanjian Kinerja {f.year}"
        return _comparison(f, label, mean, basis, Quantity.PERCENT, rounded=tuple(rounded))
    m = next((m for m in measures.indicators if m.code == f.indicator_code), None)
    if m is None:
        return f"{f.indicator_code} tidak ada di Perjanjian Kinerja tahun {f.year}"
    about = f"{m.code} ({m.name})"
    if f.figure == K.TARGET:
        if m.target.value is None:
            return f"{m.code} tidak memiliki target tahun {f.year}"
        basis = f"target {about} di Perjanjian Kinerja {f.year}"
        return _comparison(f, label, m.target.value, basis, Quantity.NUMBER, exact=True)
    if f.figure == K.REALIZATION:
        if m.realization is None:
            return f"{m.code} belum memiliki realisasi tahun {f.year}"
        accepted = () if m.as_reported is None else (m.as_reported,)
        basis = f"realisasi {about} tahun {f.year}"
        return _comparison(f, label, m.realization, basis, Quantity.NUMBER, accepted=accepted)
    if m.achievement.pct is None:
        return f"capaian {m.code} tidak terhitung"
    if f.figure == K.STATUS:
        status = printed_status(f.text)
        expected = STATUS_LABELS[m.achievement.status]
        basis = f"capaian {about} {_pct(round_half_up(m.achievement.pct, 2))}"
        return PrintedLabel(
            _printed_where(f), label, f.text, status, expected, m.achievement.status, basis
        )
    # An achievement computed from a rounded realization: the one the same table prints,
    # or the realization rounded to fewer places.
    inputs = [g.value for g in data.printed_beside(f, K.REALIZATION, indicator_code=m.code)]
    if m.realization is not None:
        inputs += [round_half_up(m.realization, k) for k in range(3)]
    rounded = tuple(pct for r in inputs if (pct := data.achievement(m, r)) is not None)
    realization = m.realization if m.realization is not None else m.as_reported
    basis = f"capaian {about} dari target {_full(m.target.value)} dan realisasi " + (
        _full(realization) if realization is not None else "–"
    )
    return _comparison(f, label, m.achievement.pct, basis, Quantity.PERCENT, rounded=rounded)


_BUDGET_AMOUNT = {
    "budget_initial_ceiling": "initial_ceiling",
    "budget_ceiling": "ceiling",
    "budget_spending": "spending",
}


def _budget_printed(f, data: _PrintedData, label: str):
    """A ceiling, spending or absorption of a DIPA line, a source of funds, a spending type
    or the whole DIPA (seed Tabel 3.64-3.67)."""
    from kinerja.reports.models import PrintedFigureKind as K

    o = data.budget
    if o is None:
        return f"tidak ada DIPA tahun {f.year}"
    if f.line_code:
        amounts, children = data.lines
        if f.line_code not in amounts:
            return f"baris {f.line_code} tidak ada di DIPA {f.year}"
        ceiling, spending = amounts[f.line_code]
        parts = Amounts(ceiling, spending, None)
        part_field, part_keys = "line_code", children.get(f.line_code, [])
    elif f.source or f.spending_type:
        breakdown = o.by_source if f.source else o.by_type
        key = f.source or f.spending_type
        if key not in breakdown:
            return f"DIPA {f.year} tidak merinci {_budget_part(f)}"
        parts = breakdown[key]
        part_field, part_keys = None, []
    else:
        parts = Amounts(o.totals.ceiling, o.totals.spending, o.stated.initial_ceiling)
        part_field, part_keys = None, []
    where = _budget_part(f)
    if f.figure == K.BUDGET_ABSORPTION_PCT:
        expected = budget_calc.pct(parts.spending, parts.ceiling)
        if expected is None:
            return f"pagu atau realisasi {where} tidak tercatat"
        basis = f"realisasi {format_id(parts.spending)} / pagu {format_id(parts.ceiling)} × 100"
        rows = _printed_rows(f, data, part_field, part_keys)
        mean = None
        if len(rows) >= 2:
            mean = sum((g.value for g in rows), Decimal(0)) / len(rows)
        return _comparison(f, label, expected, basis, Quantity.PERCENT, mean_of_rows=mean)
    name = _BUDGET_AMOUNT[f.figure]
    expected = getattr(parts, name)
    if expected is None:
        return f"{AMOUNT_LABELS[name]} {where} tidak tercatat"
    basis = f"{AMOUNT_LABELS[name]} {where} tahun {f.year}"
    if f.line_code and part_keys:
        basis += " (jumlah baris terendahnya)"
    rows = _printed_rows(f, data, part_field, part_keys)
    rows_sum = sum((g.value for g in rows), Decimal(0)) if len(rows) >= 2 else None
    return _comparison(f, label, expected, basis, Quantity.MONEY, rows_sum=rows_sum)


def _printed_rows(f, data: _PrintedData, part_field: str | None, part_keys: list[str]):
    """The parts of a total the same table printed: a line's child lines, or, when the
    table printed fewer than two of them, the nearest level below that it did print (a
    program's sub kegiatan under kegiatan rows without figures); for the whole DIPA, its
    sources of funds, else its spending types, else its lines, whichever the table printed
    (at least two). A source or a type has no printed parts."""
    if part_field == "line_code":
        rows = data.printed_beside(f, f.figure, source="", spending_type="")
        children = data.lines[1]
        keys = list(part_keys)
        while keys:
            found = [g for g in rows if g.line_code in keys]
            if len(found) >= 2:
                return found
            keys = [child for key in keys for child in children.get(key, [])]
        return []
    if f.source or f.spending_type:
        return []
    beside = data.printed_beside(f, f.figure)
    for field_name in ("source", "spending_type"):
        rows = [g for g in beside if getattr(g, field_name)]
        if len(rows) >= 2:
            return rows
    amounts, children = data.lines if any(g.line_code for g in beside) else ({}, {})
    top = set(amounts) - {c for kids in children.values() for c in kids}
    return [g for g in beside if g.line_code in top]


def _survey_printed(f, data: _PrintedData, label: str):
    """The survey index (IKM, 25–100) or the service grade of a service's survey, or of
    the survey of all services (seed Tabel 3.40)."""
    from kinerja.reports.models import PrintedFigureKind as K

    from .printed import printed_grade

    r = data.survey(f.service_type or None)
    if r is None:
        return f"tidak ada SKM {_survey_part(f)} tahun {f.year}"
    if r.converted is None:
        return f"IKM {_survey_part(f)} tahun {f.year} belum terhitung"
    basis = (
        f"rata-rata {len(r.element_means)} unsur SKM {_survey_part(f)} "
        f"({format_id(r.respondents)} responden) × 25"
    )
    if f.figure == K.SURVEY_GRADE:
        expected = f"{r.grade} ({r.grade_label})"
        basis = f"IKM {format_id(r.converted, 2)}"
        return PrintedLabel(
            _printed_where(f), label, f.text, printed_grade(f.text), expected, r.grade, basis
        )
    # The index from element means rounded to 2 or 3 places, or itself rounded first.
    from kinerja.survey import calc as survey_calc

    rounded = []
    for k in (2, 3):
        means = [None if v is None else round_half_up(v, k) for v in r.element_means.values()]
        rounded.append(survey_calc.converted(survey_calc.skm_index(means)))
        rounded.append(survey_calc.converted(round_half_up(r.index, k)))
    rounded = tuple(x for x in rounded if x is not None)
    return _comparison(f, label, r.converted, basis, Quantity.PERCENT, rounded=rounded)


def _printed_checks(
    unit: Unit, year: int, measures, efficiency: list | str, skipped: list[Skipped]
) -> list[Finding]:
    """Check 8: the figures a report printed (``printed`` in the dataset) against the same
    figures computed from the data. A figure the data cannot give is listed as skipped."""
    from kinerja.reports.models import (
        BUDGET_FIGURES,
        EFFICIENCY_FIGURES,
        MEASURE_FIGURES,
        PNBP_FIGURES,
        PrintedFigure,
    )

    figures = list(PrintedFigure.objects.filter(unit=unit, year=year))
    if not figures:
        reason = f"{unit.code} tidak memiliki angka tercetak (printed) tahun {year}"
        skipped.append(Skipped("printed_figures", reason))
        return []
    data = _PrintedData(unit, year, measures, efficiency, figures)
    comparisons, labels = [], []
    for f in figures:
        label = _printed_label(f)
        if f.figure in PNBP_FIGURES:
            result = _pnbp_expected(f, data.pnbp)
        elif f.figure in EFFICIENCY_FIGURES:
            result = _efficiency_expected(f, data.efficiency, measures)
        elif f.figure in MEASURE_FIGURES:
            result = _measure_printed(f, data, label)
        elif f.figure in BUDGET_FIGURES:
            result = _budget_printed(f, data, label)
        else:
            result = _survey_printed(f, data, label)
        if isinstance(result, str):
            skipped.append(Skipped("printed_figures", f"{_printed_where(f)}: {label}: {result}"))
        elif isinstance(result, PrintedLabel):
            labels.append(result)
        elif isinstance(result, PrintedComparison):
            comparisons.append(result)
        else:
            expected, basis, quantity = result
            comparisons.append(_comparison(f, label, expected, basis, quantity))
    return check_printed_figures(comparisons) + check_printed_labels(labels)


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
        known = ", ".join(map(str, years)) or "-"
        raise ChecksUnavailable(
            _("%(unit)s tidak mempunyai data tahun %(year)s; tahun yang berdata: %(known)s")
            % {"unit": unit.code, "year": year, "known": known}
        )
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

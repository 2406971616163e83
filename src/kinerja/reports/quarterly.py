"""The quarterly monitoring report (Laporan Kinerja Triwulan, as entered in e-monitoring)
of one unit's year up to the end of one quarter, built as a ``document.Document``.

Per indicator of the Perjanjian Kinerja in force: the annual target; the target antara of
the quarter from the Rencana Aksi (the highest milestone of the quarter's planned
activities) with the physical progress planned and realized (``QuarterProgress``); the
realization to date — the quarter rows up to this quarter aggregated by the indicator's
rule (``calc.aggregate``), or at the fourth quarter the year's value as ``unit_measures``
reads it (the year row, which is where computed indicators are stored) — and the
achievement to date against the annual target (``calc.achievement``), with a status.
Then the budget: the DIPA records spending per year, so absorption is shown at the fourth
quarter as the year's figures, labelled as such, and only the ceiling before. Last, the
notes written with the quarter's realizations.

Chapters are numbered (BAB I …) and tables numbered per chapter (``number_items``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from kinerja.budget.selectors import BudgetOverview, budget_overview
from kinerja.measurement import calc
from kinerja.measurement.choices import QUARTERS, SEMESTERS, Period
from kinerja.measurement.models import Realization
from kinerja.measurement.selectors import IndicatorMeasure, unit_measures, year_value
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import ActionPlan, AgreementIndicator, Indicator, PlannedActivity

from .document import Column, Document, Kind, Section, Table
from .lakin import (
    budget_breakdown_table,
    content_hash,
    cover_lines,
    date_text,
    decimal_places,
    generated_paragraph,
    optional,
    target_cell,
)
from .narratives import achievement_status_label, join_names, money_text, pct_text
from .perkin import ceiling_table

__all__ = ["CHAPTERS", "QuarterMeasure", "build_quarterly", "quarter_name"]

TITLE = "Laporan Kinerja Triwulan"
CHAPTERS = ("Pendahuluan", "Capaian Kinerja", "Realisasi Anggaran", "Catatan Realisasi")
ROMAN = ("I", "II", "III", "IV")

# Status of an indicator within the year (the fourth quarter uses the LAKIN's labels).
ON_TRACK = "Sesuai rencana aksi"
BEHIND = "Di bawah rencana aksi"
ANNUAL_TARGET_MET = "Target tahunan tercapai"
NOT_REPORTED = "Belum ada realisasi"
IN_PROGRESS = "Dalam pelaksanaan"


def quarter_name(quarter: int) -> str:
    """ "Triwulan II" """
    return str(Period(QUARTERS[quarter - 1]).label)


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)


# ======================================================================================
# Data
# ======================================================================================
@dataclass(frozen=True)
class QuarterMeasure:
    """One agreement indicator up to the end of the quarter."""

    measure: IndicatorMeasure  # the year's measure (agreement target, objective, labels)
    activities: list[PlannedActivity]  # planned for this quarter
    milestone_pct: Decimal | None  # target antara: highest milestone of the quarter
    progress_target: Decimal | None  # % fisik planned at the end of the quarter
    progress_realized: Decimal | None
    realization: Decimal | None  # to date
    achievement: calc.Achievement  # to date, against the annual target
    notes: list[Realization]  # the quarter's rows with a note or evidence
    has_action_plan: bool

    @property
    def code(self) -> str:
        return self.measure.code


@dataclass
class QuarterlyData:
    unit: Unit
    year: int
    quarter: int
    agreement_version: int
    agreement_signed: bool
    measures: list[QuarterMeasure]
    budget: BudgetOverview | None

    @property
    def short_name(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def label(self) -> str:
        return quarter_name(self.quarter)

    @property
    def in_sentence(self) -> str:
        """ "triwulan II" """
        return f"triwulan {ROMAN[self.quarter - 1]}"

    @property
    def end(self) -> dt.date:
        return quarter_end(self.year, self.quarter)


def realization_to_date(rows: list[Realization], aggregation: str, quarter: int):
    """The indicator's value at the end of ``quarter``: its quarter rows up to that quarter
    aggregated by its rule (an indicator reported per semester: its first semester from
    the second quarter on); at the fourth quarter the year's value (the year row when
    there is one, as for computed indicators, else the four quarters or two semesters),
    as ``unit_measures``."""
    if quarter == 4:
        return year_value(rows, aggregation)[0]
    by_period = {row.period: row.value for row in rows}
    values = [by_period.get(p) for p in QUARTERS[:quarter]]
    if all(v is None for v in values):
        values = [by_period.get(p) for p in SEMESTERS[: quarter // 2]]
    return calc.aggregate(values, aggregation)


def _load(unit: Unit, year: int, quarter: int) -> QuarterlyData:
    measures = unit_measures(unit, year)  # MeasuresUnavailable names the years that exist
    items = list(
        AgreementIndicator.objects.filter(
            version__agreement__unit=unit,
            version__agreement__year=year,
            version__number=measures.agreement_version,
        ).select_related("indicator", "version__agreement__plan_version__plan")
    )
    indicators: dict[str, Indicator] = {item.indicator.code: item.indicator for item in items}
    plan = items[0].version.agreement.plan_version.plan if items else None
    rows: dict[int, list[Realization]] = defaultdict(list)
    for row in Realization.objects.filter(indicator__in=indicators.values(), year=year):
        rows[row.indicator_id].append(row)
    plans = {
        p.indicator_id: p
        for p in ActionPlan.objects.filter(
            indicator__in=indicators.values(), year=year
        ).prefetch_related("activities", "progress")
    }
    period = QUARTERS[quarter - 1]
    out = []
    for m in measures.indicators:
        indicator = indicators[m.code]
        action_plan = plans.get(indicator.pk)
        activities, progress = [], None
        if action_plan is not None:
            activities = sorted(
                (a for a in action_plan.activities.all() if a.quarter == quarter),
                key=lambda a: a.code,
            )
            progress = next((p for p in action_plan.progress.all() if p.quarter == quarter), None)
        milestones = [a.milestone_pct for a in activities if a.milestone_pct is not None]
        indicator_rows = rows[indicator.pk]
        value = realization_to_date(indicator_rows, indicator.aggregation, quarter)
        achievement = calc.achievement(
            m.target,
            value,
            m.polarity,
            cap=plan.achievement_cap if plan else None,
            lower_formula=plan.lower_is_better_formula
            if plan
            else calc.LowerFormula.TWO_MINUS_RATIO,
            previous=m.previous,
            on_scale=m.scale is not None,
        )
        out.append(
            QuarterMeasure(
                measure=m,
                activities=activities,
                milestone_pct=max(milestones) if milestones else None,
                progress_target=progress.target_pct if progress else None,
                progress_realized=progress.realized_pct if progress else None,
                realization=value,
                achievement=achievement,
                notes=[
                    r
                    for r in indicator_rows
                    if r.period == period and (r.note.strip() or r.evidence.strip())
                ],
                has_action_plan=action_plan is not None,
            )
        )
    return QuarterlyData(
        unit=unit,
        year=year,
        quarter=quarter,
        agreement_version=measures.agreement_version,
        agreement_signed=measures.agreement_status == AgreementStatus.SIGNED,
        measures=out,
        budget=optional(budget_overview, unit, year),
    )


def status(q: QuarterMeasure, quarter: int) -> str:
    """At the fourth quarter the LAKIN's verdict on the annual target; before it, whether
    the annual target is already met, else whether the physical progress keeps up with the
    Rencana Aksi."""
    if quarter == 4:
        return achievement_status_label(q.achievement.status)
    if q.achievement.status == calc.Status.ACHIEVED:
        return ANNUAL_TARGET_MET
    if q.progress_target is not None and q.progress_realized is not None:
        return ON_TRACK if q.progress_realized >= q.progress_target else BEHIND
    if q.realization is None:
        return NOT_REPORTED
    return IN_PROGRESS


# ======================================================================================
# Chapters
# ======================================================================================
def _introduction(data: QuarterlyData) -> Section:
    chapter = Section(CHAPTERS[0])
    signed = "ditandatangani" if data.agreement_signed else "draf"
    chapter.add(
        generated_paragraph(
            f"Laporan ini memantau pelaksanaan Perjanjian Kinerja {data.short_name} tahun "
            f"{data.year} (versi {data.agreement_version}, {signed}) sampai dengan akhir "
            f"{data.in_sentence} ({date_text(data.end)}): target antara dan kemajuan fisik "
            f"Rencana Aksi, realisasi dan capaian {len(data.measures)} indikator kinerja "
            "terhadap target tahunan, serta penyerapan anggaran."
        )
    )
    return chapter


def _facts(data: QuarterlyData) -> str:
    total = len(data.measures)
    reported = sum(1 for q in data.measures if q.realization is not None)
    achieved = sum(1 for q in data.measures if q.achievement.status == calc.Status.ACHIEVED)
    text = f"Sampai dengan {data.in_sentence} tahun {data.year}, "
    if data.quarter == 4:
        text += f"{achieved} dari {total} indikator mencapai target tahunan"
        mean = calc.mean_achievement(q.achievement for q in data.measures)
        text += "." if mean is None else f", dengan rata-rata capaian {pct_text(mean)}."
        return text
    text += f"{reported} dari {total} indikator telah memiliki realisasi"
    text += f" dan {achieved} telah mencapai target tahunan." if achieved else "."
    tracked = [
        q
        for q in data.measures
        if q.progress_target is not None and q.progress_realized is not None
    ]
    if tracked:
        on_track = sum(1 for q in tracked if q.progress_realized >= q.progress_target)
        text += (
            f" Kemajuan fisik Rencana Aksi {on_track} dari {len(tracked)} indikator yang "
            f"dipantau sesuai atau melampaui target {data.in_sentence}."
        )
        behind = [q.code for q in tracked if q.progress_realized < q.progress_target]
        if behind:
            text += f" Di bawah rencana: {join_names(behind)}."
    return text


def _achievement(data: QuarterlyData) -> Section:
    chapter = Section(f"{CHAPTERS[1]} sampai dengan {data.label} Tahun {data.year}")
    tw = f"TW {ROMAN[data.quarter - 1]}"
    measures = data.measures
    target_places = decimal_places(q.measure.target.value for q in measures)
    value_places = min(2, max(target_places, decimal_places(q.realization for q in measures)))
    progress_places = decimal_places(
        v for q in measures for v in (q.milestone_pct, q.progress_target, q.progress_realized)
    )
    rows = [
        [
            q.code,
            q.measure.name,
            q.measure.unit_label,
            target_cell(q.measure.target, q.measure.scale),
            q.milestone_pct,
            q.progress_target,
            q.progress_realized,
            q.measure.shown(q.realization),
            q.achievement.pct,
            status(q, data.quarter),
        ]
        for q in measures
    ]
    mean = calc.mean_achievement(q.achievement for q in measures)
    chapter.add(
        Table(
            key="quarter-achievement",
            caption=(
                f"Capaian Kinerja {data.short_name} sampai dengan {data.label} Tahun {data.year}"
            ),
            columns=[
                Column("Kode"),
                Column("Indikator Kinerja"),
                Column("Satuan"),
                Column("Target tahunan", Kind.NUMBER, target_places),
                Column(f"Target antara {tw}", Kind.PERCENT, progress_places),
                Column(f"Target fisik {tw}", Kind.PERCENT, progress_places),
                Column(f"Realisasi fisik {tw}", Kind.PERCENT, progress_places),
                Column(f"Realisasi s.d. {tw}", Kind.NUMBER, value_places),
                Column(f"Capaian s.d. {tw}", Kind.PERCENT),
                Column("Status"),
            ],
            rows=rows,
            total=["Rata-rata capaian", None, None, None, None, None, None, None, mean, None]
            if mean is not None
            else None,
            note=(
                "Target antara: target kegiatan tertinggi Rencana Aksi triwulan itu; target dan "
                "realisasi fisik: kemajuan kumulatif sampai akhir triwulan. Realisasi s.d. "
                + (
                    "TW IV: nilai tahunan. "
                    if data.quarter == 4
                    else "triwulan: realisasi triwulan diagregasi menurut aturan indikator. "
                )
                + "Capaian terhadap target tahunan."
            ),
        )
    )
    chapter.add(generated_paragraph(_facts(data)))
    missing = [q.code for q in measures if not q.has_action_plan]
    if missing:
        chapter.add(generated_paragraph(f"Indikator tanpa Rencana Aksi: {join_names(missing)}."))
    planned = [q for q in measures if q.activities]
    if planned:
        chapter.add(
            Table(
                key="quarter-activities",
                caption=f"Rencana Aksi {data.label} Tahun {data.year}",
                columns=[
                    Column("Kode"),
                    Column("Indikator Kinerja"),
                    Column("Rencana kegiatan"),
                    Column("Target antara", Kind.PERCENT, progress_places),
                ],
                rows=[
                    [
                        q.code,
                        q.measure.name,
                        "\n".join(f"{a.code} {a.description}" for a in q.activities),
                        q.milestone_pct,
                    ]
                    for q in planned
                ],
            )
        )
    return chapter


def _budget(data: QuarterlyData) -> Section:
    chapter = Section(CHAPTERS[2])
    budget = data.budget
    dipa = data.unit.words.budget_document
    if budget is None:
        chapter.add(generated_paragraph(f"Data {dipa} tahun {data.year} belum tersedia."))
        return chapter
    totals, w = budget.totals, budget.words
    if data.quarter == 4:
        chapter.add(
            generated_paragraph(
                "Realisasi anggaran dicatat per tahun. Sampai dengan akhir triwulan IV "
                f"({date_text(data.end)}) realisasi anggaran tahun {data.year} "
                f"{money_text(totals.spending)} dari {w.ceiling.lower()} "
                f"{money_text(totals.ceiling)} "
                f"({pct_text(totals.absorption_pct)})."
            )
        )
        table = budget_breakdown_table(budget, "source", data.year)
        table.key = "budget-year"
        table.caption = f"Realisasi Anggaran Tahun {data.year} menurut Sumber Dana (data tahunan)"
        table.note = f"Realisasi tahunan {data.year}; realisasi per triwulan tidak dicatat."
        chapter.add(table)
        return chapter
    chapter.add(
        generated_paragraph(
            f"{w.document_ceiling} {data.short_name} tahun {data.year} "
            f"{money_text(totals.ceiling)}. Realisasi belanja per triwulan tidak dicatat di "
            f"kinerja ({w.document} memuat realisasi tahunan), sehingga penyerapan anggaran "
            f"sampai dengan {data.in_sentence} belum dapat disajikan; realisasi tahunan "
            "disajikan pada laporan triwulan IV."
        )
    )
    chapter.add(
        ceiling_table(
            budget,
            "budget-ceiling",
            f"{w.document_ceiling} Tahun {data.year} menurut Sumber Dana",
            note=f"{w.final_ceiling} {w.document}; realisasi per triwulan tidak dicatat.",
        )
    )
    return chapter


def _notes(data: QuarterlyData) -> Section:
    chapter = Section(CHAPTERS[3])
    rows = [
        [
            q.code,
            q.measure.name,
            q.measure.shown(r.value),
            r.note.strip() or None,
            r.evidence.strip() or None,
        ]
        for q in data.measures
        for r in q.notes
    ]
    if not rows:
        chapter.add(
            generated_paragraph(f"Tidak ada catatan realisasi {data.in_sentence} yang tercatat.")
        )
        return chapter
    chapter.add(
        Table(
            key="quarter-notes",
            caption=f"Catatan Realisasi {data.label} Tahun {data.year}",
            columns=[
                Column("Kode"),
                Column("Indikator Kinerja"),
                Column(
                    f"Realisasi {data.in_sentence}", Kind.NUMBER, decimal_places(r[2] for r in rows)
                ),
                Column("Catatan"),
                Column("Bukti dukung"),
            ],
            rows=rows,
        )
    )
    return chapter


# ======================================================================================
# The document
# ======================================================================================
def build_quarterly(
    unit: Unit, year: int, quarter: int, *, today: dt.date | None = None
) -> Document:
    """The monitoring report of ``unit`` up to the end of ``quarter`` (1–4) of ``year``
    (``MeasuresUnavailable`` when the unit has no Perjanjian Kinerja for that year)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1 to 4, got {quarter}")
    with translation.override("id"):
        data = _load(unit, year, quarter)
        doc = Document(
            title=f"{TITLE} {ROMAN[quarter - 1]}",
            unit_name=unit.name,
            year=year,
            cover_lines=cover_lines(data),
            generated_on=today or dt.date.today(),
            language="id",
        )
        doc.sections = [_introduction(data), _achievement(data), _budget(data), _notes(data)]
    doc.number_items()
    doc.data_hash = content_hash(doc)
    return doc

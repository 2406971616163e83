"""The LAKIN (Laporan Akuntabilitas Kinerja, PermenPANRB 53/2014) of one unit's year,
built as a ``document.Document`` that the DOCX, PDF and XLSX renderers turn into files.

The chapters follow the hand-made LAKIN of the demo (DESIGN §7): foreword, executive
summary, BAB I introduction, BAB II planning and agreement, BAB III accountability (every
indicator with its detail, history, Renstra and peer comparison; Renstra achievement;
financial accountability and efficiency), BAB IV conclusion, annex.

Everything is read once by ``_load`` through the selectors and a few prefetching
querysets — a fixed number of queries whatever the number of indicators, plus one
``unit_measures`` per peer unit — and every number goes into the tables as ``Decimal`` or
``int`` with a column kind: formatting is the renderers' job (``document.cell_text``), so a
figure reads the same in every format. Sentences are written from the same numbers
(``narratives``); the unit's stored narratives are used as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from babel.dates import format_date
from django.db.models import Q
from django.utils import translation

from kinerja.budget.choices import PnbpCategory, Source, SpendingType
from kinerja.budget.selectors import (
    BudgetOverview,
    BudgetUnavailable,
    EfficiencyRow,
    PnbpOverview,
    budget_overview,
    efficiency_rows,
    pnbp_overview,
)
from kinerja.core.numbers import format_id, round_half_up, to_decimal
from kinerja.measurement import calc
from kinerja.measurement.choices import Period
from kinerja.measurement.models import Realization
from kinerja.measurement.selectors import (
    IndicatorMeasure,
    MeasuresUnavailable,
    UnitMeasures,
    unit_measures,
    year_value,
)
from kinerja.org.choices import ServiceCategory, StatementKind
from kinerja.org.models import StaffBreakdown, Unit, UnitProfile
from kinerja.planning.choices import AgreementStatus, Method, Perspective, Polarity
from kinerja.planning.models import (
    ActionPlan,
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Goal,
    Indicator,
    Objective,
    PlanVersion,
)
from kinerja.sources.calc import GRADERS
from kinerja.sources.choices import Direction, RecommendationKind, ScoreKind, ServiceType
from kinerja.sources.models import ExternalScore, Facilitation
from kinerja.survey.choices import Element, Grade

from . import charts
from .document import Block, Column, Document, Figure, Kind, Paragraph, Section, Table, walk
from .models import NarrativeKind
from .narratives import (
    StoredNarratives,
    achievement_status_label,
    efficiency_sentence,
    indicator_sentence,
    join_names,
    measure_text,
    money_text,
    narrative_text,
    pct_text,
    satuan,
    stored_narratives,
)
from .terbilang import terbilang

__all__ = ["CHAPTERS", "build_lakin"]

TITLE = "Laporan Akuntabilitas Kinerja"
CHAPTERS = (
    "Kata Pengantar",
    "Ikhtisar Eksekutif",
    "Pendahuluan",
    "Perencanaan dan Perjanjian Kinerja",
    "Akuntabilitas Kinerja",
    "Penutup",
    "Lampiran",
)
HISTORY_YEARS = 5  # realizations compared with the four years before (seed Tabel 3.6 …)
QUARTER_LABELS = ("TW I", "TW II", "TW III", "TW IV")
NA = "N/A"  # an N/A target (Renstra "N/A"), different from no target at all (None → "–")

# Per-indicator narrative slots in the order of the seed's analysis (items 3–7).
INDICATOR_NARRATIVES = (
    NarrativeKind.SUCCESS_CAUSES,
    NarrativeKind.FAILURE_CAUSES,
    NarrativeKind.EFFICIENCY,
    NarrativeKind.SUPPORTING_PROGRAMS,
    NarrativeKind.OBSTACLES,
    NarrativeKind.RECOMMENDATIONS,
)
SCORED_METHODS = {Method.EXTERNAL_SCORE, Method.WEIGHTED_INDEX, Method.SUM_OF_COMPONENTS}


# ======================================================================================
# Data: everything the report needs, read once
# ======================================================================================
@dataclass(frozen=True)
class HistoryPoint:
    """One year of one indicator: its realization and the targets known for that year."""

    year: int
    value: Decimal | None
    agreement_target: calc.TargetValue | None  # the Perjanjian Kinerja of that year
    plan_target: calc.TargetValue | None  # the Renstra (version of this report's agreement)
    reference_target: calc.TargetValue | None  # typed with a realization outside the plan

    @property
    def target(self) -> calc.TargetValue | None:
        return self.agreement_target or self.plan_target or self.reference_target


@dataclass
class LakinData:
    unit: Unit
    year: int
    measures: UnitMeasures
    agreement: Agreement
    version: AgreementVersion  # in force
    plan_version: PlanVersion
    items: list[AgreementIndicator]
    indicators: dict[str, Indicator]  # agreement indicators by code
    goals: list[Goal]
    objectives: list[Objective]
    plan_indicators: list[Indicator]
    history: dict[str, dict[int, HistoryPoint]]
    action_plans: dict[str, ActionPlan]
    budget: BudgetOverview | None
    efficiency: list[EfficiencyRow]
    pnbp: dict[int, PnbpOverview]
    stored: StoredNarratives
    peers: list[UnitMeasures]
    scores: dict[str, list[ExternalScore]]  # this year's published scores by kind
    facilitations: dict[tuple[str, str], Facilitation]
    profile: UnitProfile | None = None  # BAB I; None when the unit recorded none this year
    measure_by_code: dict[str, IndicatorMeasure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.measure_by_code = {m.code: m for m in self.measures.indicators}

    @property
    def plan(self):
        return self.plan_version.plan

    @property
    def short_name(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def history_years(self) -> range:
        return range(self.year - HISTORY_YEARS + 1, self.year + 1)

    def achievement(self, target: calc.TargetValue | None, value, polarity) -> calc.Achievement:
        return calc.achievement(
            target,
            value,
            polarity,
            cap=self.plan.achievement_cap,
            lower_formula=self.plan.lower_is_better_formula,
        )


def _load(unit: Unit, year: int) -> LakinData:
    measures = unit_measures(unit, year)  # raises MeasuresUnavailable with a clear message
    agreement = (
        Agreement.objects.filter(unit=unit, year=year)
        .select_related("plan_version__plan")
        .prefetch_related("versions")
        .get()
    )
    version = agreement.version_in_force()
    plan_version = agreement.plan_version
    items = list(
        version.items.select_related("indicator__objective__goal", "indicator__goal").order_by(
            "position"
        )
    )
    objectives = list(
        plan_version.objectives.select_related("goal").prefetch_related("alignments__unit")
    )
    plan_indicators = list(
        plan_version.indicators.select_related("objective", "goal").prefetch_related(
            "targets", "alignments__unit"
        )
    )
    # The agreement's indicators with their targets and alignments prefetched.
    in_plan = {i.pk: i for i in plan_indicators}
    indicators = {
        item.indicator.code: in_plan.get(item.indicator_id, item.indicator) for item in items
    }
    return LakinData(
        unit=unit,
        year=year,
        measures=measures,
        agreement=agreement,
        version=version,
        plan_version=plan_version,
        items=items,
        indicators=indicators,
        goals=list(plan_version.goals.all()),
        objectives=objectives,
        plan_indicators=plan_indicators,
        history=_load_history(unit, year, plan_version, plan_indicators, indicators, measures),
        action_plans={
            plan.indicator.code: plan
            for plan in ActionPlan.objects.filter(indicator__in=indicators.values(), year=year)
            .select_related("indicator")
            .prefetch_related("activities", "progress")
        },
        budget=_optional(budget_overview, unit, year),
        efficiency=_optional(efficiency_rows, unit, year) or [],
        pnbp={
            y: overview
            for y in range(year - HISTORY_YEARS + 1, year + 1)
            if (overview := pnbp_overview(unit, y)) is not None
        },
        stored=stored_narratives(unit, year),
        peers=_peer_measures(unit, year),
        scores=_scores(unit, year, indicators.values()),
        facilitations={
            (f.kind, f.company): f for f in Facilitation.objects.filter(unit=unit, year=year)
        },
        profile=UnitProfile.objects.for_report(unit, year),
    )


def _optional(selector, unit, year):
    try:
        return selector(unit, year)
    except BudgetUnavailable:
        return None


def _target_value(value, max_value=None) -> calc.TargetValue:
    return calc.TargetValue(value, max_value)


def _load_history(unit, year, plan_version, plan_indicators, indicators, measures):
    """Realizations and targets of the agreement's indicators over the last five years.

    Earlier years may be recorded on the indicator of an earlier plan version with the same
    code (a Renstra revision copies the structure), so rows are matched by plan and code;
    the report's own version wins where both exist. Targets: that year's Perjanjian Kinerja
    where there was one, else the Renstra target, else the target typed with the
    realization (years before the plan period)."""
    codes = list(indicators)
    first = year - HISTORY_YEARS + 1
    rows: dict[tuple[str, int], dict[int, list[Realization]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in Realization.objects.filter(
        indicator__version__plan=plan_version.plan,
        indicator__code__in=codes,
        year__gte=first,
        year__lte=year,
    ).select_related("indicator__version"):
        rows[(row.indicator.code, row.year)][row.indicator.version.number].append(row)

    agreement_targets = _agreement_targets(unit, first, year)
    plan_targets = {
        (indicator.code, t.year): _target_value(t.value, t.max_value)
        for indicator in plan_indicators
        for t in indicator.targets.all()
    }
    measure_by_code = {m.code: m for m in measures.indicators}
    history: dict[str, dict[int, HistoryPoint]] = {}
    for code, indicator in indicators.items():
        points = {}
        for y in range(first, year + 1):
            by_version = rows.get((code, y), {})
            chosen = by_version.get(plan_version.number) or (
                by_version[max(by_version)] if by_version else []
            )
            if y == year:
                value = measure_by_code[code].realization
            else:
                value = year_value(chosen, indicator.aggregation)[0] if chosen else None
            year_row = next((r for r in chosen if r.period == Period.YEAR), None)
            reference = (
                _target_value(year_row.reference_target)
                if year_row is not None and year_row.reference_target is not None
                else None
            )
            agreement_target = agreement_targets.get((code, y))
            if y == year:
                agreement_target = measure_by_code[code].target
            points[y] = HistoryPoint(
                y, value, agreement_target, plan_targets.get((code, y)), reference
            )
        history[code] = points
    return history


def _agreement_targets(unit, first, last) -> dict[tuple[str, int], calc.TargetValue]:
    """Targets of the unit's earlier agreements (version in force: highest signed, else
    highest draft — the rule of ``Agreement.version_in_force``), in one query."""
    versions: dict[int, dict[int, tuple[bool, list]]] = defaultdict(dict)
    for item in AgreementIndicator.objects.filter(
        version__agreement__unit=unit,
        version__agreement__year__gte=first,
        version__agreement__year__lt=last,
    ).select_related("version__agreement", "indicator"):
        v = item.version
        entry = versions[v.agreement.year].setdefault(
            v.number, (v.status == AgreementStatus.SIGNED, [])
        )
        entry[1].append(item)
    out = {}
    for y, by_number in versions.items():
        signed = [n for n, (is_signed, _) in by_number.items() if is_signed]
        number = max(signed) if signed else max(by_number)
        for item in by_number[number][1]:
            out[(item.indicator.code, y)] = _target_value(item.target, item.target_max)
    return out


def _peer_measures(unit: Unit, year: int) -> list[UnitMeasures]:
    """The year's measures of the unit's siblings that have a Perjanjian Kinerja."""
    if unit.parent_id is None:
        return []
    peers = []
    for agreement in (
        Agreement.objects.filter(unit__parent_id=unit.parent_id, year=year)
        .exclude(unit=unit)
        .select_related("unit")
        .order_by("unit__code")
    ):
        try:
            peers.append(unit_measures(agreement.unit, year))
        except MeasuresUnavailable:
            continue
    return peers


def _scores(unit: Unit, year: int, indicators: Iterable[Indicator]) -> dict:
    """Published scores of the year for the unit and its siblings (rankings), and the
    unit's SMART DJA score, in one query."""
    kinds = {
        ind.method_params.get("score")
        for ind in indicators
        if ind.method in SCORED_METHODS and ind.method_params
    }
    kinds.discard(None)
    kinds.add(ScoreKind.SMART_DJA)
    scope = Q(unit=unit)
    if unit.parent_id is not None:
        scope |= Q(unit__parent_id=unit.parent_id)
    out: dict[str, list[ExternalScore]] = defaultdict(list)
    for score in ExternalScore.objects.filter(scope, year=year, kind__in=kinds).select_related(
        "unit"
    ):
        out[score.kind].append(score)
    return out


# ======================================================================================
# Small helpers: columns, values, labels
# ======================================================================================
def _dec(value) -> Decimal | None:
    """Provenance numbers are decimal strings (JSON); tables want Decimal."""
    if value is None or value == "":
        return None
    return to_decimal(value) if not isinstance(value, Decimal) else value


def _places(values: Iterable) -> int:
    """Decimals a column of measures needs (0–2): counts print as 7, indices as 3,69."""
    places = 0
    for value in values:
        if value is None or isinstance(value, str):
            continue
        exponent = round_half_up(Decimal(value), 2).normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    return places


def _target_cell(target: calc.TargetValue | None):
    """Target as a table cell: the number, "N/A" for an N/A target, None when there is no
    target at all (shown "–")."""
    if target is None:
        return None
    if target.value is None:
        return NA
    return target.value


def _target_values(targets: Iterable[calc.TargetValue | None]) -> list:
    return [t.value for t in targets if t is not None and t.value is not None]


def _pct(achievement: calc.Achievement) -> Decimal | None:
    return achievement.pct


def _date(value: dt.date | None) -> str | None:
    return None if value is None else format_date(value, format="d MMMM y", locale="id")


def _unit_label(unit: Unit) -> str:
    return unit.short_name or unit.name


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers, Decimal(0)) / len(numbers) if numbers else None


def _key(code: str, suffix: str) -> str:
    """A stable table key from an indicator code: "SK1.1", "history" → "sk1-1-history"."""
    return f"{code.lower().replace('.', '-')}-{suffix}"


def _generated(text: str) -> Paragraph:
    return Paragraph(text, style="generated")


def _narrative_paragraph(text: str, is_generated: bool) -> Paragraph:
    return Paragraph(text, style="generated" if is_generated else "body")


def _figure(key: str, caption: str, image: charts.ChartImage) -> Figure:
    svg, png = image
    return Figure(key=key, caption=caption, svg=svg, png=png)


def _ordered_measures(data: LakinData) -> list[tuple[str, list[IndicatorMeasure]]]:
    """Agreement indicators grouped by objective (or goal), in agreement order."""
    groups: dict[str, list[IndicatorMeasure]] = {}
    for measure in data.measures.indicators:
        groups.setdefault(measure.objective_code, []).append(measure)
    return list(groups.items())


# ======================================================================================
# Cover, foreword, executive summary
# ======================================================================================
def _cover_lines(data: LakinData) -> list[str]:
    lines = [data.unit.name]
    parent = data.unit.parent
    while parent is not None:
        lines.append(parent.name)
        parent = parent.parent
    lines.append(f"Tahun {data.year}")
    return lines


def _foreword(data: LakinData) -> Section:
    section = Section("Kata Pengantar", numbered=False)
    text, generated = narrative_text(
        data.unit,
        data.year,
        NarrativeKind.FOREWORD,
        generated=lambda: (
            f"Laporan Akuntabilitas Kinerja (LAKIN) {data.unit.name} Tahun {data.year} "
            "disusun sebagai pertanggungjawaban atas pelaksanaan Perjanjian Kinerja tahun "
            f"{data.year}, sesuai Peraturan Menteri PANRB Nomor 53 Tahun 2014. Laporan ini "
            f"memuat perencanaan kinerja, pengukuran dan analisis capaian "
            f"{len(data.measures.indicators)} indikator kinerja, serta akuntabilitas "
            "keuangan. Seluruh angka dalam laporan ini dihitung dari data yang tercatat."
        ),
        stored=data.stored,
    )
    section.add(_narrative_paragraph(text, generated))
    return section


def _achievement_facts(data: LakinData) -> str:
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


def _budget_facts(data: LakinData) -> str:
    parts = []
    if data.budget is not None:
        totals = data.budget.totals
        parts.append(
            f"Realisasi anggaran {money_text(totals.spending)} dari pagu "
            f"{money_text(totals.ceiling)} ({pct_text(totals.absorption_pct)})."
        )
    pnbp = data.pnbp.get(data.year)
    if pnbp is not None and pnbp.receipts_total is not None:
        parts.append(
            f"Penerimaan PNBP {money_text(pnbp.receipts_total)} dari target "
            f"{money_text(pnbp.revenue_target)} ({pct_text(pnbp.receipts_pct_of_target)})."
        )
    return " ".join(parts)


def _summary(data: LakinData) -> Section:
    section = Section("Ikhtisar Eksekutif", numbered=False)
    section.add(_generated(_achievement_facts(data)))
    if facts := _budget_facts(data):
        section.add(_generated(facts))
    missed = [m for m in data.measures.indicators if m.achievement.status != calc.Status.ACHIEVED]
    if missed:
        section.add(
            _generated(
                "Indikator yang belum mencapai target atau belum dapat dihitung: "
                + join_names(f"{m.code} {m.name}" for m in missed)
                + "."
            )
        )
    text, generated = narrative_text(
        data.unit, data.year, NarrativeKind.SUMMARY, stored=data.stored
    )
    if text:
        section.add(_narrative_paragraph(text, generated))
    return section


# ======================================================================================
# BAB I Pendahuluan
# ======================================================================================
def _chapter_introduction(data: LakinData) -> Section:
    chapter = Section("Pendahuluan")
    unit = data.unit
    parents = []
    parent = unit.parent
    while parent is not None:
        parents.append(parent.name)
        parent = parent.parent
    position = f" yang berada di bawah {join_names(parents[:1])}" if parents else ""
    if len(parents) > 1:
        position += f", {parents[1]}"
    profile = chapter.add(Section("Profil Unit Kerja"))
    profile.add(
        _generated(
            f"{unit.name} ({data.short_name}) adalah unit kerja{position}. Laporan ini "
            f"mempertanggungjawabkan Perjanjian Kinerja tahun {data.year} yang disusun "
            f"berdasarkan {data.plan.name}."
        )
    )
    if data.profile is None:
        profile.add(
            _generated(
                "Data profil unit kerja (tugas dan fungsi, struktur organisasi, sumber daya "
                "manusia, sarana dan layanan) belum dicatat di kinerja sehingga tidak diuraikan "
                "dalam laporan ini."
            )
        )
    version = data.plan_version
    signed = "ditandatangani" if data.version.is_signed else "draf"
    profile.add(
        Table(
            key="unit-profile",
            caption="Data Unit Kerja",
            columns=[Column("Uraian"), Column("Keterangan")],
            rows=[
                ["Nama unit kerja", unit.name],
                ["Nama singkat", data.short_name],
                ["Unit induk", ", ".join(parents) if parents else "–"],
                ["Rencana Strategis", data.plan.name],
                [
                    "Versi Renstra yang berlaku",
                    f"Versi {version.number}" + (f": {version.title}" if version.title else ""),
                ],
                ["Dasar hukum Renstra", version.legal_basis or "–"],
                [
                    f"Perjanjian Kinerja {data.year}",
                    f"Versi {data.version.number} ({signed})",
                ],
                ["Jumlah indikator kinerja", str(len(data.measures.indicators))],
            ],
        )
    )
    if data.profile is not None:
        chapter.add(_tasks_and_functions(data, data.profile))
        chapter.add(_services(data, data.profile))
        chapter.add(_organisation(data, data.profile))
        chapter.add(_staff(data, data.profile))
    outline = chapter.add(Section("Sistematika Laporan"))
    contents = (
        "profil unit kerja: tugas dan fungsi, layanan, struktur organisasi dan sumber daya manusia"
        if data.profile is not None
        else "data unit kerja"
    )
    outline.add(
        _generated(
            f"Bab I memuat {contents}. Bab II menguraikan Rencana Strategis, Perjanjian "
            f"Kinerja, rencana anggaran dan Rencana Aksi tahun {data.year}. Bab III menyajikan "
            "pengukuran dan analisis capaian setiap indikator kinerja serta akuntabilitas "
            "keuangan. Bab IV berisi kesimpulan."
        )
    )
    return chapter


def _numbered(texts: Iterable[str]) -> list[Paragraph]:
    """A numbered list as the unit wrote it, one paragraph per item."""
    return [Paragraph(f"{i}. {text}") for i, text in enumerate(texts, start=1)]


def _not_recorded(what: str, year: int) -> Paragraph:
    return _generated(f"{what} tahun {year} belum dicatat di kinerja.")


def _tasks_and_functions(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Tugas dan Fungsi")
    legal_basis = [s.text for s in profile.statements_of(StatementKind.LEGAL_BASIS)]
    if legal_basis:
        section.add(_generated(f"Dasar hukum pembentukan dan organisasi {data.short_name}:"))
        section.blocks.extend(_numbered(legal_basis))
    if profile.tasks:
        section.add(Paragraph(profile.tasks))
    functions = [s.text for s in profile.statements_of(StatementKind.FUNCTION)]
    if functions:
        section.add(
            _generated(f"Dalam melaksanakan tugasnya, {data.short_name} menyelenggarakan fungsi:")
        )
        section.blocks.extend(_numbered(functions))
    if not (profile.tasks or functions):
        section.add(_not_recorded("Tugas dan fungsi unit kerja", data.year))
    mission = [s.text for s in profile.statements_of(StatementKind.MISSION)]
    if profile.vision or mission:
        vision_mission = section.add(Section("Visi dan Misi"))
        if profile.vision:
            vision_mission.add(Paragraph(f"Visi: {profile.vision}"))
        if mission:
            vision_mission.add(_generated("Misi:"))
            vision_mission.blocks.extend(_numbered(mission))
    return section


def _validity(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"berlaku {_date(start)} s.d. {_date(end)}"
    if end:
        return f"berlaku hingga {_date(end)}"
    return f"berlaku sejak {_date(start)}" if start else ""


def _services(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Peran Strategis dan Layanan")
    roles = [s.text for s in profile.statements_of(StatementKind.STRATEGIC_ROLE)]
    if roles:
        section.add(_generated(f"Peran strategis {data.short_name}:"))
        section.blocks.extend(_numbered(roles))
    services = list(profile.services.all())
    if services:
        rows = []
        for s in services:
            recognition = "; ".join(
                part
                for part in (
                    s.accreditation,
                    s.accreditation_body,
                    _validity(s.valid_from, s.valid_until),
                )
                if part
            )
            rows.append(
                [
                    s.name,
                    _label(ServiceCategory, s.category),
                    s.description or None,
                    recognition or None,
                ]
            )
        accredited = sum(1 for s in services if s.accreditation)
        section.add(
            _generated(
                f"{data.short_name} mencatat {len(services)} layanan dan sarana, "
                f"{accredited} di antaranya dengan akreditasi, registrasi atau penunjukan."
            )
        )
        section.add(
            Table(
                key="profile-services",
                caption=f"Layanan dan Sarana {data.short_name}",
                columns=[
                    Column("Layanan / sarana"),
                    Column("Kategori"),
                    Column("Uraian"),
                    Column("Akreditasi / pengakuan"),
                ],
                rows=rows,
            )
        )
    else:
        section.add(_not_recorded("Daftar layanan unit kerja", data.year))
    systems = list(profile.information_systems.all())
    if systems:
        section.add(
            Table(
                key="profile-information-systems",
                caption=f"Sistem Informasi {data.short_name}",
                columns=[Column("Sistem informasi"), Column("Alamat"), Column("Uraian")],
                rows=[[s.name, s.url or None, s.description or None] for s in systems],
            )
        )
    return section


def _organisation(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Struktur Organisasi")
    elements = list(profile.structure_units.all())
    if elements:
        for top in (e for e in elements if e.parent_id is None):
            below = [e.name for e in elements if e.parent_id == top.pk]
            text = f"{top.name} dipimpin oleh {top.head_title or 'seorang kepala'}"
            text += f" yang membawahi {join_names(below)}." if below else "."
            section.add(_generated(text))
        section.add(
            Table(
                key="profile-organisation",
                caption=f"Struktur Organisasi {data.short_name}",
                columns=[
                    Column("Unsur organisasi"),
                    Column("Pimpinan"),
                    Column("Di bawah"),
                    Column("Tugas"),
                ],
                rows=[
                    [
                        e.name,
                        e.head_title or None,
                        e.parent.name if e.parent else None,
                        e.duties or None,
                    ]
                    for e in elements
                ],
            )
        )
    else:
        section.add(_not_recorded("Struktur organisasi unit kerja", data.year))
    sop_groups = profile.statements_of(StatementKind.SOP_GROUP)
    if sop_groups:
        section.add(
            _generated(
                f"Standard Operating Procedure (SOP) {data.short_name} terdiri dari "
                f"{len(sop_groups)} kelompok prosedur."
            )
        )
        section.add(
            Table(
                key="profile-sop-groups",
                caption=f"Kelompok SOP {data.short_name}",
                columns=[Column("Kelompok"), Column("Cakupan")],
                rows=[[s.title, s.text or None] for s in sop_groups],
            )
        )
    return section


def _staff(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Sumber Daya Manusia")
    breakdowns = list(profile.staff_breakdowns.all())
    if not breakdowns:
        section.add(_not_recorded("Komposisi pegawai", data.year))
    for number, breakdown in enumerate(breakdowns, start=1):
        section.add(_generated(_staff_sentence(breakdown)))
        section.add(_staff_table(data, breakdown, number))
    return section


def _staff_sentence(breakdown: StaffBreakdown) -> str:
    parts = [f"{format_id(Decimal(c.count), 0)} orang {c.label}" for c in breakdown.counts.all()]
    return (
        f"Rincian {breakdown.name}: {format_id(Decimal(breakdown.total), 0)} orang, terdiri "
        f"dari {join_names(parts)}."
    )


def _staff_table(data: LakinData, breakdown: StaffBreakdown, number: int) -> Table:
    """Counts with their shares; the total is the sum of the rows, never a typed figure."""
    total = breakdown.total
    rows = [
        [c.label, c.count, Decimal(c.count) * 100 / total if total else None]
        for c in breakdown.counts.all()
    ]
    return Table(
        key=f"profile-staff-{number}",
        caption=f"Komposisi Pegawai {data.short_name}: {breakdown.name}",
        columns=[
            Column(breakdown.name),
            Column("Jumlah (orang)", Kind.INTEGER),
            Column("Persentase", Kind.PERCENT, 2),
        ],
        rows=rows,
        total=["Jumlah", total, Decimal(100) if total else None],
        note=breakdown.note,
    )


# ======================================================================================
# BAB II Perencanaan dan Perjanjian Kinerja
# ======================================================================================
def _chapter_planning(data: LakinData) -> Section:
    chapter = Section("Perencanaan dan Perjanjian Kinerja")
    chapter.add(_strategic_plan(data))
    chapter.add(_agreement(data))
    chapter.add(_budget_plan(data))
    chapter.add(_action_plan(data))
    return chapter


def _strategic_plan(data: LakinData) -> Section:
    section = Section("Rencana Strategis")
    plan, version = data.plan, data.plan_version
    text = (
        f"{plan.name} berlaku untuk tahun {plan.start_year}–{plan.end_year}. Versi yang "
        f"menjadi dasar Perjanjian Kinerja {data.year} adalah versi {version.number}"
    )
    text += f" ({version.title})" if version.title else ""
    text += f", ditetapkan dengan {version.legal_basis}." if version.legal_basis else "."
    section.add(_generated(text))
    versions = list(plan.versions.order_by("number"))
    if version.reason and len(versions) > 1:
        section.add(Paragraph(f"Alasan perubahan: {version.reason.strip()}"))
    if len(versions) > 1:
        section.add(
            Table(
                key="plan-versions",
                caption=f"Versi {plan.name}",
                columns=[
                    Column("Versi", Kind.INTEGER),
                    Column("Judul"),
                    Column("Dasar hukum"),
                    Column("Tanggal penetapan"),
                    Column("Berlaku"),
                ],
                rows=[
                    [
                        v.number,
                        v.title,
                        v.legal_basis,
                        _date(v.adopted_on),
                        "Ya" if v.in_force else "Tidak",
                    ]
                    for v in versions
                ],
            )
        )
    section.add(
        Table(
            key="goals",
            caption="Tujuan",
            columns=[Column("Kode"), Column("Tujuan")],
            rows=[[g.code, g.name] for g in data.goals],
        )
    )
    section.add(
        Table(
            key="objectives",
            caption="Sasaran Strategis",
            columns=[
                Column("Kode"),
                Column("Sasaran Strategis"),
                Column("Perspektif"),
                Column("Tujuan"),
                Column("Keselarasan"),
            ],
            rows=[
                [
                    o.code,
                    o.name,
                    _label(Perspective, o.perspective),
                    o.goal.code,
                    "; ".join(f"{a.unit} {a.code}".strip() for a in o.alignments.all()) or None,
                ]
                for o in data.objectives
            ],
        )
    )
    section.add(_renstra_targets(data))
    return section


def _renstra_targets(data: LakinData) -> Table:
    years = list(range(data.plan.start_year, data.plan.end_year + 1))
    rows = []
    all_values = []
    for indicator in data.plan_indicators:
        by_year = {t.year: t for t in indicator.targets.all()}
        cells = []
        for y in years:
            t = by_year.get(y)
            if t is None:
                cells.append(None)
            elif t.value is None:
                cells.append(NA)
            else:
                cells.append(t.value)
                all_values.append(t.value)
        rows.append([indicator.code, indicator.name, indicator.unit_label, *cells])
    places = _places(all_values)
    return Table(
        key="renstra-targets",
        caption=f"Target Kinerja Renstra {data.plan.start_year}–{data.plan.end_year}",
        columns=[
            Column("Kode"),
            Column("Indikator Kinerja"),
            Column("Satuan"),
            *[Column(str(y), Kind.NUMBER, places) for y in years],
        ],
        rows=rows,
        note="N/A: target tidak ditetapkan untuk tahun itu; –: tidak ada data target.",
    )


def _agreement(data: LakinData) -> Section:
    section = Section(f"Perjanjian Kinerja Tahun {data.year}")
    v = data.version
    status = "ditandatangani" if v.is_signed else "masih berupa draf"
    text = f"Perjanjian Kinerja {data.short_name} tahun {data.year} versi {v.number} {status}"
    if v.signed_on:
        text += f" pada {_date(v.signed_on)}"
    if v.signatory or v.superior:
        text += f" oleh {v.signatory or '–'} (pihak pertama) dan {v.superior or '–'} (pihak kedua)"
    text += f", memuat {len(data.items)} indikator kinerja."
    section.add(_generated(text))
    has_range = any(item.target_max is not None for item in data.items)
    columns = [
        Column("Sasaran Strategis"),
        Column("Kode"),
        Column("Indikator Kinerja"),
        Column("Target", Kind.NUMBER, _places(item.target for item in data.items)),
    ]
    if has_range:
        columns.append(
            Column("Batas atas", Kind.NUMBER, _places(item.target_max for item in data.items))
        )
    columns.append(Column("Satuan"))
    rows = []
    for item in data.items:
        indicator = item.indicator
        owner = indicator.objective or indicator.goal
        row = [
            f"{owner.code} {owner.name}",
            indicator.code,
            indicator.name,
            NA if item.target is None else item.target,
        ]
        if has_range:
            row.append(item.target_max)
        row.append(indicator.unit_label)
        rows.append(row)
    section.add(
        Table(
            key="agreement",
            caption=f"Perjanjian Kinerja {data.short_name} Tahun {data.year}",
            columns=columns,
            rows=rows,
        )
    )
    return section


def _budget_plan(data: LakinData) -> Section:
    section = Section(f"Rencana Anggaran Tahun {data.year}")
    budget = data.budget
    if budget is None:
        section.add(_generated(f"Data DIPA tahun {data.year} belum dicatat di kinerja."))
        return section
    ceiling = budget.totals.ceiling
    text = f"Pagu akhir DIPA {data.short_name} tahun {data.year} adalah {money_text(ceiling)}"
    if ceiling is not None:
        text += f" ({terbilang(ceiling)})"
    sources = [f"{_label(Source, key)} {money_text(a.ceiling)}" for key, a in _by_source(budget)]
    if sources:
        text += f", terdiri atas {join_names(sources)}"
    text += "."
    types = [
        f"{_label(SpendingType, key).lower()} ({key}) {money_text(a.ceiling)}"
        for key, a in sorted(budget.by_type.items())
    ]
    if types:
        text += f" Menurut jenis belanja, pagu terbagi atas {join_names(types)}."
    if budget.totals.initial_ceiling is not None:
        text += f" Pagu awal DIPA {money_text(budget.totals.initial_ceiling)}"
        text += (
            f"; selama tahun {data.year} DIPA direvisi {len(budget.revisions)} kali."
            if budget.revisions
            else "."
        )
    section.add(_generated(text))
    section.add(_budget_breakdown_table(budget, "source", data.year))
    section.add(_budget_breakdown_table(budget, "type", data.year))
    if budget.revisions:
        section.add(
            Table(
                key="budget-revisions",
                caption=f"Revisi DIPA Tahun {data.year}",
                columns=[
                    Column("Revisi ke", Kind.INTEGER),
                    Column("Tanggal"),
                    Column("Jenis revisi"),
                    Column("Uraian"),
                ],
                rows=[
                    [r.number, _date(r.date), r.kind or None, r.description or None]
                    for r in budget.revisions
                ],
            )
        )
    return section


def _by_source(budget: BudgetOverview) -> list:
    order = {value: i for i, value in enumerate(Source.values)}
    return sorted(budget.by_source.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))


def _budget_breakdown_table(budget: BudgetOverview, dimension: str, year: int) -> Table:
    if dimension == "source":
        items = [(_label(Source, k), a) for k, a in _by_source(budget)]
        first, key, caption = "Sumber dana", "budget-by-source", "Pagu DIPA menurut Sumber Dana"
    else:
        items = [(f"{_label(SpendingType, k)} ({k})", a) for k, a in sorted(budget.by_type.items())]
        first, key, caption = "Jenis belanja", "budget-by-type", "Pagu DIPA menurut Jenis Belanja"
    totals = budget.totals
    return Table(
        key=key,
        caption=f"{caption} Tahun {year}",
        columns=[
            Column(first),
            Column("Pagu awal", Kind.MONEY),
            Column("Pagu akhir", Kind.MONEY),
            Column("Realisasi", Kind.MONEY),
            Column("Penyerapan", Kind.PERCENT),
            Column("Porsi pagu", Kind.PERCENT),
        ],
        rows=[
            [
                label,
                a.initial_ceiling,
                a.ceiling,
                a.spending,
                a.absorption_pct,
                _share(a.ceiling, totals.ceiling),
            ]
            for label, a in items
        ],
        total=[
            "Jumlah",
            totals.initial_ceiling,
            totals.ceiling,
            totals.spending,
            totals.absorption_pct,
            Decimal(100) if totals.ceiling else None,
        ],
    )


def _share(part, whole) -> Decimal | None:
    part, whole = to_decimal(part), to_decimal(whole)
    if part is None or not whole:
        return None
    return part * 100 / whole


def _action_plan(data: LakinData) -> Section:
    section = Section(f"Rencana Aksi Tahun {data.year}")
    if not data.action_plans:
        section.add(_generated(f"Rencana Aksi tahun {data.year} belum dicatat di kinerja."))
        return section
    rows = []
    for measure in data.measures.indicators:
        plan = data.action_plans.get(measure.code)
        cells: list = []
        for quarter in range(1, 5):
            activities = (
                sorted(
                    (a for a in plan.activities.all() if a.quarter == quarter),
                    key=lambda a: a.code,
                )
                if plan
                else []
            )
            milestone = activities[-1].milestone_pct if activities else None
            text = "\n".join(f"{a.code} {a.description}" for a in activities) or None
            cells += [milestone, text]
        rows.append([measure.code, measure.name, *cells])
    missing = [m.code for m in data.measures.indicators if m.code not in data.action_plans]
    section.add(
        _generated(
            "Rencana Aksi menjabarkan setiap indikator Perjanjian Kinerja ke dalam rencana "
            "kegiatan per triwulan dengan target antara (persentase kemajuan pada akhir "
            "triwulan)."
            + (f" Indikator tanpa Rencana Aksi: {join_names(missing)}." if missing else "")
        )
    )
    columns = [Column("Kode"), Column("Indikator Kinerja")]
    for label in QUARTER_LABELS:
        columns += [Column(f"{label} target antara", Kind.PERCENT, 0), Column(f"{label} kegiatan")]
    section.add(
        Table(
            key="action-plan",
            caption=f"Rencana Aksi {data.short_name} Tahun {data.year}",
            columns=columns,
            rows=rows,
            note="Target antara: target kegiatan terakhir triwulan itu.",
        )
    )
    return section


# ======================================================================================
# BAB III Akuntabilitas Kinerja
# ======================================================================================
def _chapter_accountability(data: LakinData) -> Section:
    chapter = Section("Akuntabilitas Kinerja")
    chapter.add(_achievement_overview(data))
    objectives = {o.code: o for o in data.objectives}
    for number, (owner_code, measures) in enumerate(_ordered_measures(data), start=1):
        chapter.add(_objective_section(data, number, objectives.get(owner_code), measures))
    chapter.add(_renstra_achievement(data))
    chapter.add(_financial_accountability(data))
    return chapter


def _achievement_overview(data: LakinData) -> Section:
    section = Section("Capaian Kinerja Organisasi")
    section.add(_generated(_achievement_facts(data)))
    measures = data.measures.indicators
    target_places = _places(_target_values(m.target for m in measures))
    value_places = min(2, max(target_places, _places(m.realization for m in measures)))
    rows = []
    for m in measures:
        rows.append(
            [
                f"{m.objective_code} {m.objective_name}",
                m.code,
                m.name,
                _target_cell(m.target),
                m.realization,
                m.unit_label,
                _pct(m.achievement),
                achievement_status_label(m.achievement.status),
            ]
        )
    section.add(
        Table(
            key="achievement-summary",
            caption=f"Capaian Kinerja {data.short_name} Tahun {data.year}",
            columns=[
                Column("Sasaran Strategis"),
                Column("Kode"),
                Column("Indikator Kinerja"),
                Column("Target", Kind.NUMBER, target_places),
                Column("Realisasi", Kind.NUMBER, value_places),
                Column("Satuan"),
                Column("Capaian", Kind.PERCENT),
                Column("Status"),
            ],
            rows=rows,
            total=[
                "Rata-rata capaian",
                None,
                None,
                None,
                None,
                None,
                data.measures.mean_achievement,
                None,
            ],
        )
    )
    if any(plan.progress.all() for plan in data.action_plans.values()):
        section.add(_quarterly_progress(data))
    else:
        section.add(
            _generated(f"Kemajuan fisik Rencana Aksi per triwulan {data.year} belum dicatat.")
        )
    return section


def _quarterly_progress(data: LakinData) -> Table:
    rows = []
    for m in data.measures.indicators:
        plan = data.action_plans.get(m.code)
        progress = {p.quarter: p for p in plan.progress.all()} if plan else {}
        cells = []
        for quarter in range(1, 5):
            p = progress.get(quarter)
            cells += [p.target_pct if p else None, p.realized_pct if p else None]
        rows.append([m.code, m.name, *cells])
    values = [c for r in rows for c in r[2:]]
    places = _places(values)
    columns = [Column("Kode"), Column("Indikator Kinerja")]
    for label in QUARTER_LABELS:
        columns += [
            Column(f"{label} target fisik", Kind.PERCENT, places),
            Column(f"{label} realisasi fisik", Kind.PERCENT, places),
        ]
    return Table(
        key="quarterly-progress",
        caption=f"Capaian Rencana Aksi per Triwulan Tahun {data.year}",
        columns=columns,
        rows=rows,
        note="Persentase kemajuan fisik kumulatif sampai akhir triwulan.",
    )


def _objective_section(
    data: LakinData, number: int, objective: Objective | None, measures: list[IndicatorMeasure]
) -> Section:
    first = measures[0]
    kind = "Sasaran Strategis" if objective is not None else "Tujuan"
    section = Section(f"{kind} {first.objective_code}: {first.objective_name}")
    if objective is not None:
        section.add(
            _generated(
                f"Sasaran ini berada pada perspektif {_label(Perspective, objective.perspective)}"
                f" dan mendukung tujuan {objective.goal.code} {objective.goal.name}."
            )
        )
    target_places = _places(_target_values(m.target for m in measures))
    section.add(
        Table(
            key=_key(first.objective_code, "summary"),
            caption=f"Target dan Realisasi Indikator {kind} {first.objective_code}",
            columns=[
                Column("Kode"),
                Column("Indikator Kinerja"),
                Column("Target", Kind.NUMBER, target_places),
                Column(
                    "Realisasi",
                    Kind.NUMBER,
                    min(2, max(target_places, _places(m.realization for m in measures))),
                ),
                Column("Satuan"),
                Column("Capaian", Kind.PERCENT),
            ],
            rows=[
                [
                    m.code,
                    m.name,
                    _target_cell(m.target),
                    m.realization,
                    m.unit_label,
                    _pct(m.achievement),
                ]
                for m in measures
            ],
        )
    )
    if len(measures) > 1:
        mean = calc.mean_achievement(m.achievement for m in measures)
        if mean is not None:
            section.add(_generated(f"Rata-rata capaian indikator sasaran ini {pct_text(mean)}."))
    for measure in measures:
        section.add(_indicator_section(data, measure))
    return section


def _indicator_section(data: LakinData, m: IndicatorMeasure) -> Section:
    indicator = data.indicators[m.code]
    section = Section(f"Indikator Kinerja {m.code}: {m.name}")
    section.add(_definition(indicator))
    result = section.add(Section("Hasil yang Dicapai"))
    result.add(_generated(indicator_sentence(m)))
    for block in _detail_blocks(data, m):
        result.add(block)
    section.add(_history_section(data, m, indicator))
    section.add(_renstra_section(data, m, indicator))
    if peers := _peer_section(data, m, indicator):
        section.add(peers)
    efficiency = next((r for r in data.efficiency if r.indicator_code == m.code), None)
    for kind in INDICATOR_NARRATIVES:
        generated = None
        if kind == NarrativeKind.EFFICIENCY and efficiency is not None:
            generated = efficiency_sentence(efficiency)
        text, is_generated = narrative_text(
            data.unit, data.year, kind, indicator, generated=generated, stored=data.stored
        )
        if text:
            sub = section.add(Section(str(kind.label)))
            sub.add(_narrative_paragraph(text, is_generated))
    return section


def _definition(indicator: Indicator) -> Section:
    section = Section("Definisi dan Cara Perhitungan")
    if indicator.definition:
        section.add(Paragraph(f"Definisi: {indicator.definition.strip()}"))
    if indicator.calculation:
        section.add(Paragraph(f"Cara perhitungan: {indicator.calculation.strip()}"))
    if indicator.data_source:
        section.add(Paragraph(f"Sumber data: {indicator.data_source.strip()}"))
    polarity = _label(Polarity, indicator.polarity).lower()
    how = (
        "diisi oleh penanggung jawab indikator"
        if indicator.method == Method.MANUAL
        else f"dihitung oleh kinerja dari catatan unit ({_label(Method, indicator.method).lower()})"
    )
    section.add(
        _generated(f"Satuan {satuan(indicator.unit_label)}; polaritas {polarity}; realisasi {how}.")
    )
    alignments = list(indicator.alignments.all())
    if alignments:
        section.add(
            _generated(
                "Indikator ini selaras dengan "
                + join_names(f"{a.unit} {a.code} ({a.name})" for a in alignments)
                + "."
            )
        )
    return section


# -- detail of a realization, from its provenance ------------------------------------------
def _detail_blocks(data: LakinData, m: IndicatorMeasure) -> list[Block]:
    provenance = m.provenance or {}
    method = provenance.get("method")
    inputs = provenance.get("inputs") or {}
    blocks: list[Block] = []
    if method == Method.BEFORE_AFTER_MEAN:
        blocks += _before_after_blocks(data, m, inputs)
    elif method == Method.COUNT and "companies" in inputs:
        blocks += _companies_blocks(data, m, inputs)
    elif method == Method.COUNT and "by_type" in inputs:
        blocks += _orders_blocks(data, m, inputs)
    elif method == Method.GROWTH:
        blocks += _growth_blocks(data, m, inputs)
    elif method == Method.RATIO:
        blocks += _ratio_blocks(data, m, inputs)
    elif method == Method.SURVEY_INDEX:
        blocks += _survey_blocks(data, m, inputs)
    elif method in SCORED_METHODS:
        blocks += _score_blocks(data, m, inputs)
    elif method == Method.MANUAL and provenance.get("evidence"):
        blocks.append(Paragraph(f"Bukti dukung: {provenance['evidence']}", style="note"))
    if provenance.get("reason"):
        blocks.append(
            _generated(f"Catatan unit belum menghasilkan nilai realisasi ({provenance['reason']}).")
        )
    return blocks


def _before_after_blocks(data, m, inputs) -> list[Block]:
    rows = []
    for number, company in enumerate(inputs.get("companies", []), start=1):
        record = data.facilitations.get((inputs.get("kind"), company["company"]))
        for measure in company.get("measures", []):
            rows.append(
                [
                    number,
                    company["company"],
                    record.activity if record else None,
                    measure.get("name"),
                    measure.get("unit") or None,
                    _dec(measure.get("A")),
                    _dec(measure.get("B")),
                    _label(Direction, measure.get("direction", "")),
                    _dec(measure.get("pct")),
                ]
            )
    values = [r[5] for r in rows] + [r[6] for r in rows]
    table = Table(
        key=_key(m.code, "detail"),
        caption=f"Rincian Capaian Indikator {m.code} Tahun {data.year}",
        columns=[
            Column("No", Kind.INTEGER),
            Column("Perusahaan"),
            Column("Kegiatan"),
            Column("Ukuran kinerja"),
            Column("Satuan"),
            Column("Sebelum (A)", Kind.NUMBER, _places(values)),
            Column("Sesudah (B)", Kind.NUMBER, _places(values)),
            Column("Jenis"),
            Column("Perubahan", Kind.PERCENT),
        ],
        rows=rows,
        total=[None, "Rata-rata", None, None, None, None, None, None, m.realization],
        note="Produktivitas = (B − A) / A × 100 %; efisiensi = (A − B) / A × 100 %.",
    )
    return [table]


def _companies_blocks(data, m, inputs) -> list[Block]:
    rows = []
    for number, company in enumerate(inputs.get("companies", []), start=1):
        record = data.facilitations.get((inputs.get("kind"), company))
        rows.append(
            [
                number,
                company,
                record.activity if record else None,
                (record.agreement_number or None) if record else None,
            ]
        )
    return [
        Table(
            key=_key(m.code, "detail"),
            caption=f"Perusahaan yang Difasilitasi (Indikator {m.code}) Tahun {data.year}",
            columns=[
                Column("No", Kind.INTEGER),
                Column("Perusahaan"),
                Column("Kegiatan"),
                Column("Nomor perjanjian"),
            ],
            rows=rows,
            total=[len(rows), "Jumlah perusahaan", None, None],
        )
    ]


def _orders_blocks(data, m, inputs) -> list[Block]:
    by_type = inputs.get("by_type", {})
    rows = [[_label(ServiceType, t), int(n)] for t, n in by_type.items()]
    return [
        Table(
            key=_key(m.code, "detail"),
            caption=f"Order Layanan Jasa (Indikator {m.code}) Tahun {data.year}",
            columns=[Column("Jenis layanan"), Column("Jumlah order", Kind.INTEGER)],
            rows=rows,
            total=["Jumlah", sum(int(n) for n in by_type.values())],
        )
    ]


def _growth_blocks(data, m, inputs) -> list[Block]:
    year = data.year
    before = inputs.get(f"A_{year - 1}") or {}
    after = inputs.get(f"B_{year}") or {}
    orders = inputs.get("records") == "service_orders"
    choices = ServiceType if orders else PnbpCategory
    order = {value: i for i, value in enumerate(choices.values)}
    keys = sorted(set(before) | set(after), key=lambda k: (order.get(k, 99), k))
    kind = Kind.INTEGER if orders else Kind.MONEY

    def value(mapping, key):
        raw = mapping.get(key)
        if raw is None:
            return None
        return int(raw) if orders else _dec(raw)

    rows = []
    for key in keys:
        a, b = value(before, key), value(after, key)
        rows.append([_label(choices, key), a, b, calc.growth_pct(a, b)])
    a_total, b_total = _dec(inputs.get("A")), _dec(inputs.get("B"))
    subject = "Order Layanan Jasa" if orders else "Penerimaan PNBP"
    table = Table(
        key=_key(m.code, "detail"),
        caption=f"{subject} Tahun {year - 1} dan {year}",
        columns=[
            Column("Jenis layanan"),
            Column(str(year - 1), kind),
            Column(str(year), kind),
            Column("Pertumbuhan", Kind.PERCENT),
        ],
        rows=rows,
        total=[
            "Jumlah",
            int(a_total) if orders and a_total is not None else a_total,
            int(b_total) if orders and b_total is not None else b_total,
            m.realization,
        ],
        note="Pertumbuhan = (B − A) / A × 100 %, A = tahun lalu, B = tahun ini.",
    )
    return [table]


def _ratio_blocks(data, m, inputs) -> list[Block]:
    if "by_kind" in inputs:
        rows = [
            [
                _label(RecommendationKind, kind),
                counts["total"],
                counts["done"],
                _share(counts["done"], counts["total"]),
            ]
            for kind, counts in inputs["by_kind"].items()
        ]
        return [
            Table(
                key=_key(m.code, "detail"),
                caption=f"Tindak Lanjut Rekomendasi Hasil Pengawasan Tahun {data.year}",
                columns=[
                    Column("Jenis"),
                    Column("Jumlah rekomendasi", Kind.INTEGER),
                    Column("Sudah ditindaklanjuti", Kind.INTEGER),
                    Column("Persentase", Kind.PERCENT),
                ],
                rows=rows,
                total=["Jumlah", inputs.get("total"), inputs.get("followed_up"), m.realization],
            )
        ]
    accounts = inputs.get("accounts") or []
    rows = [
        [a["account"], "Ya" if a["domestic"] else "Tidak", _dec(a["ceiling"]), _dec(a["spending"])]
        for a in accounts
    ]
    return [
        Table(
            key=_key(m.code, "detail"),
            caption=f"Belanja Produk Dalam Negeri pada Akun Terpilih Tahun {data.year}",
            columns=[
                Column("Akun"),
                Column("Produk dalam negeri"),
                Column("Pagu", Kind.MONEY),
                Column("Realisasi", Kind.MONEY),
            ],
            rows=rows,
            total=[
                "Jumlah",
                None,
                _dec(inputs.get("ceiling")),
                _dec(inputs.get("domestic_spending")),
            ],
        )
    ]


def _survey_blocks(data, m, inputs) -> list[Block]:
    means = inputs.get("element_means") or {}
    rows = []
    for code, mean in means.items():
        nrr = _dec(mean)
        rows.append([_label(Element, code), nrr, None if nrr is None else nrr / len(means)])
    index = _dec(inputs.get("index"))
    table = Table(
        key=_key(m.code, "detail"),
        caption=f"Nilai Rata-rata Unsur Pelayanan (SKM) Tahun {data.year}",
        columns=[
            Column("Unsur pelayanan"),
            Column("Nilai rata-rata (NRR)", Kind.NUMBER, 2),
            Column("NRR tertimbang", Kind.NUMBER, 3),
        ],
        rows=rows,
        total=["Indeks (Σ NRR tertimbang)", None, index],
        note="NRR tertimbang = NRR × 1/9 (PermenPANRB 14/2017).",
    )
    blocks: list[Block] = [table]
    grade = inputs.get("grade")
    text = (
        f"Survei kepuasan masyarakat tahun {data.year} dijawab {inputs.get('respondents')} "
        f"responden. Indeks {measure_text(index)} dikonversi menjadi "
        f"{measure_text(_dec(inputs.get('converted')))} (indeks × 25)"
    )
    if grade:
        text += f" sehingga mutu pelayanan {grade} ({_label(Grade, grade).lower()})"
    text += "."
    if inputs.get("required_sample") is not None:
        text += (
            f" Jumlah sampel minimal menurut Krejcie dan Morgan untuk populasi "
            f"{inputs.get('population')} adalah {inputs.get('required_sample')} responden."
        )
    blocks.append(_generated(text))
    if inputs.get("synthetic"):
        blocks.append(
            Paragraph(
                "Catatan: jawaban per responden dibangkitkan dari nilai rata-rata unsur yang "
                "dipublikasikan (data sintetis), bukan jawaban asli responden.",
                style="note",
            )
        )
    return blocks


def _score_blocks(data, m, inputs) -> list[Block]:
    blocks: list[Block] = []
    components = inputs.get("components") or []
    if components:
        weighted = any(c.get("weight") is not None for c in components)
        columns = [Column("Komponen"), Column("Nilai", Kind.NUMBER, 2)]
        if weighted:
            columns += [
                Column("Bobot", Kind.PERCENT, 0),
                Column("Nilai tertimbang", Kind.NUMBER, 4),
            ]
        columns.append(Column("Nilai maksimal", Kind.NUMBER, 2))
        rows = []
        for c in components:
            value, weight = _dec(c.get("value")), _dec(c.get("weight"))
            row = [c.get("name"), value]
            if weighted:
                row += [weight, value * weight / 100 if value is not None and weight else None]
            row.append(_dec(c.get("max")))
            rows.append(row)
        total = ["Jumlah", None if weighted else m.realization]
        if weighted:
            total += [Decimal(100), m.realization]
        total.append(None)
        blocks.append(
            Table(
                key=_key(m.code, "detail"),
                caption=f"Komponen Penilaian Indikator {m.code} Tahun {data.year}",
                columns=columns,
                rows=rows,
                total=total,
            )
        )
    grade = inputs.get("computed_grade") or inputs.get("grade")
    label = inputs.get("computed_grade_label")
    text = f"Nilai {measure_text(m.realization)}"
    if grade:
        text += f" dengan predikat {grade}" + (f" ({label})" if label else "")
    text += "."
    if inputs.get("source"):
        text += f" Sumber: {inputs['source']}."
    blocks.append(_generated(text))
    return blocks


# -- comparisons --------------------------------------------------------------------------
def _history_section(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Section:
    section = Section(f"Perbandingan dengan Tahun Sebelumnya ({data.history_years[0]}–{data.year})")
    points = data.history[m.code]
    rows = []
    for y in data.history_years:
        p = points[y]
        target = p.target
        achievement = data.achievement(target, p.value, indicator.polarity)
        rows.append([str(y), _target_cell(target), p.value, _pct(achievement)])
    values = [r[1] for r in rows] + [r[2] for r in rows]
    places = _places(values)
    section.add(
        Table(
            key=_key(m.code, "history"),
            caption=f"Realisasi Indikator {m.code} Tahun {data.history_years[0]}–{data.year}",
            columns=[
                Column("Tahun"),
                Column("Target", Kind.NUMBER, places),
                Column("Realisasi", Kind.NUMBER, places),
                Column("Capaian", Kind.PERCENT),
            ],
            rows=rows,
            note="N/A: target tidak ditetapkan; –: tidak ada data.",
        )
    )
    earlier = [
        points[y] for y in data.history_years if y < data.year and points[y].value is not None
    ]
    if not earlier:
        section.add(
            _generated(
                f"Tidak ada realisasi indikator ini sebelum tahun {data.year} yang tercatat; "
                "perbandingan dengan tahun sebelumnya belum dapat dilakukan."
            )
        )
    else:
        last = earlier[-1]
        if m.realization is not None:
            section.add(_generated(_change_sentence(data.year, m, last)))
    return section


def _change_sentence(year: int, m: IndicatorMeasure, last: HistoryPoint) -> str:
    change = m.realization - last.value
    now = f"Realisasi tahun {year} ({measure_text(m.realization)})"
    before = f"tahun {last.year} ({measure_text(last.value)})"
    if change == 0:
        return f"{now} sama dengan realisasi {before}."
    label = satuan(m.unit_label)
    unit = "poin persen" if label == "persen" else label
    direction = "naik" if change > 0 else "turun"
    return f"{now} {direction} {measure_text(abs(change))} {unit} dibandingkan {before}."


def _renstra_section(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Section:
    end = data.plan.end_year
    section = Section(
        f"Perbandingan dengan Target Jangka Menengah Renstra {data.plan.start_year}–{end}"
    )
    target = next(
        (_target_value(t.value, t.max_value) for t in indicator.targets.all() if t.year == end),
        None,
    )
    achievement = data.achievement(target, m.realization, indicator.polarity)
    places = _places([_target_cell(target), m.realization])
    section.add(
        Table(
            key=_key(m.code, "renstra"),
            caption=f"Realisasi {data.year} Indikator {m.code} terhadap Target Renstra {end}",
            columns=[
                Column("Indikator Kinerja"),
                Column(f"Target {end}", Kind.NUMBER, places),
                Column(f"Realisasi {data.year}", Kind.NUMBER, places),
                Column("Capaian", Kind.PERCENT),
            ],
            rows=[[m.name, _target_cell(target), m.realization, _pct(achievement)]],
        )
    )
    if target is None or target.value is None:
        section.add(_generated(f"Renstra tidak menetapkan target {end} untuk indikator ini."))
    elif achievement.pct is not None:
        section.add(
            _generated(
                f"Target jangka menengah ({end}) indikator ini {measure_text(target.value)} "
                f"{satuan(m.unit_label)}; realisasi {data.year} "
                f"{measure_text(m.realization)} {satuan(m.unit_label)} atau "
                f"{pct_text(achievement.pct)} dari target tersebut."
            )
        )
    return section


def _peer_section(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Section | None:
    peers = [(peer.unit, pm) for peer in data.peers for pm in peer.indicators if pm.code == m.code]
    score_kind = (
        (indicator.method_params or {}).get("score") if indicator.method in SCORED_METHODS else None
    )
    ranking = data.scores.get(score_kind, []) if score_kind else []
    if not peers and len(ranking) < 2:
        return None
    section = Section("Perbandingan dengan Unit Kerja Lain")
    if peers:
        rows = [
            [
                data.short_name,
                _target_cell(m.target),
                m.realization,
                m.unit_label,
                _pct(m.achievement),
            ]
        ]
        renamed = []
        for unit, pm in peers:
            rows.append(
                [
                    _unit_label(unit),
                    _target_cell(pm.target),
                    pm.realization,
                    pm.unit_label,
                    _pct(pm.achievement),
                ]
            )
            if pm.name.strip().lower() != m.name.strip().lower():
                renamed.append(f"{_unit_label(unit)}: {pm.name}")
        places = _places([c for r in rows for c in r[1:3]])
        section.add(
            Table(
                key=_key(m.code, "peers"),
                caption=f"Perbandingan Indikator {m.code} Tahun {data.year} dengan Unit Kerja Lain",
                columns=[
                    Column("Unit kerja"),
                    Column("Target", Kind.NUMBER, places),
                    Column("Realisasi", Kind.NUMBER, places),
                    Column("Satuan"),
                    Column("Capaian", Kind.PERCENT),
                ],
                rows=rows,
                note=(
                    "Indikator dengan kode sama tetapi rumusan berbeda: " + "; ".join(renamed)
                    if renamed
                    else ""
                ),
            )
        )
    if len(ranking) >= 2:
        section.add(_ranking_table(data, m, score_kind, ranking))
    return section


def _ranking_table(data: LakinData, m: IndicatorMeasure, kind: str, scores: list) -> Table:
    ordered = sorted(
        scores,
        key=lambda s: (s.score is None, -(s.score or 0), _unit_label(s.unit)),
    )
    rows, rank, previous = [], 0, None
    for position, score in enumerate(ordered, start=1):
        if score.score is not None and score.score != previous:
            rank = position
            previous = score.score
        grade = score.grade
        if not grade and score.score is not None and kind in GRADERS:
            grade = GRADERS[kind](score.score)[0]
        rows.append(
            [
                rank if score.score is not None else None,
                _unit_label(score.unit),
                score.score,
                grade or None,
            ]
        )
    own = next((r for r in rows if r[1] == _unit_label(data.unit)), None)
    return Table(
        key=_key(m.code, "ranking"),
        caption=(
            f"{_label(ScoreKind, kind)} Satuan Kerja {_unit_label(data.unit.parent)} "
            f"Tahun {data.year}"
        ),
        columns=[
            Column("Peringkat", Kind.INTEGER),
            Column("Unit kerja"),
            Column("Nilai", Kind.NUMBER, _places(r[2] for r in rows)),
            Column("Predikat"),
        ],
        rows=rows,
        note=(
            f"{data.short_name} berada di peringkat {own[0]} dari {len(rows)} satuan kerja."
            if own and own[0] is not None
            else ""
        ),
    )


# -- Renstra achievement (Tabel 3.64 form) ----------------------------------------------
def _renstra_achievement(data: LakinData) -> Section:
    plan = data.plan
    section = Section(f"Capaian Renstra {plan.start_year}–{plan.end_year}")
    done = [y for y in range(plan.start_year, plan.end_year + 1) if y <= data.year]
    ahead = [y for y in range(plan.start_year, plan.end_year + 1) if y > data.year]
    rows, values = [], []
    for m in data.measures.indicators:
        indicator = data.indicators[m.code]
        targets = {t.year: _target_value(t.value, t.max_value) for t in indicator.targets.all()}
        row = [m.code, m.name, m.unit_label]
        for y in done:
            point = data.history[m.code].get(y)
            value = point.value if point else None
            target = targets.get(y)
            row += [
                _target_cell(target),
                value,
                _pct(data.achievement(target, value, indicator.polarity)),
            ]
            values += [_target_cell(target), value]
        for y in ahead:
            row.append(_target_cell(targets.get(y)))
            values.append(_target_cell(targets.get(y)))
        rows.append(row)
    places = _places(values)
    columns = [Column("Kode"), Column("Indikator Kinerja"), Column("Satuan")]
    for y in done:
        columns += [
            Column(f"Target {y}", Kind.NUMBER, places),
            Column(f"Realisasi {y}", Kind.NUMBER, places),
            Column(f"Capaian {y}", Kind.PERCENT),
        ]
    columns += [Column(f"Target {y}", Kind.NUMBER, places) for y in ahead]
    section.add(
        Table(
            key="renstra-achievement",
            caption=f"Capaian Kinerja Renstra {data.short_name} {plan.start_year}–{plan.end_year}",
            columns=columns,
            rows=rows,
            note="Target menurut Renstra versi yang berlaku; N/A: target tidak ditetapkan.",
        )
    )
    return section


# -- Akuntabilitas keuangan ---------------------------------------------------------------
def _financial_accountability(data: LakinData) -> Section:
    section = Section("Akuntabilitas Keuangan")
    if data.budget is None:
        section.add(_generated(f"Data anggaran tahun {data.year} belum dicatat di kinerja."))
    else:
        section.add(_budget_composition(data))
        section.add(_budget_by_indicator(data))
        section.add(_budget_history(data))
    if data.pnbp:
        section.add(_pnbp_section(data))
    if data.efficiency:
        section.add(_efficiency_section(data))
    return section


def _budget_composition(data: LakinData) -> Section:
    budget = data.budget
    section = Section("Pagu dan Realisasi Anggaran")
    section.add(_generated(_budget_facts(data)))
    items = sorted(budget.by_type.items())
    if items:
        section.add(
            _figure(
                "budget-by-type-pie",
                f"Komposisi Pagu {data.short_name} menurut Jenis Belanja Tahun {data.year}",
                charts.pie_chart(
                    [f"{_label(SpendingType, k)} ({k})" for k, _ in items],
                    [a.ceiling for _, a in items],
                ),
            )
        )
    return section


def _budget_by_indicator(data: LakinData) -> Section:
    section = Section("Realisasi Anggaran menurut Indikator Kinerja")
    rows = data.efficiency
    ceiling = sum((r.ceiling for r in rows), Decimal(0))
    spending = sum((r.spending for r in rows), Decimal(0))
    table = Table(
        key="budget-by-indicator",
        caption=f"Realisasi Anggaran Berdasarkan Perjanjian Kinerja Tahun {data.year}",
        columns=[
            Column("Kode"),
            Column("Indikator Kinerja"),
            Column("Pagu", Kind.MONEY),
            Column("Realisasi", Kind.MONEY),
            Column("Penyerapan", Kind.PERCENT),
        ],
        rows=[
            [r.indicator_code, r.indicator_name, r.ceiling, r.spending, r.absorption_pct]
            for r in rows
        ],
        total=["Jumlah", None, ceiling, spending, _share(spending, ceiling)],
        note="Pagu dan realisasi komponen DIPA yang dikaitkan dengan setiap indikator.",
    )
    section.add(table)
    budget = data.budget
    if rows and budget.totals.ceiling is not None and ceiling != budget.totals.ceiling:
        section.add(
            _generated(
                f"Komponen yang dikaitkan dengan indikator berjumlah {money_text(ceiling)}, "
                f"sedangkan pagu DIPA {money_text(budget.totals.ceiling)}; selisihnya "
                f"{money_text(budget.totals.ceiling - ceiling)} belum dikaitkan dengan "
                "indikator mana pun."
            )
        )
    return section


def _budget_history(data: LakinData) -> Section:
    history = data.budget.history
    first = history[0][0] if history else data.year
    section = Section(f"Realisasi Anggaran Tahun {first}–{data.year}")
    section.add(
        Table(
            key="budget-history",
            caption=f"Realisasi Anggaran Tahun {first}–{data.year}",
            columns=[
                Column("Tahun"),
                Column("Pagu", Kind.MONEY),
                Column("Realisasi", Kind.MONEY),
                Column("Penyerapan", Kind.PERCENT),
            ],
            rows=[[str(y), a.ceiling, a.spending, a.absorption_pct] for y, a in history],
        )
    )
    if len(history) > 1:
        section.add(
            _figure(
                "budget-history-line",
                f"Penyerapan Anggaran Tahun {first}–{data.year}",
                charts.line_chart(
                    [str(y) for y, _ in history],
                    {"Penyerapan anggaran": [a.absorption_pct for _, a in history]},
                ),
            )
        )
        (last_year, last), (prev_year, prev) = history[-1], history[-2]
        if last.absorption_pct is not None and prev.absorption_pct is not None:
            change = last.absorption_pct - prev.absorption_pct
            direction = "naik" if change > 0 else "turun" if change < 0 else "tetap"
            amount = "" if change == 0 else f" {measure_text(abs(change))} poin persentase"
            section.add(
                _generated(
                    f"Penyerapan anggaran tahun {last_year} {pct_text(last.absorption_pct)}, "
                    f"{direction}{amount} dibandingkan tahun {prev_year} "
                    f"({pct_text(prev.absorption_pct)})."
                )
            )
    return section


def _pnbp_categories(data: LakinData) -> list[str]:
    present = {c for p in data.pnbp.values() for c in p.receipts}
    return [c for c in PnbpCategory.values if c in present] + sorted(
        present - set(PnbpCategory.values)
    )


def _pnbp_section(data: LakinData) -> Section:
    section = Section("Penerimaan Negara Bukan Pajak (PNBP)")
    years = sorted(data.pnbp)
    current = data.pnbp.get(data.year)
    if current is not None:
        text = (
            f"Target penerimaan PNBP tahun {data.year} {money_text(current.revenue_target)} "
            f"dengan realisasi {money_text(current.receipts_total)} "
            f"({pct_text(current.receipts_pct_of_target)})."
        )
        if current.permitted_use_pct is not None:
            text += (
                f" Persentase penggunaan yang diizinkan {pct_text(current.permitted_use_pct)}; "
                f"pagu penggunaan {money_text(current.use_ceiling)} terealisasi "
                f"{money_text(current.use_spending)} ({pct_text(current.use_pct)})."
            )
        section.add(_generated(text))
    section.add(
        Table(
            key="pnbp-history",
            caption=f"Target dan Realisasi PNBP Tahun {years[0]}–{years[-1]}",
            columns=[
                Column("Tahun"),
                Column("Target penerimaan", Kind.MONEY),
                Column("Realisasi penerimaan", Kind.MONEY),
                Column("Capaian penerimaan", Kind.PERCENT),
                Column("Pagu penggunaan", Kind.MONEY),
                Column("Realisasi penggunaan", Kind.MONEY),
                Column("Penyerapan", Kind.PERCENT),
            ],
            rows=[
                [
                    str(y),
                    p.revenue_target,
                    p.receipts_total,
                    p.receipts_pct_of_target,
                    p.use_ceiling,
                    p.use_spending,
                    p.use_pct,
                ]
                for y, p in sorted(data.pnbp.items())
            ],
        )
    )
    if current is not None and current.receipts:
        section.add(
            Table(
                key="pnbp-by-category",
                caption=f"Penerimaan PNBP menurut Jenis Layanan Tahun {data.year}",
                columns=[
                    Column("Jenis layanan"),
                    Column("Penerimaan", Kind.MONEY),
                    Column("Porsi", Kind.PERCENT),
                ],
                rows=[
                    [_label(PnbpCategory, c), current.receipts[c], current.share_pct(c)]
                    for c in _pnbp_categories(data)
                    if c in current.receipts
                ],
                total=["Jumlah", current.receipts_total, Decimal(100)],
            )
        )
    categories = _pnbp_categories(data)
    if categories:
        rows = [
            [_label(PnbpCategory, c), *[data.pnbp[y].receipts.get(c) for y in years]]
            for c in categories
        ]
        section.add(
            Table(
                key="pnbp-categories-history",
                caption=f"Penerimaan PNBP menurut Jenis Layanan Tahun {years[0]}–{years[-1]}",
                columns=[Column("Jenis layanan"), *[Column(str(y), Kind.MONEY) for y in years]],
                rows=rows,
                total=["Jumlah", *[data.pnbp[y].receipts_total for y in years]],
            )
        )
        section.add(
            _figure(
                "pnbp-categories-bar",
                f"Penerimaan PNBP menurut Jenis Layanan Tahun {years[0]}–{years[-1]}",
                charts.bar_chart(
                    [str(y) for y in years],
                    {
                        _label(PnbpCategory, c): [data.pnbp[y].receipts.get(c) for y in years]
                        for c in categories
                    },
                    ylabel="Rupiah",
                ),
            )
        )
    return section


def _efficiency_section(data: LakinData) -> Section:
    section = Section("Efisiensi Anggaran berdasarkan Capaian Kinerja")
    rows = []
    for r in data.efficiency:
        result = r.result
        rows.append(
            [
                r.indicator_code,
                r.indicator_name,
                r.target,
                r.realization,
                r.achievement_pct,
                _yes_no(result.effective, "Efektif", "Tidak efektif"),
                r.ceiling,
                r.spending,
                r.absorption_pct,
                result.ibt,
                result.ibr,
                result.efficiency_pct,
                _yes_no(result.efficient, "Efisien", "Tidak efisien"),
            ]
        )
    ceiling = sum((r.ceiling for r in data.efficiency), Decimal(0))
    spending = sum((r.spending for r in data.efficiency), Decimal(0))
    mean_efficiency = _mean(r.result.efficiency_pct for r in data.efficiency)
    places = _places([c for row in rows for c in row[2:4]])
    section.add(
        _generated(
            "Indeks biaya target (IBT) adalah pagu per satuan target kinerja dan indeks biaya "
            "realisasi (IBR) adalah realisasi anggaran per satuan realisasi kinerja; "
            "efisiensi = (IBT − IBR) / IBT × 100 %."
        )
    )
    section.add(
        Table(
            key="efficiency",
            caption=f"Efisiensi Anggaran berdasarkan Capaian Indikator Kinerja Tahun {data.year}",
            columns=[
                Column("Kode"),
                Column("Indikator Kinerja"),
                Column("Target", Kind.NUMBER, places),
                Column("Realisasi", Kind.NUMBER, places),
                Column("Capaian", Kind.PERCENT),
                Column("Efektivitas"),
                Column("Pagu", Kind.MONEY),
                Column("Realisasi anggaran", Kind.MONEY),
                Column("Penyerapan", Kind.PERCENT),
                Column("IBT", Kind.MONEY),
                Column("IBR", Kind.MONEY),
                Column("Efisiensi", Kind.PERCENT),
                Column("Keterangan"),
            ],
            rows=rows,
            total=[
                "Jumlah / rata-rata",
                None,
                None,
                None,
                data.measures.mean_achievement,
                None,
                ceiling,
                spending,
                _share(spending, ceiling),
                None,
                None,
                mean_efficiency,
                None,
            ],
        )
    )
    computed = [r for r in data.efficiency if r.result.efficiency_pct is not None]
    if computed:
        efficient = sum(1 for r in computed if r.result.efficient)
        high = max(computed, key=lambda r: r.result.efficiency_pct)
        low = min(computed, key=lambda r: r.result.efficiency_pct)
        section.add(
            _generated(
                f"{efficient} dari {len(data.efficiency)} indikator menggunakan anggaran secara "
                f"efisien, dengan rata-rata efisiensi {pct_text(mean_efficiency)}. Efisiensi "
                f"tertinggi pada {high.indicator_code} ({pct_text(high.result.efficiency_pct)}) "
                f"dan terendah pada {low.indicator_code} ({pct_text(low.result.efficiency_pct)})."
            )
        )
    smart = next(
        (s for s in data.scores.get(ScoreKind.SMART_DJA, []) if s.unit_id == data.unit.pk), None
    )
    if smart is not None and smart.score is not None:
        text = f"Nilai Kinerja Anggaran (SMART DJA) tahun {data.year} {measure_text(smart.score)}"
        text += f" dengan kriteria {smart.grade}." if smart.grade else "."
        section.add(_generated(text))
    return section


def _yes_no(value: bool | None, yes: str, no: str) -> str | None:
    return None if value is None else yes if value else no


# ======================================================================================
# BAB IV Penutup and annex
# ======================================================================================
def _chapter_closing(data: LakinData) -> Section:
    chapter = Section("Penutup")
    conclusion = chapter.add(Section("Kesimpulan"))
    conclusion.add(_generated(_achievement_facts(data)))
    if facts := _budget_facts(data):
        conclusion.add(_generated(facts))
    pnbp = data.pnbp.get(data.year)
    if pnbp is not None and pnbp.receipts:
        top = max(pnbp.receipts, key=pnbp.receipts.get)
        bottom = min(pnbp.receipts, key=pnbp.receipts.get)
        conclusion.add(
            _generated(
                "Penerimaan PNBP terbesar berasal dari layanan "
                f"{_label(PnbpCategory, top).lower()} ({money_text(pnbp.receipts[top])}) dan "
                f"terkecil dari layanan {_label(PnbpCategory, bottom).lower()} "
                f"({money_text(pnbp.receipts[bottom])})."
            )
        )
    text, generated = narrative_text(
        data.unit, data.year, NarrativeKind.CONCLUSION, stored=data.stored
    )
    if text:
        conclusion.add(_narrative_paragraph(text, generated))
    for kind, title in (
        (NarrativeKind.OBSTACLES, "Permasalahan dan Kendala"),
        (NarrativeKind.RECOMMENDATIONS, "Saran dan Rekomendasi"),
    ):
        text, generated = narrative_text(data.unit, data.year, kind, stored=data.stored)
        if text:
            chapter.add(Section(title, blocks=[_narrative_paragraph(text, generated)]))
    return chapter


def _consistency_findings(data: LakinData) -> Table:
    """The open findings of the consistency check (reports/checks.py): the report is
    issued with them listed, so a reader sees what the data still contradicts."""
    from kinerja.reports.checks import consistency_report

    findings = consistency_report(data.unit, data.year).findings
    severity = {"error": "Kesalahan", "warning": "Perlu diperiksa"}
    return Table(
        key="consistency",
        caption="Temuan Uji Konsistensi Data",
        columns=[
            Column("Tingkat"),
            Column("Letak"),
            Column("Tercatat"),
            Column("Menurut data"),
            Column("Keterangan"),
        ],
        rows=[
            [
                severity.get(str(f.severity), str(f.severity)),
                f.where,
                None if f.found is None else str(f.found),
                None if f.expected is None else str(f.expected),
                f.message,
            ]
            for f in findings
        ],
        note="Tidak ada temuan."
        if not findings
        else "Hasil kinerja consistency: angka tercatat yang berbeda dari hitungan data.",
    )


def _annex(data: LakinData) -> Section:
    annex = Section("Lampiran", numbered=False)
    versions = list(data.agreement.versions.all())
    annex.add(
        Table(
            key="agreement-versions",
            caption=f"Perjanjian Kinerja {data.short_name} Tahun {data.year}",
            columns=[
                Column("Versi", Kind.INTEGER),
                Column("Status"),
                Column("Tanggal tanda tangan"),
                Column("Pihak pertama"),
                Column("Pihak kedua"),
                Column("Alasan perubahan"),
            ],
            rows=[
                [
                    v.number,
                    _label(AgreementStatus, v.status),
                    _date(v.signed_on),
                    v.signatory or None,
                    v.superior or None,
                    v.reason.strip() or None,
                ]
                for v in sorted(versions, key=lambda v: v.number)
            ],
            note=f"Versi yang berlaku dalam laporan ini: versi {data.version.number}.",
        )
    )
    annex.add(_consistency_findings(data))
    rows = [
        [item.indicator.code, item.indicator.name, f"{a.unit} {a.code}".strip(), a.name]
        for item in data.items
        for a in _indicator_alignments(data, item.indicator.code)
    ]
    if rows:
        annex.add(
            Table(
                key="alignment",
                caption="Keselarasan Indikator Kinerja dengan Unit Kerja Atasan",
                columns=[
                    Column("Kode"),
                    Column("Indikator Kinerja"),
                    Column("Selaras dengan"),
                    Column("Sasaran/indikator unit atasan"),
                ],
                rows=rows,
            )
        )
    return annex


def _indicator_alignments(data: LakinData, code: str) -> list:
    indicator = data.indicators[code]
    return list(indicator.alignments.all())


# ======================================================================================
# The document
# ======================================================================================
def build_lakin(unit: Unit, year: int, *, today: dt.date | None = None) -> Document:
    """The LAKIN of ``unit`` for ``year`` as a document (``MeasuresUnavailable`` when the
    unit has no Perjanjian Kinerja for that year)."""
    with translation.override("id"):
        data = _load(unit, year)
        doc = Document(
            title=TITLE,
            unit_name=unit.name,
            year=year,
            cover_lines=_cover_lines(data),
            generated_on=today or dt.date.today(),
            language="id",
        )
        doc.sections = [
            _foreword(data),
            _summary(data),
            _chapter_introduction(data),
            _chapter_planning(data),
            _chapter_accountability(data),
            _chapter_closing(data),
            _annex(data),
        ]
    doc.number_items()
    doc.data_hash = content_hash(doc)
    return doc


def content_hash(doc: Document) -> str:
    """SHA-256 of everything the document says (texts and table values, not the charts
    drawn from them, not the build date): two builds from the same data share it."""
    digest = hashlib.sha256()
    digest.update(json.dumps([doc.title, doc.unit_name, doc.year, doc.cover_lines]).encode())
    for section in doc.sections:
        digest.update(section.title.encode())
        for block in walk(section):
            if isinstance(block, Section):
                digest.update(block.title.encode())
            elif isinstance(block, Paragraph):
                digest.update(block.text.encode())
            elif isinstance(block, Table):
                payload = [block.key, block.caption, block.rows, block.total, block.note]
                digest.update(json.dumps(payload, default=str).encode())
            elif isinstance(block, Figure):
                digest.update(block.caption.encode())
    return digest.hexdigest()

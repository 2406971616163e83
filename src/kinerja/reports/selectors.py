"""Reads for the report pages: the documents a unit can download, its final versions,
its narrative slots, and what the public transparency pages may show.

The public reads return only published data: the signed versions of a Perjanjian
Kinerja (never a draft) and final LAKIN / Perjanjian Kinerja versions with the tables
stored when they were issued. Nothing here reads realizations, quarter entries or
narratives for the public.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from kinerja.budget.selectors import BudgetUnavailable, efficiency_rows
from kinerja.measurement.selectors import MeasuresUnavailable, unit_measures
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion, Indicator

from . import finals
from .models import FinalReport, FinalReportFile, Narrative, NarrativeKind, ReportKind
from .narratives import efficiency_sentence, narrative_text, stored_narratives

FORMATS = finals.FORMATS
FORMAT_LABELS = {"docx": "DOCX", "pdf": "PDF", "xlsx": "XLSX"}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What the public may download: the yearly documents. Quarterly reports are internal
# monitoring (e-monitoring), not part of the transparency page.
PUBLIC_KINDS = (ReportKind.LAKIN, ReportKind.PERKIN)

# Report-wide narrative slots, in the order the LAKIN prints them: the foreword, the
# executive summary, the conclusion of BAB IV and its obstacles and recommendations.
REPORT_NARRATIVES = (
    NarrativeKind.FOREWORD,
    NarrativeKind.SUMMARY,
    NarrativeKind.CONCLUSION,
    NarrativeKind.OBSTACLES,
    NarrativeKind.RECOMMENDATIONS,
)


# -- documents --------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentSpec:
    """A report the unit can download or issue: ``slug`` names it in URLs and forms."""

    slug: str
    kind: str
    quarter: int | None
    label: str

    @property
    def period(self) -> str:
        return finals.period_for(self.kind, self.quarter)

    def basename(self, unit_code: str, year: int) -> str:
        return finals.basename(self.kind, unit_code, year, self.period)

    def label_for(self, unit: Unit) -> str:
        """The label on the unit's pages: a unit whose performance report is not called
        LAKIN (a regency's LKjIP) sees its own report's name (``Unit.words``)."""
        if self.kind == ReportKind.LAKIN and unit.words.report_abbr != "LAKIN":
            return unit.words.report_name
        return str(self.label)


DOCUMENTS = (
    DocumentSpec("lakin", ReportKind.LAKIN, None, _("Laporan Akuntabilitas Kinerja (LAKIN)")),
    DocumentSpec("perkin", ReportKind.PERKIN, None, _("Perjanjian Kinerja")),
    *(
        DocumentSpec(f"triwulan-{q}", ReportKind.QUARTERLY, q, label)
        for q, label in (
            (1, _("Laporan Kinerja Triwulan I")),
            (2, _("Laporan Kinerja Triwulan II")),
            (3, _("Laporan Kinerja Triwulan III")),
            (4, _("Laporan Kinerja Triwulan IV")),
        )
    ),
)
_BY_SLUG = {d.slug: d for d in DOCUMENTS}


def document_spec(slug: str) -> DocumentSpec | None:
    return _BY_SLUG.get(slug)


def spec_of(report: FinalReport) -> DocumentSpec:
    return next(
        d
        for d in DOCUMENTS
        if d.kind == report.kind and d.quarter == finals.quarter_of(report.period)
    )


def agreement_years(unit: Unit) -> list[int]:
    return list(unit.agreements.order_by("-year").values_list("year", flat=True))


# -- final versions ---------------------------------------------------------------------
@dataclass
class FinalRow:
    report: FinalReport
    spec: DocumentSpec
    formats: list[str]
    changes: list[str] | None  # None: not compared (public pages) or no data any more


def _files_without_content():
    # The stored files are large; a listing needs their formats only.
    return Prefetch(
        "files",
        queryset=FinalReportFile.objects.only("id", "report_id", "format", "sha256").order_by(
            "format"
        ),
    )


def final_rows(unit: Unit, year: int) -> list[FinalRow]:
    """Every final version of the unit's year, newest first per document, with what the
    data says differently since each was issued (one snapshot of today's data for all)."""
    reports = list(
        FinalReport.objects.filter(unit=unit, year=year)
        .select_related("unit", "created_by")
        .prefetch_related(_files_without_content())
        .order_by("kind", "period", "-version")
    )
    current = None
    if reports:
        try:
            current = finals.data_snapshot(unit, year)
        except finals.FinalizeError:
            current = None
    order = {d.slug: i for i, d in enumerate(DOCUMENTS)}
    rows = [
        FinalRow(
            report=r,
            spec=spec_of(r),
            formats=[f.format for f in r.files.all()],
            changes=finals.changes_since(r, current) if current is not None else None,
        )
        for r in reports
    ]
    rows.sort(key=lambda row: (order[row.spec.slug], -row.report.version))
    return rows


def final_report(unit: Unit, year: int, pk: int) -> FinalReport | None:
    return (
        FinalReport.objects.filter(unit=unit, year=year, pk=pk)
        .select_related("unit", "created_by")
        .prefetch_related(_files_without_content())
        .first()
    )


def final_file(report: FinalReport, fmt: str) -> FinalReportFile | None:
    return FinalReportFile.objects.filter(report=report, format=fmt).first()


def has_final(unit: Unit, year: int, spec: DocumentSpec) -> bool:
    return FinalReport.objects.filter(
        unit=unit, year=year, kind=spec.kind, period=spec.period
    ).exists()


# -- narratives -------------------------------------------------------------------------
@dataclass
class NarrativeSlot:
    """One narrative of the LAKIN: the unit's text when it wrote one, otherwise the
    sentence kinerja generates from the data (or nothing: the LAKIN then leaves the slot
    out)."""

    kind: NarrativeKind
    indicator: Indicator | None
    stored: Narrative | None
    text: str
    is_generated: bool
    generated: str  # what kinerja would write, shown next to the unit's text

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def anchor(self) -> str:
        code = self.indicator.code.replace(".", "-") if self.indicator else "laporan"
        return f"narasi-{code}-{self.kind.value}".lower()

    @property
    def in_report(self) -> bool:
        return bool(self.text)


@dataclass
class IndicatorNarratives:
    indicator: Indicator
    slots: list[NarrativeSlot] = field(default_factory=list)


def agreement_indicators(unit: Unit, year: int) -> list[Indicator]:
    """The indicators of the agreement version in force, in agreement order (the LAKIN
    keeps per-indicator narratives on these)."""
    agreement = Agreement.objects.filter(unit=unit, year=year).first()
    version = agreement.version_in_force() if agreement else None
    if version is None:
        return []
    return [
        item.indicator
        for item in AgreementIndicator.objects.filter(version=version)
        .select_related("indicator")
        .order_by("position")
    ]


def _generated_foreword(unit: Unit, year: int) -> str:
    # The LAKIN's own foreword builder, given only what it reads (unit, year, measures)
    # and no stored narratives: the page shows exactly the sentence the report would.
    from .lakin import foreword

    data = SimpleNamespace(unit=unit, year=year, measures=unit_measures(unit, year), stored={})
    section = foreword(data)
    return section.blocks[0].text if section.blocks else ""


def _efficiency_sentences(unit: Unit, year: int) -> dict[str, str]:
    try:
        rows = efficiency_rows(unit, year)
    except BudgetUnavailable:
        return {}
    return {r.indicator_code: efficiency_sentence(r) for r in rows}


def _generated_report_texts(unit: Unit, year: int) -> dict[str, str]:
    """What the LAKIN writes in the report-wide slots the unit left empty (executive
    summary, conclusion, obstacles, recommendations), from the LAKIN's own builders."""
    from .lakin.closing import GENERATED
    from .lakin.data import load
    from .lakin.front import generated_summary

    try:
        data = load(unit, year)
    except MeasuresUnavailable:
        return {}
    texts = {NarrativeKind.SUMMARY.value: generated_summary(data)}
    texts |= {kind.value: build(data) for kind, build in GENERATED.items()}
    return texts


def generated_text(unit: Unit, year: int, kind: str, indicator: Indicator | None) -> str:
    """The sentence kinerja writes for a slot when the unit wrote nothing ("" where the
    LAKIN has none and leaves the slot out)."""
    if indicator is None and kind == NarrativeKind.FOREWORD:
        return _generated_foreword(unit, year)
    if indicator is None:
        return _generated_report_texts(unit, year).get(str(kind), "")
    if indicator is not None and kind == NarrativeKind.EFFICIENCY:
        return _efficiency_sentences(unit, year).get(indicator.code, "")
    return ""


def narrative_slot(unit: Unit, year: int, kind: str, indicator: Indicator | None) -> NarrativeSlot:
    kind = NarrativeKind(kind)
    stored = Narrative.objects.filter(unit=unit, year=year, kind=kind, indicator=indicator).first()
    generated = generated_text(unit, year, kind, indicator)
    text, is_generated = narrative_text(unit, year, kind, indicator, generated=generated)
    return NarrativeSlot(kind, indicator, stored, text, is_generated, generated)


def narrative_slots(unit: Unit, year: int) -> tuple[list[NarrativeSlot], list[IndicatorNarratives]]:
    """The report-wide slots and, per agreement indicator, its analysis slots; each with
    the text the LAKIN prints (``narratives.narrative_text``: the stored text wins)."""
    from .lakin import INDICATOR_NARRATIVES

    stored_map = stored_narratives(unit, year)
    rows = {
        (n.kind, n.indicator_id): n
        for n in Narrative.objects.filter(unit=unit, year=year).select_related("updated_by")
    }
    try:
        foreword = _generated_foreword(unit, year)
    except MeasuresUnavailable:
        foreword = ""
    efficiency = _efficiency_sentences(unit, year)
    report_texts = _generated_report_texts(unit, year)
    report_texts[NarrativeKind.FOREWORD.value] = foreword

    def slot(kind, indicator, generated):
        text, is_generated = narrative_text(
            unit, year, kind, indicator, generated=generated, stored=stored_map
        )
        stored = rows.get((kind.value, indicator.pk if indicator else None))
        return NarrativeSlot(kind, indicator, stored, text, is_generated, generated)

    report = [slot(kind, None, report_texts.get(kind.value, "")) for kind in REPORT_NARRATIVES]
    per_indicator = []
    for indicator in agreement_indicators(unit, year):
        group = IndicatorNarratives(indicator)
        for kind in INDICATOR_NARRATIVES:
            generated = (
                efficiency.get(indicator.code, "") if kind == NarrativeKind.EFFICIENCY else ""
            )
            group.slots.append(slot(kind, indicator, generated))
        per_indicator.append(group)
    return report, per_indicator


def indicator_narrative_kinds() -> tuple[NarrativeKind, ...]:
    from .lakin import INDICATOR_NARRATIVES

    return tuple(INDICATOR_NARRATIVES)


# -- public pages -----------------------------------------------------------------------
def _signed_versions():
    return AgreementVersion.objects.filter(status=AgreementStatus.SIGNED)


def published_units():
    """Units with something published: a signed Perjanjian Kinerja or a final LAKIN or
    Perjanjian Kinerja."""
    return (
        Unit.objects.filter(
            Q(agreements__versions__status=AgreementStatus.SIGNED)
            | Q(final_reports__kind__in=PUBLIC_KINDS)
        )
        .distinct()
        .order_by("name")
    )


@dataclass
class PublicYear:
    year: int
    version: AgreementVersion | None  # the highest signed version
    items: list[AgreementIndicator]
    finals: list[FinalRow]  # LAKIN and Perjanjian Kinerja, newest first
    achievement: dict | None  # the achievement table of the latest final LAKIN, as issued
    achievement_report: FinalReport | None

    @property
    def rows(self) -> list[dict]:
        """The agreement's items as the Perjanjian Kinerja prints them."""
        from .lakin import indicator_scale
        from .perkin import target_text

        out = []
        for item in self.items:
            owner = item.indicator.objective or item.indicator.goal
            out.append(
                {
                    "objective": f"{owner.code} {owner.name}" if owner else "",
                    "code": item.indicator.code,
                    "name": item.indicator.name,
                    "target": target_text(item.target_value, scale=indicator_scale(item.indicator)),
                    "unit_label": item.indicator.unit_label,
                }
            )
        return out

    def _cells(self, texts: list[str]) -> list[tuple[str, bool]]:
        kinds = [c["kind"] for c in self.achievement["columns"]]
        return [(text, kind != "text") for text, kind in zip(texts, kinds, strict=False)]

    @property
    def achievement_rows(self) -> list[list[tuple[str, bool]]]:
        if not self.achievement:
            return []
        return [self._cells(row) for row in self.achievement["text"]]

    @property
    def achievement_total(self) -> list[tuple[str, bool]] | None:
        if not self.achievement or not self.achievement.get("total"):
            return None
        return self._cells(self.achievement["total"])


def public_years(unit: Unit) -> list[PublicYear]:
    """Per year, newest first, what the transparency page shows: the signed agreement
    (the highest signed version, never a draft), the final LAKIN and Perjanjian Kinerja
    versions and the achievements as the latest final LAKIN published them."""
    signed: dict[int, AgreementVersion] = {}
    for version in _signed_versions().filter(agreement__unit=unit).select_related("agreement"):
        year = version.agreement.year
        if year not in signed or version.number > signed[year].number:
            signed[year] = version
    items: dict[int, list[AgreementIndicator]] = {}
    for item in (
        AgreementIndicator.objects.filter(version__in=list(signed.values()))
        .select_related(
            "indicator__objective", "indicator__goal", "indicator__scale", "version__agreement"
        )
        .order_by("position")
    ):
        items.setdefault(item.version.agreement.year, []).append(item)
    reports = list(
        FinalReport.objects.filter(unit=unit, kind__in=PUBLIC_KINDS)
        .defer("data_snapshot", "document")
        .select_related("unit")
        .prefetch_related(_files_without_content())
        .order_by("-year", "kind", "-version")
    )
    finals_by_year: dict[int, list[FinalRow]] = {}
    for r in reports:
        finals_by_year.setdefault(r.year, []).append(
            FinalRow(r, spec_of(r), [f.format for f in r.files.all()], None)
        )
    out = []
    for year in sorted(set(signed) | set(finals_by_year), reverse=True):
        latest_lakin = next(
            (
                row.report
                for row in finals_by_year.get(year, [])
                if row.report.kind == ReportKind.LAKIN
            ),
            None,
        )
        achievement = None
        if latest_lakin is not None:
            with_model = FinalReport.objects.only("id", "document").get(pk=latest_lakin.pk)
            achievement = finals.stored_table(with_model, "achievement-summary")
        out.append(
            PublicYear(
                year=year,
                version=signed.get(year),
                items=items.get(year, []),
                finals=finals_by_year.get(year, []),
                achievement=achievement,
                achievement_report=latest_lakin,
            )
        )
    return out


def public_file(unit: Unit, pk: int, fmt: str) -> FinalReportFile | None:
    """A stored file of a final LAKIN or Perjanjian Kinerja of ``unit``; None for
    anything else (a quarterly report, another unit's report, an unknown format)."""
    return (
        FinalReportFile.objects.filter(
            report__pk=pk, report__unit=unit, report__kind__in=PUBLIC_KINDS, format=fmt
        )
        .select_related("report__unit")
        .first()
    )

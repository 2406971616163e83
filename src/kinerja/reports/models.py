"""Narratives: the texts a unit writes into its reports (causes of success or failure,
obstacles, recommendations, the foreword …), kept per unit, year and — for the analysis
of one indicator — per indicator.

A stored narrative is the unit's own words and is never overwritten by kinerja; where there
is none, the report builder writes a factual sentence from the data instead
(``reports.narratives.narrative_text``), and says that it did so.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.budget.choices import PnbpCategory
from kinerja.core.models import measure_field
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator


class NarrativeKind(models.TextChoices):
    SUCCESS_CAUSES = "success_causes", _("Analisis penyebab keberhasilan")
    FAILURE_CAUSES = "failure_causes", _("Analisis penyebab kegagalan")
    EFFICIENCY = "efficiency", _("Analisis efisiensi penggunaan sumber daya")
    SUPPORTING_PROGRAMS = "supporting_programs", _("Program/kegiatan yang menunjang")
    OBSTACLES = "obstacles", _("Kendala")
    RECOMMENDATIONS = "recommendations", _("Rekomendasi")
    CONCLUSION = "conclusion", _("Kesimpulan")
    FOREWORD = "foreword", _("Kata pengantar")
    SUMMARY = "summary", _("Ikhtisar eksekutif")


class Narrative(models.Model):
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="narratives")
    year = models.PositiveSmallIntegerField(_("tahun"))
    indicator = models.ForeignKey(
        Indicator,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="narratives",
        help_text=_("Kosongkan untuk narasi laporan secara keseluruhan."),
    )
    kind = models.CharField(_("jenis"), max_length=24, choices=NarrativeKind.choices)
    text = models.TextField(_("teks"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        ordering = ["unit", "year", "indicator_id", "kind"]
        # NULL indicators are distinct in a plain unique constraint on every backend, so
        # the report-wide narratives get their own constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "indicator", "kind"],
                condition=Q(indicator__isnull=False),
                name="unique_indicator_narrative",
                violation_error_message=_("Narasi jenis ini untuk indikator ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "kind"],
                condition=Q(indicator__isnull=True),
                name="unique_report_narrative",
                violation_error_message=_("Narasi jenis ini untuk laporan tahun ini sudah ada."),
            ),
        ]
        verbose_name = _("narasi")
        verbose_name_plural = _("narasi")

    def __str__(self) -> str:
        target = self.indicator.code if self.indicator_id else str(self.unit)
        return f"{target} {self.year}: {self.get_kind_display()}"


class ReportKind(models.TextChoices):
    LAKIN = "lakin", _("Laporan Akuntabilitas Kinerja")
    PERKIN = "perkin", _("Perjanjian Kinerja")
    QUARTERLY = "quarterly", _("Laporan triwulan")


# Findings about how the data was made (survey responses generated from published means)
# are the project's business, never a reader's: no document or public page lists them.
INTERNAL_FINDINGS = frozenset({"survey_synthetic"})


class FinalReport(models.Model):
    """A report marked final: its rendered files, its content (the report model and its
    hash) and a snapshot of the data it was built from. Never changed afterwards — later
    edits to plans or realizations leave it as it was issued; a correction is a new
    version with a reason. One sequence of versions per unit, year, kind and period (the
    LAKIN and the Perjanjian Kinerja per year, the quarterly report per quarter)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="final_reports")
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=16, choices=ReportKind.choices)
    period = models.CharField(_("periode"), max_length=8, blank=True)  # "q2" for quarterly
    version = models.PositiveSmallIntegerField(_("versi"))
    reason = models.TextField(_("alasan"), blank=True)
    data_hash = models.CharField(_("sidik data"), max_length=64)
    content_hash = models.CharField(_("sidik isi"), max_length=64)
    data_snapshot = models.JSONField(_("data saat diterbitkan"))
    # The report model as issued (finals.document_model); empty for versions issued
    # before it was kept.
    document = models.JSONField(_("isi laporan"), null=True, blank=True)
    findings = models.JSONField(_("temuan konsistensi"), default=list)
    # The head's choice when issuing: the LAKIN's annex and the public page list the
    # findings only then (they are the unit's working notes otherwise).
    show_findings = models.BooleanField(_("temuan ditampilkan"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    created_at = models.DateTimeField(_("diterbitkan pada"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "year", "kind", "period", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "period", "version"],
                name="unique_final_report_version",
                violation_error_message=_("Versi laporan final ini sudah ada."),
            )
        ]
        verbose_name = _("laporan final")
        verbose_name_plural = _("laporan final")

    def __str__(self) -> str:
        period = f" {self.period.upper()}" if self.period else ""
        return f"{self.get_kind_display()} {self.unit} {self.year}{period} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a final report never changes; issue a new version instead")
        super().save(*args, **kwargs)

    @property
    def public_findings(self) -> list[dict]:
        """The findings the public page lists: none unless the head chose to show them."""
        if not self.show_findings:
            return []
        return [f for f in self.findings if f.get("code") not in INTERNAL_FINDINGS]


FINAL_PREFIX = "final-reports"


def final_file_path(instance: "FinalReportFile", filename: str) -> str:
    """final-reports/<unit>/<year>/<kind>[-<period>]-v<version>-<random>.<format>: ours,
    never reused (a rolled-back issue may leave its file behind, core/storage.py)."""
    report = instance.report
    period = f"-{report.period}" if report.period else ""
    return (
        f"{FINAL_PREFIX}/{report.unit.code}/{report.year}/"
        f"{report.kind}{period}-v{report.version}-{uuid4().hex[:12]}.{instance.format}"
    )


class FinalReportFile(models.Model):
    """One rendered file of a final report, kept in the file storage (core/storage.py)
    and named here with its SHA-256."""

    report = models.ForeignKey(FinalReport, models.PROTECT, related_name="files")
    format = models.CharField(_("format"), max_length=8)
    file = models.FileField(_("berkas"), upload_to=final_file_path, max_length=255)
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="unique_final_file")
        ]
        verbose_name = _("berkas laporan final")
        verbose_name_plural = _("berkas laporan final")

    def __str__(self) -> str:
        return f"{self.report} .{self.format}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a final report's file never changes")
        super().save(*args, **kwargs)

    @property
    def content(self) -> bytes:
        """The file's bytes, read from the storage (downloads stream ``file`` instead)."""
        from kinerja.core.storage import read

        return read(self.file.name, self.file.storage)


class PrintedFigureKind(models.TextChoices):
    """What a printed figure is, hence how kinerja computes the same figure from its data
    (reports.checks, ``printed_figure``)."""

    PNBP_TOTAL = "pnbp_total", _("Total penerimaan PNBP")
    PNBP_REALIZATION_PCT = "pnbp_realization_pct", _("Realisasi penerimaan PNBP (% target)")
    PNBP_USE_PCT = "pnbp_use_pct", _("Realisasi penggunaan PNBP (% pagu penggunaan)")
    PNBP_AMOUNT = "pnbp_amount", _("Penerimaan PNBP per jenis layanan")
    PNBP_SHARE = "pnbp_share", _("Persentase penerimaan PNBP per jenis layanan")
    EFFICIENCY_TARGET = "efficiency_target", _("Target indikator di tabel efisiensi")
    EFFICIENCY_REALIZATION = "efficiency_realization", _("Realisasi indikator di tabel efisiensi")
    EFFICIENCY_PCT = "efficiency_pct", _("Efisiensi indikator")
    EFFICIENCY_MEAN_ACHIEVEMENT_PCT = (
        "efficiency_mean_achievement_pct",
        _("Rata-rata capaian kinerja di tabel efisiensi"),
    )
    TARGET = "target", _("Target indikator")
    REALIZATION = "realization", _("Realisasi indikator")
    ACHIEVEMENT_PCT = "achievement_pct", _("Capaian indikator (%)")
    STATUS = "status", _("Status capaian indikator")
    MEAN_ACHIEVEMENT_PCT = "mean_achievement_pct", _("Rata-rata capaian kinerja")
    BUDGET_INITIAL_CEILING = "budget_initial_ceiling", _("Pagu awal")
    BUDGET_CEILING = "budget_ceiling", _("Pagu akhir")
    BUDGET_SPENDING = "budget_spending", _("Realisasi anggaran")
    BUDGET_ABSORPTION_PCT = "budget_absorption_pct", _("Penyerapan anggaran (%)")
    SURVEY_INDEX = "survey_index", _("Indeks Kepuasan Masyarakat")
    SURVEY_GRADE = "survey_grade", _("Mutu pelayanan (SKM)")


# Figures of the PNBP tables; of those, the figures about a row of PNBP categories (one
# printed row may combine several). Figures about one indicator of the efficiency table.
# Every other figure has neither categories nor an indicator.
PNBP_FIGURES = frozenset(
    {
        PrintedFigureKind.PNBP_TOTAL,
        PrintedFigureKind.PNBP_REALIZATION_PCT,
        PrintedFigureKind.PNBP_USE_PCT,
        PrintedFigureKind.PNBP_AMOUNT,
        PrintedFigureKind.PNBP_SHARE,
    }
)
CATEGORY_FIGURES = frozenset({PrintedFigureKind.PNBP_AMOUNT, PrintedFigureKind.PNBP_SHARE})
INDICATOR_FIGURES = frozenset(
    {
        PrintedFigureKind.EFFICIENCY_TARGET,
        PrintedFigureKind.EFFICIENCY_REALIZATION,
        PrintedFigureKind.EFFICIENCY_PCT,
        PrintedFigureKind.TARGET,
        PrintedFigureKind.REALIZATION,
        PrintedFigureKind.ACHIEVEMENT_PCT,
        PrintedFigureKind.STATUS,
    }
)
EFFICIENCY_FIGURES = frozenset(
    {
        PrintedFigureKind.EFFICIENCY_TARGET,
        PrintedFigureKind.EFFICIENCY_REALIZATION,
        PrintedFigureKind.EFFICIENCY_PCT,
        PrintedFigureKind.EFFICIENCY_MEAN_ACHIEVEMENT_PCT,
    }
)
MEASURE_FIGURES = frozenset(
    {
        PrintedFigureKind.TARGET,
        PrintedFigureKind.REALIZATION,
        PrintedFigureKind.ACHIEVEMENT_PCT,
        PrintedFigureKind.STATUS,
        PrintedFigureKind.MEAN_ACHIEVEMENT_PCT,
    }
)
# Budget figures are of one DIPA line, one source of funds, one spending type, or (none
# of these) of the whole DIPA.
BUDGET_FIGURES = frozenset(
    {
        PrintedFigureKind.BUDGET_INITIAL_CEILING,
        PrintedFigureKind.BUDGET_CEILING,
        PrintedFigureKind.BUDGET_SPENDING,
        PrintedFigureKind.BUDGET_ABSORPTION_PCT,
    }
)
SURVEY_FIGURES = frozenset({PrintedFigureKind.SURVEY_INDEX, PrintedFigureKind.SURVEY_GRADE})
# Figures printed as words, not numbers.
TEXT_FIGURES = frozenset({PrintedFigureKind.STATUS, PrintedFigureKind.SURVEY_GRADE})


def canonical_categories(categories) -> list[str]:
    """PNBP categories in the vocabulary's order, so that a row is one key however the
    file lists them."""
    wanted = set(categories)
    return [c for c in PnbpCategory.values if c in wanted]


class PrintedFigure(models.Model):
    """A figure a hand-made report printed (a PNBP share, a total, a target in the
    efficiency table …), kept so the consistency check can hold it against the figure
    kinerja computes from its data — as ``Realization.as_reported`` does for an
    indicator's realization. ``year`` is the year the figure is about: Tabel 3.71 of the
    2023 report prints the 2019 total, which is a figure of 2019."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="printed_figures")
    year = models.PositiveSmallIntegerField(_("tahun"))
    where = models.CharField(
        _("tempat"), max_length=64, help_text=_("Tabel atau halaman laporan, mis. Tabel 3.69.")
    )
    figure = models.CharField(_("angka"), max_length=40, choices=PrintedFigureKind.choices)
    indicator_code = models.CharField(_("kode indikator"), max_length=32, blank=True)
    categories = models.JSONField(_("jenis layanan PNBP"), default=list, blank=True)
    line_code = models.CharField(_("kode baris DIPA"), max_length=64, blank=True)
    source = models.CharField(_("sumber dana"), max_length=20, blank=True)
    spending_type = models.CharField(_("jenis belanja"), max_length=2, blank=True)
    service_type = models.CharField(_("jenis layanan SKM"), max_length=32, blank=True)
    page = models.PositiveIntegerField(_("halaman"), null=True, blank=True)
    value = measure_field(verbose_name=_("nilai tercetak"), null=True, blank=True)
    # The decimals the figure was printed with ("122,40" → 2), which a stored Decimal
    # loses; None: as many as the stored value has, trailing zeros aside.
    places = models.PositiveSmallIntegerField(_("desimal tercetak"), null=True, blank=True)
    text = models.CharField(
        _("teks tercetak"), max_length=64, blank=True, help_text=_("Status atau mutu, mis. B.")
    )

    class Meta:
        ordering = ["unit", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "unit",
                    "year",
                    "figure",
                    "where",
                    "indicator_code",
                    "categories",
                    "line_code",
                    "source",
                    "spending_type",
                    "service_type",
                ],
                name="unique_printed_figure",
                violation_error_message=_("Angka tercetak ini sudah ada."),
            )
        ]
        verbose_name = _("angka tercetak")
        verbose_name_plural = _("angka tercetak")

    def __str__(self) -> str:
        about = self.indicator_code or "+".join(self.categories) or self.part
        about = f" {about}" if about else ""
        return f"{self.where} {self.year}: {self.get_figure_display()}{about}"

    @property
    def part(self) -> str:
        """The line, source of funds, spending type or survey service the figure is of."""
        return self.line_code or self.source or self.spending_type or self.service_type

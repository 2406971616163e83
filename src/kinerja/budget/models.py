"""Budgets, of a central unit (APBN, DIPA) or of a regional one (APBD, DPA): ceilings by
source and spending type, revisions, the line hierarchy with spending, output indicators
on lines, the link of lines to indicators, and PNBP revenue and its use."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel, measure_field, money_field
from kinerja.measurement.choices import Period
from kinerja.org.models import Unit
from kinerja.planning.choices import Aggregation, Polarity
from kinerja.planning.models import Indicator

from .choices import BudgetKind, Dimension, LineLevel, PnbpCategory


class BudgetYear(TimeStampedModel):
    """One unit's budget document for one year: a DIPA (APBN) or a DPA (APBD). The totals
    are as stated on the document; when lines are recorded, reports use the sums of the
    lines and the consistency check compares both. Its revisions are the DIPA revisions,
    or for a DPA its changes (DPA Perubahan, DPPA)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(
        _("jenis anggaran"), max_length=4, choices=BudgetKind.choices, default=BudgetKind.APBN
    )
    dipa_number = models.CharField(_("nomor DIPA"), max_length=100, blank=True)
    initial_ceiling = money_field(verbose_name=_("pagu awal"), null=True, blank=True)
    final_ceiling = money_field(verbose_name=_("pagu akhir"), null=True, blank=True)
    spending = money_field(verbose_name=_("realisasi"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unique_budget_year",
                violation_error_message=_("Unit ini sudah memiliki DIPA tahun itu."),
            )
        ]
        verbose_name = _("DIPA")
        verbose_name_plural = _("DIPA")

    def __str__(self) -> str:
        return f"DIPA {self.unit} {self.year}"


class Breakdown(models.Model):
    """Ceiling and spending by source of funds or by spending type (DIPA page I)."""

    budget = models.ForeignKey(BudgetYear, models.CASCADE, related_name="breakdowns")
    dimension = models.CharField(_("dimensi"), max_length=8, choices=Dimension.choices)
    key = models.CharField(_("kode"), max_length=20)
    initial_ceiling = money_field(verbose_name=_("pagu awal"), null=True, blank=True)
    final_ceiling = money_field(verbose_name=_("pagu akhir"), null=True, blank=True)
    spending = money_field(verbose_name=_("realisasi"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "dimension", "key"], name="unique_breakdown")
        ]
        verbose_name = _("rincian pagu")
        verbose_name_plural = _("rincian pagu")

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}"


class FundingSource(models.Model):
    """A source of funds a budget year defines beyond the shipped ones (``Source``), e.g.
    a provincial grant programme; breakdowns and lines name it by its code."""

    budget = models.ForeignKey(BudgetYear, models.CASCADE, related_name="funding_sources")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=255)

    class Meta:
        ordering = ["budget", "code"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="unique_funding_source")
        ]
        verbose_name = _("sumber dana")
        verbose_name_plural = _("sumber dana")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Revision(models.Model):
    budget = models.ForeignKey(BudgetYear, models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revisi ke"))
    date = models.DateField(_("tanggal"), null=True, blank=True)
    kind = models.CharField(_("jenis revisi"), max_length=255, blank=True)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="unique_budget_revision")
        ]
        verbose_name = _("revisi DIPA")
        verbose_name_plural = _("revisi DIPA")

    def __str__(self) -> str:
        return f"Revisi ke-{self.number}"


class Line(models.Model):
    """A line of the DIPA hierarchy. Only the lowest lines carry ceiling and spending;
    a parent's figures are the sums of its children."""

    budget = models.ForeignKey(BudgetYear, models.CASCADE, related_name="lines")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("kode"), max_length=64)
    level = models.CharField(_("tingkat"), max_length=12, choices=LineLevel.choices)
    name = models.TextField(_("uraian"))
    ceiling = money_field(verbose_name=_("pagu"), null=True, blank=True)
    spending = money_field(verbose_name=_("realisasi"), null=True, blank=True)
    source = models.CharField(_("sumber dana"), max_length=20, blank=True)
    unlinked_reason = models.TextField(_("alasan tidak dikaitkan"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, through="LineIndicator", related_name="budget_lines", blank=True
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["budget", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "code"],
                name="unique_budget_line_code",
                violation_error_message=_("Kode ini sudah ada di DIPA tahun itu."),
            ),
            models.CheckConstraint(
                condition=models.Q(ceiling__isnull=True) | models.Q(ceiling__gte=0),
                name="budget_line_ceiling_not_negative",
            ),
        ]
        verbose_name = _("baris DIPA")
        verbose_name_plural = _("baris DIPA")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LineMonthSpending(models.Model):
    """What a budget line spent in one month of the year (realisasi per bulan). When a
    line has monthly figures, its ``spending`` is their sum (``services.set_month_spending``
    keeps both in step)."""

    line = models.ForeignKey(Line, models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField(
        _("bulan"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = money_field(verbose_name=_("realisasi"))

    class Meta:
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="unique_line_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="line_month_in_year"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="line_month_amount_not_negative"
            ),
        ]
        verbose_name = _("realisasi bulanan")
        verbose_name_plural = _("realisasi bulanan")

    def __str__(self) -> str:
        return f"{self.line.code} {self.month}: {self.amount}"


class LineIndicator(models.Model):
    """Which indicator a budget line finances (seed Tabel 3.65)."""

    line = models.ForeignKey(Line, models.CASCADE, related_name="links")
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="budget_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "indicator"], name="unique_line_indicator")
        ]
        verbose_name = _("keterkaitan anggaran")
        verbose_name_plural = _("keterkaitan anggaran")

    def __str__(self) -> str:
        return f"{self.line.code} → {self.indicator.code}"


class LineOutput(models.Model):
    """An output indicator of a budget line: the volume target of a Rincian Output (DIPA)
    or an indicator of a sub kegiatan (DPA), with its realizations. Its achievement is
    computed as an agreement indicator's is (measurement.calc), never stored."""

    line = models.ForeignKey(Line, models.CASCADE, related_name="outputs")
    name = models.TextField(_("indikator keluaran"))
    unit_label = models.CharField(_("satuan"), max_length=64)
    target = measure_field(verbose_name=_("target"), null=True, blank=True)
    polarity = models.CharField(
        _("polaritas"), max_length=20, choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER
    )
    aggregation = models.CharField(
        _("agregasi triwulan"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["line", "position"]
        constraints = [
            models.UniqueConstraint(fields=["line", "position"], name="unique_line_output")
        ]
        verbose_name = _("indikator keluaran")
        verbose_name_plural = _("indikator keluaran")

    def __str__(self) -> str:
        return f"{self.line.code}: {self.name}"


class LineOutputRealization(models.Model):
    """What an output reached in one period: the year, or one quarter."""

    output = models.ForeignKey(LineOutput, models.CASCADE, related_name="realizations")
    period = models.CharField(_("periode"), max_length=4, choices=Period.choices)
    value = measure_field(verbose_name=_("realisasi"))

    class Meta:
        ordering = ["output", "period"]
        constraints = [
            models.UniqueConstraint(fields=["output", "period"], name="unique_output_period")
        ]
        verbose_name = _("realisasi keluaran")
        verbose_name_plural = _("realisasi keluaran")

    def __str__(self) -> str:
        return f"{self.output} {self.period}: {self.value}"

    @property
    def as_reported(self) -> None:
        """Outputs keep no as-reported figure; the attribute lets the year's value be
        read by the rule of indicators (measurement.selectors.year_value)."""
        return None


class PnbpYear(TimeStampedModel):
    """PNBP: revenue target, and the share of receipts the unit may spend."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="pnbp_years")
    year = models.PositiveSmallIntegerField(_("tahun"))
    revenue_target = money_field(verbose_name=_("target penerimaan"), null=True, blank=True)
    permitted_use_pct = measure_field(
        verbose_name=_("persentase penggunaan yang diizinkan"), null=True, blank=True
    )
    use_ceiling = money_field(verbose_name=_("pagu penggunaan"), null=True, blank=True)
    use_spending = money_field(verbose_name=_("realisasi penggunaan"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_pnbp_year")]
        verbose_name = _("PNBP")
        verbose_name_plural = _("PNBP")

    def __str__(self) -> str:
        return f"PNBP {self.unit} {self.year}"


class PnbpReceipt(models.Model):
    pnbp_year = models.ForeignKey(PnbpYear, models.CASCADE, related_name="receipts")
    category = models.CharField(_("jenis layanan"), max_length=32, choices=PnbpCategory.choices)
    amount = money_field(verbose_name=_("penerimaan"))

    class Meta:
        ordering = ["pnbp_year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["pnbp_year", "category"], name="unique_pnbp_receipt")
        ]
        verbose_name = _("penerimaan PNBP")
        verbose_name_plural = _("penerimaan PNBP")

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"

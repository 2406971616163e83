from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel, measure_field
from kinerja.planning.models import Indicator

from .choices import Period


class Realization(TimeStampedModel):
    """What an indicator reached in one period. Achievement is never stored: it is
    computed from this value and the target in force (measurement.calc)."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="realizations")
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.CharField(_("periode"), max_length=4, choices=Period.choices)
    value = measure_field(verbose_name=_("realisasi"))
    as_reported = measure_field(
        verbose_name=_("nilai yang dilaporkan"),
        null=True,
        blank=True,
        help_text=_("Angka sebagaimana tercetak di laporan sebelumnya, untuk uji konsistensi."),
    )
    reference_target = measure_field(
        verbose_name=_("target saat itu"),
        null=True,
        blank=True,
        help_text=_("Hanya untuk tahun di luar periode Renstra (data pembanding)."),
    )
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.CharField(_("bukti dukung"), max_length=500, blank=True)
    # Set when the value was computed from records: the method and its inputs, so the figure
    # can be recomputed by hand. Empty for typed-in values.
    provenance = models.JSONField(_("asal perhitungan"), null=True, blank=True, editable=False)

    class Meta:
        # indicator_id, not indicator: ordering by the relation would follow Indicator's own
        # ordering through four joins on every query (docs/performance.md).
        ordering = ["indicator_id", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"],
                name="unique_realization_period",
                violation_error_message=_("Realisasi indikator ini untuk periode itu sudah ada."),
            ),
        ]
        indexes = [models.Index(fields=["year", "indicator"], name="realization_year_idx")]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.period}: {self.value}"

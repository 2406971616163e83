"""A background job as the database records it: what was asked, by whom, for which units,
how far it has come and how it ended. The broker only carries the job's id; everything a
user or an operator sees is read from here (docs/jobs.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Unit

from .choices import FINISHED_STATES, JobKind, JobState


class Job(models.Model):
    kind = models.CharField(_("jenis"), max_length=24, choices=JobKind.choices)
    # The unit the job is about: the unit of a report, or the parent of a batch.
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="jobs", verbose_name=_("unit"))
    # Every unit the job reads (a batch: the units below the parent), by code.
    unit_codes = models.JSONField(_("unit yang dicakup"), default=list, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("selesai"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    # Where the result file is, in Django's default storage ("" when none).
    result_file = models.CharField(_("berkas hasil"), max_length=255, blank=True)
    # The outcome in plain data: per unit for a batch, the final version issued, …
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("diminta oleh"),
    )
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="job_state_created")]
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.unit.code} {self.year}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int:
        if self.state == JobState.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

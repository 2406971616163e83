"""The SAKIP evaluation (LKE, PermenPANRB 88/2021): templates, evaluations, answers.

A template is versioned data (``data/*.yaml``, loaded by ``kinerja lke_template``): a
future regulation is a new template and old evaluations keep the one they were made
with. Scores are never stored: ``calc.py`` computes them from the answers.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core import uploads
from kinerja.core.models import TimeStampedModel
from kinerja.org.models import Unit

from .choices import EvaluationState, EventAction, RecommendationStatus, SubComponentKind


class Template(TimeStampedModel):
    code = models.SlugField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama"), max_length=255)
    regulation = models.CharField(_("dasar hukum"), max_length=255)
    # scale code → {"label": …, "answers": {answer: value as decimal string}}
    scales = models.JSONField(_("skala jawaban"), default=dict)

    class Meta:
        ordering = ["code"]
        verbose_name = _("templat LKE")
        verbose_name_plural = _("templat LKE")

    def __str__(self) -> str:
        return self.code

    def scale_values(self, scale: str) -> dict[str, Decimal]:
        return {k: Decimal(v) for k, v in self.scales[scale]["answers"].items()}


class Component(models.Model):
    template = models.ForeignKey(Template, models.CASCADE, related_name="components")
    code = models.CharField(_("kode"), max_length=16)
    name = models.CharField(_("nama"), max_length=255)
    weight = models.DecimalField(_("bobot"), max_digits=7, decimal_places=4)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["template_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_lke_component")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SubComponent(models.Model):
    component = models.ForeignKey(Component, models.CASCADE, related_name="sub_components")
    code = models.CharField(_("kode"), max_length=16)
    name = models.CharField(_("nama"), max_length=500)
    kind = models.CharField(_("jenis"), max_length=16, choices=SubComponentKind.choices)
    weight_pct = models.DecimalField(_("bobot (% komponen)"), max_digits=7, decimal_places=4)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["component_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["component", "code"], name="unique_lke_subcomponent")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    sub_component = models.ForeignKey(SubComponent, models.CASCADE, related_name="criteria")
    code = models.CharField(_("kode"), max_length=24)
    text = models.TextField(_("kriteria"))
    scale = models.CharField(_("skala"), max_length=16)
    # What kinerja already holds that answers this criterion (a hint for the worksheet):
    # agreement, plan_version, quarters, lakin, consistency.
    evidence_hint = models.CharField(max_length=32, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sub_component_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["sub_component", "code"], name="unique_lke_criterion")
        ]

    def __str__(self) -> str:
        return self.code


class Evaluation(TimeStampedModel):
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="lke_evaluations")
    year = models.PositiveIntegerField(_("tahun"))
    template = models.ForeignKey(Template, models.PROTECT, related_name="evaluations")
    state = models.CharField(
        _("status"),
        max_length=16,
        choices=EvaluationState.choices,
        default=EvaluationState.SELF_ASSESSMENT,
    )
    evaluator_name = models.CharField(_("evaluator"), max_length=255, blank=True)

    class Meta:
        ordering = ["unit_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unique_lke_evaluation",
                violation_error_message=_("Unit ini sudah memiliki evaluasi SAKIP tahun itu."),
            )
        ]
        verbose_name = _("evaluasi SAKIP")
        verbose_name_plural = _("evaluasi SAKIP")

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} ({self.template.code})"


class Answer(TimeStampedModel):
    """One criterion of one evaluation: the unit's own answer and the evaluator's."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="+")
    self_answer = models.CharField(_("jawaban mandiri"), max_length=8, blank=True)
    justification = models.TextField(_("penjelasan"), blank=True)
    # [{"kind": "agreement" | "plan_version" | "quarters" | "lakin" | "url", "ref": …,
    #   "label": …}] - links to what kinerja holds, or to a document elsewhere
    evidence = models.JSONField(_("bukti"), default=list, blank=True)
    evaluator_answer = models.CharField(_("jawaban evaluator"), max_length=8, blank=True)
    evaluator_comment = models.TextField(_("catatan evaluator"), blank=True)

    class Meta:
        ordering = ["evaluation_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="unique_lke_answer")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.criterion.code}"


class AppendOnlyError(Exception):
    pass


class EvaluationEvent(models.Model):
    """One step of an evaluation: who did what, when, why (append-only)."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=16, choices=EventAction.choices)
    from_state = models.CharField(max_length=16, choices=EvaluationState.choices)
    to_state = models.CharField(max_length=16, choices=EvaluationState.choices)
    criterion = models.CharField(max_length=24, blank=True)
    answer = models.CharField(max_length=8, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["evaluation_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.action} {self.criterion}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the evaluation history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the evaluation history is append-only")


class Recommendation(TimeStampedModel):
    """An evaluator's recommendation and the unit's follow-up."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="recommendations")
    text = models.TextField(_("rekomendasi"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    follow_up_evidence = models.JSONField(_("bukti tindak lanjut"), default=list, blank=True)

    class Meta:
        ordering = ["evaluation_id", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def evidence_file_path(instance: "EvidenceFile", filename: str) -> str:
    # One naming scheme for every evidence file (core/uploads.py): evidence/<unit>/<year>/lke/.
    evaluation = instance.evaluation
    return uploads.evidence_name(evaluation.unit.code, evaluation.year, "lke")


class EvidenceFile(TimeStampedModel):
    """A file the unit gives as evidence: for one criterion's answer (self-assessment) or
    for the follow-up of one recommendation. Checked and stored like a quarter's evidence
    (core/uploads.py, core/storage.py), never under the web root, handed out only by a
    view that checks the reader's rights.

    A file carried over to the next year's evaluation is a new row naming the same stored
    file (``carried_from``): the stored file is deleted only when no row names it."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="files")
    answer = models.ForeignKey(Answer, models.CASCADE, null=True, blank=True, related_name="files")
    recommendation = models.ForeignKey(
        Recommendation, models.CASCADE, null=True, blank=True, related_name="files"
    )
    file = models.FileField(_("berkas"), upload_to=evidence_file_path, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["evaluation_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer__isnull=False, recommendation__isnull=True)
                | models.Q(answer__isnull=True, recommendation__isnull=False),
                name="lke_file_of_answer_or_recommendation",
            )
        ]
        verbose_name = _("berkas bukti evaluasi")
        verbose_name_plural = _("berkas bukti evaluasi")

    def __str__(self) -> str:
        return self.original_name

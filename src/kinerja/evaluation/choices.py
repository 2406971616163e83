from django.db import models
from django.utils.translation import gettext_lazy as _


class SubComponentKind(models.TextChoices):
    """The three sub-components of every component (PermenPANRB 88/2021)."""

    EXISTENCE = "keberadaan", _("Keberadaan")
    QUALITY = "kualitas", _("Kualitas")
    USE = "pemanfaatan", _("Pemanfaatan")


class EvaluationState(models.TextChoices):
    """Self-assessment → evaluator → final approval → closed."""

    SELF_ASSESSMENT = "self_assessment", _("Penilaian mandiri")
    SUBMITTED = "submitted", _("Diajukan ke evaluator")
    SCORED = "scored", _("Dinilai evaluator")
    APPROVED = "approved", _("Disetujui")
    CLOSED = "closed", _("Ditutup")


class EventAction(models.TextChoices):
    CREATE = "create", _("Dibuat")
    SELF_ANSWER = "self_answer", _("Jawaban mandiri")
    SUBMIT = "submit", _("Diajukan")
    SCORE = "score", _("Dinilai evaluator")
    FINISH_SCORING = "finish_scoring", _("Penilaian evaluator selesai")
    RETURN = "return", _("Dikembalikan")
    APPROVE = "approve", _("Disetujui")
    CLOSE = "close", _("Ditutup")
    RECOMMEND = "recommend", _("Rekomendasi")
    FOLLOW_UP = "follow_up", _("Tindak lanjut")
    ADD_FILE = "add_file", _("Berkas bukti ditambahkan")
    REMOVE_FILE = "remove_file", _("Berkas bukti dihapus")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai ditindaklanjuti")

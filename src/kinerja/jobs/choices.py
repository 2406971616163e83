from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("berjalan")
    SUCCEEDED = "succeeded", _("selesai")
    FAILED = "failed", _("gagal")
    CANCELLED = "cancelled", _("dibatalkan")


FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class JobKind(models.TextChoices):
    RENDER = "render", _("Buat laporan")
    FINALIZE = "finalize", _("Terbitkan versi final")
    IMPORT_REALIZATIONS = "import_realizations", _("Impor realisasi XLSX")
    BATCH = "batch", _("Laporan massal unit bawahan")

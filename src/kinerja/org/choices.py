from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Kementerian")
    ECHELON1 = "echelon1", _("Unit Eselon I")
    SATKER = "satker", _("Satuan kerja")


class Role(models.TextChoices):
    """Per-unit roles (DESIGN §1). What each may do is in ``org.access``."""

    ADMIN = "admin", _("Administrator unit")
    PLANNER = "planner", _("Tim perencanaan")
    OWNER = "owner", _("Penanggung jawab indikator")
    COORDINATOR = "coordinator", _("Koordinator")
    FINANCE = "finance", _("Keuangan")
    HEAD = "head", _("Kepala unit")
    VIEWER = "viewer", _("Pembaca")
    # Held in a parent unit (BSKJI): reads and reviews every unit below it.
    REVIEWER = "reviewer", _("Penelaah unit induk")

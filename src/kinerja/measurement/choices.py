from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    """The period a realization covers: the whole year, one quarter or one semester (an
    indicator reported per semester, ``Indicator.frequency``)."""

    YEAR = "year", _("Tahunan")
    Q1 = "q1", _("Triwulan I")
    Q2 = "q2", _("Triwulan II")
    Q3 = "q3", _("Triwulan III")
    Q4 = "q4", _("Triwulan IV")
    S1 = "s1", _("Semester I")
    S2 = "s2", _("Semester II")


QUARTERS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)
SEMESTERS = (Period.S1, Period.S2)


class EntryStatus(models.TextChoices):
    """Where a quarter's report of one indicator stands (owner → coordinator → head)."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Diverifikasi")
    APPROVED = "approved", _("Disetujui")


class WorkflowAction(models.TextChoices):
    SUBMIT = "submit", _("Ajukan")
    RETURN = "return", _("Kembalikan")
    VERIFY = "verify", _("Verifikasi")
    APPROVE = "approve", _("Setujui")
    REOPEN = "reopen", _("Buka kembali")


# Every period a formula indicator is evaluated for, quarters first.
PERIODS_OF_YEAR = (*QUARTERS, Period.YEAR)

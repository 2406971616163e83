from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.measurement.calc import Aggregation as _Aggregation
from kinerja.measurement.calc import LowerFormula as _LowerFormula
from kinerja.measurement.calc import Polarity as _Polarity
from kinerja.measurement.calc import TargetKind as _TargetKind


class Perspective(models.TextChoices):
    """Balanced-scorecard perspectives of the strategy map (Peta Strategi)."""

    STAKEHOLDER = "stakeholder", _("Stakeholder")
    CUSTOMER = "customer", _("Customer")
    INTERNAL_PROCESS = "internal_process", _("Internal process")
    LEARN_GROWTH = "learn_growth", _("Learn & growth")


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = _Polarity.HIGHER_IS_BETTER, _("Semakin tinggi semakin baik")
    LOWER_IS_BETTER = _Polarity.LOWER_IS_BETTER, _("Semakin rendah semakin baik")
    RANGE = _Polarity.RANGE, _("Rentang")


class TargetKind(models.TextChoices):
    """A target that is not a number; blank: a number, a range, a scale level or N/A."""

    NOT_STATED = _TargetKind.NOT_STATED, _("Tidak tercantum")
    INCREASE = _TargetKind.INCREASE, _("Meningkat")
    DECREASE = _TargetKind.DECREASE, _("Menurun")


class Frequency(models.TextChoices):
    """How often an indicator is reported: the periods its realizations may have."""

    QUARTERLY = "quarterly", _("Triwulanan")
    SEMIANNUAL = "semiannual", _("Semesteran")
    ANNUAL = "annual", _("Tahunan")


# The periods each frequency reports (the year row is always allowed: the year's figure).
FREQUENCY_PERIODS = {
    Frequency.QUARTERLY: ("year", "q1", "q2", "q3", "q4"),
    Frequency.SEMIANNUAL: ("year", "s1", "s2"),
    Frequency.ANNUAL: ("year",),
}


class Aggregation(models.TextChoices):
    """How quarterly values make the year's value."""

    SUM = _Aggregation.SUM, _("Jumlah")
    LAST = _Aggregation.LAST, _("Nilai terakhir")
    MEAN = _Aggregation.MEAN, _("Rata-rata")


class LowerFormula(models.TextChoices):
    TWO_MINUS_RATIO = _LowerFormula.TWO_MINUS_RATIO, _("(2T − R) / T (PermenPANRB 8/2021)")
    TARGET_OVER_REALIZATION = _LowerFormula.TARGET_OVER_REALIZATION, _("T / R")


class Method(models.TextChoices):
    """How an indicator's realization is obtained: typed in, or computed from records
    (measurement.methods holds the computations)."""

    MANUAL = "manual", _("Diisi manual")
    COUNT = "count", _("Jumlah catatan")
    GROWTH = "growth", _("Pertumbuhan terhadap tahun lalu")
    BEFORE_AFTER_MEAN = "before_after_mean", _("Rata-rata perubahan sebelum/sesudah")
    RATIO = "ratio", _("Rasio")
    SURVEY_INDEX = "survey_index", _("Indeks survei kepuasan")
    WEIGHTED_INDEX = "weighted_index", _("Indeks tertimbang")
    SUM_OF_COMPONENTS = "sum_of_components", _("Jumlah komponen")
    EXTERNAL_SCORE = "external_score", _("Nilai dari instansi lain")
    FORMULA = "formula", _("Rumus dari elemen data")
    LKE_EVALUATION = "lke_evaluation", _("Nilai evaluasi SAKIP (LKE) yang disetujui")


class VersionContent(models.TextChoices):
    RECORDED = "recorded", _("Isi lengkap tercatat")
    REFERENCE_ONLY = "reference_only", _("Hanya rujukan dokumen")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SIGNED = "signed", _("Ditandatangani")

"""Base model pieces shared by the apps."""

from django.db import models

# Measures and targets: up to 18 digits before and 6 after the point — enough for rupiah
# amounts in the trillions and for indices with several decimals, always exact.
MEASURE_DIGITS = 24
MEASURE_PLACES = 6


def measure_field(**kwargs) -> models.DecimalField:
    """A Decimal column for targets and realizations (never float)."""
    return models.DecimalField(max_digits=MEASURE_DIGITS, decimal_places=MEASURE_PLACES, **kwargs)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def money_field(**kwargs) -> models.DecimalField:
    """Whole rupiah (DESIGN §6), exact, up to 10^20."""
    return models.DecimalField(max_digits=20, decimal_places=0, **kwargs)

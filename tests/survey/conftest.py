"""Survey fixtures: a unit and a service order with its survey link."""

import datetime as dt

import pytest

from kinerja.org.models import Unit
from kinerja.sources.models import ServiceOrder


@pytest.fixture
def unit(db):
    return Unit.objects.create(
        code="balai-contoh", name="Balai Contoh", short_name="Balai", kind="satker"
    )


@pytest.fixture
def order(unit):
    return ServiceOrder.objects.create(
        unit=unit,
        number="ORD-2023-0001",
        service_type="kalibrasi",
        customer="PT Contoh",
        ordered_on=dt.date(2023, 1, 5),
    )

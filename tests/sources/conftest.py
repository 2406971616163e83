import pytest
from records_data import dataset

from kinerja.datasets.load import load_text
from kinerja.org.models import Unit


@pytest.fixture
def unit(db):
    """Balai Contoh with every kind of record and computed indicators that follow them."""
    load_text(dataset())
    return Unit.objects.get(code="balai-contoh")

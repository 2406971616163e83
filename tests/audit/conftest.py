from pathlib import Path

import pytest


@pytest.fixture
def small(db):
    """The loader tests' small dataset (Balai Contoh): quick to load, all kinds of rows."""
    from kinerja.datasets.load import load_file

    load_file(Path(__file__).parents[1] / "datasets" / "small.yaml")
    from kinerja.org.models import Unit

    return Unit.objects.get(code="balai-contoh")

import pytest

from kinerja.org.models import Unit


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code="bspji-palembang")


@pytest.fixture
def bskji(demo):
    return Unit.objects.get(code="bskji")

"""The UI speaks Indonesian by default and English on request."""

from django.utils import translation

from kinerja.planning.models import Indicator


def test_indonesian_is_the_default_and_english_is_complete():
    field = Indicator._meta.get_field("unit_label")
    assert str(field.verbose_name) == "satuan"
    with translation.override("en"):
        assert str(field.verbose_name) == "unit of measure"
        assert str(Indicator._meta.verbose_name) == "performance indicator"

"""The UI speaks Indonesian by default and English on request."""

from django.utils import translation

from kinerja.planning.models import Indicator


def test_indonesian_is_the_default_and_english_is_complete():
    field = Indicator._meta.get_field("unit_label")
    assert str(field.verbose_name) == "satuan"
    with translation.override("en"):
        assert str(field.verbose_name) == "unit of measure"
        assert str(Indicator._meta.verbose_name) == "performance indicator"


def test_every_message_has_an_english_translation():
    from pathlib import Path

    import kinerja

    po = (Path(kinerja.__file__).parent / "locale/en/LC_MESSAGES/django.po").read_text()
    entries = po.split("\n\n")[1:]  # the first entry is the header
    untranslated = [e for e in entries if 'msgstr ""' in e and 'msgstr ""\n"' not in e]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert not untranslated and not fuzzy

"""Unit kinds and the words of their documents: a regency's department writes an LKjIP on
its DPA, a court is led by a Ketua, a Ministry of Industry satker keeps its LAKIN."""

import datetime as dt
from pathlib import Path

import pytest

from kinerja.datasets.dump import dump_data, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.org.choices import REGIONAL_KINDS, UnitKind
from kinerja.org.models import Unit
from kinerja.org.vocabulary import FIELDS, default_vocabulary, vocabulary
from kinerja.reports.document import Paragraph, Table, walk
from kinerja.reports.lakin import build_lakin
from kinerja.reports.perkin import build_perkin
from kinerja.reports.quarterly import build_quarterly

REGIONAL = Path(__file__).parents[1] / "datasets" / "regional.yaml"


# This module checks the wording of located messages in English (the language
# switch; tests/conftest.py); that they are Indonesian by default is checked elsewhere.
pytestmark = pytest.mark.usefixtures("english_messages")


def test_every_kind_has_its_words_and_regional_kinds_spend_a_dpa():
    for kind in UnitKind.values:
        words = default_vocabulary(kind)
        assert all(getattr(words, name) for name in FIELDS if name != "parent_name")
        regional = kind in REGIONAL_KINDS
        assert words.budget_document == ("DPA" if regional else "DIPA")
        assert words.budget_source == ("APBD" if regional else "APBN")
    assert default_vocabulary("satker").report_name == "Laporan Akuntabilitas Kinerja (LAKIN)"
    assert default_vocabulary("regency").report_name == (
        "Laporan Kinerja Instansi Pemerintah (LKjIP)"
    )
    assert default_vocabulary("regency").strategic_plan == "RPJMD"
    assert default_vocabulary("city").head_title == "Wali Kota"
    assert default_vocabulary("court").head_title == "Ketua"


def test_a_unit_overrides_single_words_and_takes_its_parents_name():
    parent = Unit(code="ma", name="Mahkamah Agung", kind=UnitKind.AGENCY)
    court = Unit(
        code="pa-contoh",
        name="Pengadilan Agama Contoh",
        kind=UnitKind.COURT,
        parent=parent,
        vocabulary={"report_abbr": "LKjIP PA", "unknown": "ignored"},
    )
    words = vocabulary(court)
    assert words.parent_name == "Mahkamah Agung"
    assert words.report_abbr == "LKjIP PA"
    assert words.head_title == "Ketua"  # from the kind
    assert vocabulary(parent).parent_name == ""


def _texts(doc) -> str:
    parts = [doc.title, *doc.cover_lines]
    for section in doc.sections:
        parts.append(section.title)
        for block in walk(section):
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [block.caption, block.note]
                parts += [str(c) for row in block.rows for c in row if isinstance(c, str)]
            else:
                parts.append(getattr(block, "title", "") or getattr(block, "caption", ""))
    return "\n".join(parts)


@pytest.mark.django_db
def test_a_regional_units_documents_speak_of_lkjip_and_dpa_never_of_lakin_or_dipa():
    load_text(REGIONAL.read_text())
    unit = Unit.objects.get(code="inspektorat-kabupaten-contoh")
    assert unit.words.head_title == "Inspektur"
    today = dt.date(2024, 1, 31)
    lakin = build_lakin(unit, 2023, today=today)
    assert lakin.title == "Laporan Kinerja Instansi Pemerintah"
    text = _texts(lakin)
    assert "Laporan Kinerja Instansi Pemerintah (LKjIP) Inspektorat Kabupaten Contoh" in text
    assert "Anggaran akhir DPA Inspektorat tahun 2023" in text  # budget/words.py
    for document in (
        lakin,
        build_perkin(unit, 2023, today=today),
        build_quarterly(unit, 2023, 2, today=today),
        build_quarterly(unit, 2023, 4, today=today),
    ):
        text = _texts(document)
        assert "DIPA" not in text and "LAKIN" not in text and "Balai" not in text


@pytest.mark.django_db
def test_the_words_of_a_unit_round_trip_through_the_dataset():
    load_text(REGIONAL.read_text())
    unit = Unit.objects.get(code="inspektorat-kabupaten-contoh")
    data = dump_data(unit, find_plan(unit, "renstra-2021-2026"))
    assert data["kinerja_dataset"] == 2
    assert data["unit"]["kind"] == "regional_agency"
    assert data["unit"]["vocabulary"] == {"head_title": "Inspektur"}
    assert data["units"][0]["kind"] == "regency"


@pytest.mark.django_db
def test_an_unknown_word_or_kind_is_refused_with_its_place():
    text = REGIONAL.read_text()
    with pytest.raises(DatasetInvalid) as info:
        load_text(text.replace("{head_title: Inspektur}", "{head: Inspektur}"))
    assert [str(p) for p in info.value.problems] == ["unit.vocabulary: unknown field 'head'"]
    with pytest.raises(DatasetInvalid) as info:
        load_text(text.replace("kind: regional_agency", "kind: opd"))
    [problem] = info.value.problems
    assert problem.path == "unit.kind"
    assert "regional_agency" in problem.message and '"opd"' in problem.message
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_a_version_1_file_with_a_version_2_part_is_told_to_upgrade():
    text = REGIONAL.read_text().replace("kinerja_dataset: 2", "kinerja_dataset: 1")
    with pytest.raises(DatasetInvalid) as info:
        load_text(text)
    [problem] = info.value.problems
    assert problem.path == "kinerja_dataset"
    assert "format version 2" in problem.message and "kinerja upgrade" in problem.message

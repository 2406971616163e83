"""`kinerja survey_import`: CSV responses, all or nothing, row-level messages."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kinerja.core.numbers import round_half_up
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement.models import Realization
from kinerja.survey.choices import DEFAULT_ELEMENTS, Channel
from kinerja.survey.csv_import import import_responses
from kinerja.survey.models import Answer, Response, Survey
from kinerja.survey.selectors import skm_result

pytestmark = pytest.mark.django_db

# The unit's own column order (facilities before complaints), a blank line, a gap.
HEADER = [*DEFAULT_ELEMENTS[:7], "sarana_prasarana", "penanganan_pengaduan"]
GOOD = "\n".join(
    [
        ",".join(HEADER),
        "4,3,4,4,3,4,4,3,4",
        "3,3,3,2,3,4,4,3,",
        "",
        "4,4,4,3,4,4,4,4,4",
    ]
)


def run(tmp_path, text, *extra, **options) -> str:
    path = tmp_path / "skm.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "survey_import", str(path), *extra, unit="balai-contoh", year=2023, stdout=out, **options
    )
    return out.getvalue()


def test_a_good_file_becomes_the_surveys_imported_responses(tmp_path, unit):
    out = run(tmp_path, GOOD)
    assert "3 baris: 3 jawaban diimpor" in out
    assert "SKM balai-contoh 2023: 3 responden" in out
    survey = Survey.objects.get()
    assert survey.element_codes() == HEADER  # a new survey takes the file's order
    assert set(Response.objects.values_list("channel", flat=True)) == {Channel.IMPORT}
    result = skm_result(unit, 2023)
    assert result.element_means["penanganan_pengaduan"] == 4  # (4 + 4) / 2: one left it empty
    assert result.element_means["biaya_tarif"] == 3


def test_importing_the_same_file_twice_changes_nothing(tmp_path, unit):
    run(tmp_path, GOOD)
    ids = set(Response.objects.values_list("pk", flat=True))
    out = run(tmp_path, GOOD)
    assert "0 jawaban diimpor, 0 jawaban yang diimpor sebelumnya diganti, 3 tetap" in out
    with translation.override("en"):
        out = run(tmp_path, GOOD)
    assert (
        "0 responses were imported, 0 earlier imported responses were replaced, 3 unchanged" in out
    )
    assert "SKM balai-contoh 2023: 3 respondents, index" in out
    assert set(Response.objects.values_list("pk", flat=True)) == ids


def test_a_new_file_replaces_imported_responses_and_keeps_web_ones(tmp_path, unit):
    run(tmp_path, GOOD)
    survey = Survey.objects.get(year=2023)
    web = Response.objects.create(survey=survey, channel=Channel.WEB)
    Answer.objects.bulk_create(Answer(response=web, element=c, score=1) for c in HEADER)
    out = run(tmp_path, ",".join(HEADER) + "\n" + "2,2,2,2,2,2,2,2,2\n", "--replace")
    assert "1 jawaban diimpor, 3 jawaban yang diimpor sebelumnya diganti" in out
    assert "1 jawaban web dipertahankan" in out
    assert sorted(Response.objects.values_list("channel", flat=True)) == ["import", "web"]
    assert skm_result(unit, 2023).index == Decimal("1.5")  # (1 + 2) / 2


def test_semicolons_a_byte_order_mark_and_any_column_order_are_read(unit):
    header = list(reversed(DEFAULT_ELEMENTS))
    data = ("\ufeff" + ";".join(header) + "\r\n" + ";".join("1234432" + "11") + "\r\n").encode()
    result = import_responses(unit, 2023, data)
    assert result.rows == 1
    stored = dict(Answer.objects.values_list("element", "score"))
    assert stored == dict(zip(header, [1, 2, 3, 4, 4, 3, 2, 1, 1], strict=True))


def test_bad_rows_are_all_named_and_nothing_is_written(tmp_path, unit):
    text = GOOD + "\n4,4,5,4,4,4,4,4,4\n4,4,4,empat,4,4,4,4,4\n4,4,4,4,4,4,4,4,4,4\n"
    with pytest.raises(CommandError) as info:
        run(tmp_path, text)
    message = str(info.value)
    assert "3 masalah, tidak ada yang diimpor" in message
    assert 'baris 6, kolom waktu_penyelesaian: seharusnya 1–4, bukan "5"' in message
    assert 'baris 7, kolom biaya_tarif: seharusnya 1–4, bukan "empat"' in message
    assert "baris 8: 10 nilai untuk 9 kolom" in message
    assert not Survey.objects.exists() and not Response.objects.exists()


def test_the_header_must_name_all_nine_elements_and_nothing_else(unit):
    with pytest.raises(DatasetInvalid) as info:
        import_responses(unit, 2023, b"persyaratan,persyaratan,waktu,biaya_tarif\n4,4,4,4\n")
    problems = [str(p) for p in info.value.problems]
    assert 'baris 1: kolom "waktu" tidak dikenal; kolomnya adalah kode unsur' in problems
    assert 'baris 1: "persyaratan" tercantum dua kali' in problems
    assert any(p.startswith("baris 1: sistem_mekanisme_prosedur, ") for p in problems)
    with translation.override("en"), pytest.raises(DatasetInvalid) as info:
        import_responses(unit, 2023, b"persyaratan,persyaratan,waktu,biaya_tarif\n4,4,4,4\n")
    problems = [str(p) for p in info.value.problems]
    assert 'baris 1: unknown column "waktu"; columns are the element codes' in problems
    assert 'baris 1: "persyaratan" is listed twice' in problems
    assert any(p.startswith("baris 1: missing sistem_mekanisme_prosedur") for p in problems)


def test_an_empty_file_is_refused(unit):
    with pytest.raises(DatasetInvalid, match="kosong"):
        import_responses(unit, 2023, b"")


def test_a_dry_run_writes_nothing(tmp_path, unit):
    out = run(tmp_path, GOOD, "--dry-run")
    assert "3 jawaban akan diimpor" in out and "uji coba: tidak ada yang ditulis" in out
    assert not Survey.objects.exists()


def test_a_service_type_imports_into_that_survey(tmp_path, unit):
    run(tmp_path, GOOD, "--service-type", "pengujian")
    assert Survey.objects.get().service_type == "pengujian"


def test_an_unknown_unit_is_an_error(tmp_path, unit):
    path = tmp_path / "skm.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match='unit "nope" tidak dikenal'):
        call_command("survey_import", str(path), unit="nope", year=2023)


def test_an_import_refreshes_the_computed_skm_realization(tmp_path):
    small = Path(__file__).parents[1] / "datasets" / "small.yaml"
    data = yaml.safe_load(small.read_text())
    indicator = data["plans"][0]["versions"][1]["objectives"][0]["indicators"][0]
    indicator.update(method="survey_index", source={})
    data["realizations"] = [r for r in data["realizations"] if r["indicator"] != "SK1.1"]
    load_text(yaml.safe_dump(data, sort_keys=False))
    assert not Realization.objects.filter(indicator__code="SK1.1", year=2023).exists()

    run(tmp_path, GOOD)
    row = Realization.objects.get(indicator__code="SK1.1", year=2023, period="year")
    assert row.value == round_half_up(skm_result(row.indicator.version.plan.unit, 2023).index, 6)
    assert row.provenance["method"] == "survey_index"
    assert row.provenance["inputs"]["respondents"] == "3"


def test_without_replace_a_header_only_file_deletes_nothing(tmp_path, unit):
    """A CSV with only its header deleted 981 imported answers: replacing needs
    --replace, and the refusal says so."""
    run(tmp_path, GOOD)
    before = skm_result(unit, 2023).index
    with pytest.raises(CommandError, match="--replace"):
        run(tmp_path, ",".join(HEADER) + "\n")
    assert Response.objects.filter(channel=Channel.IMPORT).count() == 3
    assert skm_result(unit, 2023).index == before
    assert "3 jawaban diimpor" not in run(tmp_path, GOOD)  # the same file: unchanged
    out = run(tmp_path, ",".join(HEADER) + "\n", "--replace")
    assert "3 jawaban yang diimpor sebelumnya diganti" in out
    assert not Response.objects.filter(channel=Channel.IMPORT).exists()


def test_imported_and_deleted_responses_are_in_the_audit_trail(tmp_path, unit):
    from kinerja.audit.models import Change, ChangeAction

    run(tmp_path, GOOD)
    created = Change.objects.filter(
        content_type__model="response", action=ChangeAction.CREATE, unit=unit
    )
    assert created.count() == 3
    run(tmp_path, ",".join(HEADER) + "\n", "--replace")
    deleted = Change.objects.filter(
        content_type__model="response", action=ChangeAction.DELETE, unit=unit
    )
    assert deleted.count() == 3

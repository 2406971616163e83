"""Input the loaders cannot take becomes a located message, never a traceback
(docs/security.md): deep nesting, numbers beyond the columns, huge CSV cells."""

import csv
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from kinerja.budget.models import Line
from kinerja.budget.spreadsheet import import_lines
from kinerja.core.spreadsheets import CsvError, csv_reader, workbook_bytes
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement.models import Realization
from kinerja.org.models import Unit
from kinerja.sources.tabular import import_records
from kinerja.survey.choices import DEFAULT_ELEMENTS
from kinerja.survey.csv_import import read_rows

SMALL = Path(__file__).parent / "small.yaml"


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 5000 + "]" * 5000, "a: " + "{b: " * 5000 + "1" + "}" * 5000],
    ids=["lists", "mappings"],
)
def test_deep_nesting_is_a_located_syntax_problem(text):
    with pytest.raises(DatasetInvalid) as refused:
        load_text(text)
    (problem,) = refused.value.problems
    assert "baris 1, kolom" in problem.message and "bersarang lebih dari 100" in problem.message


def test_deep_nesting_through_the_command(tmp_path):
    path = tmp_path / "dalam.yaml"
    path.write_text("a: " + "[" * 5000 + "]" * 5000)
    with pytest.raises(CommandError, match="bersarang lebih dari"):
        call_command("load", str(path), stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1.0e+30", "-1.0e+30", "1.0e+40", "1000000000000000000"])
def test_a_realization_beyond_the_column_is_refused_with_its_place(value):
    data = yaml.safe_load(SMALL.read_text())
    data["realizations"][0]["value"] = "__BIG__"
    text = (
        yaml.safe_dump(data, sort_keys=False).replace("'__BIG__'", value).replace("__BIG__", value)
    )
    with pytest.raises(DatasetInvalid) as refused:
        load_text(text)
    (problem,) = refused.value.problems
    code = data["realizations"][0]["indicator"]
    assert "realization" in problem.path and code in problem.path
    assert "terlalu besar" in problem.message
    assert not Realization.objects.exists() and not Unit.objects.exists()


@pytest.mark.django_db
def test_a_budget_amount_beyond_the_column_is_refused_with_its_place():
    data = yaml.safe_load(SMALL.read_text())
    load_text(yaml.safe_dump(data, sort_keys=False))
    unit = Unit.objects.get(code="balai-contoh")
    book = Workbook()
    sheet = book.active
    sheet.title = "DIPA"
    sheet.append(
        ["Kode", "Tingkat", "Uraian", "Pagu", "Realisasi", "Indikator", "Alasan tidak dikaitkan"]
    )
    sheet.append(["A", "subkomponen", "besar", 10**40, 1, "", "dukungan manajemen"])
    before = list(Line.objects.values_list("pk"))
    with pytest.raises(DatasetInvalid) as refused:
        import_lines(unit, 2023, workbook_bytes(book))
    assert any("terlalu besar" in p.message for p in refused.value.problems), refused.value.problems
    assert all(p.path for p in refused.value.problems)
    assert list(Line.objects.values_list("pk")) == before


def test_a_huge_csv_cell_is_a_located_problem():
    text = "a,b\n1,2\n3," + "x" * (csv.field_size_limit() + 10) + "\n"
    with pytest.raises(CsvError, match="baris 3"):
        list(csv_reader(text))
    codes = ",".join(DEFAULT_ELEMENTS)
    header, rows, problems = read_rows(f"{codes}\n1,{'9' * 10_000_000}\n".encode())
    assert problems and "karakter" in problems[0].message and not rows


@pytest.mark.django_db
def test_a_huge_csv_cell_in_a_records_import():
    data = yaml.safe_load(SMALL.read_text())
    load_text(yaml.safe_dump(data, sort_keys=False))
    unit = Unit.objects.get(code="balai-contoh")
    big = ("code,name\nA," + "x" * 10_000_000 + "\n").encode()
    with pytest.raises(DatasetInvalid) as refused:
        import_records("service_orders", unit, big, fmt="csv")
    assert "karakter" in refused.value.problems[0].message

"""Changes made by commands name the command and the OS user; `kinerja audit_export`
writes a unit's trail as CSV or JSON."""

import csv
import io
import json
from importlib import resources

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kinerja.audit.context import audit_context, os_username
from kinerja.audit.models import Change
from kinerja.org.models import Unit
from kinerja.reports.models import Narrative

pytestmark = pytest.mark.django_db


def demo_file(name="bspji-palembang.yaml"):
    return str(resources.files("kinerja.demo").joinpath("data", name))


def export(*args) -> str:
    out = io.StringIO()
    call_command("audit_export", *args, stdout=out)
    return out.getvalue()


def test_loading_the_demo_is_attributed_to_the_command():
    call_command("load", demo_file(), stdout=io.StringIO())
    palembang = Unit.objects.get(code="bspji-palembang")
    changes = Change.objects.filter(unit=palembang)
    assert changes.count() > 500
    assert set(changes.values_list("source", "username").distinct()) == {
        ("cli:load", os_username())
    }
    assert changes.filter(action="create").count() > 500
    assert set(changes.values_list("user", flat=True).distinct()) == {None}
    models = set(changes.values_list("content_type__model", flat=True).distinct())
    assert {"indicator", "target", "agreementindicator", "realization", "line"} <= models
    # Loading the same file again changes nothing, so it records nothing.
    before = Change.objects.count()
    call_command("load", demo_file(), stdout=io.StringIO())
    assert Change.objects.count() == before


@pytest.fixture
def narrative(small):
    with audit_context(username="kepala", source="web", reason="Awal"):
        row = Narrative.objects.create(unit=small, year=2023, kind="summary", text="Satu")
    with audit_context(username="kepala", source="web", reason="Perbaikan"):
        row.text = "Dua"
        row.save()
    return row


def test_the_export_writes_csv_to_standard_output(narrative):
    text = export("--unit", "balai-contoh")
    assert not text.startswith("\ufeff")  # no mark on a pipe
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[-1]["field"] == "text"
    assert (rows[-1]["old"], rows[-1]["new"], rows[-1]["reason"]) == ("Satu", "Dua", "Perbaikan")
    assert rows[0]["source"] == ""  # the fixture loaded the dataset without an actor
    assert rows == sorted(rows, key=lambda r: r["at"])  # oldest first


def test_the_export_writes_json_to_a_file_since_a_day(narrative, tmp_path):
    out = tmp_path / "audit.json"
    export("--unit", "balai-contoh", "--format", "json", "-o", str(out), "--since", "2000-01-01")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["unit"] == "balai-contoh" and document["since"] == "2000-01-01"
    last = document["changes"][-1]
    assert set(last) == {
        "id", "at", "user", "source", "action", "object_type", "object_id", "object",
        "reason", "changed", "before", "after",
    }  # fmt: skip
    assert last["object_type"] == "reports.narrative" and last["changed"] == ["text"]
    assert (last["before"]["text"], last["after"]["text"]) == ("Satu", "Dua")
    future = json.loads(
        export("--unit", "balai-contoh", "--format", "json", "--since", "2999-01-01")
    )
    assert future["changes"] == []


def test_the_csv_file_carries_the_byte_order_mark(narrative, tmp_path):
    out = tmp_path / "audit.csv"
    message = export("--unit", "balai-contoh", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "balai-contoh" in message


def test_the_export_names_what_is_wrong(small):
    with pytest.raises(
        CommandError, match='unit "nope" tidak dikenal; unit yang ada: .*balai-contoh'
    ):
        export("--unit", "nope")
    with pytest.raises(CommandError, match="seharusnya tanggal YYYY-MM-DD"):
        export("--unit", "balai-contoh", "--since", "01-02-2024")
    with translation.override("en"):
        with pytest.raises(CommandError, match='unknown unit "nope"; units: .*balai-contoh'):
            export("--unit", "nope")
        with pytest.raises(CommandError, match="expected a date as YYYY-MM-DD"):
            export("--unit", "balai-contoh", "--since", "01-02-2024")

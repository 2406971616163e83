"""Uploaded workbooks whose XML declares entities (billion laughs, external entities)
are refused with a message; nothing is written and nothing expands (docs/security.md)."""

import io
import zipfile

import pytest
from defusedxml import DefusedXmlException
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl import xml as openpyxl_xml
from planning_xlsx import upload

from kinerja.budget.models import Line
from kinerja.core.spreadsheets import WorkbookError, open_workbook
from kinerja.measurement.models import Realization

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
    ' uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
    ' uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)


# This module checks the wording of located messages in English (the language
# switch; tests/conftest.py); that they are Indonesian by default is checked elsewhere.
pytestmark = pytest.mark.usefixtures("english_messages")


def poisoned(data: bytes, xml: str, part: str = "xl/sharedStrings.xml") -> bytes:
    """``data`` with one part replaced by ``xml``, or added and declared when openpyxl
    did not write it (the rest kept, so it is otherwise a valid workbook)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml" and part not in names:
                content = content.replace(b"</Types>", OVERRIDE.format(part).encode() + b"</Types>")
            target.writestr(info, xml.encode() if info.filename == part else content)
        if part not in names:
            target.writestr(part, xml.encode())
    return out.getvalue()


OVERRIDE = (
    '<Override PartName="/{}" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sharedStrings+xml"/>'
)


def small_book() -> bytes:
    book = Workbook()
    book.active.append(["a", "b"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_open_workbook_refuses_entities(xml):
    data = poisoned(small_book(), xml)
    with pytest.raises(WorkbookError) as refused:
        open_workbook(data)
    assert refused.value.unsafe
    # A lazily parsed worksheet is refused before any row is read.
    sheet = poisoned(small_book(), EXTERNAL.replace("sst", "worksheet"), "xl/worksheets/sheet1.xml")
    with pytest.raises(WorkbookError):
        open_workbook(sheet)


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl_xml.DEFUSEDXML
    with pytest.raises(ValueError) as refused:  # openpyxl wraps the parser's error
        load_workbook(io.BytesIO(poisoned(small_book(), LAUGHS)))
    assert isinstance(refused.value.__context__, DefusedXmlException)


def realizations():
    return sorted(Realization.objects.values_list("indicator_id", "period", "value"))


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_web_upload_of_a_bomb_is_refused_with_a_message(client_for, palembang, xml):
    client = client_for("perencana")
    args = [palembang.code, 2023]
    data = client.get(reverse("planning:realizations_xlsx", args=args)).content
    before = realizations()
    response = client.post(
        reverse("planning:realizations_upload", args=args), {"file": upload(poisoned(data, xml))}
    )
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert "DTD" in response.content.decode()
    assert realizations() == before


def test_import_commands_refuse_a_bomb(palembang, tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(poisoned(small_book(), LAUGHS))
    lines = list(Line.objects.values_list("pk", "name"))
    with pytest.raises(CommandError, match="entities"):
        call_command("budget_import", str(path), unit=palembang.code, year=2023)
    with pytest.raises(CommandError, match="entities"):
        call_command("records_import", "service_orders", str(path), unit=palembang.code)
    assert list(Line.objects.values_list("pk", "name")) == lines


def test_without_the_scan_defusedxml_still_refuses(monkeypatch):
    from kinerja.core import spreadsheets

    monkeypatch.setattr(spreadsheets, "_refuse_dtd", lambda data: None)
    with pytest.raises(WorkbookError) as refused:
        open_workbook(poisoned(small_book(), LAUGHS))
    assert refused.value.unsafe

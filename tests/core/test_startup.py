"""What a kinerja process imports to start: Django, the apps and every URL (as a web
worker or any command does), but not the heavy libraries a request or command may never
need. openpyxl imports numpy: a third of a second of CPU for every process that loads it
(docs/performance.md, session 9); it is imported where a workbook is made or read."""

import json
import os
import subprocess
import sys

import pytest

# Runs in a process of its own with no database connection; the same on either database.
pytestmark = pytest.mark.no_database

HEAVY = ("openpyxl", "numpy", "matplotlib", "docx", "typst", "pdfplumber", "pypdfium2")

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module of the URLconf, as a worker loads them
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {heavy})))
"""


def test_starting_kinerja_and_its_urls_imports_no_heavy_library(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    probe = PROBE.replace("{heavy}", repr(set(HEAVY)))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_workbook_helpers_still_make_and_read_workbooks():
    from kinerja.core.spreadsheets import (
        bold_header,
        column_letter,
        new_workbook,
        open_workbook,
        workbook_bytes,
    )

    book = new_workbook()
    sheet = book.active
    sheet.append(["Kode", "Nama"])
    sheet.append(["IKU-1", "=1+1"])
    bold_header(sheet)
    assert [column_letter(n) for n in (1, 26, 27)] == ["A", "Z", "AA"]
    read = open_workbook(workbook_bytes(book))
    rows = list(read.active.iter_rows(values_only=True))
    assert rows == [("Kode", "Nama"), ("IKU-1", "=1+1")]  # the formula came back as text
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold

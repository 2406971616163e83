"""Nothing internal reaches a document (issue 16, item 11): every document kinerja
generates, for both demo units, in every format, is read back as text and scanned for what
only the project's own people should see — line references of the source text, the
program naming itself, synthetic-data remarks, numbers outside the Indonesian format, and
table or figure references that point to tables the document does not have."""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from kinerja.org.models import Unit
from kinerja.reports.finals import build_document, render
from kinerja.reports.models import ReportKind
from pdftext import pdf_text

UNITS = ("bspji-palembang", "bspji-pontianak")
KINDS = [(ReportKind.LAKIN, ""), (ReportKind.PERKIN, ""), (ReportKind.QUARTERLY, "q2")]
KINDS += [(ReportKind.QUARTERLY, "q4")]

# Each pattern with what it catches.
LEAKS = {
    "source line reference": re.compile(r"\(L\d+"),
    "the program naming itself": re.compile(
        r"\bkinerja (?:consistency|lakin|perkin|review|dump|load|demo|check)\b"
        r"|\b(?:oleh|di|ke|aplikasi) kinerja\s*(?:dari|sehingga|[.,;:)]|$)",
        re.IGNORECASE | re.MULTILINE,
    ),
    "synthetic data remark": re.compile(r"synthetic|sintetis", re.IGNORECASE),
    # 10,000 or more without thousands separators (hashes are removed first). Identifiers
    # are not amounts: standards (ISO 22000:2018), registration numbers (A-1P1000…) and
    # the six-digit budget account codes (akun 521111).
    "unformatted large number": re.compile(
        r"(?<![\w.,/:-])(?<!ISO )(?<!IEC )(?!5\d{5}\b)\d{5,}(?![\d/:-])"
    ),
    # A dot decimal ("18.33"); "4.0" (Industri 4.0) and numbered headings are allowed.
    "dot decimal": re.compile(
        r"(?<![\d.,])(?<!Tabel )(?<!Gambar )(?<!tabel )\b\d+\.(?!0\b)\d{1,2}\b(?!\.\d)"
    ),
}
HASH = re.compile(r"\b[0-9a-f]{16,64}\b")
# A reference to a table of another document says so ("laporan manual, tabel 3.69"; the
# PDF may break the line after the comma).
REFERENCE = re.compile(r"(?<!manual,\s)\b(Tabel|Gambar|tabel|gambar)\s+(\d+\.\d+)")
HEADING_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s", re.MULTILINE)


def docx_text(data: bytes) -> str:
    document = docx.Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    """The text cells only: numbers are typed cells with a number format there."""
    book = load_workbook(BytesIO(data))
    return "\n".join(
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    )


READERS = {"docx": docx_text, "pdf": pdf_text, "xlsx": xlsx_text}


def leaks(text: str, document) -> list[str]:
    text = HASH.sub("#", text.replace("\xa0", " "))
    found = []
    for name, pattern in LEAKS.items():
        body = HEADING_NUMBER.sub("", text) if name == "dot decimal" else text
        for match in pattern.finditer(body):
            start = max(0, match.start() - 40)
            found.append(f"{name}: …{body[start : match.end() + 40]!r}")
    defined = {("Tabel", t.number) for t in document.tables()}
    defined |= {("Gambar", f.number) for f in document.figures()}
    for match in REFERENCE.finditer(text):
        if (match.group(1).capitalize(), match.group(2)) not in defined:
            start = max(0, match.start() - 40)
            found.append(f"undefined reference: …{text[start : match.end() + 20]!r}")
    return found


@pytest.fixture(scope="module")
def documents(module_demo, django_db_blocker):
    with django_db_blocker.unblock():
        built = {}
        for code in UNITS:
            unit = Unit.objects.get(code=code)
            for kind, period in KINDS:
                built[(code, kind, period)] = build_document(kind, unit, 2023, period)
            # the head may choose to list the consistency findings in the annex
            built[(code, "lakin+findings", "")] = build_document(
                ReportKind.LAKIN, unit, 2023, findings=True
            )
        return built


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
@pytest.mark.parametrize("code", UNITS)
def test_no_internal_text_reaches_a_document(documents, code, fmt, db):
    problems = []
    for (unit, kind, period), document in documents.items():
        if unit != code:
            continue
        text = READERS[fmt](render(document, fmt))
        problems += [f"{kind}{period} {fmt}: {p}" for p in leaks(text, document)]
    assert problems == []


def test_the_scan_catches_each_kind_of_leak(documents):
    document = documents[("bspji-palembang", ReportKind.LAKIN, "")]
    samples = [
        "angka ini (L2617-2619) dari sumber",
        "realisasi dihitung oleh kinerja dari catatan unit",
        "Hasil kinerja consistency: angka",
        "responses are synthetic",
        "pagu awal 14783257000 rupiah",
        "pertumbuhan 18.33 persen",
        "lihat Tabel 9.72",
    ]
    for sample in samples:
        assert leaks(sample, document), sample
    clean = "Industri 4.0, Tabel 3.1, pagu 15.507.847.000 dan capaian 177,67 % pada 2023."
    assert leaks(clean, document) == []

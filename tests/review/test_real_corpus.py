"""The corpus from published reports (tests/review/real_corpus.py), each reproduced as a
DOCX the way it was printed (captions, merged header cells, units under the header,
column numbers, footnote-free text): every provable slip is found with its kind and
nothing else, and the corrected twin reviews clean. The figures in docs/review-corpus.md
come from ``corpus_figures``."""

import copy
import io
import shutil
import subprocess

import docx
import pytest

from kinerja.review.services import review_file

from .real_corpus import REAL_CORPUS


def build_docx(entry) -> bytes:
    document = docx.Document()
    for text in entry["paragraphs"]:
        document.add_paragraph(text)
    rows = entry["rows"]
    if rows:
        if entry["caption"]:
            document.add_paragraph(entry["caption"])
        for text in entry.get("caption_after", []):
            document.add_paragraph(text)
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"  # ruled, as the published tables are
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        for r1, c1, r2, c2 in entry["merges"]:
            text = rows[r1][c1]
            table.cell(r1, c1).merge(table.cell(r2, c2)).text = text
    for text in entry.get("after", []):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def corrected(entry):
    twin = copy.deepcopy(entry)
    for i, j, text in twin["fixes"]:
        twin["rows"][i][j] = text
    return twin


def found(review):
    return {(f.row, f.column, str(f.kind)) for f in review.findings}


IDS = [e["name"].split(":")[0] for e in REAL_CORPUS]


@pytest.mark.parametrize("entry", REAL_CORPUS, ids=IDS)
def test_each_printed_slip_is_found_and_nothing_else(entry):
    review = review_file(build_docx(entry), "laporan.docx")
    assert found(review) == set(entry["slips"])
    assert len(review.findings) == len(entry["slips"])


@pytest.mark.parametrize("entry", REAL_CORPUS, ids=IDS)
def test_the_corrected_twin_reviews_clean(entry):
    review = review_file(build_docx(corrected(entry)), "laporan.docx")
    assert review.findings == []


def corpus_figures():
    """(tables, slips present, caught, false alarms on the twins, figures checked)."""
    tables = present = caught = alarms = checked = 0
    for entry in REAL_CORPUS:
        review = review_file(build_docx(entry), "x.docx")
        tables += 1 if entry["rows"] else 0
        present += len(entry["slips"]) + len(entry["unprovable"])
        caught += len(found(review) & set(entry["slips"]))
        checked += review.figures_checked
        alarms += len(review_file(build_docx(corrected(entry)), "x.docx").findings)
    return tables, present, caught, alarms, checked


def test_the_corpus_figures_in_the_docs():
    tables, present, caught, alarms, checked = corpus_figures()
    assert (tables, present, caught, alarms) == (8, 12, 11, 0)
    assert checked >= 45


# --- the same files as PDF ------------------------------------------------------------------
# Each DOCX above printed to PDF by LibreOffice (as a unit would export its report), then
# reviewed through the PDF reader: ruled tables, header words broken by narrow columns
# ("REALISAS I", "PERUBAHA N %"), merged header cells left blank by the PDF.


@pytest.fixture(scope="module")
def as_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus-pdf")
    for i, entry in enumerate(REAL_CORPUS):
        (folder / f"printed-{i}.docx").write_bytes(build_docx(entry))
        (folder / f"corrected-{i}.docx").write_bytes(build_docx(corrected(entry)))
    docx_to_pdf(folder)
    return lambda kind, i: (folder / f"{kind}-{i}.pdf").read_bytes()


def docx_to_pdf(folder) -> None:
    """Every DOCX in ``folder`` printed to a PDF beside it by LibreOffice, as an office
    exports one (the test is skipped where LibreOffice is not installed; `.ci/run`
    installs it)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
        + sorted(str(p) for p in folder.glob("*.docx")),
        check=True,
        capture_output=True,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def _glued(text):
    return "".join(text.split())


@pytest.mark.parametrize("i", range(len(REAL_CORPUS)), ids=IDS)
def test_as_pdf_each_slip_is_found_and_the_twin_is_clean(as_pdf, i):
    entry = REAL_CORPUS[i]
    review = review_file(as_pdf("printed", i), "laporan.pdf")
    # A narrow PDF column breaks words inside a cell ("Pemerinta han"): compared glued.
    got = sorted((_glued(f.row), _glued(f.column), str(f.kind)) for f in review.findings)
    assert got == sorted((_glued(r), _glued(c), k) for r, c, k in entry["slips"])
    assert all(f.page == 1 for f in review.findings)
    assert review_file(as_pdf("corrected", i), "laporan.pdf").findings == []


@pytest.mark.parametrize("i", [i for i, e in enumerate(REAL_CORPUS) if e["rows"]])
def test_as_pdf_the_columns_are_read_as_from_the_docx(as_pdf, i):
    # Merged header cells (a "Realisasi" over 2015 and 2016) are spread in the PDF too.
    from kinerja.review.extract import extract
    from kinerja.review.tables import analyse

    def columns(data, name):
        [table] = extract(data, name).tables
        return [(_glued(c.label), c.role) for c in analyse(table).columns]

    entry = REAL_CORPUS[i]
    assert columns(as_pdf("printed", i), "x.pdf") == columns(build_docx(entry), "x.docx")

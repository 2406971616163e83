"""The figures of the LAKIN drawn from the data (issue 16 item 10): a target-vs-realization
trend per agreement indicator in its analysis, the budget and PNBP over the years, all
numbered and captioned the same way in DOCX and PDF, listed in "Daftar Gambar"; a figure
the data has nothing for is left out, not drawn empty."""

import re
from io import BytesIO

import docx
import pytest

from kinerja.org.models import Unit
from kinerja.reports.document import Figure, Section, figure_label, walk
from kinerja.reports.lakin import build_lakin
from kinerja.reports.render.docx import render_docx
from kinerja.reports.render.pdf import render_pdf
from pdftext import pdf_pages

pytestmark = pytest.mark.django_db

BUDGET_FIGURES = {
    "budget-by-type-pie",
    "budget-by-type-bar",
    "budget-history-bar",
    "budget-history-line",
}


@pytest.fixture
def palembang_lakin(demo):
    return build_lakin(Unit.objects.get(code="bspji-palembang"), 2023)


def _indicator_sections(doc):
    chapter = next(s for s in doc.sections if s.title == "Akuntabilitas Kinerja")
    return [
        b
        for b in walk(chapter)
        if isinstance(b, Section) and b.title.startswith("Indikator Kinerja ")
    ]


def test_each_indicator_has_its_trend_figure_in_its_own_analysis(palembang_lakin):
    sections = _indicator_sections(palembang_lakin)
    assert len(sections) == 13
    for section in sections:
        code = section.title.removeprefix("Indikator Kinerja ").split(":")[0]
        [figure] = [b for b in walk(section) if isinstance(b, Figure)]
        assert figure.caption.startswith(f"Target dan Realisasi Indikator {code} Tahun ")
        assert "Realisasi" in figure.svg and figure.png.startswith(b"\x89PNG")
    # SK1.1: realization 53,33 in 2023, Renstra targets 30 (2023, 2024).
    sk11 = next(f for f in palembang_lakin.figures() if f.key == "sk1-1-trend")
    assert sk11.caption.endswith("Tahun 2023–2024")
    assert "53,33" in sk11.svg


def test_the_financial_part_has_the_budget_and_pnbp_over_the_years(palembang_lakin):
    keys = [f.key for f in palembang_lakin.figures()]
    for key in ("budget-by-type-pie", "budget-history-bar", "pnbp-history-bar"):
        assert key in keys
    bar = next(f for f in palembang_lakin.figures() if f.key == "pnbp-history-bar")
    assert bar.caption == "Target dan Realisasi Penerimaan PNBP Tahun 2019–2023"
    assert "Target" in bar.svg and "Realisasi" in bar.svg  # the legend
    # The demo's DIPA has no realization by spending type: no ceiling-only copy of the pie.
    assert "budget-by-type-bar" not in keys


def test_a_unit_without_budget_data_gets_no_budget_figure(demo):
    doc = build_lakin(Unit.objects.get(code="bspji-pontianak"), 2023)
    keys = {f.key for f in doc.figures()}
    assert not keys & BUDGET_FIGURES
    assert not any(k.startswith("pnbp-") for k in keys)


def test_docx_and_pdf_carry_the_same_numbered_figures_and_list_them(palembang_lakin):
    labels = [figure_label(f) for f in palembang_lakin.figures()]
    assert len(labels) >= 16
    assert all(re.match(r"Gambar [123]\.\d+ ", label) for label in labels)

    word = docx.Document(BytesIO(render_docx(palembang_lakin)))
    paragraphs = word.paragraphs
    captions = [
        p.text for p in paragraphs if p.style.name == "Caption" and p.text.startswith("Gambar ")
    ]
    assert captions == labels
    assert len(word.inline_shapes) == len(labels)
    texts = [p.text for p in paragraphs]
    start = texts.index("Daftar Gambar")
    listed = [t.split("\t")[0] for t in texts[start + 1 : start + 1 + len(labels)]]
    assert listed == labels
    assert "Daftar Tabel" in texts[:start]

    pages = [" ".join(page.split()) for page in pdf_pages(render_pdf(palembang_lakin))]
    body = " ".join(pages[3:])
    front = " ".join(pages[:6])
    assert "Daftar Gambar" in front
    for label in labels:
        # Once in the list at the front, once under the figure.
        assert " ".join(pages).count(label) >= 2, label
        assert label in body


def test_bab_ii_has_the_strategy_map_with_goals_and_objectives_by_perspective(palembang_lakin):
    chapter = next(s for s in palembang_lakin.sections if s.title.startswith("Perencanaan"))
    [figure] = [b for b in walk(chapter) if isinstance(b, Figure)]
    assert figure.key == "strategy-map" and figure.number == "2.1"
    assert figure_label(figure) == "Gambar 2.1 Peta Strategi BSPJI Palembang"
    for word in ("Tujuan", "SK1", "SK8"):
        assert word in figure.svg

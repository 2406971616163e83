"""A chart is written out (SVG, PNG) only when a renderer reads it, and only once: a PDF
never pays for the PNG, a DOCX for the SVG, an XLSX for either; each output from a figure
never saved before, so the bytes do not depend on which renderer came first
(reports/charts.py ChartImage, document.Figure)."""

from decimal import Decimal

import pytest

from kinerja.reports import charts
from kinerja.reports.document import Column, Document, Figure, Section, Table

pytestmark = pytest.mark.no_database


@pytest.fixture
def written(monkeypatch):
    """The formats matplotlib wrote, in order."""
    charts._mpl()
    from matplotlib.figure import Figure as MplFigure

    formats = []
    real = MplFigure.savefig

    def counting(self, fname, *args, **kwargs):
        formats.append(kwargs.get("format"))
        return real(self, fname, *args, **kwargs)

    monkeypatch.setattr(MplFigure, "savefig", counting)
    charts._DRAWN.clear()
    yield formats
    charts._DRAWN.clear()


def _chart(last="99.79"):
    return charts.line_chart(
        ["2022", "2023"], {"Realisasi": [Decimal("90.5"), Decimal(last)]}, title="Serapan"
    )


def test_each_output_is_written_when_first_read_and_only_once(written):
    chart = _chart()
    assert written == []
    svg = chart.svg
    assert written == ["svg"] and "<svg" in svg
    assert chart.svg is svg and written == ["svg"]
    assert chart._figure is None  # let go once the SVG is written (0.7 MB a figure)
    png = chart.png  # drawn again, and only the PNG written from the new figure
    assert png.startswith(b"\x89PNG") and written == ["svg", "png"]
    assert tuple(chart) == (svg, png) and written == ["svg", "png"]
    assert chart._figure is None
    written.clear()
    first_png = _chart("98")
    assert first_png.png and written == ["png"]  # a DOCX pays for the PNG only
    assert first_png._figure is None
    assert first_png.svg and written == ["png", "svg"] and first_png._figure is None


def test_the_output_does_not_depend_on_when_it_is_read(written):
    early = _chart()
    svg, png = early.svg, early.png
    charts._DRAWN.clear()
    late = _chart()
    assert late is not early
    assert late.png == png and late.svg == svg  # PNG first this time, same bytes


def test_a_web_chart_is_svg_only_and_written_at_once(written):
    with charts.svg_only():
        chart = _chart("80")
    assert written == ["svg"] and chart.png == b"" and written == ["svg"]


def _document(chart) -> Document:
    doc = Document("Laporan", "Unit", 2023)
    section = Section("Bab")
    section.add(Table("t", "Tabel", [Column("A")], [["x"]]))
    section.add(Figure("f", "Gambar", svg=chart, png=chart))
    doc.sections.append(section)
    doc.number_items()
    return doc


def test_each_renderer_writes_only_what_it_shows(written):
    from kinerja.reports.render.docx import render_docx
    from kinerja.reports.render.xlsx import render_xlsx

    render_xlsx(_document(_chart("70")))
    assert written == []
    render_docx(_document(_chart("71")))
    assert written == ["png"]
    written.clear()
    figure = _document(_chart("72")).sections[0].blocks[1]
    assert "<svg" in figure.svg and written == ["svg"]


def test_a_chart_drawn_without_the_memo_writes_both_from_its_one_figure(written):
    """No ``redraw`` to draw it again: the SVG first, then the PNG, from the one figure,
    which is let go once both are written."""
    chart = charts.line_chart.__wrapped__(["2023"], {"Realisasi": [Decimal("90")]})
    assert chart.redraw is None
    assert chart.png.startswith(b"\x89PNG") and written == ["svg", "png"]
    assert "<svg" in chart.svg and written == ["svg", "png"] and chart._figure is None
    with charts.svg_only():
        web = charts.line_chart.__wrapped__(["2023"], {"Realisasi": [Decimal("91")]})
    assert web._figure is None and web.png == b""  # nothing more to write from it


def test_a_figure_keeps_given_bytes_as_they_are():
    photo = Figure("foto", "Foto kegiatan", svg="", png=b"\xff\xd8jpeg")
    assert photo.png == b"\xff\xd8jpeg" and photo.svg == ""
    photo.png = b"\x89PNG other"
    assert photo.png == b"\x89PNG other"


def test_a_png_asked_for_later_is_the_same_in_another_language(written):
    """The redraw runs under the language the chart was first drawn in (charts print no
    translated words today; the memo keys on the language all the same)."""
    from django.utils import translation

    def pie():
        return charts.pie_chart(["a", "b"], [Decimal(1), Decimal(3)], unit="orang")

    with translation.override("en"):
        chart = pie()
        expected_svg, expected_png = chart.svg, chart.png
        charts._DRAWN.clear()
        chart = pie()
        assert chart.svg == expected_svg
    png = chart.png  # asked for later, under Indonesian: drawn again under English
    assert png == expected_png


def test_a_chart_travels_as_its_written_svg_and_png(written):
    import copy
    import pickle

    chart = _chart("60")
    svg, png = chart.svg, chart.png
    for other in (pickle.loads(pickle.dumps(chart)), copy.deepcopy(chart)):
        assert (other.svg, other.png) == (svg, png)
    figure = Figure("f", "Gambar", svg=_chart("61"), png=_chart("61"))
    assert pickle.loads(pickle.dumps(figure)).png == figure.png

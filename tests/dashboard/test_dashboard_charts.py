"""The dashboard's charts: drawn by reports.charts (the documents' figures), made ready
for a page under the Content-Security-Policy: well-formed, accessible, names escaped,
no inline style."""

import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D

from kinerja.dashboard.views import ACHIEVED, NOT_ACHIEVED, NOT_COMPUTABLE
from kinerja.reports import charts

NS = "{http://www.w3.org/2000/svg}"
NASTY = 'Balai <script>alert("x")</script> & Co\'s'


def parse(markup: str) -> ET.Element:
    # raises on anything that is not well-formed; keeps the comments, where matplotlib
    # writes every text it draws as paths
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    parser.feed(str(markup))
    return parser.close()


def texts(root: ET.Element) -> list[str]:
    """The texts drawn, from the comments (matplotlib escapes them as character data)."""
    return [html.unescape(el.text.strip()) for el in root.iter(ET.Comment)]


def web(image, chart_id="c", title="t", desc="d"):
    return charts.web_svg(image, chart_id=chart_id, title=title, desc=desc)


def fills(root: ET.Element, colour: str) -> list[ET.Element]:
    return [el for el in root.iter(f"{NS}path") if el.get("fill") == colour.lower()]


def dashed(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{NS}path") if el.get("stroke-dasharray")]


def achievement(values, labels=None):
    labels = labels or [f"SK{i}" for i in range(len(values))]
    with charts.svg_only():
        return charts.hbar_chart(
            labels,
            values,
            colors=[ACHIEVED if v and v >= 100 else NOT_ACHIEVED for v in values],
            notes=["tidak dapat dihitung"] * len(values),
            reference=100,
        )


def test_achievement_bars_are_accessible_xml_with_a_reference_line():
    markup = web(
        achievement([D("177.777"), None, D("50")], ["SK1.1", "SK9.9", "SK2.1"]),
        chart_id="c1",
        title="Capaian <2023>",
        desc="Keterangan & rincian",
    )
    root = parse(markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{NS}title").text == "Capaian <2023>"
    assert root.find(f"{NS}desc").text == "Keterangan & rincian"
    assert {"SK1.1", "SK9.9", "SK2.1", "177,78 %", "50,00 %", "100 %"} <= set(texts(root))
    assert "tidak dapat dihitung" in texts(root)
    # one bar per value, none for the value that is missing
    assert len(fills(root, ACHIEVED)) == 1 and len(fills(root, NOT_ACHIEVED)) == 1
    assert not fills(root, NOT_COMPUTABLE)
    assert len(dashed(root)) == 1


def test_the_bar_scale_grows_with_the_largest_value_and_keeps_100_in_view():
    def ref_x(values):
        line = dashed(parse(web(achievement(values))))[0]
        return float(re.match(r"M ([\d.]+)", line.get("d")).group(1))

    assert ref_x([D("561.8")]) < ref_x([D("80")])  # 100 % further left on a 600 % scale


def test_every_chart_escapes_text_from_the_data():
    with charts.svg_only():
        images = [
            charts.hbar_chart([NASTY], [D("100")], reference=100, label_chars=80),
            charts.hbar_chart(["A"], [None], notes=[NASTY], xmax=100),
            charts.bar_chart(
                [NASTY], {NASTY: [D("20")], "R": [D("10")]}, stacked=False, show_values=True
            ),
        ]
    for image in images:
        markup = web(image, title=NASTY, desc=NASTY)
        assert "<script>" not in markup
        root = parse(markup)
        assert root.find(f"{NS}title").text == NASTY
        assert root.find(f"{NS}desc").text == NASTY
        assert NASTY in texts(root)


def test_a_chart_id_cannot_break_out_of_its_attribute():
    with charts.svg_only():
        image = charts.hbar_chart(["A"], [D("50")], xmax=100)
    root = parse(web(image, chart_id='g" onload="x'))
    assert root.get("onload") is None
    assert root.get("id") == 'g" onload="x'


def test_the_markup_needs_no_inline_style_and_is_svg_only():
    with charts.svg_only():
        image = charts.bar_chart(
            ["TW I"], {"Target": [D("20")], "Realisasi": [D("10")]}, stacked=False
        )
    assert image[1] == b""  # no PNG drawn for a page
    markup = web(image)
    assert "<style" not in markup and not re.search(r"\sstyle=", markup)
    assert "<?xml" not in markup and "DOCTYPE" not in markup
    root = parse(markup)
    assert root.get("stroke-linejoin") == "round"  # the style sheet's rule, inherited
    # the same chart for a document still carries its PNG
    assert charts.bar_chart(["TW I"], {"Target": [D("20")]})[1].startswith(b"\x89PNG")


def test_quarter_progress_draws_target_and_realization_per_quarter():
    with charts.svg_only():
        image = charts.bar_chart(
            ["TW I", "TW II"],
            {"Target fisik": [D("20"), D("50")], "Realisasi fisik": [D("20"), None]},
            kind=charts.PERCENT,
            stacked=False,
            show_values=True,
        )
    root = parse(web(image))
    assert {"TW I", "TW II", "Target fisik", "Realisasi fisik", "50 %", "–"} <= set(texts(root))


def test_absorption_gauge_shows_the_value_and_caps_the_bar_at_full():
    def bar_width(value):
        with charts.svg_only():
            image = charts.hbar_chart(["Penyerapan"], [value], xmax=100)
        root = parse(web(image))
        (bar,) = fills(root, charts.PALETTE[0])
        xs = [float(x) for x in re.findall(r"[ML] ([\d.]+) ", bar.get("d"))]
        return root, max(xs) - min(xs)

    root, width = bar_width(D("99.8268"))
    assert "99,83 %" in texts(root)
    over, full = bar_width(D("130"))
    _, hundred = bar_width(D("100"))
    assert "130,00 %" in texts(over)
    assert full == hundred > width

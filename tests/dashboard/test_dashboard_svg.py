"""The SVG charts: well-formed XML, accessible, and names escaped."""

import xml.etree.ElementTree as ET
from decimal import Decimal as D

from kinerja.dashboard import svg

NS = "{http://www.w3.org/2000/svg}"
NASTY = 'Balai <script>alert("x")</script> & Co\'s'


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # raises on anything that is not well-formed


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter(f"{NS}text")]


def test_achievement_bars_are_accessible_xml_with_a_reference_line():
    markup = svg.achievement_bars(
        [
            svg.Bar("SK1.1", D("177.777"), "achieved"),
            svg.Bar("SK9.9", None, "na", note="tidak dapat dihitung"),
            svg.Bar("SK2.1", D("50"), "not-achieved"),
        ],
        chart_id="c1",
        title="Capaian <2023>",
        desc="Keterangan & rincian",
    )
    root = parse(markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{NS}title").text == "Capaian <2023>"
    assert root.find(f"{NS}desc").text == "Keterangan & rincian"
    assert "177,78 %" in texts(root) and "100 %" in texts(root)
    assert "tidak dapat dihitung" in texts(root)
    assert len(root.findall(f"{NS}rect")) == 2  # no bar for the value that is missing
    dashed = [el for el in root.iter(f"{NS}line") if el.get("stroke-dasharray")]
    assert len(dashed) == 1


def test_the_bar_scale_grows_with_the_largest_value_and_keeps_100_in_view():
    small = parse(svg.achievement_bars([svg.Bar("A", D("80"))], chart_id="a", title="t", desc="d"))
    large = parse(
        svg.achievement_bars([svg.Bar("A", D("561.8"))], chart_id="b", title="t", desc="d")
    )

    def ref_x(root):
        return float(
            next(el for el in root.iter(f"{NS}line") if el.get("stroke-dasharray")).get("x1")
        )

    assert ref_x(large) < ref_x(small)  # 100 % sits further left on a 600 % scale


def test_every_chart_escapes_text_from_the_data():
    charts = [
        svg.achievement_bars(
            [svg.Bar(NASTY, D("100"), "achieved")],
            chart_id="x",
            title=NASTY,
            desc=NASTY,
            label_width=600,
        ),
        svg.quarter_progress(
            [svg.QuarterBar(NASTY, D("20"), D("10"))],
            chart_id="y",
            title=NASTY,
            desc=NASTY,
            target_label=NASTY,
            realized_label="R",
        ),
        svg.absorption_gauge(None, chart_id="z", title=NASTY, desc=NASTY, empty=NASTY),
    ]
    for markup in charts:
        assert "<script>" not in markup
        root = parse(markup)
        assert root.find(f"{NS}title").text == NASTY
        assert NASTY in texts(root)


def test_a_chart_id_cannot_break_out_of_its_attribute():
    root = parse(
        svg.absorption_gauge(D("50"), chart_id='g" onload="x', title="t", desc="d", empty="")
    )
    assert root.get("onload") is None


def test_quarter_progress_draws_target_and_realization_per_quarter():
    root = parse(
        svg.quarter_progress(
            [
                svg.QuarterBar("TW I", D("20"), D("20")),
                svg.QuarterBar("TW II", D("50"), None),
            ],
            chart_id="q",
            title="t",
            desc="d",
            target_label="Target fisik",
            realized_label="Realisasi fisik",
        )
    )
    assert {"TW I", "TW II", "Target fisik", "Realisasi fisik", "50 %", "–"} <= set(texts(root))
    assert len(root.findall(f"{NS}rect")) == 2 + 3  # legend + three columns with a value


def test_absorption_gauge_shows_the_value_and_caps_the_bar_at_full():
    root = parse(svg.absorption_gauge(D("99.8268"), chart_id="g", title="t", desc="d", empty=""))
    assert "99,83 %" in texts(root)
    over = parse(svg.absorption_gauge(D("130"), chart_id="h", title="t", desc="d", empty=""))
    track, fill = over.findall(f"{NS}rect")
    assert fill.get("width") == track.get("width")

from decimal import Decimal
from xml.etree import ElementTree

import pytest

from kinerja.reports import charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
YEARS = ["2019", "2020", "2021", "2022", "2023"]


def bar():
    return charts.bar_chart(
        YEARS,
        {
            "Pengujian": [Decimal(373791250), Decimal(539044950), None, 1, Decimal(1802792000)],
            "Kalibrasi": [Decimal(48320000), Decimal(85145000), 0, 2, Decimal(235456000)],
        },
        title="Penerimaan PNBP",
    )


def line():
    return charts.line_chart(
        YEARS,
        {
            "Penyerapan": [
                Decimal("96.49"),
                Decimal("86.37"),
                None,
                Decimal("94.49"),
                Decimal("99.83"),
            ]
        },
    )


def pie():
    return charts.pie_chart(
        ["Belanja pegawai", "Belanja barang", "Belanja modal"],
        [Decimal(7948653000), Decimal(7125837000), Decimal(433357000)],
    )


@pytest.mark.parametrize("make", [bar, line, pie])
def test_it_gives_svg_that_parses_and_a_png(make):
    svg, png = make()
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert png.startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("make", [bar, line, pie])
def test_two_renders_are_identical(make):
    assert make() == make()


def test_the_labels_are_in_the_svg_with_indonesian_numbers():
    svg, _ = bar()
    for label in ["Penerimaan PNBP", "Pengujian", "Kalibrasi", "2019", "2023"]:
        assert label in svg
    assert "2.038.248.000" in svg  # the 2023 total on top of the stack
    svg, _ = line()
    assert "99,83 %" in svg and "86,37 %" in svg
    svg, _ = pie()
    assert "Belanja modal" in svg
    assert "7.948.653.000 (51,26 %)" in svg


def test_the_svg_has_no_date():
    svg, _ = pie()
    assert "<dc:date>" not in svg


def test_an_empty_pie_says_so():
    svg, png = charts.pie_chart(["A"], [None])
    assert "Tidak ada data" in svg
    assert png.startswith(PNG_SIGNATURE)


def test_format_value_follows_the_kind():
    assert charts.format_value(Decimal("15507847000"), charts.MONEY) == "15.507.847.000"
    assert charts.format_value(Decimal("99.8267"), charts.PERCENT) == "99,83 %"
    assert charts.format_value(Decimal("3.60"), charts.NUMBER) == "3,6"
    assert charts.format_value(None) == "–"


def test_ids_are_scoped_so_charts_can_share_one_page():
    import re

    svgs = [make()[0] for make in (bar, line, pie)]
    all_ids = [i for svg in svgs for i in re.findall(r'\bid="([^"]+)"', svg)]
    assert len(all_ids) == len(set(all_ids))
    for svg in svgs:
        ids = set(re.findall(r'\bid="([^"]+)"', svg))
        refs = re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg)
        assert refs and set(refs) <= ids


def test_a_bar_series_without_any_value_is_left_out():
    svg, _ = charts.bar_chart(
        ["2022", "2023"],
        {"Pagu": [Decimal(5), Decimal(6)], "Target": [Decimal(4), None], "Realisasi": [None, None]},
        stacked=False,
    )
    assert "Pagu" in svg and "Target" in svg and "Realisasi" not in svg


def test_the_strategy_map_draws_every_item_and_leaves_empty_rows_out():
    svg, png = charts.strategy_map(
        [("Tujuan", ["T1 Meningkatkan layanan"]), ("Customer", []), ("Stakeholder", ["SK1 A"])]
    )
    assert "T1 Meningkatkan layanan" in svg and "SK1 A" in svg and "Stakeholder" in svg
    assert "Customer" not in svg
    assert png.startswith(b"\x89PNG")

"""Printed figures: what a hand-made report printed (PNBP tables, the efficiency table)
against what kinerja computes — the pure check, the `printed` dataset section, and the
demo's known slips (DESIGN §8: Tabel 3.69, Tabel 3.72)."""

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from kinerja.budget.selectors import PnbpOverview
from kinerja.datasets.dump import dump_data, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.datasets.yamlio import render
from kinerja.org.models import Unit
from kinerja.reports.checks import (
    PrintedComparison,
    Quantity,
    Severity,
    _pnbp_expected,
    check_printed_figures,
    consistency_report,
)
from kinerja.reports.models import PrintedFigure

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"


# --- the pure check ---------------------------------------------------------------------


def compare(printed, expected, quantity=Quantity.PERCENT, basis="b"):
    expected = None if expected is None else D(expected)
    return PrintedComparison("Tabel 3.69", "label", D(printed), expected, basis, quantity)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("49", "49.1421"),  # printed whole: 49,14 % is 49 %
        ("11", "10.65167"),
        ("40", "40.20615"),
        ("138", "138.2553"),
        ("138.26", "138.2553"),
        ("0.02", "0.0154"),  # two places: 0,0154 % is 0,02 %
    ],
)
def test_a_figure_equal_at_its_printed_places_is_no_finding(printed, expected):
    assert check_printed_figures([compare(printed, expected)]) == []


def test_a_figure_that_differs_at_its_printed_places_is_an_error():
    row = PrintedComparison(
        "Tabel 3.69",
        "persentase penerimaan Konsultansi 2023",
        D("0.02"),
        D("2.049348801335886"),
        "85.000.000 dari 4.147.659.000",
        Quantity.PERCENT,
    )
    [finding] = check_printed_figures([row])
    assert (finding.code, finding.severity) == ("printed_figure", Severity.ERROR)
    assert finding.where == "Tabel 3.69: persentase penerimaan Konsultansi 2023"
    assert (finding.found, finding.expected) == (D("0.02"), D("2.05"))
    assert finding.message == (
        "Persentase penerimaan Konsultansi 2023 tercetak 0,02 % di Tabel 3.69, sedangkan "
        "dari data: 85.000.000 dari 4.147.659.000 = 2,05 %; rasio tercetak tanpa dikali 100."
    )
    assert finding.slip == "missing_x100"


def test_a_whole_percentage_is_shown_against_two_places():
    [finding] = check_printed_figures([compare("40", "38.1568")])
    assert (finding.found, finding.expected) == (D("40"), D("38"))
    assert "tercetak 40 %" in finding.message and "= 38,16 %." in finding.message


def test_money_and_numbers_say_the_difference_and_the_rounding():
    money, number = check_printed_figures(
        [
            compare("2926486250", "3005486250", Quantity.MONEY, "jumlah 8 jenis layanan"),
            compare("2", "4.9712", Quantity.NUMBER, "realisasi SK7.1"),
        ]
    )
    assert (money.found, money.expected) == (D("2926486250"), D("3005486250"))
    assert money.message.endswith(
        "tercetak Rp 2.926.486.250 di Tabel 3.69, sedangkan dari data: jumlah 8 jenis layanan "
        "= Rp 3.005.486.250 (selisih Rp 79.000.000)."
    )
    assert (number.found, number.expected) == (D("2"), D("5"))
    assert number.message.endswith("realisasi SK7.1 = 4,9712 (dibulatkan 5).")


def test_a_figure_the_data_cannot_give_is_not_compared():
    assert check_printed_figures([compare("0.02", None)]) == []


PNBP_2023 = PnbpOverview(
    year=2023,
    revenue_target=D(3000000000),
    receipts={
        "pelatihan": D(441795000),
        "pengujian": D(1802792000),
        "kalibrasi": D(235456000),
        "konsultansi": D(85000000),
        "sertifikasi": D(1582616000),
    },
    permitted_use_pct=None,
    use_ceiling=None,
    use_spending=None,
)


def printed(figure, value, categories=(), year=2023):
    return PrintedFigure(
        year=year, where="Tabel 3.69", figure=figure, categories=list(categories), value=D(value)
    )


def test_a_printed_row_may_combine_categories():
    expected, basis, quantity = _pnbp_expected(
        printed("pnbp_share", 49, ["pengujian", "kalibrasi"]), PNBP_2023
    )
    assert round(expected, 4) == D("49.1421") and quantity == Quantity.PERCENT
    assert basis == "(Pengujian 1.802.792.000 + Kalibrasi 235.456.000) dari 4.147.659.000"
    amount, basis, _ = _pnbp_expected(
        printed("pnbp_amount", 1667616000, ["sertifikasi", "konsultansi"]), PNBP_2023
    )
    assert amount == D(1667616000)
    assert basis == "penerimaan Sertifikasi 1.582.616.000 + Konsultansi 85.000.000"
    # A category the year does not list received nothing.
    share, _, _ = _pnbp_expected(printed("pnbp_share", 0, ["riset"]), PNBP_2023)
    assert share == 0


def test_a_zero_or_missing_total_gives_a_reason_instead_of_a_figure():
    zero = PnbpOverview(2023, None, {"pelatihan": D(0)}, None, None, None)
    assert _pnbp_expected(printed("pnbp_share", 11, ["pelatihan"]), zero) == (
        "total penerimaan PNBP 0"
    )
    assert _pnbp_expected(printed("pnbp_realization_pct", 138), zero) == (
        "target penerimaan PNBP tidak tercatat"
    )
    empty = PnbpOverview(2023, D(1), {}, None, None, None)
    assert "per jenis layanan" in _pnbp_expected(printed("pnbp_total", 1), empty)
    assert _pnbp_expected(printed("pnbp_total", 1), None) == "tidak ada data PNBP tahun 2023"


# --- the `printed` dataset section ---------------------------------------------------------


ROWS = [
    {"year": 2023, "where": "Tabel 3.69", "figure": "pnbp_total", "value": 4147659000},
    {
        "year": 2023,
        "where": "Tabel 3.69",
        "figure": "pnbp_share",
        "categories": ["kalibrasi", "pengujian"],  # stored in the vocabulary's order
        "value": D("49"),
    },
    {
        "year": 2023,
        "where": "Tabel 3.72",
        "figure": "efficiency_realization",
        "indicator": "SK1.1",
        "value": D("2.5"),
    },
    {
        "year": 2023,
        "where": "Tabel 3.72",
        "figure": "efficiency_mean_achievement_pct",
        "value": D("195.87"),
    },
]


def small_with(rows) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["printed"] = rows
    return render(data)


def stored() -> list[tuple]:
    return sorted(
        PrintedFigure.objects.values_list(
            "year", "where", "figure", "indicator_code", "categories", "value"
        ),
        key=str,
    )


@pytest.mark.django_db
def test_the_section_is_written_and_a_second_load_changes_nothing():
    load_text(small_with(ROWS))
    assert stored() == sorted(
        [
            (2023, "Tabel 3.69", "pnbp_total", "", [], D(4147659000)),
            (2023, "Tabel 3.69", "pnbp_share", "", ["pengujian", "kalibrasi"], D(49)),
            (2023, "Tabel 3.72", "efficiency_realization", "SK1.1", [], D("2.5")),
            (2023, "Tabel 3.72", "efficiency_mean_achievement_pct", "", [], D("195.87")),
        ],
        key=str,
    )
    before = stored()
    report = load_text(small_with(ROWS))
    assert not report.changed
    assert report.unchanged["printedfigure"] == 4
    assert stored() == before


@pytest.mark.django_db
def test_a_changed_value_is_updated_and_unmentioned_figures_are_kept():
    load_text(small_with(ROWS))
    changed = [{**ROWS[1], "categories": ["pengujian", "kalibrasi"], "value": D("49.1")}]
    report = load_text(small_with(changed))
    assert report.updated["printedfigure"] == 1
    assert PrintedFigure.objects.count() == 4
    assert PrintedFigure.objects.get(figure="pnbp_share").value == D("49.1")


@pytest.mark.django_db
def test_the_dump_round_trips():
    load_text(small_with(ROWS))
    unit = Unit.objects.get(code="balai-contoh")
    data = dump_data(unit, find_plan(unit, "2021-2024"))
    assert data["printed"][1] == {
        "year": 2023,
        "where": "Tabel 3.69",
        "figure": "pnbp_share",
        "categories": ["pengujian", "kalibrasi"],
        "value": D(49),
    }
    assert data["printed"][2]["indicator"] == "SK1.1"
    text = render(data)
    assert not load_text(text).changed
    assert render(dump_data(unit, find_plan(unit, "2021-2024"))) == text


def problems(rows) -> list[str]:
    with pytest.raises(DatasetInvalid) as info:
        load_text(small_with(rows))
    return [str(p) for p in info.value.problems]


BAD = [
    (
        {"year": 2023, "where": "Tabel 3.69", "figure": "pnbp_growth", "value": 1},
        "printed[0].figure: expected one of pnbp_total, ",
    ),
    (
        {
            "year": 2023,
            "where": "Tabel 3.69",
            "figure": "pnbp_share",
            "categories": ["konsultasi"],
            "value": 1,
        },
        'printed[0].categories[0]: expected one of pelatihan, pengujian, kalibrasi, sertifikasi, konsultansi, standardisasi, penanganan_pencemaran, riset, litbang, lainnya; got "konsultasi"',  # noqa: E501
    ),
    (
        {"year": 2023, "where": "Tabel 3.69", "figure": "pnbp_share", "value": D("0.02")},
        "printed[0].categories: pnbp_share needs the PNBP categories of its row (one or more)",
    ),
    (
        {
            "year": 2023,
            "where": "Tabel 3.69",
            "figure": "pnbp_amount",
            "categories": ["konsultansi", "konsultansi"],
            "value": 1,
        },
        'printed[0].categories: "konsultansi" is listed twice',
    ),
    (
        {
            "year": 2023,
            "where": "Tabel 3.69",
            "figure": "pnbp_total",
            "categories": ["pelatihan"],
            "value": 1,
        },
        "printed[0].categories: pnbp_total has no categories",
    ),
    (
        {"year": 2023, "where": "Tabel 3.72", "figure": "efficiency_target", "value": 2},
        "printed[0].indicator: efficiency_target needs the indicator of its row",
    ),
    (
        {
            "year": 2023,
            "where": "Tabel 3.72",
            "figure": "efficiency_realization",
            "indicator": "SK9.9",
            "value": 2,
        },
        'printed[0].indicator: unknown indicator "SK9.9" for 2023; known: SK1.1, SK1.2, SK1.3, T1.1',  # noqa: E501
    ),
    (
        {
            "year": 2023,
            "where": "Tabel 3.72",
            "figure": "efficiency_mean_achievement_pct",
            "indicator": "SK1.1",
            "value": 2,
        },
        "printed[0].indicator: efficiency_mean_achievement_pct has no indicator",
    ),
    (
        {"year": 2023, "where": "Tabel 3.69", "figure": "pnbp_total", "value": 1, "note": "x"},
        "printed[0]: unknown field 'note'",
    ),
]


@pytest.mark.usefixtures("english_messages")
@pytest.mark.django_db
@pytest.mark.parametrize(("row", "message"), BAD)
def test_each_mistake_names_its_place_and_nothing_is_written(row, message):
    found = problems([row])
    assert len(found) == 1 and found[0].startswith(message), found
    assert not Unit.objects.filter(code="balai-contoh").exists()
    assert not PrintedFigure.objects.exists()


@pytest.mark.django_db
def test_a_figure_listed_twice_is_an_error():
    twice = [ROWS[1], {**ROWS[1], "categories": ["pengujian", "kalibrasi"], "value": 48}]
    assert problems(twice) == [
        "printed: Tabel 3.69 2023 pnbp_share (pengujian+kalibrasi) tercantum dua kali"
    ]


# --- the demo -------------------------------------------------------------------------------


@pytest.fixture
def palembang(module_demo, db):
    return Unit.objects.get(code="bspji-palembang")


def printed_findings(unit, year):
    report = consistency_report(unit, year)
    return report, {
        f.where: (f.found, f.expected, f.message)
        for f in report.findings
        if f.code == "printed_figure"
    }


def test_the_demo_finds_the_tabel_3_69_and_3_72_slips(palembang):
    report, found = printed_findings(palembang, 2023)
    share = found["Tabel 3.69: persentase penerimaan Konsultansi 2023"]
    assert share[:2] == (D("0.02"), D("2.05"))
    assert "85.000.000 dari 4.147.659.000 = 2,05 %" in share[2]
    realization = found["Tabel 3.69: persentase realisasi penerimaan PNBP 2023"]
    assert realization[:2] == (D("243.76"), D("138.26"))
    assert "penerimaan 4.147.659.000 dari target 3.000.000.000 = 138,26 %" in realization[2]
    assert found["Tabel 3.72: target SK7.1"][:2] == (D(2), D(4))
    assert found["Tabel 3.72: realisasi SK7.1"][:2] == (D(2), D(5))
    assert found["Tabel 3.72: efisiensi SK7.1"][:2] == (D("1.57"), D("20.80"))
    mean = found["Tabel 3.72: rata-rata capaian kinerja 2023"]
    assert mean[:2] == (D("195.87"), D("197.81"))
    # The shares that are right at their printed precision (11 %, 49 %, 40 %), the
    # printed amounts and the 2023 totals of Tabel 3.68-3.71 are no finding.
    assert set(found) == {
        "Tabel 3.69: persentase penerimaan Konsultansi 2023",
        "Tabel 3.69: persentase realisasi penerimaan PNBP 2023",
        "Tabel 3.72: target SK7.1",
        "Tabel 3.72: realisasi SK7.1",
        "Tabel 3.72: efisiensi SK7.1",
        "Tabel 3.72: rata-rata capaian kinerja 2023",
    }
    assert all(f.severity == Severity.ERROR for f in report.findings if f.code == "printed_figure")
    assert not {s.check for s in report.skipped} & {"pnbp_shares", "pnbp_totals"}
    assert "printed_figures" not in {s.check for s in report.skipped}


def test_the_demo_compares_the_yearly_pnbp_totals(palembang):
    _, found = printed_findings(palembang, 2019)
    assert found["Tabel 3.71: total penerimaan PNBP 2019"][:2] == (
        D(2926486250),
        D(3005486250),
    )
    assert found["Tabel 3.70: total penerimaan PNBP 2019"][:2] == (
        D(2987783021),
        D(3005486250),
    )
    _, found = printed_findings(palembang, 2020)
    assert found["Tabel 3.71: persentase realisasi penerimaan PNBP 2020"][:2] == (
        D("43.94"),
        D("43.73"),
    )
    assert found["Tabel 3.70: persentase realisasi penggunaan PNBP 2020"][:2] == (
        D("43.38"),
        D("43.30"),
    )
    _, found = printed_findings(palembang, 2021)
    assert found == {}  # Tabel 3.70 and 3.71 agree with the data for 2021


def test_printed_figures_without_pnbp_data_are_listed_as_not_checked(palembang):
    from kinerja.budget.models import PnbpYear

    PnbpYear.objects.filter(unit=palembang, year=2023).delete()
    report, found = printed_findings(palembang, 2023)
    assert not any(where.startswith("Tabel 3.69") for where in found)
    reasons = [s.reason for s in report.skipped if s.check == "printed_figures"]
    konsultansi = "Tabel 3.69: persentase penerimaan Konsultansi 2023"
    assert f"{konsultansi}: tidak ada data PNBP tahun 2023" in reasons
    assert "Tabel 3.72: target SK7.1" in found  # the efficiency figures are still compared


def test_a_unit_without_printed_figures_says_so(module_demo, db):
    report = consistency_report(Unit.objects.get(code="bspji-pontianak"), 2023)
    [skip] = [s for s in report.skipped if s.check == "printed_figures"]
    assert skip.reason == "bspji-pontianak tidak memiliki angka tercetak (printed) tahun 2023"

"""Printed figures beyond PNBP and the efficiency table: an indicator's target,
realization, achievement and status, the mean achievement, budget figures per line,
source, type and in total, the survey index and grade — compared with the demo's data at
the precision printed, with the review's kind of slip; and the dataset keys they need."""

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.datasets.yamlio import render
from kinerja.org.models import Unit
from kinerja.reports.checks import consistency_report
from kinerja.reports.models import PrintedFigure
from kinerja.reports.printed import line_amounts, printed_grade, printed_status

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"

# --- pure readers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Tercapai", "achieved"),
        ("berhasil", "achieved"),
        ("Melampaui target", "achieved"),
        ("Tidak tercapai", "not_achieved"),
        ("Tidak  berhasil.", "not_achieved"),
        ("Belum tercapai", "not_achieved"),
        ("Cukup", None),
        ("", None),
    ],
)
def test_a_printed_status_is_read_from_its_words(text, status):
    assert printed_status(text) == status


@pytest.mark.parametrize(
    ("text", "grade"),
    [("B", "B"), ("b (Baik)", "B"), ("A - Sangat baik", "A"), ("E", None), ("Baik", None)],
)
def test_a_printed_grade_is_its_letter(text, grade):
    assert printed_grade(text) == grade


def test_a_parent_line_has_the_sums_of_its_lowest_lines():
    rows = [
        (1, None, "EC", None, None),
        (2, 1, "EC.1", D(10), D(9)),
        (3, 1, "EC.2", None, None),
        (4, 3, "EC.2.A", D(5), None),
        (5, 3, "EC.2.B", D(7), D(6)),
    ]
    amounts = line_amounts(rows)
    assert amounts["EC"] == (D(22), D(15))
    assert amounts["EC.2"] == (D(12), D(6))
    assert amounts["EC.2.A"] == (D(5), None)


# --- against the demo -------------------------------------------------------------------


@pytest.fixture
def palembang(module_demo, db):
    return Unit.objects.get(code="bspji-palembang")


def add(unit, figure, value=None, *, text="", places=None, where="Tabel X", **about):
    return PrintedFigure.objects.create(
        unit=unit,
        year=2023,
        where=where,
        figure=figure,
        value=None if value is None else D(value),
        places=places,
        text=text,
        **about,
    )


def findings(unit, where="Tabel X"):
    report = consistency_report(unit, 2023)
    return {
        f.where.split(": ", 1)[1]: f
        for f in report.findings
        if f.code == "printed_figure" and f.where.startswith(where)
    }, report


# (figure, printed value, places, about): right at the precision printed, no finding.
RIGHT = [
    ("target", "30", None, {"indicator_code": "SK1.1"}),
    ("realization", "53.33", None, {"indicator_code": "SK1.1"}),
    ("realization", "53.3", None, {"indicator_code": "SK1.1"}),  # the as-reported figure
    ("realization", "53", None, {"indicator_code": "SK1.1"}),
    ("achievement_pct", "177.78", None, {"indicator_code": "SK1.1"}),
    ("achievement_pct", "177.8", None, {"indicator_code": "SK1.1"}),
    ("achievement_pct", "146.93", None, {"indicator_code": "SK3.1"}),
    ("achievement_pct", "561.80", 2, {"indicator_code": "SK3.2"}),
    ("mean_achievement_pct", "197.81", None, {}),
    ("budget_ceiling", "15507847000", None, {}),
    ("budget_spending", "15480985963", None, {}),
    ("budget_initial_ceiling", "14783257000", None, {}),
    ("budget_absorption_pct", "99.83", None, {}),
    ("budget_ceiling", "3793674000", None, {"source": "pnbp"}),
    ("budget_absorption_pct", "99.75", None, {"source": "pnbp"}),
    ("budget_ceiling", "7125837000", None, {"spending_type": "52"}),
    ("budget_ceiling", "2530918000", None, {"line_code": "EC"}),  # a parent: its leaves
    ("budget_spending", "143659409", None, {"line_code": "6077.AEF"}),
    ("budget_absorption_pct", "99.90", None, {"line_code": "6077.AEF"}),
    ("survey_index", "92.14", None, {}),
    ("survey_index", "92.1", None, {}),
]


@pytest.mark.parametrize(("figure", "value", "places", "about"), RIGHT)
def test_a_figure_right_at_its_printed_precision_is_no_finding(
    palembang, figure, value, places, about
):
    add(palembang, figure, value, places=places, **about)
    found, report = findings(palembang)
    assert found == {}
    assert not [s for s in report.skipped if s.reason.startswith("Tabel X")]


def test_words_that_state_the_data_are_no_finding(palembang):
    add(palembang, "status", text="Tercapai", indicator_code="SK1.1")
    add(palembang, "survey_grade", text="A (Sangat baik)")
    assert findings(palembang)[0] == {}


# (figure, printed, places, about, where-label, expected at the printed places, slip)
WRONG = [
    ("target", "3", None, {"indicator_code": "SK1.1"}, "target SK1.1 2023", D(30), "wrong"),
    # A target is set, not measured: 30.4 printed 30 is not 30.
    (
        "realization",
        "53.34",
        None,
        {"indicator_code": "SK1.1"},
        "realisasi SK1.1 2023",
        D("53.33"),
        "wrong",
    ),
    (
        "achievement_pct",
        "177.77",
        None,
        {"indicator_code": "SK1.1"},
        "capaian SK1.1 2023",
        D("177.78"),
        "truncated",
    ),
    (
        "achievement_pct",
        "177.67",
        None,
        {"indicator_code": "SK1.1"},
        "capaian SK1.1 2023",
        D("177.78"),
        "rounded_intermediate",  # from the realization rounded to 53.3
    ),
    (
        "achievement_pct",
        "1.78",
        None,
        {"indicator_code": "SK1.1"},
        "capaian SK1.1 2023",
        D("177.78"),
        "missing_x100",
    ),
    (
        "achievement_pct",
        "14692.5",
        None,
        {"indicator_code": "SK3.1"},
        "capaian SK3.1 2023",
        D("146.9"),
        "double_x100",
    ),
    (
        "budget_absorption_pct",
        "99.82",
        None,
        {},
        "penyerapan anggaran DIPA 2023",
        D("99.83"),
        "truncated",
    ),
    (
        "budget_spending",
        "3784041170",
        None,
        {"source": "pnbp"},
        "realisasi anggaran PNBP 2023",
        D(3784041171),
        "wrong",
    ),
    (
        "survey_index",
        "92.13",
        None,
        {},
        "IKM semua layanan 2023",
        D("92.14"),
        "truncated",
    ),
]


@pytest.mark.parametrize(("figure", "value", "places", "about", "label", "expected", "slip"), WRONG)
def test_a_wrong_figure_says_its_slip(
    palembang, figure, value, places, about, label, expected, slip
):
    add(palembang, figure, value, places=places, **about)
    found, _ = findings(palembang)
    assert set(found) == {label}
    f = found[label]
    assert (f.expected, f.slip, f.severity) == (expected, slip, "error")
    assert f.where == f"Tabel X: {label}"


def test_printed_trailing_zeros_make_the_comparison_stricter(palembang):
    # 99.7461 % printed "99,7" is right at one place; "99,70" is a slip at two.
    add(palembang, "budget_absorption_pct", "99.7", source="pnbp")
    add(palembang, "budget_absorption_pct", "99.70", places=2, where="Tabel Y", source="pnbp")
    assert findings(palembang, "Tabel X")[0] == {}
    f = findings(palembang, "Tabel Y")[0]["penyerapan anggaran PNBP 2023"]
    assert (f.found, f.expected) == (D("99.70"), D("99.75"))
    assert "tercetak 99,70 %" in f.message


def test_a_total_that_is_not_the_sum_of_its_printed_rows(palembang):
    add(palembang, "budget_ceiling", "3793674000", source="pnbp")
    add(palembang, "budget_ceiling", "11714173000", source="rupiah_murni")
    add(palembang, "budget_ceiling", "15407847000")  # 100,000,000 short of both
    found, _ = findings(palembang)
    f = found["pagu akhir DIPA 2023"]
    assert f.slip == "sum_mismatch"
    assert f.message.endswith(
        "; jumlah tidak sama dengan penjumlahan barisnya (Rp 15.507.847.000)."
    )
    assert set(found) == {"pagu akhir DIPA 2023"}


def test_a_total_that_is_the_sum_of_wrong_rows_is_not_a_sum_slip(palembang):
    add(palembang, "budget_ceiling", "3793674001", source="pnbp")
    add(palembang, "budget_ceiling", "11714173000", source="rupiah_murni")
    add(palembang, "budget_ceiling", "15507847001")
    found, _ = findings(palembang)
    assert found["pagu akhir DIPA 2023"].slip == "wrong"
    assert found["pagu akhir PNBP 2023"].slip == "wrong"


def test_a_parent_line_against_its_printed_child_lines(palembang):
    add(palembang, "budget_ceiling", "108754000", line_code="6077.AEF.001.051.A")
    add(palembang, "budget_ceiling", "18900000", line_code="6077.AEF.001.051.B")
    add(palembang, "budget_ceiling", "16146000", line_code="6077.AEF.001.051.C")
    add(palembang, "budget_ceiling", "143900000", line_code="6077.AEF.001.051")
    found, _ = findings(palembang)
    assert set(found) == {"pagu akhir baris 6077.AEF.001.051 2023"}
    assert found["pagu akhir baris 6077.AEF.001.051 2023"].slip == "sum_mismatch"


def test_a_total_absorption_printed_as_the_mean_of_the_rows(palembang):
    # PNBP 99.7461 %; Rupiah Murni has no spending recorded, so the mean is of what the
    # table printed: (99.75 + 90.00) / 2 = 94.875 → 94.88.
    add(palembang, "budget_absorption_pct", "99.75", source="pnbp")
    add(palembang, "budget_absorption_pct", "90.00", places=2, source="rupiah_murni")
    add(palembang, "budget_absorption_pct", "94.88")
    found, report = findings(palembang)
    assert found["penyerapan anggaran DIPA 2023"].slip == "mean_of_percentages"
    # Rupiah Murni's spending is not recorded: skipped with the reason, not compared.
    assert any(
        s.reason == "Tabel X: penyerapan anggaran Rupiah Murni 2023: pagu atau realisasi "
        "Rupiah Murni tidak tercatat"
        for s in report.skipped
    )


def test_a_mean_achievement_from_rounded_achievements(palembang):
    add(palembang, "mean_achievement_pct", "197.80", places=2)
    found, _ = findings(palembang)
    f = found["rata-rata capaian kinerja 2023"]
    assert (f.found, f.expected) == (D("197.8"), D("197.81"))


def test_a_status_that_contradicts_the_achievement(palembang):
    add(palembang, "status", text="Tidak tercapai", indicator_code="SK1.1")
    add(palembang, "survey_grade", text="B")
    found, _ = findings(palembang)
    status = found["status capaian SK1.1 2023"]
    assert (status.found, status.expected) == ("Tidak tercapai", "Tercapai")
    assert "capaian SK1.1 (" in status.message and "177,78 %" in status.message
    grade = found["mutu pelayanan semua layanan 2023"]
    assert (grade.found, grade.expected) == ("B", "A (Sangat baik)")


def test_the_page_is_named_with_the_table(palembang):
    f = add(palembang, "target", "3", indicator_code="SK1.1")
    f.page = 42
    f.save()
    report = consistency_report(palembang, 2023)
    [finding] = [x for x in report.findings if x.where.startswith("Tabel X")]
    assert finding.where == "Tabel X (hlm. 42): target SK1.1 2023"


def test_what_the_data_cannot_give_is_skipped_with_a_reason(palembang):
    add(palembang, "budget_ceiling", "1", line_code="9999")
    add(palembang, "survey_index", "80", service_type="kalibrasi")
    found, report = findings(palembang)
    assert found == {}
    reasons = {s.reason for s in report.skipped if s.check == "printed_figures"}
    assert "Tabel X: pagu akhir baris 9999 2023: baris 9999 tidak ada di DIPA 2023" in reasons
    assert "Tabel X: IKM Kalibrasi 2023: tidak ada SKM Kalibrasi tahun 2023" in reasons


def test_the_demo_keeps_its_nine_errors(palembang):
    report = consistency_report(palembang, 2023)
    assert report.count("error") == 9


# --- the dataset keys ---------------------------------------------------------------------


def small_with(rows, **more) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["printed"] = rows
    data.update(more)
    return render(data)


ROWS = [
    {"year": 2023, "where": "Tabel 3.1", "page": 12, "figure": "target", "indicator": "SK1.1",
     "value": 30},
    {"year": 2023, "where": "Tabel 3.1", "figure": "achievement_pct", "indicator": "SK1.1",
     "value": "122,40 %"},
    {"year": 2023, "where": "Tabel 3.1", "figure": "status", "indicator": "SK1.1",
     "value": "Tercapai"},
    {"year": 2023, "where": "Tabel 3.64", "figure": "budget_ceiling", "source": "pnbp",
     "value": "Rp 3.793.674.000"},
    {"year": 2023, "where": "Tabel 3.64", "figure": "budget_absorption_pct", "type": "52",
     "value": D("99.70")},
    {"year": 2023, "where": "Tabel 3.40", "figure": "survey_grade", "service": "pengujian",
     "value": "A"},
]  # fmt: skip


@pytest.mark.django_db
def test_the_new_keys_are_stored_with_their_printed_places_and_round_trip():
    from kinerja.datasets.dump import dump_data, find_plan

    text = small_with(ROWS)
    text = text.replace("value: 99.7\n", "value: 99.70\n")  # as a person writes it
    assert "value: 99.70\n" in text
    load_text(text)
    got = {
        f.figure: (f.value, f.places, f.text, f.page, f.part)
        for f in PrintedFigure.objects.filter(unit__code="balai-contoh")
    }
    assert got["target"] == (D(30), None, "", 12, "")
    assert got["achievement_pct"] == (D("122.4"), 2, "", None, "")
    assert got["status"] == (None, None, "Tercapai", None, "")
    assert got["budget_ceiling"] == (D(3793674000), None, "", None, "pnbp")
    assert got["budget_absorption_pct"] == (D("99.7"), 2, "", None, "52")
    assert got["survey_grade"] == (None, None, "A", None, "pengujian")
    unit = Unit.objects.get(code="balai-contoh")
    dumped = dump_data(unit, find_plan(unit, "2021-2024"))["printed"]
    assert dumped[1]["places"] == 2 and dumped[1]["value"] == D("122.4")
    assert dumped[2]["value"] == "Tercapai" and "places" not in dumped[2]
    assert dumped[4]["type"] == "52"
    again = render(dump_data(unit, find_plan(unit, "2021-2024")))
    assert not load_text(again).changed


def problems(rows, **more) -> list[str]:
    with pytest.raises(DatasetInvalid) as info:
        load_text(small_with(rows, **more))
    return [str(p) for p in info.value.problems]


BAD = [
    (
        {"year": 2023, "where": "T", "figure": "status", "indicator": "SK1.1", "value": "Cukup"},
        'printed[0].value: "Cukup" is not a status; expected Tercapai, Tidak tercapai',
    ),
    (
        {"year": 2023, "where": "T", "figure": "status", "indicator": "SK1.1", "value": 1},
        "printed[0].value: status is printed as text, e.g. Tercapai or B; got 1",
    ),
    (
        {"year": 2023, "where": "T", "figure": "survey_grade", "value": "Baik"},
        'printed[0].value: "Baik" is not a survey_grade; expected A, B, C or D',
    ),
    (
        {"year": 2023, "where": "T", "figure": "budget_ceiling", "value": "lima juta"},
        'printed[0].value: "lima juta" is not a number as a report prints it',
    ),
    (
        {"year": 2023, "where": "T", "figure": "pnbp_total", "line": "EC", "value": 1},
        "printed[0].line: pnbp_total has no line",
    ),
    (
        {"year": 2023, "where": "T", "figure": "budget_ceiling", "service": "pengujian",
         "value": 1},
        "printed[0].service: budget_ceiling has no service",
    ),
    (
        {"year": 2023, "where": "T", "figure": "budget_ceiling", "source": "pnbp", "type": "51",
         "value": 1},
        "printed[0]: budget_ceiling is of one line, source or type, not source and type",
    ),
    (
        {"year": 2023, "where": "T", "figure": "survey_grade", "value": "A", "places": 1},
        "printed[0].places: survey_grade is text and has no places",
    ),
    (
        {"year": 2023, "where": "T", "figure": "target", "value": 1},
        "printed[0].indicator: target needs the indicator of its row",
    ),
    (
        {"year": 2023, "where": "T", "figure": "budget_ceiling", "source": "apbd", "value": 1},
        "printed[0].source: expected one of rupiah_murni, pnbp, ",
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(("row", "message"), BAD)
def test_each_new_mistake_names_its_place_and_nothing_is_written(row, message):
    found = problems([row])
    assert len(found) == 1 and found[0].startswith(message), found
    assert not Unit.objects.filter(code="balai-contoh").exists()


@pytest.mark.usefixtures("english_messages")
@pytest.mark.django_db
def test_a_line_must_be_in_the_files_dipa():
    budgets = [
        {
            "year": 2023,
            "lines": [
                {"code": "EC", "level": "program", "name": "Program"},
                {"code": "EC.1", "level": "kegiatan", "name": "Kegiatan", "ceiling": 5,
                 "spending": 4},
            ],
        }
    ]  # fmt: skip
    row = {"year": 2023, "where": "T", "figure": "budget_ceiling", "line": "EC.2", "value": 5}
    assert problems([row], budgets=budgets) == ['printed[0].line: no line "EC.2" in the 2023 DIPA']

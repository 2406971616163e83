"""The consistency check: pure checks on hand-made data, then the demo's known
contradictions (DESIGN §8, docs/demo-data.md) through `kinerja consistency`."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kinerja.budget.selectors import Amounts
from kinerja.reports.checks import (
    EfficiencyInput,
    LabelledMeasure,
    ReportedMeasure,
    Severity,
    check_achievement_labels,
    check_as_reported,
    check_breakdown_sums,
    check_efficiency_inputs,
    check_line_links,
    check_line_sums,
    check_surveys,
    printed_places,
)
from kinerja.survey.selectors import SkmResult


def reported(code, realization, as_reported, target):
    realization, as_reported, target = D(realization), D(as_reported), D(target)
    return ReportedMeasure(
        code=code,
        realization=realization,
        as_reported=as_reported,
        achievement_pct=realization * 100 / target,
        reported_achievement_pct=as_reported * 100 / target,
    )


# --- 1. printed vs computed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places"),
    [("53.300000", 1), ("18.33", 2), ("100", 0), ("100.000000", 0), ("1E+2", 0), ("0.5", 1)],
)
def test_printed_places_ignore_trailing_zeros(value, places):
    assert printed_places(D(value)) == places


@pytest.mark.parametrize(
    ("printed", "computed", "target"),
    [
        ("53.3", "53.333333", "30"),  # SK1.1: the print rounds to one place
        ("53.3", "53.33", "30"),
        ("3.69", "3.685468", "3.6"),  # SK5.1
        ("4.97", "4.9712", "4"),  # SK7.1
        ("100", "100.4", "93"),  # a whole number printed whole
        ("28.09", "28.089943", "5"),
    ],
)
def test_a_realization_that_rounds_to_its_print_is_no_finding(printed, computed, target):
    assert check_as_reported([reported("X", computed, printed, target)]) == []


def test_a_realization_that_differs_at_the_printed_places_is_an_error_with_its_achievement():
    findings = check_as_reported([reported("SK3.3", "18.37228", "18.33", "5")])
    assert [(f.code, f.severity, f.where, f.found, f.expected) for f in findings] == [
        ("realization_as_reported", Severity.ERROR, "SK3.3", D("18.33"), D("18.37")),
        ("achievement_as_reported", Severity.ERROR, "SK3.3", D("366.60"), D("367.45")),
    ]
    assert "18,37228" in findings[0].message and "366,60 %" in findings[1].message


def test_nothing_printed_or_nothing_realized_is_not_compared():
    no_print = ReportedMeasure("A", D("1"), None, D("100"), None)
    no_value = ReportedMeasure("B", None, D("2"), None, D("100"))
    assert check_as_reported([no_print, no_value]) == []


# --- 2. labels ----------------------------------------------------------------------------


def test_a_not_achieved_note_at_100_percent_or_more_is_flagged():
    rows = [
        LabelledMeasure("peer", "SK3.2", 'Capaian printed "Tidak berhasil".', D("1336")),
        LabelledMeasure("peer", "SK3.3", "teks: tidak  TERCAPAI", D("100")),
        LabelledMeasure("peer", "SK3.4", "tidak tercapai", D("99.99")),  # true label
        LabelledMeasure("peer", "SK3.5", "berhasil, tercapai", D("150")),
        LabelledMeasure("peer", "SK3.6", "tidak berhasil", None),  # not computable
        LabelledMeasure("peer", "SK3.7", "", D("150")),
    ]
    findings = check_achievement_labels(rows)
    assert [(f.where, f.found, f.expected) for f in findings] == [
        ("peer SK3.2", "Tidak berhasil", D("1336.00")),
        ("peer SK3.3", "tidak TERCAPAI", D("100.00")),
    ]
    assert {f.severity for f in findings} == {Severity.WARNING}


# --- 3. totals ----------------------------------------------------------------------------


def test_stated_totals_are_compared_with_the_sums_of_the_lines():
    stated = Amounts(ceiling=D(100), spending=D(90))
    assert check_line_sums(2023, stated, None) == []
    assert check_line_sums(2023, stated, Amounts(D(100), D(90))) == []
    findings = check_line_sums(2023, stated, Amounts(D(110), D(80)))
    assert [(f.code, f.found, f.expected) for f in findings] == [
        ("budget_ceiling_lines", D(100), D(110)),
        ("budget_spending_lines", D(90), D(80)),
    ]
    assert findings[0].where == "DIPA 2023: pagu akhir"
    assert "selisih Rp 10" in findings[0].message


def test_breakdowns_add_up_to_the_total_where_every_part_is_stated():
    stated = Amounts(ceiling=D(300), spending=D(250), initial_ceiling=D(280))
    by_source = {
        "rupiah_murni": Amounts(ceiling=D(200), spending=None, initial_ceiling=D(190)),
        "pnbp": Amounts(ceiling=D(100), spending=D(99), initial_ceiling=D(100)),
    }
    findings = check_breakdown_sums(2023, stated, by_source, "source")
    # Final ceilings add up; spending is not stated for every source; the initial does not.
    assert [(f.code, f.severity, f.where, f.found, f.expected) for f in findings] == [
        (
            "budget_breakdown_sum",
            Severity.ERROR,
            "DIPA 2023: pagu awal menurut sumber dana",
            D(280),
            D(290),
        )
    ]
    assert "Rupiah Murni Rp 190 + PNBP Rp 100" in findings[0].message
    assert check_breakdown_sums(2023, stated, {}, "type") == []


def test_line_links_report_unlinked_double_linked_and_uncovered_ceilings():
    assert check_line_links(2023, D(100), D(100), [], []) == []
    findings = check_line_links(2023, D(100), D(120), ["A.1"], ["B.1", "B.2"])
    assert [(f.code, f.found, f.expected) for f in findings] == [
        ("budget_lines_unlinked", "A.1", None),
        ("budget_lines_linked_twice", "B.1, B.2", None),
        ("budget_linked_ceiling", D(120), D(100)),
    ]
    assert {f.severity for f in findings} == {Severity.WARNING}


# --- 5. efficiency inputs -------------------------------------------------------------------


def test_efficiency_from_the_printed_realization_is_compared_with_the_computed_one():
    # Seed Tabel 3.72, SK1.1: printed 53.3 gives 43.78 %, the computed 53.333333 43.82 %.
    sk11 = EfficiencyInput("SK1.1", D(31046000), D(31008687), D(30), D("53.333333"), D("53.3"))
    same = EfficiencyInput("SK2.1", D(500), D(400), D(1), D(1), D(1))
    close = EfficiencyInput("SK9.9", D(1000), D(1000), D(10), D("10.00001"), D("10"))
    no_print = EfficiencyInput("SK3.1", D(500), D(400), D(1), D(1), None)
    no_target = EfficiencyInput("SK4.1", D(500), D(400), None, D(1), D(2))
    findings = check_efficiency_inputs([sk11, same, close, no_print, no_target])
    assert [(f.code, f.severity, f.where, f.found, f.expected) for f in findings] == [
        ("efficiency_as_reported", Severity.WARNING, "SK1.1", D("43.78"), D("43.82")),
    ]


# --- 6. survey ------------------------------------------------------------------------------


def skm(respondents, population, required, synthetic=False, service_type=None):
    return SkmResult(
        year=2023,
        service_type=service_type,
        respondents=respondents,
        element_means={},
        index=None,
        converted=None,
        grade=None,
        grade_label=None,
        population=population,
        required_sample=required,
        sample_sufficient=None if required is None else respondents >= required,
        synthetic=synthetic,
    )


def test_survey_samples_below_krejcie_morgan_and_synthetic_responses_are_warned():
    findings = check_surveys(
        [
            skm(981, 2938, 341, synthetic=True),
            skm(100, 1000, 278, service_type="pengujian"),
            skm(10, None, None),
        ]
    )
    assert [(f.code, f.where, f.found, f.expected) for f in findings] == [
        ("survey_synthetic", "SKM 2023 (semua layanan)", "synthetic", None),
        ("survey_sample_too_small", "SKM 2023 (pengujian)", D(100), D(278)),
    ]
    assert {f.severity for f in findings} == {Severity.WARNING}
    assert "responses are synthetic" in findings[0].message


# --- the demo through the command -----------------------------------------------------------


def run(**options) -> str:
    out = StringIO()
    call_command("consistency", stdout=out, **options)
    return out.getvalue()


def test_demo_json_lists_the_known_contradictions(demo):
    data = json.loads(run(unit="bspji-palembang", year=2023, json=True))
    assert set(data) >= {"unit", "year", "findings", "counts"}
    assert (data["unit"], data["year"]) == ("bspji-palembang", 2023)
    for f in data["findings"]:
        assert set(f) == {"code", "severity", "where", "found", "expected", "slip", "message"}
        assert (f["slip"] is None) == (f["code"] != "printed_figure")
        assert f["severity"] in ("error", "warning")
        assert f["found"] is None or isinstance(f["found"], str)
        assert f["expected"] is None or isinstance(f["expected"], str)
    severities = [f["severity"] for f in data["findings"]]
    assert data["counts"] == {
        "error": severities.count("error"),
        "warning": severities.count("warning"),
    }
    assert severities == sorted(severities)  # errors first
    found = {(f["code"], f["where"]): (f["found"], f["expected"]) for f in data["findings"]}

    # SK3.3: 2,938 vs 2,482 orders give 18.37 %, the report prints 18.33 (DESIGN §8).
    assert found["realization_as_reported", "SK3.3"] == ("18.33", "18.37")
    assert found["achievement_as_reported", "SK3.3"] == ("366.60", "367.45")
    # The peer's "Tidak berhasil" rows at 1,336 % and 668 %.
    assert found["achievement_label", "bspji-pontianak SK3.2"] == ("Tidak berhasil", "1336.00")
    assert found["achievement_label", "bspji-pontianak SK3.3"] == ("Tidak berhasil", "668.00")
    # 2023 initial ceiling 14,783,257,000 against RM + PNBP 15,231,078,000.
    assert found["budget_breakdown_sum", "DIPA 2023: pagu awal menurut sumber dana"] == (
        "14783257000",
        "15231078000",
    )
    # Printed figures that are the computed ones rounded are no contradiction.
    for code in ("SK1.1", "SK5.1", "SK7.1"):
        assert ("realization_as_reported", code) not in found
        assert ("achievement_as_reported", code) not in found
    # The DIPA lines add up to the stated totals and are all linked once.
    assert not {
        code for code, _ in found if code.startswith("budget_") and code != "budget_breakdown_sum"
    }
    # Tabel 3.72 used the printed 53.3 for SK1.1: 43.78 % against 43.82 %.
    assert found["efficiency_as_reported", "SK1.1"] == ("43.78", "43.82")
    assert ("survey_synthetic", "SKM 2023 (semua layanan)") in found
    assert ("survey_sample_too_small", "SKM 2023 (semua layanan)") not in found  # 981 ≥ 341


def test_demo_text_is_grouped_by_severity_in_indonesian(demo):
    text = run(unit="bspji-palembang", year=2023)
    assert text.startswith("Pemeriksaan konsistensi BSPJI Palembang (bspji-palembang) tahun 2023")
    data = json.loads(run(unit="bspji-palembang", year=2023, json=True))
    counts = data["counts"]
    assert f"{counts['error']} kesalahan, {counts['warning']} peringatan" in text
    assert text.index("Kesalahan (") < text.index("Peringatan (")
    assert "Realisasi tercetak 18,33" in text
    assert "Rp 14.783.257.000" in text and "Rp 15.231.078.000" in text
    # A printed PNBP share against the data (tests/reports/test_printed_figures.py).
    assert "Persentase penerimaan Konsultansi 2023 tercetak 0,02 % di Tabel 3.69" in text
    # The seed's own words are checked too: its SK3.4 analysis speaks of a 40 % target
    # where the agreement says 45.
    assert "SK3.4 narasi (success_causes) [narrative_number]: angka 40 %" in text


def test_the_peer_sees_its_own_labels_and_what_it_lacks(demo):
    data = json.loads(run(unit="bspji-pontianak", year=2023, json=True))
    labels = {f["where"] for f in data["findings"] if f["code"] == "achievement_label"}
    assert labels == {"bspji-pontianak SK3.2", "bspji-pontianak SK3.3"}
    assert {s["check"] for s in data["skipped"]} >= {"budget_totals", "survey"}


def test_bad_arguments_name_what_exists(demo):
    with pytest.raises(
        CommandError, match='unit "nope" tidak dikenal; unit yang mempunyai perjanjian kinerja: '
    ):
        run(unit="nope", year=2023)
    with pytest.raises(
        CommandError, match="tidak mempunyai data tahun 2030; tahun yang berdata: 2019, "
    ):
        run(unit="bspji-palembang", year=2030)
    english = translation.override("en")  # the language switch
    with english, pytest.raises(CommandError, match="has no data for 2030; years with data: 2019"):
        run(unit="bspji-palembang", year=2030)


def test_a_percentage_in_a_narrative_must_match_a_figure_of_its_indicator():
    from kinerja.reports.checks import NarrativeText, check_narrative_numbers

    figures = (D(30), None, D("53.333333"), D("53.3"), D("177.777777"))
    fine = NarrativeText(
        "SK1.1",
        "success_causes",
        "Target 30 persen terealisasi 53,33 % (tercetak 53,3 %), capaian 177,78 %.",
        figures,
    )
    assert check_narrative_numbers([fine]) == []
    wrong = NarrativeText("SK1.1", "success_causes", "capaian BSPJI Palembang adalah 213%", figures)
    [finding] = check_narrative_numbers([wrong])
    assert finding.code == "narrative_number" and finding.found == "213%"
    assert finding.where == "SK1.1 narasi (success_causes)"


def test_stored_narratives_are_checked_against_the_data(demo):
    from kinerja.org.models import Unit
    from kinerja.planning.models import Indicator
    from kinerja.reports.checks import consistency_report
    from kinerja.reports.models import Narrative

    unit = Unit.objects.get(code="bspji-palembang")
    indicator = Indicator.objects.get(
        code="SK1.1", version__plan__unit=unit, version__in_force=True
    )
    Narrative.objects.update_or_create(
        unit=unit,
        year=2023,
        indicator=indicator,
        kind="success_causes",
        defaults={"text": "Capaian BSPJI Palembang adalah 213% dibanding sejenis."},
    )
    findings = [
        f
        for f in consistency_report(unit, 2023).findings
        if f.code == "narrative_number" and f.where.startswith("SK1.1 ")
    ]
    assert [f.found for f in findings] == ["213%"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("capaian 105.56% dari target", []),  # dot decimal, matches 105,56
        ("capaian 105,56 %", []),
        ("capaian 1.667 % tahun lalu", ["1.667 %"]),  # 1667 or 1,667: neither is a figure
        ("capaian 1667%", ["1667%"]),
        ("turun -33,33%", ["-33,33%"]),
        ("Capaian = (Realisasi / Target) x 100%", []),  # a formula states nothing
        ("(50 : 3) x 100% = 1.666,67%", ["1.666,67%"]),  # the result after "=" is a claim
        ("realisasi 66,67 persen", []),
    ],
)
def test_narrative_percentages_are_read_as_indonesian_reports_write_them(text, flagged):
    from kinerja.reports.checks import NarrativeText, check_narrative_numbers

    figures = (D(60), None, D("63.333333"), D("66.67"), D("105.555555"))
    findings = check_narrative_numbers([NarrativeText("X", "k", text, figures)])
    assert [f.found for f in findings] == flagged

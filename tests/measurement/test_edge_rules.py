"""The rules for the edges (docs/measurement-rules.md) through the whole path: a dataset
in, the unit's measures (calc.py), the consolidation (SQL), the documents and the dump.
Run on SQLite and PostgreSQL."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kinerja.datasets.dump import dump_data, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement import calc
from kinerja.measurement.consolidation import consolidated_measures
from kinerja.measurement.models import Realization
from kinerja.measurement.selectors import previous_year_values, unit_measures
from kinerja.org.models import Unit
from kinerja.planning.models import AgreementIndicator, Indicator, Target
from kinerja.reports.document import Table
from kinerja.reports.lakin import build_lakin

REGIONAL = Path(__file__).parents[1] / "datasets" / "regional.yaml"
UNIT = "inspektorat-kabupaten-contoh"
D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def regional():
    load_text(REGIONAL.read_text())
    return Unit.objects.get(code=UNIT)


def by_code(unit, year=2023):
    return {m.code: m for m in unit_measures(unit, year).indicators}


def test_each_edge_rule_gives_the_documented_figure(regional):
    m = by_code(regional)
    # rule 2: lower is better, target 0, realization 0 → 100 %
    assert (m["S1.3"].achievement.pct, m["S1.3"].achievement.status) == (
        D(100),
        calc.Status.ACHIEVED,
    )
    # rule 3: a negative realization against a positive target → 0 %, not −50 %
    assert m["S1.4"].realization == D(-5)
    assert (m["S1.4"].achievement.pct, m["S1.4"].achievement.status) == (
        D(0),
        calc.Status.NOT_ACHIEVED,
    )
    # rule 4: "menurun", 9 complaints (Q1 4 + Q2 5) after 12 last year → achieved
    assert m["S1.5"].previous == D(12) and m["S1.5"].realization == D(9)
    assert m["S1.5"].achievement.pct == D(100)
    # rule 1: not stated in the source is neither N/A nor "no target"
    assert m["S1.6"].achievement.reason == calc.Reason.TARGET_NOT_STATED
    assert not m["S1.6"].target.is_na


def test_the_consolidation_agrees_with_the_unit_measures(regional):
    exact = unit_measures(regional, 2023)
    [summary] = consolidated_measures(Unit.objects.get(code="kabupaten-contoh"), 2023)
    assert summary.indicators == len(exact.indicators) == 12
    assert summary.achieved == exact.count(calc.Status.ACHIEVED)
    assert summary.not_computable == exact.count(calc.Status.NOT_COMPUTABLE) == 1
    assert round(summary.mean_achievement_pct, 6) == round(exact.mean_achievement, 6)


def test_levels_of_a_scale_are_judged_by_rule_5(regional):
    m = by_code(regional)
    # WTP reached: 100 %; SPIP "Berkembang" (2) against 3: 66,67 %; SAKIP B against BB:
    # score 4 of 5 = 80 %; the unit's own scale: WBK reached.
    assert (m["S1.7"].shown(m["S1.7"].realization), m["S1.7"].achievement.pct) == ("WTP", 100)
    assert m["S1.8"].shown(m["S1.8"].realization) == "2"
    assert round(m["S1.8"].achievement.pct, 2) == D("66.67")
    assert m["S1.9"].achievement.pct == D(80)
    assert m["S1.9"].achievement.status == calc.Status.NOT_ACHIEVED
    assert m["S1.10"].achievement.status == calc.Status.ACHIEVED
    assert m["S1.10"].scale.codes == ["WBBM", "WBK", "Belum WBK"]


def test_a_direction_target_without_last_years_figure_is_not_computable(regional):
    Realization.objects.filter(indicator__code="S1.5", year=2022).delete()
    m = by_code(regional)["S1.5"]
    assert m.achievement.reason == calc.Reason.NO_PREVIOUS
    [summary] = consolidated_measures(Unit.objects.get(code="kabupaten-contoh"), 2023)
    assert summary.not_computable == 2


def test_last_years_figure_is_the_indicators_own_before_another_versions(regional):
    s15 = Indicator.objects.get(code="S1.5")
    own = Realization.objects.get(indicator=s15, year=2022)
    assert previous_year_values([s15], 2023) == {s15.pk: D(12)}
    # The same code in a later plan version with no figure of its own for 2022 falls back
    # to the version that has one.
    v2 = s15.version
    v2.pk, v2.number, v2.in_force = None, 2, False
    v2.save()
    copy = Indicator.objects.create(
        version=v2, goal=s15.objective.goal, code="S1.5", name=s15.name, unit_label="x"
    )
    assert previous_year_values([copy], 2023) == {copy.pk: D(12)}
    Realization.objects.create(indicator=copy, year=2022, period="year", value=20)
    assert previous_year_values([copy, s15], 2023) == {copy.pk: D(20), s15.pk: own.value}


def test_the_documents_print_the_words_of_a_target_without_a_number(regional):
    doc = build_lakin(regional, 2023, today=dt.date(2024, 1, 31))
    [summary] = [t for t in doc.tables() if t.key == "achievement-summary"]
    cells = {row[0]: row for row in summary.rows if row[0]}
    text = repr(summary.rows)
    assert "Menurun" in text and "Tidak tercantum" in text
    assert isinstance(summary, Table) and cells
    # levels print as levels in the tables and the sentences
    [s1] = [t for t in doc.tables() if t.key == "s1-summary"]
    rows = {row[0]: row for row in s1.rows}
    assert rows["S1.7"][2:4] == ["WTP", "WTP"] and rows["S1.9"][2:4] == ["BB", "B"]
    paragraphs = " ".join(p.text for p in _paragraphs(doc))
    assert "adalah BB dan terealisasi B sehingga capaian 80,00 %" in paragraphs
    assert "Realisasi tahun 2023 (WTP) lebih baik daripada realisasi tahun 2022 (WDP)." in (
        paragraphs
    )
    assert "menurun dibandingkan realisasi tahun sebelumnya (12 pengaduan)" in paragraphs


def test_the_targets_are_stored_as_written_and_dumped_back(regional):
    assert Target.objects.get(indicator__code="S1.6", year=2023).kind == "not_stated"
    assert Target.objects.get(indicator__code="S1.6", year=2022).value == D(60)
    item = AgreementIndicator.objects.get(indicator__code="S1.5")
    assert (item.target, item.target_kind) == (None, "decrease")
    data = dump_data(regional, find_plan(regional, "renstra-2021-2026"))
    indicators = data["plans"][0]["versions"][0]["objectives"][0]["indicators"]
    targets = {i["code"]: i["targets"] for i in indicators}
    assert targets["S1.5"] == {2023: {"direction": "decrease"}}
    assert targets["S1.6"] == {2022: D(60), 2023: "not_stated"}
    items = {i["code"]: i["target"] for i in data["agreements"][0]["versions"][0]["indicators"]}
    assert items["S1.3"] == D(0) and items["S1.6"] == "not_stated"
    # and the dump loads back unchanged
    report = load_text(yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True))
    assert not report.changed


def _paragraphs(doc):
    from kinerja.reports.document import Paragraph, walk

    return [b for section in doc.sections for b in walk(section) if isinstance(b, Paragraph)]


def test_levels_are_stored_as_scores_and_dumped_as_levels(regional):
    from kinerja.planning.models import Scale

    assert Realization.objects.get(indicator__code="S1.7", year=2023).value == D(4)
    assert Scale.objects.get(code="bpk_opinion").unit is None  # shipped, shared
    assert Scale.objects.get(code="predikat-zi").unit == regional
    data = dump_data(regional, find_plan(regional, "renstra-2021-2026"))
    assert data["scales"] == [
        {
            "code": "predikat-zi",
            "name": "Predikat zona integritas",
            "order": "best_first",
            "levels": ["WBBM", "WBK", "Belum WBK"],
        }
    ]
    indicators = data["plans"][0]["versions"][0]["objectives"][0]["indicators"]
    s17 = next(i for i in indicators if i["code"] == "S1.7")
    assert (s17["scale"], s17["targets"]) == ("bpk_opinion", {2022: "WTP", 2023: "WTP"})
    rows = [r for r in data["realizations"] if r["indicator"] == "S1.8"]
    assert [r["value"] for r in rows] == ["2"]  # SPIP level codes are "0" … "5"


@pytest.mark.usefixtures("english_messages")
def test_a_level_not_in_the_scale_is_refused_naming_the_levels():
    def change(data):
        _objective(data)["indicators"][6]["targets"][2023] = "Wajar"
        data["realizations"][15]["value"] = "wbk"

    assert _problems(change) == [
        'plans[0].versions[0].objectives[0].indicators[6].targets.2023: "Wajar" is not a '
        "level of scale bpk_opinion; levels: WTP, WDP, TW, TMP",
        'realizations[15].value: "wbk" is not a level of scale predikat-zi; levels: WBBM, '
        'WBK, Belum WBK (did you mean "WBK"?)',
    ]


@pytest.mark.usefixtures("english_messages")
def test_an_indicator_on_a_scale_must_name_a_known_scale_and_keep_its_last_level():
    def change(data):
        indicators = _objective(data)["indicators"]
        indicators[7]["scale"] = "spip"
        indicators[8]["aggregation"] = "mean"

    [unknown, mean] = _problems(change)
    assert unknown.startswith(
        'plans[0].versions[0].objectives[0].indicators[7].scale: unknown scale "spip"; '
        "scales: bpk_opinion, kip_qualification, maturity_level,"
    )
    assert mean == (
        "plans[0].versions[0].objectives[0].indicators[8].aggregation: an indicator on a "
        "scale takes the last level reported (aggregation: last); levels cannot be added up "
        "or averaged"
    )


@pytest.mark.usefixtures("english_messages")
def test_a_scale_with_levels_listed_twice_or_out_of_order_is_refused():
    def change(data):
        data["scales"][0]["levels"] = ["WBBM", "WBK", "WBK"]
        data["scales"].append(
            {"code": "nilai", "name": "Nilai", "levels": [{"code": "A", "score": 1}, "B"]}
        )

    assert _problems(change) == [
        'scales[0].levels: level "WBK" is listed twice',
        "scales[1].levels: scores must rise from the worst level to the best (levels are "
        "listed best first)",
    ]


@pytest.mark.usefixtures("english_messages")
def test_a_scale_in_use_keeps_the_scores_of_its_levels(regional):
    data = yaml.safe_load(REGIONAL.read_text())
    data["scales"][0]["levels"] = ["WBBM", "Belum WBK", "WBK"]
    with pytest.raises(DatasetInvalid) as info:
        load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert (
        "scales[0]: scale predikat-zi is in use; its levels Belum WBK, WBK must keep their "
        "scores (targets and realizations store them)"
    ) in [str(p) for p in info.value.problems]
    # a new level at the top keeps the others' scores and is accepted
    data["scales"][0]["levels"] = [{"code": "WBBM+", "score": 4}, "WBBM", "WBK", "Belum WBK"]
    load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert by_code(regional)["S1.10"].scale.codes[0] == "WBBM+"


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def _problems(change) -> list[str]:
    data = yaml.safe_load(REGIONAL.read_text())
    change(data)
    with pytest.raises(DatasetInvalid) as info:
        load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert not Unit.objects.filter(code=UNIT).exists()  # nothing written
    return [str(p) for p in info.value.problems]


def _objective(data):
    return data["plans"][0]["versions"][0]["objectives"][0]


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("95%", "write 95 (a percentage without the sign)"),
        ("98,41", "write 98.41 (a point, not a comma, before the decimals)"),
        ("1.234,5", "write 1234.5 (no thousands separators)"),
        ("menurun", "write {direction: decrease}"),
        ("N/A", "write null (N/A)"),
    ],
)
def test_a_figure_typed_as_a_report_prints_it_gets_a_suggestion(typed, expected):
    def change(data):
        _objective(data)["indicators"][0]["targets"][2023] = typed

    [problem] = _problems(change)
    assert problem == (
        "plans[0].versions[0].objectives[0].indicators[0].targets.2023: expected a number, "
        f'null (N/A), not_stated or {{direction: …}}, got "{typed}"; {expected}'
    )


@pytest.mark.usefixtures("english_messages")
def test_a_realization_typed_with_a_comma_gets_a_suggestion():
    def change(data):
        data["realizations"][0]["value"] = "88,5"

    assert _problems(change) == [
        'realizations[0].value: expected a number, got "88,5"; write 88.5 (a point, not a '
        "comma, before the decimals)"
    ]


@pytest.mark.usefixtures("english_messages")
def test_a_direction_or_range_target_in_the_wrong_shape_is_refused():
    def change(data):
        indicators = _objective(data)["indicators"]
        indicators[0]["targets"][2023] = {"direction": "decrease", "max": 3}
        indicators[1]["targets"][2023] = {"min": 3}

    assert _problems(change) == [
        "plans[0].versions[0].objectives[0].indicators[0].targets.2023: a {direction: …} "
        "target has no min or max",
        "plans[0].versions[0].objectives[0].indicators[1].targets.2023: a range target needs "
        "min and max, got {min: 3}",
    ]


@pytest.mark.usefixtures("english_messages")
def test_an_unknown_direction_names_the_two_there_are():
    def change(data):
        _objective(data)["indicators"][2]["targets"][2023] = {"direction": "down"}

    assert _problems(change) == [
        "plans[0].versions[0].objectives[0].indicators[2].targets.2023.direction: expected one "
        'of increase, decrease; got "down"',
    ]


def test_semester_indicators_make_their_year_from_their_semesters(regional):
    m = by_code(regional)
    assert m["S2.1"].realization == D("72.5")  # last: the second semester
    assert m["S2.2"].realization == D(42)  # sum: 18 + 24
    assert round(m["S2.2"].achievement.pct, 2) == D(105)
    [summary] = consolidated_measures(Unit.objects.get(code="kabupaten-contoh"), 2023)
    exact = unit_measures(regional, 2023)
    assert round(summary.mean_achievement_pct, 6) == round(exact.mean_achievement, 6)


def test_the_quarterly_report_takes_the_first_semester_from_the_second_quarter(regional):
    from kinerja.reports.quarterly import realization_to_date

    rows = list(Realization.objects.filter(indicator__code="S2.2", year=2023))
    assert [realization_to_date(rows, "sum", q) for q in (1, 2, 3, 4)] == [
        None,
        D(18),
        D(18),
        D(42),
    ]


@pytest.mark.usefixtures("english_messages")
def test_a_period_outside_the_indicators_frequency_is_refused():
    def change(data):
        data["realizations"][-1]["period"] = "q4"

    assert _problems(change) == [
        "realizations[19].period: S2.2 is reported semiannual; its periods are year, s1, s2"
    ]


def test_objectives_without_goal_or_perspective_load_and_print(regional):
    from kinerja.planning.models import Objective

    s2 = Objective.objects.get(code="S2")
    assert (s2.goal, s2.perspective) == (None, "")
    doc = build_lakin(regional, 2023, today=dt.date(2024, 1, 31))
    [objectives] = [t for t in doc.tables() if t.key == "objectives"]
    assert [c.title for c in objectives.columns] == [
        "Kode",
        "Sasaran Strategis",
        "Perspektif",
        "Tujuan",
        "Keselarasan",
    ]
    assert objectives.rows[1][:4] == [
        "S2",
        "Meningkatnya kapabilitas aparat pengawasan intern pemerintah",
        None,
        None,
    ]
    data = dump_data(regional, find_plan(regional, "renstra-2021-2026"))
    dumped = data["plans"][0]["versions"][0]["objectives"][1]
    assert "goal" not in dumped and "perspective" not in dumped
    assert dumped["indicators"][0]["frequency"] == "semiannual"


def test_the_dashboard_shows_levels_and_words_not_scores(regional):
    from kinerja.dashboard.selectors import unit_dashboard

    rows = {r.code: r for r in unit_dashboard(regional, 2023, dt.date(2024, 3, 1)).indicators}
    assert (rows["S1.7"].shown_target, rows["S1.7"].shown_realization) == ("WTP", "WTP")
    assert rows["S1.7"].shown_previous == "WDP"
    assert rows["S1.5"].shown_target == "Menurun" and rows["S1.5"].shown_realization is None
    assert rows["S1.1"].shown_target is None  # a number: formatted by the template


@pytest.fixture
def admin(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("admin-regional", password="x")


def test_quarterly_entry_writes_a_semester_indicators_semester_rows(regional, admin):
    from kinerja.measurement import entry_selectors, workflow

    s21 = Indicator.objects.get(code="S2.1")
    today = dt.date(2023, 7, 10)
    assert workflow.entry_period(s21, 2) == "s1" and workflow.entry_period(s21, 3) is None
    workflow.save_entry(workflow.entry_for(s21, 2023, 2), admin, value=D("60"), today=today)
    assert Realization.objects.get(indicator=s21, year=2023, period="s1").value == D(60)
    with pytest.raises(workflow.WorkflowError) as info:
        workflow.save_entry(workflow.entry_for(s21, 2023, 3), admin, value=D("61"), today=today)
    assert "triwulan II dan IV" in str(info.value)
    assert not Realization.objects.filter(indicator=s21, period="q3").exists()
    matrix = entry_selectors.entry_matrix(regional, 2023, admin, today)
    row = next(r for r in matrix.rows if r.item.indicator.code == "S2.1")
    assert [c.value for c in row.cells] == [None, D(60), None, D("72.5")]


def test_quarterly_entry_of_a_scale_indicator_takes_a_level(regional, admin):
    from kinerja.measurement import workflow
    from kinerja.measurement.forms import EntryForm

    s17 = Indicator.objects.get(code="S1.7")
    entry = workflow.entry_for(s17, 2023, 2)
    today = dt.date(2023, 7, 10)
    workflow.save_entry(entry, admin, value="WDP", today=today, explanation="Belum WTP")
    assert Realization.objects.get(indicator=s17, year=2023, period="q2").value == D(3)
    with pytest.raises(workflow.WorkflowError) as info:
        workflow.save_entry(entry, admin, value="Wajar", today=today)
    assert "tingkatnya: WTP, WDP, TW, TMP" in str(info.value)
    form = EntryForm(initial={"value": D(3)}, scale=s17.scale.definition)
    assert form.fields["value"].choices[1] == ("4", "WTP – Wajar Tanpa Pengecualian")
    assert form.initial["value"] == "3"


def test_the_pages_show_levels_words_and_the_units_own_report_name(regional, admin, client):
    from django.urls import reverse

    client.force_login(admin)
    s17 = Indicator.objects.get(code="S1.7")
    pages = {
        "indicator": reverse("planning:indicator", args=[UNIT, s17.pk]),
        "plan": reverse("planning:plan_version", args=[UNIT, s17.version_id]),
        "agreement": reverse("planning:agreement", args=[UNIT, 2023]),
        "dashboard": reverse("dashboard:unit", args=[UNIT, 2023]),
        "entries": reverse("measurement:entries", args=[UNIT, 2023]),
        "reports": reverse("reports:index", args=[UNIT, 2023]),
    }
    html = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html[name] = response.content.decode()
    assert ">WTP<" in html["indicator"] and ">WDP<" in html["indicator"]
    for name in ("plan", "agreement", "dashboard", "entries"):
        assert ">WTP<" in html[name] and ">BB<" in html[name], name
    assert "Menurun" in html["plan"] and "Tidak tercantum" in html["agreement"]
    assert "Laporan Kinerja Instansi Pemerintah (LKjIP)" in html["reports"]
    assert "DPA" in html["dashboard"] or "Rp" in html["dashboard"]


def test_the_consistency_checks_speak_of_the_units_dpa(regional):
    from kinerja.budget.models import BudgetYear, Line
    from kinerja.reports.checks import consistency_report

    budget = BudgetYear.objects.get(unit=regional, year=2023)
    Line.objects.create(budget=budget, code="X", level="subkomponen", name="X", ceiling=1)
    report = consistency_report(regional, 2023)
    wheres = {f.where for f in report.findings}
    assert "DPA 2023: anggaran akhir" in wheres  # a DPA speaks of anggaran (budget/words.py)
    assert not any("DIPA" in f.where or "DIPA" in f.message for f in report.findings)


def test_the_target_workbook_writes_and_reads_words_and_level_scores(regional, admin):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "planning"))
    from planning_xlsx import cell, edit_cell

    from kinerja.planning import services, spreadsheet

    s15 = Indicator.objects.get(code="S1.5")
    version = s15.version
    indicators = list(version.indicators.prefetch_related("targets"))
    data = spreadsheet.export_targets(version, indicators)
    sheet = spreadsheet.TARGET_SHEET
    assert cell(data, sheet, "S1.5", 2023) == "Menurun"
    assert cell(data, sheet, "S1.6", 2023) == "Tidak tercantum"
    assert services.review_targets(version, data).changes == []  # as exported: unchanged
    changed = edit_cell(data, sheet, "S1.6", 2023, 70)
    changed = edit_cell(changed, sheet, "S1.4", 2023, "meningkat")
    changed = edit_cell(changed, sheet, "S1.7", 2023, 2.5)  # not a level's score
    review = services.review_targets(version, changed)
    assert [p.message for p in review.problems] == [
        "2,5 bukan skor tingkat skala Opini BPK atas laporan keuangan; skornya: WTP = 4, "
        "WDP = 3, TW = 2, TMP = 1"
    ]
    changed = edit_cell(changed, sheet, "S1.7", 2023, 3)  # WDP
    services.apply_targets(version, changed, user=admin, reason="Renstra perubahan")
    assert Target.objects.get(indicator__code="S1.6", year=2023).target_value.value == D(70)
    s14 = Target.objects.get(indicator__code="S1.4", year=2023)
    assert (s14.value, s14.kind) == (None, "increase")


def test_a_revision_keeps_words_and_takes_only_level_scores(regional, admin):
    from django.core.exceptions import ValidationError

    from kinerja.planning import services
    from kinerja.planning.models import Agreement

    agreement = Agreement.objects.get(unit=regional, year=2023)
    draft = services.start_revision(agreement, user=admin, reason="Perubahan target")
    items = {i.indicator.code: i for i in draft.items.select_related("indicator")}
    assert (items["S1.5"].target, items["S1.5"].target_kind) == (None, "decrease")

    def save(**targets):
        return services.update_draft(
            draft,
            user=admin,
            targets={items[code].pk: (value, None) for code, value in targets.items()},
            signatory="",
            superior="",
        )

    assert save(**{"S1.5": None}) == 0  # the empty field of a direction keeps it
    with pytest.raises(ValidationError, match="S1.7: 2,5 bukan skor tingkat skala"):
        save(**{"S1.7": D("2.5")})
    assert save(**{"S1.5": D(8), "S1.7": D(3)}) == 2
    s15 = AgreementIndicator.objects.get(pk=items["S1.5"].pk)
    assert (s15.target, s15.target_kind) == (D(8), "")


def test_the_realization_workbook_keeps_semester_and_scale_indicators_whole(regional):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "planning"))
    from planning_xlsx import edit_cell

    from kinerja.planning import services, spreadsheet

    data = services.export_realizations(regional, 2023)
    sheet = spreadsheet.REALIZATION_SHEET
    changed = edit_cell(data, sheet, "S2.1", "TW1", 50)
    changed = edit_cell(changed, sheet, "S1.9", "Tahunan", 4.5)
    changed = edit_cell(changed, sheet, "S1.1", "Tahunan", 90)
    review = services.review_realizations(regional, 2023, changed)
    assert sorted(p.message for p in review.problems) == [
        "4,5 bukan skor tingkat skala Predikat nilai SAKIP / indeks reformasi birokrasi; "
        "skornya: AA = 7, A = 6, BB = 5, B = 4, CC = 3, C = 2, D = 1",
        "S2.1 dilaporkan semesteran; isi kolom Tahunan, S1, S2",
    ]
    assert [c.code for c in review.changes] == ["S1.1"]

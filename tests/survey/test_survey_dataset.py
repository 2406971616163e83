"""The `surveys` section of the unit dataset: validation, load, dump, round trip."""

import time
from pathlib import Path

import pytest
import yaml
from skm_seed import SEED_MEANS

from kinerja.datasets.dump import dump_data, dump_text, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.org.models import Unit
from kinerja.survey import calc
from kinerja.survey.choices import DEFAULT_ELEMENTS, Channel
from kinerja.survey.models import Answer, Response, Survey
from kinerja.survey.selectors import skm_result

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"
# The module checks the wording of located messages in English (the language switch,
# the english_messages fixture of tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]
SEED_ORDER = list(SEED_MEANS)  # facilities 8th, complaints 9th


def surveys(**overrides) -> list[dict]:
    survey = {
        "year": 2023,
        "service_type": None,
        "population": 2938,
        "elements": SEED_ORDER,
        "synthetic": False,
        "responses": [
            [4, 3, 4, 4, 3, 4, 4, 3, 4],
            [3, 3, 3, 2, 3, 4, 4, 3, None],
            [4, 4, 4, 3, 4, 4, 4, 4, 4],
        ],
    }
    survey.update(overrides)
    return [survey]


def dataset(value) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["surveys"] = value
    return yaml.safe_dump(data, sort_keys=False)


def problems_of(value) -> list[str]:
    with pytest.raises(DatasetInvalid) as info:
        load_text(dataset(value))
    return [str(p) for p in info.value.problems]


def dump(unit=None):
    unit = unit or Unit.objects.get(code="balai-contoh")
    return dump_text(unit, find_plan(unit, "2021-2024"))


def test_a_survey_is_loaded_with_its_order_and_responses():
    report = load_text(dataset(surveys()))
    assert report.created["survey"] == 1 and report.created["response"] == 3
    assert report.created["surveyelement"] == 9
    survey = Survey.objects.get()
    assert (survey.year, survey.service_type, survey.population, survey.synthetic) == (
        2023,
        None,
        2938,
        False,
    )
    assert survey.element_codes() == SEED_ORDER
    assert set(Response.objects.values_list("channel", flat=True)) == {Channel.IMPORT}
    result = skm_result(survey.unit, 2023)
    assert result.respondents == 3
    assert result.element_means["penanganan_pengaduan"] == 4  # null = not answered


def test_load_dump_load_changes_nothing_and_dumps_the_same_text():
    load_text(dataset(surveys()))
    first = dump()
    assert "- [3, 3, 3, 2, 3, 4, 4, 3, null]" in first  # one line per respondent
    ids = set(Response.objects.values_list("pk", flat=True))
    report = load_text(first)
    assert not report.changed, report.as_dict()
    assert set(Response.objects.values_list("pk", flat=True)) == ids
    assert dump() == first


def test_the_dump_lists_responses_in_a_canonical_order():
    load_text(dataset(surveys()))
    unit = Unit.objects.get(code="balai-contoh")
    [survey] = dump_data(unit, find_plan(unit, "2021-2024"))["surveys"]
    assert survey["responses"] == [
        [3, 3, 3, 2, 3, 4, 4, 3, None],
        [4, 3, 4, 4, 3, 4, 4, 3, 4],
        [4, 4, 4, 3, 4, 4, 4, 4, 4],
    ]
    assert list(survey) == [
        "year",
        "service_type",
        "population",
        "elements",
        "synthetic",
        "responses",
    ]


def test_changed_responses_replace_the_imported_ones_and_keep_web_ones():
    load_text(dataset(surveys()))
    survey = Survey.objects.get()
    web = Response.objects.create(survey=survey, channel=Channel.WEB)
    Answer.objects.bulk_create(Answer(response=web, element=c, score=1) for c in SEED_ORDER)

    # the dump (which lists the web response too) loads back unchanged
    assert not load_text(dump()).changed
    assert Response.objects.count() == 4

    report = load_text(dataset(surveys(responses=[[2] * 9])))
    assert report.created["response"] == 1 and report.updated["response"] == 3
    assert sorted(Response.objects.values_list("channel", flat=True)) == ["import", "web"]
    assert Response.objects.filter(pk=web.pk).exists()


def test_a_survey_without_responses_keeps_the_stored_ones():
    load_text(dataset(surveys()))
    without = surveys(population=3000)
    del without[0]["responses"]
    load_text(dataset(without))
    assert Survey.objects.get().population == 3000
    assert Response.objects.count() == 3


def test_a_synthetic_survey_stores_generated_responses():
    rows = calc.synthetic_rows(SEED_MEANS, 981)
    load_text(dataset(surveys(synthetic=True, responses=rows)))
    assert set(Response.objects.values_list("channel", flat=True)) == {Channel.GENERATED}
    result = skm_result(Unit.objects.get(code="balai-contoh"), 2023)
    assert result.respondents == 981 and result.grade == "A"
    assert result.sample_sufficient is True  # 340 needed for 2,938 users


def test_a_thousand_respondents_load_twice_quickly():
    text = dataset(surveys(responses=calc.synthetic_rows(SEED_MEANS, 1000)))
    load_text(text)
    assert Answer.objects.count() == 9000
    started = time.perf_counter()
    report = load_text(text)
    # Generous bound: a row-by-row write would take far longer; the real check is
    # that nothing is written the second time.
    assert time.perf_counter() - started < 10
    assert not report.changed
    assert report.unchanged["response"] == 1000


def test_surveys_per_service_type_are_upserted_separately():
    value = [*surveys(), *surveys(service_type="kalibrasi", responses=[[1] * 9])]
    load_text(dataset(value))
    load_text(dataset(value))
    assert Survey.objects.count() == 2
    assert Response.objects.count() == 4


def test_a_row_of_the_wrong_length_is_refused_and_nothing_is_written():
    problems = problems_of(surveys(responses=[[4] * 9, [4] * 8, [None] * 9]))
    assert problems == [
        "surveys[0].responses[1]: expected 9 scores (one per element), got 8",
        "surveys[0].responses[2]: answers no element; leave the row out",
    ]
    assert not Unit.objects.filter(code="balai-contoh").exists()


def test_scores_and_elements_are_checked():
    problems = problems_of(
        surveys(
            elements=[*SEED_ORDER[:8], "persyaratan"],
            responses=[[4, 4, 5, 4, 4, 4, 4, 4, 4], [4, 4, 0, 4, 4, 4, 4, 4, "4"]],
        )
    )
    assert "surveys[0].responses[0][2]: must be at most 4, got 5" in problems
    assert "surveys[0].responses[1][2]: must be at least 1, got 0" in problems
    assert 'surveys[0].responses[1][8]: expected a whole number or null, got "4"' in problems
    problems = problems_of(surveys(elements=[*SEED_ORDER[:8], "persyaratan"]))
    assert 'surveys[0].elements: "persyaratan" is listed twice' in problems
    assert any(p.startswith("surveys[0].elements: missing penanganan_pengaduan") for p in problems)


def test_the_same_survey_twice_and_unknown_fields_are_refused():
    assert problems_of([*surveys(), *surveys()]) == [
        "surveys: the 2023 survey of all services is listed twice"
    ]
    problems = problems_of(surveys(service_type="jahit", respondents=3))
    assert "surveys[0]: unknown field 'respondents'" in problems
    assert any(p.startswith("surveys[0].service_type: expected one of pengujian") for p in problems)


def test_the_elements_are_required():
    value = surveys()
    del value[0]["elements"]
    assert problems_of(value) == ["surveys[0]: missing required field 'elements'"]


def test_reordering_elements_keeps_the_answers():
    load_text(dataset(surveys()))
    before = skm_result(Unit.objects.get(code="balai-contoh"), 2023)
    reordered = list(DEFAULT_ELEMENTS)
    rows = [
        [row[SEED_ORDER.index(code)] for code in reordered] for row in surveys()[0]["responses"]
    ]
    assert reordered != SEED_ORDER
    report = load_text(dataset(surveys(elements=reordered, responses=rows)))
    assert report.created["response"] == 0  # the same respondents, stated in another order
    after = skm_result(Unit.objects.get(code="balai-contoh"), 2023)
    assert list(after.element_means) == reordered
    assert after.element_means == before.element_means

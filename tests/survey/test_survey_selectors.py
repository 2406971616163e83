"""skm_result: the index from the database, in a constant number of queries."""

from decimal import Decimal

import pytest
from skm_seed import SEED_MEANS

from kinerja.survey import calc
from kinerja.survey.choices import DEFAULT_ELEMENTS, Channel
from kinerja.survey.models import Survey
from kinerja.survey.selectors import element_order, skm_result
from kinerja.survey.services import ensure_survey, replace_offline_responses

pytestmark = pytest.mark.django_db
D = Decimal


def survey_with(unit, rows, *, elements=tuple(SEED_MEANS), year=2023, **fields):
    survey, _ = ensure_survey(unit, year, fields.pop("service_type", None), elements)
    Survey.objects.filter(pk=survey.pk).update(**fields)
    replace_offline_responses(survey, rows, channel=Channel.IMPORT)
    return survey


def test_no_survey_gives_none(unit):
    assert skm_result(unit, 2023) is None


def test_responses_matching_tabel_3_42_give_the_seed_index(unit):
    survey_with(unit, calc.synthetic_rows(SEED_MEANS, 100), population=2938, synthetic=True)
    result = skm_result(unit, 2023)
    assert result.respondents == 100
    assert list(result.element_means) == list(SEED_MEANS)  # the survey's own order
    assert result.element_means == SEED_MEANS
    assert result.index == D("33.17") / 9
    assert result.grade == "A" and result.grade_label == "Sangat baik"
    assert (result.population, result.required_sample, result.sample_sufficient) == (
        2938,
        340,
        False,
    )
    assert result.synthetic is True
    assert result.provenance() == {
        "respondents": "100",
        "element_means": {code: str(mean) for code, mean in SEED_MEANS.items()},
        "index": "3.685556",
        "converted": "92.138889",
        "grade": "A",
        "population": "2938",
        "required_sample": "340",
        "synthetic": True,
    }


def test_an_element_mean_is_over_those_who_answered_it(unit):
    full = [4] * 9
    partial = [None, 2, 2, 2, 2, 2, 2, 2, 2]
    survey_with(unit, [full, partial])
    result = skm_result(unit, 2023)
    assert result.respondents == 2
    assert result.element_means["persyaratan"] == D(4)  # one answer, not (4 + 0) / 2
    assert result.element_means["biaya_tarif"] == D(3)
    assert result.index == (D(4) + 8 * D(3)) / 9


def test_an_unanswered_element_leaves_the_index_open(unit):
    survey_with(unit, [[None, 4, 4, 4, 4, 4, 4, 4, 4]])
    result = skm_result(unit, 2023)
    assert result.element_means["persyaratan"] is None
    assert (result.index, result.converted, result.grade, result.grade_label) == (
        None,
        None,
        None,
        None,
    )
    assert result.provenance()["index"] is None


def test_an_empty_survey_has_no_index_and_zero_respondents(unit):
    survey_with(unit, [])
    result = skm_result(unit, 2023)
    assert result.respondents == 0 and result.index is None
    assert result.sample_sufficient is None


def test_surveys_are_kept_apart_by_service_type(unit):
    survey_with(unit, [[4] * 9])
    survey_with(unit, [[1] * 9, [1] * 9], service_type="kalibrasi")
    assert skm_result(unit, 2023).respondents == 1
    assert skm_result(unit, 2023, "kalibrasi").respondents == 2
    assert skm_result(unit, 2023, "pengujian") is None


@pytest.mark.parametrize("respondents", [3, 300])
def test_skm_result_takes_three_queries_whatever_the_respondents(
    unit, respondents, django_assert_num_queries
):
    survey_with(unit, calc.synthetic_rows(SEED_MEANS, respondents))
    with django_assert_num_queries(3):
        result = skm_result(unit, 2023)
    assert result.respondents == respondents


def test_the_form_asks_in_the_order_of_the_units_latest_survey(unit):
    assert element_order(unit) == list(DEFAULT_ELEMENTS)
    survey_with(unit, [], elements=tuple(SEED_MEANS), year=2022)
    assert element_order(unit) == list(SEED_MEANS)

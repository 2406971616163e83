"""The staff admin shows each survey's respondents and index, read-only."""

import pytest
from skm_seed import SEED_MEANS

from kinerja.core.numbers import format_id
from kinerja.survey import calc
from kinerja.survey.choices import Channel
from kinerja.survey.models import Response
from kinerja.survey.selectors import skm_result
from kinerja.survey.services import ensure_survey, replace_offline_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(unit):
    survey, _ = ensure_survey(unit, 2023, None, SEED_MEANS)
    replace_offline_responses(survey, calc.synthetic_rows(SEED_MEANS, 12), channel=Channel.IMPORT)
    return survey


def test_the_survey_list_shows_respondents(admin_client, survey):
    page = admin_client.get("/admin/survey/survey/")
    assert page.status_code == 200
    assert '<td class="field-respondents">12</td>' in page.content.decode()


def test_the_survey_page_shows_index_converted_and_grade(admin_client, survey, unit):
    result = skm_result(unit, 2023)
    page = admin_client.get(f"/admin/survey/survey/{survey.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{format_id(result.index, 2)}</div>" in html
    assert f"{format_id(result.converted, 2)}</div>" in html
    assert f"{result.grade} ({result.grade_label})" in html
    assert "12</div>" in html  # respondents


def test_the_response_pages_render(admin_client, survey):
    assert admin_client.get("/admin/survey/response/").status_code == 200
    response = Response.objects.first()
    assert admin_client.get(f"/admin/survey/response/{response.pk}/change/").status_code == 200

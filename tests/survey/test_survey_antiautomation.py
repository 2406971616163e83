"""The public survey resists stuffing without losing real answers (issue 15, item 2):
2,000 posts from one address were all accepted and made the year's SKM 1,00 (grade D)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kinerja.org.choices import Role
from kinerja.org.models import Membership
from kinerja.survey import selectors
from kinerja.survey.choices import DEFAULT_ELEMENTS, Channel
from kinerja.survey.models import Response, SurveyPolicy
from kinerja.survey.services import ensure_survey

pytestmark = pytest.mark.django_db
URL = "/survei/balai-contoh/"


def answers(**extra) -> dict:
    return {**{code: "1" for code in DEFAULT_ELEMENTS}, **extra}


def test_one_address_is_limited_and_the_respondent_keeps_what_they_typed(client, unit, settings):
    settings.KINERJA_SURVEY_RATE = "3/h"
    for _ in range(3):
        assert client.post(URL, answers(), REMOTE_ADDR="203.0.113.9").status_code == 302
    page = client.post(URL, answers(biaya_tarif="3"), REMOTE_ADDR="203.0.113.9")
    assert page.status_code == 429
    html = page.content.decode()
    assert "Jawaban Anda belum terkirim" in html
    # What they typed is still in the form, ready to send again.
    assert page.context["form"]["biaya_tarif"].value() == "3"
    assert 'value="3" required id="id_biaya_tarif_' in html or 'value="3"' in html
    assert Response.objects.count() == 3
    # Another respondent, at another address, is not affected.
    assert client.post(URL, answers(), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_an_invalid_post_is_not_counted(client, unit, settings):
    settings.KINERJA_SURVEY_RATE = "2/h"
    for _ in range(5):
        assert client.post(URL, {"biaya_tarif": "4"}).status_code == 200  # incomplete
    assert client.post(URL, answers()).status_code == 302


def test_behind_the_proxy_each_visitor_has_their_own_limit(client, unit, settings):
    settings.KINERJA_SURVEY_RATE = "1/h"
    settings.KINERJA_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.post(URL, answers(), HTTP_X_REAL_IP="203.0.113.9", **proxy).status_code == 302
    assert client.post(URL, answers(), HTTP_X_REAL_IP="203.0.113.9", **proxy).status_code == 429
    assert client.post(URL, answers(), HTTP_X_REAL_IP="198.51.100.7", **proxy).status_code == 302


def test_an_orders_link_is_never_limited(client, unit, order, settings):
    settings.KINERJA_SURVEY_RATE = "1/h"
    assert client.post(URL, answers()).status_code == 302
    assert client.post(URL, answers()).status_code == 429
    assert client.post(URL, answers(token=order.survey_token)).status_code == 302
    assert Response.objects.filter(service_order=order).exists()


def test_a_unit_can_require_the_orders_link(client, unit, order):
    SurveyPolicy.objects.create(unit=unit, requires_token=True)
    page = client.get(URL)
    assert "diisi melalui tautan pada bukti order" in page.content.decode()
    refused = client.post(URL, answers())
    assert refused.status_code == 200
    assert "hanya dapat diisi melalui tautan" in refused.content.decode()
    assert not Response.objects.exists()
    assert client.post(URL, answers(token=order.survey_token)).status_code == 302
    assert Response.objects.count() == 1


def _web_answers(unit, times):
    survey, _ = ensure_survey(unit, timezone.localdate().year, None, DEFAULT_ELEMENTS)
    Response.objects.bulk_create(
        Response(survey=survey, channel=Channel.WEB, submitted_at=at) for at in times
    )


def test_bursts_are_found_and_merged(unit):
    now = timezone.now()
    start = now - dt.timedelta(days=2)
    burst = [start + dt.timedelta(seconds=10 * i) for i in range(40)]  # 40 in 6.5 minutes
    calm = [now - dt.timedelta(hours=h) for h in range(1, 30)]  # one an hour
    _web_answers(unit, burst + calm)
    (found,) = selectors.bursts(unit, now=now)
    assert (found.start, found.end, found.count) == (burst[0], burst[-1], 40)


def test_the_survey_page_flags_bursts_to_the_units_staff_only(client, unit):
    now = timezone.now()
    _web_answers(unit, [now - dt.timedelta(seconds=5 * i) for i in range(25)])
    assert "Lonjakan jawaban" not in client.get(URL).content.decode()
    staff = get_user_model().objects.create_user("staf", password="x")
    Membership.objects.create(user=staff, unit=unit, role=Role.VIEWER)
    client.force_login(staff)
    html = client.get(URL).content.decode()
    assert "Lonjakan jawaban" in html and "25 jawaban" in html

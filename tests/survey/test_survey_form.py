"""The public SKM form: rendering, validation, once-only order links, CSRF."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from kinerja.org.models import Unit
from kinerja.survey.choices import DEFAULT_ELEMENTS, Channel
from kinerja.survey.models import Answer, Response, Survey
from kinerja.survey.services import ensure_survey

pytestmark = pytest.mark.django_db
URL = "/survei/balai-contoh/"


def answers(**overrides) -> dict:
    data = {code: "4" for code in DEFAULT_ELEMENTS}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_renders_nine_labelled_radio_groups_in_indonesian(client, unit):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="id">' in html
    assert html.count("<fieldset") == 9 and html.count("<legend>") == 9
    assert html.count('type="radio"') == 36
    # every radio has a label pointing to it
    for radio_id in re.findall(r'type="radio"[^>]*id="([^"]+)"', html):
        assert f'for="{radio_id}"' in html
    assert "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?" in html
    assert "Sangat mahal" in html and "Gratis" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'href="/static/survey/survey.css"' in html
    assert "Jenis layanan" in html


def test_an_unknown_unit_is_404(client, unit):
    assert client.get("/survei/tidak-ada/").status_code == 404
    assert client.post("/survei/tidak-ada/", answers()).status_code == 404
    assert client.get("/survei/tidak-ada/terima-kasih/").status_code == 404


def test_a_complete_answer_is_stored_in_this_years_survey(client, unit):
    page = client.post(URL, answers(biaya_tarif="2", service_type=""))
    assert page.status_code == 302
    assert page["Location"] == "/survei/balai-contoh/terima-kasih/"
    survey = Survey.objects.get()
    assert (survey.unit, survey.year, survey.service_type) == (
        unit,
        timezone.localdate().year,
        None,
    )
    assert survey.element_codes() == list(DEFAULT_ELEMENTS)
    response = Response.objects.get()
    assert response.channel == Channel.WEB and response.service_order is None
    assert dict(Answer.objects.values_list("element", "score")) == {
        **{code: 4 for code in DEFAULT_ELEMENTS},
        "biaya_tarif": 2,
    }
    thanks = client.get(page["Location"])
    assert thanks.status_code == 200 and "Terima kasih" in thanks.content.decode()


def test_the_chosen_service_type_decides_the_survey(client, unit):
    client.post(URL, answers(service_type="pengujian"))
    assert Survey.objects.get().service_type == "pengujian"


def test_an_incomplete_answer_is_refused_with_a_message_per_question_and_kept(client, unit):
    page = client.post(URL, answers(persyaratan=None, sarana_prasarana=None, biaya_tarif="1"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("Pertanyaan ini wajib dijawab.") == 2
    assert 'id="err-persyaratan"' in html and 'id="err-sarana_prasarana"' in html
    assert 'aria-describedby="err-persyaratan"' in html
    assert 'href="#q-persyaratan"' in html  # the summary links to the question
    # what was answered is still chosen
    checked = re.findall(r'<input type="radio" name="([a-z_]+)" value="(\d)"[^>]*checked', html)
    assert ("biaya_tarif", "1") in checked and ("waktu_penyelesaian", "4") in checked
    assert len(checked) == 7
    assert not Response.objects.exists() and not Survey.objects.exists()


def test_a_score_outside_1_to_4_is_refused(client, unit):
    page = client.post(URL, answers(waktu_penyelesaian="5"))
    assert page.status_code == 200
    assert "Pilih salah satu dari empat jawaban." in page.content.decode()
    assert not Response.objects.exists()


def test_an_order_link_answers_once(client, unit, order):
    link = f"{URL}?token={order.survey_token}"
    page = client.get(link)
    html = page.content.decode()
    assert f'value="{order.survey_token}"' in html
    assert "disabled" in html  # the order's service type, not asked again
    assert client.post(URL, answers(token=order.survey_token)).status_code == 302
    response = Response.objects.get()
    assert response.service_order == order
    assert response.survey.service_type == "kalibrasi"  # from the order

    again = client.post(URL, answers(token=order.survey_token))
    assert again.status_code == 200
    assert "Order ini sudah mengisi survei." in again.content.decode()
    assert "Order ini sudah mengisi survei." in client.get(link).content.decode()
    assert Response.objects.count() == 1


def test_an_unknown_token_is_refused(client, unit):
    page = client.post(URL, answers(token="tidak-ada"))
    assert page.status_code == 200
    assert "Tautan survei ini tidak dikenal." in page.content.decode()
    assert not Response.objects.exists()
    shown = client.get(f"{URL}?token=tidak-ada").content.decode()
    assert "Tautan survei ini tidak dikenal." in shown
    assert f'href="{URL}"' in shown  # offers the form without the link


def test_a_token_of_another_unit_is_unknown_here(client, unit, order):
    Unit.objects.create(code="balai-lain", name="Balai Lain", kind="satker")
    page = client.post("/survei/balai-lain/", answers(token=order.survey_token))
    assert "Tautan survei ini tidak dikenal." in page.content.decode()


def test_a_post_without_the_csrf_token_is_refused(unit):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, answers()).status_code == 403
    page = strict.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert strict.post(URL, {**answers(), "csrfmiddlewaretoken": token}).status_code == 302


def test_the_form_follows_the_units_element_order(client, unit):
    order = [*DEFAULT_ELEMENTS[:7], "sarana_prasarana", "penanganan_pengaduan"]
    ensure_survey(unit, 2022, None, order)
    html = client.get(URL).content.decode()
    assert html.index('id="q-sarana_prasarana"') < html.index('id="q-penanganan_pengaduan"')
    assert "8. Sarana dan prasarana" in html

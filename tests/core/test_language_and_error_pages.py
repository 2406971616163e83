"""Indonesian whatever the browser asks for; English by the switch, remembered; styled
error pages in the chosen language; the login error names the user name once."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

STYLESHEET = "kinerja/app"


@pytest.mark.django_db
def test_indonesian_by_default_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="id">' in page
    assert "Masuk" in page
    assert response["Content-Language"] == "id"


@pytest.mark.django_db
def test_english_by_the_switch_and_remembered(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600  # remembered, not a session cookie
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en">' in page
    # An unknown language in the cookie falls back to Indonesian.
    client.cookies["django_language"] = "fr"
    assert '<html lang="id">' in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_the_404_page_is_styled_and_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 404
    assert STYLESHEET in page
    assert "Halaman tidak ditemukan" in page
    assert "Not Found" not in page
    client.cookies["django_language"] = "en"
    page = client.get("/tidak-ada-halaman-ini/").content.decode()
    assert "Page not found" in page


def test_the_403_page_is_styled(client_as_kepala):
    own = reverse("dashboard:parent", args=["bspji-palembang", 2023])
    response = client_as_kepala.get(own)
    assert response.status_code == 403
    page = response.content.decode()
    assert STYLESHEET in page and "Akses ditolak" in page


@pytest.fixture
def client_as_kepala(client, users):
    client.force_login(users["kepala"])
    return client


@pytest.mark.django_db
def test_the_csrf_failure_page_explains_itself():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()


def test_the_500_page_stands_alone_and_is_styled():
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert STYLESHEET in page and "Terjadi kesalahan" in page
    assert "Tidak ada data yang tersimpan sebagian" in page


@pytest.mark.django_db
def test_the_login_error_names_the_user_name_once(client):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert "Nama pengguna atau kata sandi salah" in page
    assert "nama pengguna nama pengguna" not in page.lower()

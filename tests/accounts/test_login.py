import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from kinerja.accounts.models import LoginFailure

PASSWORD = "kata-sandi-yang-panjang"


@pytest.fixture
def planner(db):
    return get_user_model().objects.create_user("perencana", password=PASSWORD)


def login(client, username, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_a_good_password_logs_in(client, planner):
    response = login(client, "perencana", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(planner.pk)


def test_a_wrong_password_says_so_and_is_counted(client, planner):
    response = login(client, "perencana", "salah")
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    assert LoginFailure.objects.filter(username="perencana").count() == 1


def test_five_failures_lock_the_account_even_for_the_right_password(client, planner, settings):
    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, "perencana", "salah")
    response = login(client, "perencana", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_failures_from_one_address_lock_it_for_every_user_name(client, planner, settings):
    for i in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, f"tebakan{i}", "salah", REMOTE_ADDR="203.0.113.9")
    response = login(client, "perencana", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert "_auth_user_id" not in client.session
    # The same user from another address is not punished for the attacker's guesses.
    response = login(client, "perencana", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_visitors_address_is_counted(client, planner, settings):
    """Behind nginx every request comes from 127.0.0.1: one attacker must not lock the
    address every visitor shares; the proxy's X-Real-IP names each visitor."""
    settings.KINERJA_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for i in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, f"tebakan{i}", "salah", HTTP_X_REAL_IP="203.0.113.9", **proxy)
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"203.0.113.9"}
    login(client, "perencana", PASSWORD, HTTP_X_REAL_IP="203.0.113.9", **proxy)
    assert "_auth_user_id" not in client.session
    response = login(client, "perencana", PASSWORD, HTTP_X_REAL_IP="198.51.100.7", **proxy)
    assert response.status_code == 302


def test_the_real_ip_header_is_ignored_from_anyone_but_a_trusted_proxy(client, planner, settings):
    settings.KINERJA_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    for i in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        # The attacker varies the header to dodge the limit; it is not believed.
        login(
            client, f"tebakan{i}", "salah", REMOTE_ADDR="203.0.113.9", HTTP_X_REAL_IP=f"10.0.0.{i}"
        )
    response = login(client, "perencana", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_with_the_window(client, planner, settings):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, "perencana", "salah")
    old = timezone.now() - timedelta(minutes=settings.KINERJA_LOGIN_WINDOW_MINUTES + 1)
    LoginFailure.objects.update(at=old)
    assert login(client, "perencana", PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(client, planner):
    login(client, "perencana", "salah")
    login(client, "perencana", PASSWORD)
    assert not LoginFailure.objects.filter(username="perencana").exists()


def test_the_admin_login_is_throttled_too(client, settings, db):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        client.post(reverse("admin:login"), {"username": "root", "password": "salah"})
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(db):
    from kinerja import settings as project_settings

    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = get_user_model().objects.create_user("baru", password=PASSWORD)
    assert user.password.startswith("argon2$")


def test_logout_is_a_post(client, planner):
    client.force_login(planner)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_need_a_login(client, db):
    response = client.get(reverse("org:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

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


def failures(username):
    return sum(
        AccessAttempt.objects.filter(username=username).values_list(
            "failures_since_start", flat=True
        )
    )


def test_a_wrong_password_says_so_and_is_counted(client, planner):
    response = login(client, "perencana", "salah")
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    assert failures("perencana") == 1


def test_five_failures_lock_the_account_even_for_the_right_password(client, planner, settings):
    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, "perencana", "salah")
    response = login(client, "perencana", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_the_lock_is_on_the_user_name_from_that_address_only(client, planner, settings):
    """An attacker who fails five times as the head of unit from their own address does
    not lock the head out of their own desk; nor are other names locked at that address
    (a whole office behind one NAT address shares it)."""
    get_user_model().objects.create_user("kepala", password=PASSWORD)
    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, "kepala", "salah", REMOTE_ADDR="203.0.113.9")
    assert login(client, "kepala", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert "_auth_user_id" not in client.session
    # The head from another address logs in.
    assert login(client, "kepala", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    client.post(reverse("accounts:logout"))
    # Someone else at the attacker's address logs in too.
    assert login(client, "perencana", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_behind_a_trusted_proxy_the_visitors_address_is_counted(client, planner, settings):
    """Behind nginx every request comes from 127.0.0.1: one attacker must not lock the
    address every visitor shares; the proxy's X-Real-IP names each visitor."""
    settings.KINERJA_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, "perencana", "salah", HTTP_X_REAL_IP="203.0.113.9", **proxy)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    login(client, "perencana", PASSWORD, HTTP_X_REAL_IP="203.0.113.9", **proxy)
    assert "_auth_user_id" not in client.session
    response = login(client, "perencana", PASSWORD, HTTP_X_REAL_IP="198.51.100.7", **proxy)
    assert response.status_code == 302


def test_the_real_ip_header_is_ignored_from_anyone_but_a_trusted_proxy(client, planner, settings):
    settings.KINERJA_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    for i in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        # The attacker varies the header to dodge the limit; it is not believed.
        login(client, "perencana", "salah", REMOTE_ADDR="203.0.113.9", HTTP_X_REAL_IP=f"10.0.0.{i}")
    response = login(client, "perencana", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_with_the_window(client, planner, settings):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        login(client, "perencana", "salah")
    old = timezone.now() - timedelta(minutes=settings.KINERJA_LOGIN_WINDOW_MINUTES + 1)
    AccessAttempt.objects.update(attempt_time=old)
    assert login(client, "perencana", PASSWORD).status_code == 302


def test_a_success_forgets_earlier_failures(client, planner):
    login(client, "perencana", "salah")
    login(client, "perencana", PASSWORD)
    assert failures("perencana") == 0


def test_the_admin_login_is_throttled_too(client, settings, db):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    for _ in range(settings.KINERJA_LOGIN_MAX_FAILURES):
        client.post(reverse("admin:login"), {"username": "root", "password": "salah"})
    response = client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logins_failures_and_logouts_are_recorded_with_address_and_agent(client, planner):
    agent = {"HTTP_USER_AGENT": "Mozilla/5.0 uji", "REMOTE_ADDR": "198.51.100.7"}
    login(client, "perencana", "salah", **agent)
    failure = AccessFailureLog.objects.get(username="perencana")
    assert (failure.ip_address, failure.user_agent) == ("198.51.100.7", "Mozilla/5.0 uji")
    login(client, "perencana", PASSWORD, **agent)
    record = AccessLog.objects.get(username="perencana")
    assert (record.ip_address, record.user_agent) == ("198.51.100.7", "Mozilla/5.0 uji")
    assert record.logout_time is None
    client.post(reverse("accounts:logout"), **agent)
    record.refresh_from_db()
    assert record.logout_time is not None


@pytest.mark.django_db(transaction=True)
def test_parallel_failures_are_all_counted(planner, settings):
    """40 wrong passwords at once were counted 12 times by the hand-written throttle:
    each failure must count (axes increments under a row lock)."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite locks the whole file)")
    settings.KINERJA_LOGIN_MAX_FAILURES = settings.AXES_FAILURE_LIMIT = 100
    n = 12
    barrier = threading.Barrier(n)

    def attempt():
        try:
            barrier.wait()
            login(Client(), "perencana", "salah")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures("perencana") == n


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

"""/healthz and /readyz: JSON for a load balancer, no login, no session, no audit row,
answered whatever the Host header or the scheme; /readyz follows the database."""

import pytest
from django.db import OperationalError
from django.test import Client

from kinerja.audit.models import Change
from kinerja.core import health, storage


def test_healthz_answers_without_touching_the_database(client):
    # No `db` fixture: any query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok"}
    assert not response.cookies  # no session, no CSRF, no language cookie


@pytest.mark.django_db
def test_readyz_answers_when_the_database_does(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "broker": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_503_while_the_database_is_unreachable(client, monkeypatch, caplog):
    def unreachable():
        raise OperationalError('connection to server at "10.0.0.9", port 5432 failed')

    monkeypatch.setitem(health.CHECKS, "database", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "storage": "ok", "broker": "ok"},
    }
    assert "10.0.0.9" not in response.content.decode()  # the reason is logged, not shown
    assert "10.0.0.9" in caplog.text
    # The process itself is still alive: the supervisor must not restart it.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_runs_every_registered_check(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    checks = client.get("/readyz").json()["checks"]
    assert checks == {"database": "ok", "storage": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_is_degraded_but_200_while_the_broker_is_unreachable(client, settings, caplog):
    # Pages serve without the broker: the instance stays in the load balancer.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "storage": "ok", "broker": "unavailable"},
    }
    assert "readiness check 'broker' failed" in caplog.text
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_writes_reads_and_deletes_a_probe_file_in_the_storage(client, evidence_root):
    assert client.get("/readyz").status_code == 200
    probes = evidence_root / storage.PROBE_PREFIX
    assert probes.is_dir() and not any(probes.iterdir())  # written, then deleted


@pytest.mark.django_db
def test_readyz_is_503_while_the_storage_is_full(client, settings, caplog):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storage_doubles.FullStorage"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "storage": "unavailable",
        "broker": "ok",
    }
    assert "No space left on device" in caplog.text
    assert "No space" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_pass_host_check_https_redirect_and_login(settings, path):
    """A load balancer probes the backend by its address over plain HTTP, without a
    session; production settings would refuse the host, redirect to HTTPS and send an
    anonymous visitor to the login page."""
    settings.ALLOWED_HOSTS = ["kinerja.example.go.id"]
    settings.SECURE_SSL_REDIRECT = True
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    client = Client(HTTP_HOST="10.0.0.5:8000")
    assert client.get("/").status_code == 400  # the same client, any other page
    response = client.get(path)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_probes_leave_no_trace_in_the_audit_trail(client, users):
    before = Change.objects.count()
    client.force_login(users["admin"])
    for _ in range(3):
        client.get("/healthz")
        client.get("/readyz")
    assert Change.objects.count() == before


@pytest.mark.django_db
def test_probes_answer_head_and_refuse_other_methods(client):
    head = client.head("/readyz")
    assert head.status_code == 200
    assert head.content == b""
    post = client.post("/healthz")
    assert post.status_code == 405
    assert post["Allow"] == "GET, HEAD"


def test_a_neighbouring_path_is_not_a_probe(client):
    # Only the two exact paths are answered early; anything else goes through the app
    # (here the 404 of the URL resolver, with the usual middleware).
    assert client.get("/healthz/extra").status_code == 404

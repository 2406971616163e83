"""A signed-in user's pages are never cached; an idle session ends; every page carries a
Content-Security-Policy."""

import datetime as dt
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

DASHBOARD = "/u/bspji-palembang/2023/"


def test_a_signed_in_users_pages_are_not_stored(client, users):
    client.force_login(users["perencana"])
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_keep_no_private_marking(client, demo):
    response = client.get("/publik/bspji-palembang/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_session_is_renewed_after_half_its_age_and_an_idle_one_ends(client, users, settings):
    from kinerja.core.privacy import RENEWED

    assert settings.SESSION_COOKIE_AGE == 60 * 60  # KINERJA_SESSION_IDLE_MINUTES default
    client.force_login(users["perencana"])
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def stored():
        return Session.objects.get(session_key=key)

    # Within the first half hour a page writes nothing: the expiry stays as saved.
    saved = stored().expire_date
    assert client.get(DASHBOARD).status_code == 200
    assert stored().expire_date == saved

    # Renewed half an hour ago, expiring in 30 s: the next page renews it for an hour.
    session = client.session
    session[RENEWED] = int(time.time()) - 30 * 60
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(seconds=30)
    )
    assert client.get(DASHBOARD).status_code == 200
    assert stored().expire_date > timezone.now() + dt.timedelta(minutes=59)

    # Left alone past its expiry: the session is gone and the login page asks again.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


# -- Content-Security-Policy (issue 15, item 11) -------------------------------------------
def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("page", ["accounts:login", "dashboard"])
def test_pages_carry_a_content_security_policy_without_inline_code(page, client, users):
    from django.urls import reverse

    if page == "dashboard":
        client.force_login(users["perencana"])
        response = client.get(DASHBOARD)
        assert response.status_code == 200
    else:
        response = client.get(reverse(page))
    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    # Nothing on the page needs what the policy refuses.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), "inline style or handler"
    assert '"includeIndicatorStyles": false' in html


def test_the_public_survey_carries_the_policy_too(client, demo):
    response = client.get("/survei/bspji-palembang/")
    assert _directives(response)["script-src"] == ["'self'"]

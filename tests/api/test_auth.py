"""Who may call the API: tokens (401 unknown, revoked or expired; 403 a read token's
write; 429 past the rate), the web session (CSRF on writes), audit source ``api``."""

import datetime as dt

import pytest
from django.utils import timezone

from kinerja.api.models import ApiToken
from kinerja.api.tokens import create_token, digest, revoke_token
from kinerja.audit.models import Change

UNIT = "/api/v1/units/bspji-palembang"
ENTRY = "/api/v1/units/bspji-palembang/years/2023/entries/1/SK3.1"


def test_no_credentials_is_401(client, demo):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]


def test_token_reads_as_its_user(client, users, bearer):
    response = client.get("/api/v1/units", **bearer(users["pic"]))
    assert response.status_code == 200
    codes = [u["code"] for u in response.json()["items"]]
    assert codes == ["bspji-palembang"]


def test_only_the_digest_is_stored(users):
    token, secret = create_token(users["pic"], name="x", scope="read", days=1)
    assert secret.startswith("knj_") and secret not in token.digest
    assert ApiToken.objects.get(pk=token.pk).digest == digest(secret)


@pytest.mark.parametrize("how", ["unknown", "revoked", "expired", "inactive user"])
def test_bad_tokens_are_401(client, users, how):
    token, secret = create_token(users["pic"], name="x", scope="write", days=1)
    if how == "unknown":
        secret = secret[:-2] + "zz"
    elif how == "revoked":
        revoke_token(users["pic"], token.pk)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    else:
        users["pic"].is_active = False
        users["pic"].save()
    response = client.get(UNIT, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_read_token_cannot_write(client, users, bearer):
    response = client.put(
        ENTRY, {"narrative": "x"}, content_type="application/json", **bearer(users["pic"])
    )
    assert response.status_code == 403
    assert "baca" in response.json()["detail"]


def test_rate_limit_per_token(client, users, bearer, settings):
    settings.KINERJA_API_RATE = "3/m"
    first, second = bearer(users["pic"]), bearer(users["pic"])
    assert [client.get(UNIT, **first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(UNIT, **second).status_code == 200  # another token counts apart
    limited = client.get(UNIT, **first)
    assert limited.status_code == 429 and limited.json()["detail"]


def test_session_reads_and_needs_csrf_to_write(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["perencana"])
    assert client.get(UNIT).status_code == 200
    refused = client.put(ENTRY, {"narrative": "x"}, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert not Change.objects.filter(source="api").exists()


def test_token_write_is_audited_as_api(client, users, bearer, evidence_root):
    from kinerja.measurement.models import EntryWindow

    EntryWindow.objects.filter(unit__code="bspji-palembang", year=2023).delete()
    response = client.put(
        ENTRY,
        {"narrative": "Dari sistem lain."},
        content_type="application/json",
        **bearer(users["pic"], "write"),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["narrative"] == "Dari sistem lain."
    change = Change.objects.filter(source="api").latest("pk")
    assert change.username == "pic" and change.source_label == "API"

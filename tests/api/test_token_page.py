"""The token page: a user creates a token (its secret shown once, only its digest
stored), sees only their own tokens, and revokes one (then it is a 401)."""

import re

from django.urls import reverse

from kinerja.api.models import ApiToken

URL = reverse("apiweb:tokens")


def test_create_show_once_then_revoke(client, users):
    client.force_login(users["pic"])
    created = client.post(URL, {"action": "create", "name": "SIMONA", "scope": "write", "days": 30})
    assert created.status_code == 200
    secret = re.search(r'id="token-secret">(knj_[^<]+)<', created.content.decode()).group(1)
    token = ApiToken.objects.get(user=users["pic"])
    assert token.scope == "write" and secret not in token.digest
    assert secret not in client.get(URL).content.decode()  # shown once
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/units", **auth).status_code == 200
    client.post(URL, {"action": "revoke", "token": token.pk})
    client.logout()
    assert client.get("/api/v1/units", **auth).status_code == 401


def test_bad_form_and_other_users_tokens(client, users):
    client.force_login(users["pic"])
    refused = client.post(URL, {"action": "create", "name": "", "scope": "admin", "days": 0})
    assert refused.status_code == 200 and not ApiToken.objects.exists()
    assert "ringkasan-kesalahan" in refused.content.decode()
    client.force_login(users["kepala"])
    client.post(URL, {"action": "create", "name": "milik kepala", "scope": "read", "days": 5})
    theirs = ApiToken.objects.get(user=users["kepala"])
    client.force_login(users["pic"])
    assert "milik kepala" not in client.get(URL).content.decode()
    assert client.post(URL, {"action": "revoke", "token": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_anonymous_is_sent_to_log_in(client, demo):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]

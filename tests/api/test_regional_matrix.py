"""The regional demo's roles through the API: each reads its own unit and nothing of
BSPJI Palembang's, and writes nothing there."""

from kinerja.api.tokens import create_token
from kinerja.demo.services import REGIONAL_ACCOUNTS

BASE = "/api/v1/units/bspji-palembang"


def headers(user, scope="write") -> dict:
    _token, secret = create_token(user, name="matrix", scope=scope, days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_regional_roles_stay_in_their_unit(client, demo, regional_demo):
    own = "/api/v1/units/setda-sumut/years/2021/measures"
    for username, *_rest in REGIONAL_ACCOUNTS:
        auth = headers(regional_demo[username], "read")
        assert client.get(own, **auth).status_code == 200, username
        assert client.get(f"{BASE}/years/2023/measures", **auth).status_code == 404, username
        # a regional writer cannot write another unit's quarter
        write = headers(regional_demo[username])
        response = client.put(
            f"{BASE}/years/2023/entries/1/SK3.1",
            {"narrative": "x"},
            content_type="application/json",
            **write,
        )
        assert response.status_code == 404, username

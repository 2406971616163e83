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


def test_a_dpa_line_through_the_api(client, demo, regional_demo):
    """A regional unit's DPA: its finance and planner write a sub kegiatan with the
    APBD's sources (an APBN source is refused, located); its other roles (the unit's
    admin manages members only) and the province's reviewer read it only; nobody of
    theirs reaches BSPJI Palembang's DIPA."""
    from kinerja.budget.models import Line

    line = Line.objects.get(budget__unit__code="setda-sumut", code="T19.2.1")
    path = f"/api/v1/units/setda-sumut/years/2021/budget/lines/{line.pk}"
    palembang = Line.objects.filter(budget__unit__code="bspji-palembang").first()
    theirs = f"{BASE}/years/2023/budget/lines/{palembang.pk}"
    for username, *_rest in REGIONAL_ACCOUNTS:
        auth = headers(regional_demo[username])
        assert client.get(path, **auth).status_code == 200, username
        response = client.put(path, {"source": "pad"}, content_type="application/json", **auth)
        expected = 200 if username in {"setda-perencana", "setda-keuangan"} else 403
        assert response.status_code == expected, (username, response.json())
        other = client.put(theirs, {"name": "x"}, content_type="application/json", **auth)
        assert other.status_code == 404, username
    finance = headers(regional_demo["setda-keuangan"])
    line.refresh_from_db()
    assert line.source == "pad"
    refused = client.put(
        path, {"source": "rupiah_murni"}, content_type="application/json", **finance
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["loc"] == ["source"]
    line.refresh_from_db()
    assert line.source == "pad"

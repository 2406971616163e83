"""The web's permission matrix again, through the API: every demo role, on its own unit
and on another unit. No cross-unit read or write for any role: a unit the caller may
not read is a 404, a right they lack a 403, as on the pages."""

import pytest

from kinerja.api.tokens import create_token
from web.test_http_matrix import ROLES, UNIT, YEAR

BASE = f"/api/v1/units/{UNIT}"


def read_paths() -> list[str]:
    return [
        BASE,
        f"{BASE}/plans",
        f"{BASE}/agreements",
        f"{BASE}/years/{YEAR}/measures",
        f"{BASE}/years/{YEAR}/entries",
        f"{BASE}/years/{YEAR}/entries/1/SK3.1",
        f"{BASE}/years/{YEAR}/budget",
        f"{BASE}/years/{YEAR}/budget/lines",
        f"{BASE}/years/{YEAR}/budget/lines.xlsx",
        f"{BASE}/years/{YEAR}/pnbp",
        f"{BASE}/years/{YEAR}/efficiency",
        f"{BASE}/years/{YEAR}/consistency",
        f"{BASE}/final-reports",
        f"{BASE}/records/service_counts",
        f"{BASE}/plans/renstra-2021-2024/dataset",
    ]


def headers(user, scope="write") -> dict:
    _token, secret = create_token(user, name="matrix", scope=scope, days=1)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize("username", ROLES)
def test_reading(client, module_users, username):
    auth = headers(module_users[username], "read")
    for path in read_paths():
        status = client.get(path, **auth).status_code
        expected = 404 if username == "luar" else 200
        assert status == expected, f"{username} GET {path}: {status}, expected {expected}"


def test_unit_lists_hold_only_readable_units(client, module_users):
    for username in ROLES:
        codes = {
            u["code"]
            for u in client.get(
                "/api/v1/units?limit=1000", **headers(module_users[username])
            ).json()["items"]
        }
        if username == "luar":
            assert codes == {"bspji-pontianak"}
        elif username == "bskji":
            assert UNIT in codes and "bspji-pontianak" in codes
        elif username != "admin":
            assert codes == {UNIT}, username


# (method, path, JSON body, roles allowed in Palembang)
WRITES = [
    (
        "put",
        f"{BASE}/years/{YEAR}/entries/1/SK3.1",
        {"narrative": "uji"},
        {"admin", "perencana", "pic"},
    ),
    ("put", f"{BASE}/years/{YEAR}/entries/1/SK5.1", {"narrative": "uji"}, {"admin", "perencana"}),
    ("post", f"{BASE}/years/{YEAR}/entries/1/SK3.1/verify", {}, {"admin", "koordinator"}),
    ("post", f"{BASE}/years/{YEAR}/entries/1/SK3.1/approve", {}, {"admin", "kepala"}),
]


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize(("method", "path", "data", "allowed"), WRITES)
def test_writing_needs_the_right(client, module_users, username, method, path, data, allowed):
    call = getattr(client, method)
    response = call(path, data, content_type="application/json", **headers(module_users[username]))
    status = response.status_code
    if username == "luar":
        expected = {404}
    elif username in allowed:
        # past the rights check: done, or refused by the workflow (status, window)
        expected = {200, 400, 409}
    else:
        expected = {403}
    assert status in expected, f"{username} {method} {path}: {status} {response.json()}"


@pytest.mark.parametrize("username", ROLES)
def test_dataset_load_needs_the_planning_right(client, module_users, username):
    dataset = client.get(
        f"{BASE}/plans/2021-2024/dataset", **headers(module_users["admin"], "read")
    ).json()
    response = client.post(
        "/api/v1/datasets",
        {"yaml": dataset["yaml"], "dry_run": True},
        content_type="application/json",
        **headers(module_users[username]),
    )
    if username == "luar":
        expected = 404
    elif username in {"admin", "perencana"}:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected, (username, response.json())


@pytest.mark.parametrize("username", ROLES)
def test_records_import_needs_the_planning_right(client, module_users, username):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"number,type,customer,ordered_on,fee\nM-1,pengujian,PT Uji,2024-05-02,1\n"
    response = client.post(
        f"{BASE}/records/service_orders",
        {"file": SimpleUploadedFile("o.csv", csv, content_type="text/csv"), "dry_run": "true"},
        **headers(module_users[username]),
    )
    expected = 404 if username == "luar" else 200 if username in {"admin", "perencana"} else 403
    assert response.status_code == expected, (username, response.json())


def budget_writes(line_id: int) -> list[tuple[str, str, dict]]:
    """(method, path, body) of every budget write: a line, a revision, PNBP, the import."""
    budget = f"{BASE}/years/{YEAR}/budget"
    return [
        ("put", f"{budget}/lines/{line_id}", {"unlinked_reason": "uji"}),
        ("post", f"{budget}/revisions", {"description": "uji"}),
        ("put", f"{BASE}/years/{YEAR}/pnbp", {"reason": "uji"}),
        ("post", f"{budget}/import", None),
    ]


@pytest.mark.parametrize("username", ROLES)
def test_budget_writes_need_the_budget_right(client, module_users, username, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kinerja.budget.models import Line

    settings.MEDIA_ROOT = tmp_path
    line = Line.objects.filter(budget__unit__code=UNIT, budget__year=YEAR).first()
    auth = headers(module_users[username])
    reader = headers(module_users[username], "read")
    line_path = f"{BASE}/years/{YEAR}/budget/lines/{line.pk}"
    assert client.get(line_path, **reader).status_code == (404 if username == "luar" else 200)
    xlsx = client.get(f"{BASE}/years/{YEAR}/budget/lines.xlsx", **headers(module_users["admin"]))
    for method, path, data in budget_writes(line.pk):
        if data is None:  # the import: the unit's own listing, dry run
            upload = SimpleUploadedFile("a.xlsx", xlsx.content)
            response = client.post(path, {"file": upload, "dry_run": "true"}, **auth)
        else:
            call = getattr(client, method)
            response = call(path, data, content_type="application/json", **auth)
        status = response.status_code
        if username == "luar":
            expected = 404
        elif username in {"admin", "perencana", "keuangan"}:
            expected = 201 if path.endswith("/revisions") else 200
        else:
            expected = 403
        assert status == expected, f"{username} {method} {path}: {status} {response.json()}"
        # a read token writes nothing, whoever holds it
        if data is not None:
            refused = getattr(client, method)(path, data, content_type="application/json", **reader)
            assert refused.status_code == 403, (username, path)

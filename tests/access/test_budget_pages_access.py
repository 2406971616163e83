"""The budget pages through HTTP: every demo role × both demo units. Reading is for every
reader of the unit (404 for a unit that is not theirs); writing is for finance and the
planning team of that unit only (403 for a reader, 404 for another unit's people)."""

import pytest
from django.urls import reverse

from kinerja.budget.models import Line

YEAR = 2023
PALEMBANG, PONTIANAK = "bspji-palembang", "bspji-pontianak"
ROLES = ["admin", "perencana", "pic", "koordinator", "kepala", "keuangan", "bskji", "luar"]
# Who reads, who writes, per unit. ``luar`` is the planner of BSPJI Pontianak.
READERS = {
    PALEMBANG: {"admin", "perencana", "pic", "koordinator", "kepala", "keuangan", "bskji"},
    PONTIANAK: {"admin", "bskji", "luar"},
}
WRITERS = {PALEMBANG: {"admin", "perencana", "keuangan"}, PONTIANAK: {"admin", "luar"}}


@pytest.fixture
def client_as(client, module_users, evidence_root):
    def login(username):
        client.logout()
        client.force_login(module_users[username])
        return client

    return login


def _line_pk() -> int:
    return Line.objects.filter(budget__unit__code=PALEMBANG, budget__year=YEAR).first().pk


def _expected_read(unit, username):
    return 200 if username in READERS[unit] else 404


def _expected_write(unit, username, allowed_status):
    if username in WRITERS[unit]:
        return allowed_status
    return 403 if username in READERS[unit] else 404


@pytest.mark.parametrize("unit", [PALEMBANG, PONTIANAK])
@pytest.mark.parametrize("username", ROLES)
def test_reading_the_budget_pages(client_as, username, unit):
    client = client_as(username)
    urls = [
        reverse("budget:overview", args=[unit, YEAR]),
        reverse("budget:xlsx", args=[unit, YEAR]),
    ]
    if unit == PALEMBANG:
        urls.append(reverse("budget:line", args=[unit, YEAR, _line_pk()]))
    for url in urls:
        status = client.get(url).status_code
        assert status == _expected_read(unit, username), f"{username} GET {url}: {status}"


@pytest.mark.parametrize("unit", [PALEMBANG, PONTIANAK])
@pytest.mark.parametrize("username", ROLES)
def test_writing_the_budget(client_as, username, unit):
    client = client_as(username)
    cases = [
        ("GET", reverse("budget:upload", args=[unit, YEAR]), {}, 200),
        ("POST", reverse("budget:upload", args=[unit, YEAR]), {}, 200),  # form errors
        ("GET", reverse("budget:pnbp", args=[unit, YEAR]), {}, 200),
        ("POST", reverse("budget:pnbp", args=[unit, YEAR]), {"revenue_target": "x"}, 200),
        ("GET", reverse("budget:review", args=[unit, YEAR, "tidak-ada"]), {}, 302),
    ]
    if unit == PALEMBANG:
        line = reverse("budget:line", args=[unit, YEAR, _line_pk()])
        cases += [
            ("POST", line, {"name": ""}, 200),  # refused by the form: written by nobody
            ("POST", reverse("budget:revision_add", args=[unit, YEAR]), {}, 302),
        ]
    for method, url, data, allowed in cases:
        response = client.get(url) if method == "GET" else client.post(url, data)
        expected = _expected_write(unit, username, allowed)
        assert response.status_code == expected, f"{username} {method} {url}"


def test_the_menu_shows_the_budget_to_every_reader(client_as):
    url = reverse("budget:overview", args=[PALEMBANG, YEAR])
    for username in ("pic", "keuangan", "kepala"):
        page = client_as(username).get(reverse("dashboard:unit", args=[PALEMBANG, YEAR]))
        assert f'href="{url}"' in page.content.decode(), username

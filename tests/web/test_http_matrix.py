"""The permission matrix through HTTP: every page and every form, for every demo role,
on the user's own unit and on another unit. tests/access/ checks the rules themselves;
this checks that every view asks them.

Reading: members of BSPJI Palembang and the BSKJI reviewer get 200, the planner of
BSPJI Pontianak (``luar``) gets 404 (the unit is not theirs to know), anonymous
visitors are sent to the login page. Writing: a role without the right gets 403 (or
404 when the unit is not theirs); a role with it gets past the check (the empty form
comes back with its errors, or the harmless action is done)."""

import pytest
from django.urls import reverse

from kinerja.planning.models import PlanVersion

UNIT, YEAR = "bspji-palembang", 2023
ROLES = ["admin", "perencana", "pic", "koordinator", "kepala", "keuangan", "bskji", "luar"]
MEMBERS = ["admin", "perencana", "pic", "koordinator", "kepala", "keuangan", "bskji"]


def plan_version_id() -> int:
    return PlanVersion.objects.get(plan__unit__code=UNIT, in_force=True).pk


def read_pages() -> list[str]:
    version = plan_version_id()
    return [
        reverse("dashboard:unit", args=[UNIT, YEAR]),
        reverse("measurement:entries", args=[UNIT, YEAR]),
        reverse("measurement:entry", args=[UNIT, YEAR, 1, "SK3.1"]),
        reverse("measurement:windows", args=[UNIT, YEAR]),
        reverse("planning:overview", args=[UNIT]),
        reverse("planning:plan_version", args=[UNIT, version]),
        reverse("planning:targets_xlsx", args=[UNIT, version]),
        reverse("planning:agreement", args=[UNIT, YEAR]),
        reverse("planning:action_plan", args=[UNIT, YEAR]),
        reverse("planning:realizations_xlsx", args=[UNIT, YEAR]),
        reverse("reports:index", args=[UNIT, YEAR]),
        reverse("reports:narratives", args=[UNIT, YEAR]),
        reverse("review:review", args=[UNIT, YEAR]),
        reverse("audit:unit_log", args=[UNIT]),
        reverse("audit:export", args=[UNIT]),
        reverse("budget:overview", args=[UNIT, YEAR]),
        reverse("budget:xlsx", args=[UNIT, YEAR]),
    ]


# (name, url args, POST data, roles allowed in Palembang)
WRITES = [
    ("measurement:entry", [1, "SK3.1"], {"action": "save"}, {"admin", "perencana", "pic"}),
    ("measurement:entry", [1, "SK5.1"], {"action": "save"}, {"admin", "perencana"}),
    ("measurement:windows", [], {"action": "set", "quarter": "1"}, {"admin", "perencana"}),
    ("planning:agreement_revise", [], {}, {"admin", "perencana"}),
    ("planning:realizations_upload", [], {}, {"admin", "perencana"}),
    ("reports:narrative_edit", ["conclusion"], {"text": ""}, {"admin", "perencana", "kepala"}),
    # A report built by a background job: whoever reads the unit (queued, not run here).
    ("reports:render", ["lakin", "xlsx"], {}, set(MEMBERS)),
    ("budget:upload", [], {}, {"admin", "perencana", "keuangan"}),
    ("budget:pnbp", [], {"revenue_target": "x"}, {"admin", "perencana", "keuangan"}),
    ("budget:revision_add", [], {}, {"admin", "perencana", "keuangan"}),
]
# Forms whose permitted use is slow or one-way (issuing a final renders every format,
# signing needs a draft): only the refusals are checked here; their own tests use them.
REFUSAL_ONLY = [
    ("reports:finalize", [], {"document": "lakin", "reason": "uji"}, {"admin", "kepala"}),
    ("planning:agreement_sign", [], {}, {"admin", "kepala"}),
]


@pytest.fixture
def client_as(client, module_users):
    def login(username):
        client.logout()
        if username:
            client.force_login(module_users[username])
        return client

    return login


@pytest.mark.parametrize("username", ROLES)
def test_reading_every_page(client_as, username):
    client = client_as(username)
    for url in read_pages():
        status = client.get(url).status_code
        expected = 404 if username == "luar" else 200
        assert status == expected, f"{username} GET {url}: {status}, expected {expected}"


def test_anonymous_visitors_are_sent_to_log_in(client_as):
    client = client_as(None)
    for url in read_pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def _write_url(name, args):
    if name.split(":")[0] in {"planning", "reports", "measurement", "budget"}:
        return reverse(name, args=[UNIT, YEAR, *args])
    raise AssertionError(name)


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize(("name", "args", "data", "allowed"), WRITES + REFUSAL_ONLY)
def test_writing_needs_the_right(client_as, username, name, args, data, allowed):
    if username in allowed and (name, args, data, allowed) in REFUSAL_ONLY:
        pytest.skip("permitted use is tested in the feature's own tests")
    client = client_as(username)
    status = client.post(_write_url(name, args), data).status_code
    if username == "luar":
        expected = {404}
    elif username in allowed:
        expected = {200, 302}
    else:
        expected = {403}
    assert status in expected, f"{username} POST {name} {args}: {status}, expected {expected}"


def test_the_parent_view_is_for_reviewers_of_that_parent(client_as):
    url = reverse("dashboard:parent", args=["bskji", YEAR])
    assert client_as("bskji").get(url).status_code == 200
    assert client_as("admin").get(url).status_code == 200
    for username in ["perencana", "pic", "kepala", "luar"]:
        assert client_as(username).get(url).status_code == 404, username
    # A satker member asking for their own unit's "parent view" may not review it.
    own = reverse("dashboard:parent", args=[UNIT, YEAR])
    assert client_as("kepala").get(own).status_code == 403


def test_evidence_is_served_only_to_readers_of_the_unit(client_as, module_users, files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kinerja.measurement import workflow
    from kinerja.planning.models import Indicator

    indicator = Indicator.objects.get(
        code="SK3.1", version__plan__unit__code=UNIT, version__in_force=True
    )
    entry = workflow.entry_for(indicator, YEAR, 1)
    evidence = workflow.add_evidence(
        entry,
        module_users["pic"],
        SimpleUploadedFile("bukti.pdf", files["pdf"], content_type="application/pdf"),
    )
    url = reverse("measurement:evidence", args=[UNIT, YEAR, 1, "SK3.1", evidence.pk])
    for username in MEMBERS:
        response = client_as(username).get(url)
        assert response.status_code == 200, username
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_as("luar").get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302


def test_public_pages_need_no_account(client_as):
    client = client_as(None)
    for url in [
        reverse("reports:public_index"),
        reverse("reports:public_unit", args=[UNIT]),
        reverse("survey:form", args=[UNIT]),
    ]:
        assert client.get(url).status_code == 200, url

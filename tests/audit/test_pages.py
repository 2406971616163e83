"""The unit's audit pages: who may read them, the filters, one change, the CSV export
and the admin (read-only). The demo is loaded without an actor; the changes made here
are attributed through the request (middleware) or audit_context."""

import csv
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kinerja.audit.context import audit_context
from kinerja.audit.models import Change
from kinerja.audit.selectors import history_for
from kinerja.org.models import Unit
from kinerja.planning.models import Target
from kinerja.reports.models import Narrative

PALEMBANG = "bspji-palembang"


def sk11_target() -> Target:
    return Target.objects.get(
        indicator__code="SK1.1",
        indicator__version__in_force=True,
        year=2023,
        indicator__version__plan__unit__code=PALEMBANG,
    )


@pytest.fixture
def revised(users):
    """One revised target of Palembang, by the planner, with a reason."""
    perencana = users["perencana"]
    row = sk11_target()
    old = row.value
    with audit_context(
        user_id=perencana.pk, username="perencana", source="web", reason="Revisi PK 2023"
    ):
        row.value = old + 5
        row.save()
    return Change.objects.for_object(row).get(action="update")


def test_who_may_read_a_units_log(client, users, revised):
    url = reverse("audit:unit_log", args=[PALEMBANG])
    export = reverse("audit:export", args=[PALEMBANG])
    detail = reverse("audit:change", args=[PALEMBANG, revised.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for name in ("perencana", "pic", "kepala", "keuangan", "bskji"):
        client.force_login(users[name])
        assert client.get(url).status_code == 200, name
        assert client.get(detail).status_code == 200, name
    client.force_login(users["luar"])  # another unit's planner: the unit does not exist
    for address in (url, export, detail):
        assert client.get(address).status_code == 404


def test_another_units_change_is_not_found_under_this_unit(client, users):
    pontianak = Unit.objects.get(code="bspji-pontianak")
    with audit_context(username="luar", source="web"):
        narrative = Narrative.objects.create(unit=pontianak, year=2023, kind="summary", text="x")
    change = Change.objects.for_object(narrative).get()
    assert change.unit == pontianak
    client.force_login(users["admin"])  # even the superuser
    assert client.get(reverse("audit:change", args=[PALEMBANG, change.pk])).status_code == 404
    page = client.get(reverse("audit:unit_log", args=[PALEMBANG]), {"type": "reports.narrative"})
    # (Palembang's own narratives, loaded with the demo, are listed; Pontianak's is not)
    shown = list(page.context["page"].object_list)
    assert change not in shown and all(c.unit == Unit.objects.get(code=PALEMBANG) for c in shown)
    ok = client.get(reverse("audit:change", args=["bspji-pontianak", change.pk]))
    assert ok.status_code == 200


def test_the_log_shows_who_old_new_and_why(client, users, revised):
    client.force_login(users["kepala"])
    response = client.get(reverse("audit:unit_log", args=[PALEMBANG]))
    first = response.context["page"].object_list[0]
    assert first == revised
    (row,) = first.rows
    assert (row.label, row.old_text, row.new_text) == ("Target", "30,00", "35,00")
    html = response.content.decode()
    # A sentence, not field names and JSON: who changed what, from what to what.
    assert "perencana mengubah" in html and "Target dari 30,00 menjadi 35,00" in html
    assert "Revisi PK 2023" in html and "perencana" in html
    assert response.context["nav"] == "audit" and response.context["year"] == 2023
    # The demo's own load is in the log too, page by page.
    assert response.context["page"].paginator.count > 50
    second = client.get(reverse("audit:unit_log", args=[PALEMBANG]), {"page": 2})
    assert second.context["page"].number == 2


def test_the_filters_narrow_the_log(client, users, revised):
    client.force_login(users["perencana"])
    url = reverse("audit:unit_log", args=[PALEMBANG])

    def found(**params):
        return list(client.get(url, params).context["page"].object_list)

    assert found(user="perenc") == [revised]
    assert found(text="revisi pk") == [revised]
    assert revised in found(type="planning.target")
    assert revised not in found(type="budget.line")
    today = timezone.localdate(revised.at).isoformat()
    assert revised in found(since=today, until=today)
    assert found(since="2000-01-01", until="2000-12-31") == []
    bad = client.get(url, {"since": "2024-05-02", "until": "2024-05-01"})
    assert bad.context["page"] is None
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in bad.content.decode()
    assert bad.context["form"]["until"].value() == "2024-05-01"  # input kept


def test_one_change_shows_every_field(client, users, revised):
    client.force_login(users["bskji"])
    response = client.get(reverse("audit:change", args=[PALEMBANG, revised.pk]))
    rows = {row.name: row for row in response.context["rows"]}
    assert rows["value"].changed and (rows["value"].old_text, rows["value"].new_text) == (
        "30,00",
        "35,00",
    )
    assert not rows["year"].changed and rows["year"].new_text == "2023"
    assert rows["indicator"].new_text == "SK1.1"  # a foreign key by its code
    assert "Revisi PK 2023" in response.content.decode()


def test_the_csv_export_has_one_row_per_changed_field(client, users, revised):
    client.force_login(users["koordinator"])
    response = client.get(reverse("audit:export", args=[PALEMBANG]), {"text": "Revisi PK"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "at", "user", "source", "action", "object_type", "object_id", "object",
        "field", "old", "new", "reason",
    ]  # fmt: skip
    assert rows[1:] == [
        [
            rows[1][0],
            "perencana",
            "web",
            "update",
            "planning.target",
            str(revised.object_id),
            revised.object_repr,
            "value",
            "30",
            "35",
            "Revisi PK 2023",
        ]
    ]
    assert rows[1][0].startswith(timezone.localdate(revised.at).isoformat())
    bad = client.get(reverse("audit:export", args=[PALEMBANG]), {"since": "kemarin"})
    assert bad.status_code == 400


def test_a_creation_lists_its_fields_in_the_export(client, users):
    with audit_context(username="kepala", source="web", reason="Narasi baru"):
        Narrative.objects.create(
            unit=Unit.objects.get(code=PALEMBANG), year=2024, kind="summary", text="Ringkas"
        )
    client.force_login(users["kepala"])
    response = client.get(reverse("audit:export", args=[PALEMBANG]), {"text": "Narasi baru"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    fields = {row[7]: (row[8], row[9]) for row in rows[1:]}
    unit_id = str(Unit.objects.get(code=PALEMBANG).pk)
    assert fields == {
        "unit": ("", unit_id),
        "year": ("", "2024"),
        "kind": ("", "summary"),
        "text": ("", "Ringkas"),
    }


def test_an_admin_edit_is_attributed_to_the_logged_in_user(client, users):
    client.force_login(users["admin"])
    unit = Unit.objects.get(code=PALEMBANG)
    add = client.post(
        reverse("admin:reports_narrative_add"),
        {"unit": unit.pk, "year": 2024, "indicator": "", "kind": "obstacles", "text": "Awal"},
    )
    assert add.status_code == 302, add.context["adminform"].form.errors
    narrative = Narrative.objects.get(unit=unit, year=2024, kind="obstacles", indicator=None)
    client.post(
        reverse("admin:reports_narrative_change", args=[narrative.pk]),
        {"unit": unit.pk, "year": 2024, "indicator": "", "kind": "obstacles", "text": "Kedua"},
    )
    created, updated = Change.objects.for_object(narrative).order_by("pk")
    for change in (created, updated):
        assert (change.user, change.username, change.source) == (users["admin"], "admin", "admin")
    assert created.action == "create" and created.after["text"] == "Awal"
    assert updated.action == "update" and updated.changed_fields() == ["text"]
    assert (updated.before["text"], updated.after["text"]) == ("Awal", "Kedua")


def test_the_admin_shows_changes_but_never_alters_them(client, users, revised):
    client.force_login(users["admin"])
    assert client.get(reverse("admin:audit_change_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_change_change", args=[revised.pk])).status_code == 200
    assert client.get(reverse("admin:audit_change_add")).status_code == 403
    edit = client.post(
        reverse("admin:audit_change_change", args=[revised.pk]), {"reason": "dipalsukan"}
    )
    assert edit.status_code == 403
    delete = client.post(reverse("admin:audit_change_delete", args=[revised.pk]), {"post": "yes"})
    assert delete.status_code == 403
    revised.refresh_from_db()
    assert revised.reason == "Revisi PK 2023"


def test_the_history_include_shows_old_new_per_field(users, revised):
    row = sk11_target()
    html = render_to_string(
        "audit/_history.html",
        {"changes": history_for(row), "unit": Unit.objects.get(code=PALEMBANG)},
    )
    assert "Riwayat perubahan" in html
    assert "30" in html and "35" in html and "Revisi PK 2023" in html
    assert reverse("audit:change", args=[PALEMBANG, revised.pk]) in html
    assert history_for(row)[0] == revised  # newest first
    assert history_for(row)[0].rows[0].new == "35"
    assert "Belum ada perubahan" in render_to_string("audit/_history.html", {"changes": []})
    assert Decimal(revised.after["value"]) == Decimal("35")


def test_the_log_page_asks_a_bounded_number_of_queries(
    client, users, django_assert_max_num_queries
):
    client.force_login(users["perencana"])
    url = reverse("audit:unit_log", args=[PALEMBANG])
    # 50 changes of all kinds: foreign keys are named with one query per related model.
    with django_assert_max_num_queries(15):
        response = client.get(url, {"page": 3})
    assert len(response.context["page"].object_list) == 50

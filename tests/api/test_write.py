"""Writing through the API uses the web's services: values and narratives, workflow
steps, evidence, datasets with dry-run. Bad input is a 4xx with the located message and
writes nothing."""

import datetime as dt

import pytest
import yaml

from kinerja.audit.models import Change
from kinerja.measurement.models import EntryWindow, Evidence, QuarterEntry, Realization

BASE = "/api/v1/units/bspji-palembang"
ENTRY = f"{BASE}/years/2023/entries/1/SK3.1"


@pytest.fixture
def open_windows(demo):
    EntryWindow.objects.filter(unit__code="bspji-palembang", year=2023).delete()


@pytest.fixture
def pic(users, bearer):
    return bearer(users["pic"], "write")


def put(client, path, data, auth):
    return client.put(path, data, content_type="application/json", **auth)


def stored(indicator="SK3.1", quarter=1):
    return QuarterEntry.objects.filter(
        indicator__code=indicator,
        indicator__version__plan__unit__code="bspji-palembang",
        year=2023,
        quarter=quarter,
    ).first()


def test_save_value_and_narrative_then_submit(
    client, open_windows, pic, users, bearer, files, evidence_root
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = put(client, ENTRY, {"value": "2", "narrative": "Dua perusahaan."}, pic)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["value"] == "2" and body["status"] == "draft"
    entry = stored()
    assert entry.narrative == "Dua perusahaan."
    assert Realization.objects.get(indicator=entry.indicator, year=2023, period="q1").value == 2
    assert Change.objects.filter(source="api", username="pic").exists()
    client.post(
        f"{ENTRY}/evidence",
        {"file": SimpleUploadedFile("bukti.pdf", files["pdf"], content_type="application/pdf")},
        **pic,
    )
    submitted = client.post(
        f"{ENTRY}/submit", {"comment": ""}, content_type="application/json", **pic
    )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    # the coordinator verifies through the API too
    verified = client.post(
        f"{ENTRY}/verify",
        {},
        content_type="application/json",
        **bearer(users["koordinator"], "write"),
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"


def test_wrong_type_is_located_and_nothing_written(client, open_windows, pic):
    response = put(client, ENTRY, {"value": "dua", "narrative": "x"}, pic)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["loc"] == ["value"] and "dua" in body["errors"][0]["msg"]
    assert stored() is None or stored().narrative == ""
    not_a_string = put(client, ENTRY, {"value": ["2"]}, pic)
    assert not_a_string.status_code == 422
    assert not_a_string.json()["errors"][0]["loc"][-1] == "value"


def test_unknown_indicator_is_404(client, open_windows, pic):
    response = put(client, f"{BASE}/years/2023/entries/1/XX9.9", {"value": "1"}, pic)
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


def test_closed_window_is_refused(client, demo, pic):
    before = list(
        Realization.objects.filter(indicator__code="SK3.1", year=2023).values_list(
            "period", "value"
        )
    )
    EntryWindow.objects.update_or_create(
        unit=stored_unit(),
        year=2023,
        quarter=1,
        defaults={"opens_on": dt.date(2023, 4, 1), "closes_on": dt.date(2023, 4, 14)},
    )
    response = put(client, ENTRY, {"value": "2", "narrative": "x"}, pic)
    assert response.status_code == 400
    assert response.json()["detail"]
    after = Realization.objects.filter(indicator__code="SK3.1", year=2023)
    assert list(after.values_list("period", "value")) == before
    assert stored() is None or stored().narrative == ""


def stored_unit():
    from kinerja.org.models import Unit

    return Unit.objects.get(code="bspji-palembang")


def test_stale_version_is_409(client, open_windows, pic):
    first = put(client, ENTRY, {"narrative": "satu"}, pic).json()
    put(client, ENTRY, {"narrative": "dua", "seen": first["version"]}, pic)
    stale = put(client, ENTRY, {"narrative": "tiga", "seen": first["version"]}, pic)
    assert stale.status_code == 409
    assert stale.json()["errors"]
    assert stored().narrative == "dua"


def put_if_match(client, data, auth, version):
    return client.put(ENTRY, data, content_type="application/json", HTTP_IF_MATCH=version, **auth)


@pytest.mark.parametrize("quote", ['"{}"', 'W/"{}"', "{}"])
def test_if_match_carries_the_version_as_seen_does(client, open_windows, pic, quote):
    first = put(client, ENTRY, {"value": "1", "narrative": "satu"}, pic).json()
    fresh = put_if_match(client, {"narrative": "dua"}, pic, quote.format(first["version"]))
    assert fresh.status_code == 200, fresh.json()
    assert fresh.json()["narrative"] == "dua" and fresh.json()["version"] != first["version"]
    changes = Change.objects.count()
    realizations = list(Realization.objects.values_list("pk", "value"))
    stale = put_if_match(
        client, {"value": "3", "narrative": "tiga"}, pic, quote.format(first["version"])
    )
    assert stale.status_code == 409
    # the same body as a stale `seen`
    by_seen = put(client, ENTRY, {"value": "3", "narrative": "tiga", "seen": first["version"]}, pic)
    assert by_seen.status_code == 409 and stale.json() == by_seen.json()
    assert stale.json()["detail"] and stale.json()["errors"][0]["msg"]
    # nothing written: the entry, its realization, the audit trail
    assert stored().narrative == "dua"
    assert list(Realization.objects.values_list("pk", "value")) == realizations
    assert Change.objects.count() == changes


def test_seen_in_the_body_wins_over_if_match(client, open_windows, pic):
    first = put(client, ENTRY, {"narrative": "satu"}, pic).json()
    second = put(client, ENTRY, {"narrative": "dua", "seen": first["version"]}, pic).json()
    # a current `seen` with a stale If-Match: the body's is the one checked
    ok = put_if_match(
        client, {"narrative": "tiga", "seen": second["version"]}, pic, f'"{first["version"]}"'
    )
    assert ok.status_code == 200 and stored().narrative == "tiga"
    # a stale `seen` with a current If-Match: refused
    refused = put_if_match(
        client, {"narrative": "empat", "seen": first["version"]}, pic, f'"{ok.json()["version"]}"'
    )
    assert refused.status_code == 409 and stored().narrative == "tiga"


def test_if_match_star_or_none_saves_without_a_check(client, open_windows, pic):
    put(client, ENTRY, {"narrative": "satu"}, pic)
    assert put_if_match(client, {"narrative": "dua"}, pic, "*").status_code == 200
    assert put(client, ENTRY, {"narrative": "tiga"}, pic).status_code == 200
    assert stored().narrative == "tiga"


def test_evidence_upload(client, open_windows, pic, files, evidence_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = client.post(
        f"{ENTRY}/evidence",
        {"file": SimpleUploadedFile("bukti.pdf", files["pdf"], content_type="application/pdf")},
        **pic,
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["evidence"] == ["bukti.pdf"]
    refused = client.post(
        f"{ENTRY}/evidence",
        {"file": SimpleUploadedFile("x.pdf", files["exe"], content_type="application/pdf")},
        **pic,
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["loc"] == ["file"]
    assert Evidence.objects.count() == 1


def _dataset(client, auth) -> str:
    return client.get(f"{BASE}/plans/2021-2024/dataset", **auth).json()["yaml"]


def test_dataset_dry_run_then_load(client, users, bearer):
    auth = bearer(users["perencana"], "write")
    data = yaml.safe_load(_dataset(client, auth))
    data["unit"]["name"] = "BSPJI Palembang (uji)"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    dry = client.post(
        "/api/v1/datasets", {"yaml": text, "dry_run": True}, content_type="application/json", **auth
    )
    assert dry.status_code == 200, dry.json()
    assert dry.json()["dry_run"] and dry.json()["changed"]
    assert stored_unit().name != "BSPJI Palembang (uji)"
    real = client.post("/api/v1/datasets", {"yaml": text}, content_type="application/json", **auth)
    assert real.status_code == 200 and real.json()["changed"]
    assert stored_unit().name == "BSPJI Palembang (uji)"
    again = client.post("/api/v1/datasets", {"yaml": text}, content_type="application/json", **auth)
    assert again.json()["changed"] is False


def test_dataset_problems_are_located(client, users, bearer):
    auth = bearer(users["perencana"], "write")
    data = yaml.safe_load(_dataset(client, auth))
    data["realizations"][0]["indicator"] = "XX9.9"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    before = Realization.objects.count()
    response = client.post(
        "/api/v1/datasets", {"yaml": text}, content_type="application/json", **auth
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["loc"][:2] == ["realizations", 0] and "XX9.9" in error["msg"]
    assert Realization.objects.count() == before
    broken = client.post(
        "/api/v1/datasets", {"yaml": "a: [1"}, content_type="application/json", **auth
    )
    assert broken.status_code == 400 and "YAML" in broken.json()["errors"][0]["msg"]


def test_records_read_and_import_with_dry_run(client, users, bearer):
    from kinerja.sources.models import ServiceOrder

    counts = "/api/v1/units/bspji-palembang/records/service_counts"
    listed = client.get(f"{counts}?year=2023", **bearer(users["koordinator"]))
    assert listed.status_code == 200
    rows = listed.json()["rows"]
    assert rows and all(r["year"] == 2023 for r in rows)
    assert client.get(f"{counts}?year=1990", **bearer(users["koordinator"])).json()["rows"] == []
    path = "/api/v1/units/bspji-palembang/records/service_orders"
    before = ServiceOrder.objects.count()
    header = "number,type,customer,ordered_on,fee\n"
    good = header + "API-001,pengujian,PT Uji,2024-05-02,150000\n"
    auth = bearer(users["perencana"], "write")
    dry = client.post(path, {"file": _csv("orders.csv", good), "dry_run": "true"}, **auth)
    assert dry.status_code == 200, dry.json()
    assert dry.json()["dry_run"] and ServiceOrder.objects.count() == before
    done = client.post(path, {"file": _csv("orders.csv", good)}, **auth)
    assert done.status_code == 200 and ServiceOrder.objects.count() == before + 1
    bad = header + "API-002,pengujian,PT Uji,2024-13-45,150000\n"
    refused = client.post(path, {"file": _csv("orders.csv", bad)}, **auth)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["loc"]
    assert ServiceOrder.objects.count() == before + 1
    # finance may read records but not import them (the planning right)
    assert (
        client.post(
            path, {"file": _csv("o.csv", good)}, **bearer(users["keuangan"], "write")
        ).status_code
        == 403
    )


def _csv(name, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_nul_character_is_located_and_nothing_written(client, open_windows, pic):
    """No database column holds a NUL (PostgreSQL refuses it): a 400 naming the field,
    not a server error."""
    response = put(client, ENTRY, {"narrative": "a\x00b", "value": "2"}, pic)
    assert response.status_code == 400
    assert [e["loc"] for e in response.json()["errors"]] == [["narrative"]]
    assert stored() is None or stored().narrative == ""
    step = client.post(
        f"{ENTRY}/submit", {"comment": "\x00"}, content_type="application/json", **pic
    )
    assert step.status_code == 400 and step.json()["errors"][0]["loc"] == ["comment"]

"""Reading through the API: the same figures as the CLI, units and their hierarchy,
pagination and filters, the error body for what a unit does not have."""

import io
import json

import pytest
from django.core.management import call_command


def cli_json(*args) -> dict:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_measures_equal_the_cli_bspji(client, users, bearer):
    response = client.get(
        "/api/v1/units/bspji-palembang/years/2023/measures", **bearer(users["perencana"])
    )
    assert response.status_code == 200
    assert response.json() == cli_json("measures", "--unit", "bspji-palembang", "--year", "2023")


def test_measures_equal_the_cli_regional(client, regional_demo, bearer):
    response = client.get(
        "/api/v1/units/setda-sumut/years/2021/measures", **bearer(regional_demo["pemprov"])
    )
    assert response.status_code == 200
    expected = cli_json("measures", "--unit", "setda-sumut", "--year", "2021")
    assert response.json() == expected
    # decimals are strings, never floats
    assert all(
        isinstance(v, str | None)
        for row in expected["indicators"]
        for k, v in row.items()
        if k in ("target", "realization", "achievement_pct")
    )


def test_a_year_without_data_is_404_with_the_message(client, users, bearer):
    response = client.get(
        "/api/v1/units/bspji-palembang/years/1999/measures", **bearer(users["perencana"])
    )
    assert response.status_code == 404
    assert "1999" in response.json()["detail"]


def test_unit_hierarchy_for_the_reviewer(client, users, bearer):
    headers = bearer(users["bskji"])
    units = client.get("/api/v1/units", **headers).json()
    codes = {u["code"] for u in units["items"]}
    assert {"bskji", "bspji-palembang", "bspji-pontianak"} <= codes
    assert units["count"] == len(codes)
    detail = client.get("/api/v1/units/bspji-palembang", **headers).json()
    assert detail["parent"] == "bskji" and "bskji" in detail["ancestors"]
    children = client.get("/api/v1/units/bskji", **headers).json()["children"]
    assert {"bspji-palembang", "bspji-pontianak"} <= set(children)


def test_pagination_and_filter(client, users, bearer):
    headers = bearer(users["bskji"])
    everything = client.get("/api/v1/units", **headers).json()
    page = client.get("/api/v1/units?limit=1&offset=1", **headers).json()
    assert page["count"] == everything["count"]
    assert page["items"] == everything["items"][1:2]
    below = client.get("/api/v1/units?parent=bskji", **headers).json()["items"]
    assert below and all(u["parent"] == "bskji" for u in below)


def test_plans_indicators_agreements(client, users, bearer):
    headers = bearer(users["perencana"])
    plans = client.get("/api/v1/units/bspji-palembang/plans", **headers).json()
    plan = plans[0]
    in_force = next(v for v in plan["versions"] if v["in_force"])
    indicators = client.get(
        f"/api/v1/units/bspji-palembang/plans/{plan['code']}/versions/{in_force['number']}"
        "/indicators",
        **headers,
    ).json()
    assert any(i["code"] == "SK3.1" for i in indicators)
    assert all(isinstance(t["value"], str | None) for i in indicators for t in i["targets"])
    agreements = client.get("/api/v1/units/bspji-palembang/agreements?year=2023", **headers).json()
    assert [a["year"] for a in agreements] == [2023]
    assert agreements[0]["version_in_force"] is not None


def test_entries_with_status_filter(client, users, bearer):
    headers = bearer(users["koordinator"])
    rows = client.get("/api/v1/units/bspji-palembang/years/2023/entries?limit=500", **headers)
    assert rows.status_code == 200
    items = rows.json()["items"]
    assert {r["quarter"] for r in items} == {1, 2, 3, 4}
    status = items[0]["status"]
    only = client.get(
        f"/api/v1/units/bspji-palembang/years/2023/entries?limit=500&status={status}", **headers
    ).json()["items"]
    assert only and all(r["status"] == status for r in only)


@pytest.mark.parametrize(
    "command,path",
    [
        ("budget", "budget"),
        ("consistency", "consistency"),
        ("efficiency", "efficiency"),
    ],
)
def test_budget_efficiency_consistency_equal_the_cli(client, users, bearer, command, path):
    response = client.get(
        f"/api/v1/units/bspji-palembang/years/2023/{path}", **bearer(users["keuangan"])
    )
    assert response.status_code == 200
    assert response.json() == cli_json(command, "--unit", "bspji-palembang", "--year", "2023")


def test_openapi_document_and_docs_page(client, demo):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "'self'" in page["Content-Security-Policy"]


def test_etag_gives_304_until_the_data_changes(client, users, bearer):
    from kinerja.org.models import Unit

    headers = bearer(users["perencana"])
    first = client.get("/api/v1/units/bspji-palembang", **headers)
    tag = first["ETag"]
    again = client.get("/api/v1/units/bspji-palembang", HTTP_IF_NONE_MATCH=tag, **headers)
    assert again.status_code == 304 and not again.content
    Unit.objects.filter(code="bspji-palembang").update(short_name="Palembang")
    changed = client.get("/api/v1/units/bspji-palembang", HTTP_IF_NONE_MATCH=tag, **headers)
    assert changed.status_code == 200 and changed["ETag"] != tag


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units/bspji-palembang/years/99999999999999999999/measures",
        "/api/v1/units/bspji-palembang/years/2023/entries?quarter=9",
        "/api/v1/units/bspji-palembang/agreements?year=-1",
        "/api/v1/units/bspji-palembang/final-reports/99999999999999/pdf",
    ],
)
def test_numbers_out_of_range_are_422_and_located(client, users, bearer, path):
    response = client.get(path, **bearer(users["perencana"]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"]


def test_final_reports_listed_and_downloaded_as_stored(client, users, bearer, evidence_root):
    import hashlib

    from django.core.files.base import ContentFile

    from kinerja.org.models import Unit
    from kinerja.reports.models import FinalReport, FinalReportFile

    content = b"%PDF-1.4 as issued\n%%EOF\n"
    report = FinalReport.objects.create(
        unit=Unit.objects.get(code="bspji-palembang"),
        year=2023,
        kind="lakin",
        version=1,
        data_hash="d" * 64,
        content_hash="c" * 64,
        data_snapshot={},
    )
    FinalReportFile.objects.create(
        report=report,
        format="pdf",
        file=ContentFile(content, name="lakin.pdf"),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    headers = bearer(users["kepala"])
    listed = client.get("/api/v1/units/bspji-palembang/final-reports?year=2023", **headers)
    row = listed.json()["items"][0]
    assert (row["id"], row["version"], row["formats"]) == (report.pk, 1, ["pdf"])
    path = f"/api/v1/units/bspji-palembang/final-reports/{report.pk}/pdf"
    download = client.get(path, **headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert "attachment" in download["Content-Disposition"]
    assert client.get(path[:-3] + "docx", **headers).status_code == 404
    assert client.get(path, **bearer(users["luar"])).status_code == 404

"""Budget writes through the API: lines (description, ceiling, source, links, months,
outputs), revisions, PNBP and the XLSX line listing with its dry run, all through
budget/services.py. Finance and the planner write; the unit's other readers get a 403,
another unit a 404; bad input is a located 4xx and writes nothing; every change is
audited with source ``api``; figures are strings."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kinerja.audit.models import Change
from kinerja.budget.models import (
    BudgetYear,
    Line,
    LineIndicator,
    LineMonthSpending,
    LineOutput,
    PnbpYear,
    Revision,
)
from kinerja.org.models import Unit

UNIT, YEAR = "bspji-palembang", 2023
BUDGET = f"/api/v1/units/{UNIT}/years/{YEAR}/budget"
PNBP = f"/api/v1/units/{UNIT}/years/{YEAR}/pnbp"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def budget(demo):
    return BudgetYear.objects.get(unit__code=UNIT, year=YEAR)


@pytest.fixture
def leaf(budget):
    return Line.objects.filter(budget=budget, ceiling__isnull=False).order_by("position").first()


@pytest.fixture
def finance(users, bearer):
    return bearer(users["keuangan"], "write")


def put(client, path, data, auth, **extra):
    return client.put(path, data, content_type="application/json", **auth, **extra)


def snapshot(line: Line) -> tuple:
    line.refresh_from_db()
    return (
        line.name,
        line.ceiling,
        line.spending,
        line.source,
        line.unlinked_reason,
        sorted(line.links.values_list("indicator__code", flat=True)),
        sorted(line.months.values_list("month", "amount")),
    )


# ---- reading -------------------------------------------------------------------------
def test_lines_are_listed_with_figures_as_strings(client, budget, users, bearer):
    auth = bearer(users["pic"], "read")
    body = client.get(f"{BUDGET}/lines?limit=1000", **auth).json()
    assert body["count"] == budget.lines.count() > 5
    rows = body["items"]
    top = [r for r in rows if r["depth"] == 0]
    assert all(isinstance(r["ceiling"], str) for r in top)
    # a parent's ceiling is its children's sum, as on the page
    parent = next(r for r in rows if not r["leaf"])
    kids = [r for r in rows if r["parent"] == parent["code"]]
    assert Decimal(parent["ceiling"]) == sum(Decimal(k["ceiling"] or 0) for k in kids)
    leaves = client.get(f"{BUDGET}/lines?level=subkomponen&limit=1000", **auth).json()
    assert leaves["items"] and {r["level"] for r in leaves["items"]} == {"subkomponen"}
    one = rows[-1]
    found = client.get(f"{BUDGET}/lines?line_code={one['code']}", **auth).json()["items"]
    assert [r["id"] for r in found] == [one["id"]]
    single = client.get(f"{BUDGET}/lines/{one['id']}", **auth)
    assert single.status_code == 200 and single.json() == one and single["ETag"]


def test_lines_of_a_year_without_budget_are_404(client, demo, users, bearer):
    response = client.get(
        f"/api/v1/units/{UNIT}/years/1999/budget/lines", **bearer(users["pic"], "read")
    )
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


# ---- a line --------------------------------------------------------------------------
def test_finance_changes_a_line_audited_as_api(client, leaf, finance, budget):
    indicator = LineIndicator.objects.filter(line__budget=budget).first().indicator.code
    response = put(
        client,
        f"{BUDGET}/lines/{leaf.pk}",
        {
            "name": "Uraian baru",
            "ceiling": "500000000",
            "source": "rupiah_murni",
            "indicators": [indicator],
            "months": {"1": "1000", "2": "2500"},
            "reason": "revisi POK",
        },
        finance,
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ceiling"] == "500000000" and body["spending"] == "3500"
    assert body["months"] == {"1": "1000", "2": "2500"}
    assert body["indicators"] == [indicator] and body["name"] == "Uraian baru"
    leaf.refresh_from_db()
    assert leaf.ceiling == Decimal(500_000_000) and leaf.spending == Decimal(3500)
    changes = Change.objects.filter(source="api", username="keuangan", reason="revisi POK")
    models = set(changes.values_list("content_type__model", flat=True))
    assert {"line", "linemonthspending"} <= models
    # fields left out keep what is stored; null clears a month
    again = put(client, f"{BUDGET}/lines/{leaf.pk}", {"months": {"2": None}}, finance).json()
    assert again["name"] == "Uraian baru" and again["months"] == {"1": "1000"}
    assert again["spending"] == "1000" and again["ceiling"] == "500000000"
    # the version read back (months and links included) is the one the write checks
    path = f"{BUDGET}/lines/{leaf.pk}"
    assert put(client, path, {"seen": again["version"]}, finance).status_code == 200


def test_output_values_through_the_line(client, leaf, finance):
    output = LineOutput.objects.create(line=leaf, name="Layanan", unit_label="laporan")
    response = put(
        client,
        f"{BUDGET}/lines/{leaf.pk}",
        {"outputs": [{"id": output.pk, "target": "12.5", "realizations": {"q1": "3"}}]},
        finance,
    )
    assert response.status_code == 200, response.json()
    (shown,) = response.json()["outputs"]
    assert shown == {
        "id": output.pk,
        "name": "Layanan",
        "unit": "laporan",
        "target": "12.5",
        "realizations": {"q1": "3"},
    }
    output.refresh_from_db()
    assert output.target == Decimal("12.5")
    seen = {"name": "Dengan keluaran", "seen": response.json()["version"]}
    assert put(client, f"{BUDGET}/lines/{leaf.pk}", seen, finance).status_code == 200
    assert Change.objects.filter(source="api", content_type__model="lineoutput").exists()
    bad = put(
        client,
        f"{BUDGET}/lines/{leaf.pk}",
        {"outputs": [{"id": output.pk, "realizations": {"q9": "1"}}]},
        finance,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"loc": ["outputs", 0, "realizations", "q9"], "msg": "Periode tidak dikenal."}
    ]
    other = LineOutput.objects.exclude(line=leaf).first() or LineOutput.objects.create(
        line=Line.objects.exclude(pk=leaf.pk).first(), name="x", unit_label="x"
    )
    foreign = put(
        client, f"{BUDGET}/lines/{leaf.pk}", {"outputs": [{"id": other.pk, "target": "1"}]}, finance
    )
    assert foreign.status_code == 400
    assert foreign.json()["errors"][0]["loc"] == ["outputs", 0, "id"]


@pytest.mark.parametrize(
    ("data", "loc", "words"),
    [
        ({"ceiling": "dua"}, ["ceiling"], "dua"),
        ({"ceiling": "1000.5"}, ["ceiling"], "desimal"),
        ({"ceiling": "-5"}, ["ceiling"], "negatif"),
        ({"ceiling": "1e40"}, ["ceiling"], "besar"),
        ({"source": "pad"}, ["source"], "pad"),
        ({"name": " "}, ["name"], "wajib"),
        ({"name": "a\x00b"}, ["name"], "ull"),  # no column holds a NUL (PostgreSQL)
        ({"indicators": ["XX9.9"]}, ["indicators"], "XX9.9"),
        ({"months": {"13": "5"}}, ["months", 13], "1 sampai 12"),
        ({"months": {"3": "-1"}}, ["months", 3], "negatif"),
        ({"months": {"3": "tiga"}}, ["months", 3], "tiga"),
        # a good ceiling with a bad month: neither is written
        ({"ceiling": "7", "months": {"4": "x"}}, ["months", 4], "x"),
    ],
)
def test_bad_line_input_is_located_and_nothing_written(client, leaf, finance, data, loc, words):
    before = snapshot(leaf)
    changes = Change.objects.count()
    response = put(client, f"{BUDGET}/lines/{leaf.pk}", data, finance)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert [e["loc"] for e in body["errors"]] == [loc]
    assert words in body["errors"][0]["msg"] and body["detail"]
    assert snapshot(leaf) == before and Change.objects.count() == changes


def test_a_parents_ceiling_is_refused(client, budget, finance):
    parent = Line.objects.filter(budget=budget, children__isnull=False).first()
    response = put(client, f"{BUDGET}/lines/{parent.pk}", {"ceiling": "5"}, finance)
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["ceiling"]
    months = put(client, f"{BUDGET}/lines/{parent.pk}", {"months": {"1": "5"}}, finance)
    assert months.status_code == 400 and months.json()["errors"][0]["loc"] == ["months"]
    assert not LineMonthSpending.objects.filter(line=parent).exists()
    # its other fields are written, its figures stay its children's sums
    path = f"{BUDGET}/lines/{parent.pk}"
    seen = client.get(path, **finance).json()["version"]
    renamed = put(client, path, {"name": "Induk", "seen": seen}, finance)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Induk"
    assert renamed.json()["ceiling"] is not None


def test_wrong_types_are_422(client, leaf, finance):
    before = snapshot(leaf)
    response = put(client, f"{BUDGET}/lines/{leaf.pk}", {"indicators": "SK3.1"}, finance)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == "indicators"
    months = put(client, f"{BUDGET}/lines/{leaf.pk}", {"months": {"jan": "1"}}, finance)
    assert months.status_code == 422
    assert snapshot(leaf) == before


def test_stale_version_is_409_and_nothing_written(client, leaf, finance):
    path = f"{BUDGET}/lines/{leaf.pk}"
    version = client.get(path, **finance).json()["version"]
    first = put(client, path, {"name": "Satu", "seen": version}, finance)
    assert first.status_code == 200 and first.json()["version"] != version
    stale = put(client, path, {"name": "Dua", "seen": version}, finance)
    assert stale.status_code == 409
    assert stale.json()["errors"] == [{"loc": ["seen"], "msg": first.json()["version"]}]
    header = put(client, path, {"name": "Tiga"}, finance, HTTP_IF_MATCH=f'"{version}"')
    assert header.status_code == 409
    leaf.refresh_from_db()
    assert leaf.name == "Satu"
    fresh = put(
        client, path, {"name": "Empat"}, finance, HTTP_IF_MATCH=f'"{first.json()["version"]}"'
    )
    assert fresh.status_code == 200 and fresh.json()["name"] == "Empat"


def test_a_read_token_cannot_write(client, leaf, users, bearer):
    before = snapshot(leaf)
    response = put(
        client, f"{BUDGET}/lines/{leaf.pk}", {"name": "x"}, bearer(users["keuangan"], "read")
    )
    assert response.status_code == 403
    assert snapshot(leaf) == before


@pytest.mark.parametrize("username", ["pic", "koordinator", "kepala", "bskji"])
def test_readers_of_the_unit_get_403_on_every_budget_write(
    client, leaf, users, bearer, username, evidence_root
):
    auth = bearer(users[username], "write")
    before = snapshot(leaf)
    revisions = Revision.objects.count()
    calls = [
        put(client, f"{BUDGET}/lines/{leaf.pk}", {"name": "x"}, auth),
        client.post(
            f"{BUDGET}/revisions", {"description": "x"}, content_type="application/json", **auth
        ),
        put(client, PNBP, {"revenue_target": "1"}, auth),
        client.post(
            f"{BUDGET}/import",
            {"file": SimpleUploadedFile("a.xlsx", b"x", content_type=XLSX), "dry_run": "true"},
            **auth,
        ),
    ]
    assert [r.status_code for r in calls] == [403] * 4
    assert snapshot(leaf) == before and Revision.objects.count() == revisions
    # but they read
    assert client.get(f"{BUDGET}/lines/{leaf.pk}", **auth).status_code == 200


def test_another_units_line_is_404(client, leaf, users, bearer):
    pontianak = Unit.objects.get(code="bspji-pontianak")
    other = BudgetYear.objects.create(unit=pontianak, year=YEAR)
    theirs = Line.objects.create(budget=other, code="X", level="program", name="Milik Pontianak")
    finance = bearer(users["keuangan"], "write")
    # their line under our unit's path, and their unit's path: neither is found
    assert put(client, f"{BUDGET}/lines/{theirs.pk}", {"name": "x"}, finance).status_code == 404
    other_path = f"/api/v1/units/bspji-pontianak/years/{YEAR}/budget/lines/{theirs.pk}"
    assert put(client, other_path, {"name": "x"}, finance).status_code == 404
    assert client.get(other_path, **finance).status_code == 404
    # the planner of Pontianak does not see Palembang's line
    luar = bearer(users["luar"], "write")
    assert put(client, f"{BUDGET}/lines/{leaf.pk}", {"name": "x"}, luar).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Milik Pontianak"
    assert Line.objects.get(pk=leaf.pk).name != "x"


# ---- revisions -----------------------------------------------------------------------
def test_revision_is_recorded_with_its_final_ceiling(client, budget, finance):
    last = budget.revisions.order_by("-number").first()
    response = client.post(
        f"{BUDGET}/revisions",
        {
            "date": f"{YEAR}-06-30",
            "kind": "Revisi DIPA",
            "description": "Pergeseran anggaran",
            "final_ceiling": "9000000000",
        },
        content_type="application/json",
        **finance,
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "number": (last.number if last else 0) + 1,
        "date": f"{YEAR}-06-30",
        "kind": "Revisi DIPA",
        "description": "Pergeseran anggaran",
        "final_ceiling": "9000000000",
    }
    budget.refresh_from_db()
    assert budget.final_ceiling == Decimal(9_000_000_000)
    assert Change.objects.filter(source="api", content_type__model="revision").exists()


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"date": "2022-01-01", "description": "x"}, ["date"]),
        ({"description": "  "}, ["description"]),
        ({"description": "x", "final_ceiling": "-1"}, ["final_ceiling"]),
        ({"description": "x", "final_ceiling": "1,5"}, ["final_ceiling"]),
    ],
)
def test_bad_revision_is_located_and_nothing_written(client, budget, finance, data, loc):
    count = Revision.objects.count()
    response = client.post(f"{BUDGET}/revisions", data, content_type="application/json", **finance)
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["loc"] == loc
    assert Revision.objects.count() == count


# ---- PNBP ----------------------------------------------------------------------------
def test_pnbp_is_read_and_written(client, demo, users, bearer, finance):
    read = client.get(PNBP, **bearer(users["pic"], "read"))
    assert read.status_code == 200
    body = read.json()
    assert all(isinstance(v, str) for v in body["receipts"].values())
    response = put(
        client,
        PNBP,
        {
            "revenue_target": "2000000000",
            "receipts": {"pengujian": "150000000"},
            "reason": "target baru",
            "seen": body["version"],
        },
        finance,
    )
    assert response.status_code == 200, response.json()
    after = response.json()
    assert after["revenue_target"] == "2000000000"
    assert after["receipts"]["pengujian"] == "150000000"
    # left out: kept
    assert after["use_ceiling"] == body["use_ceiling"]
    others = {k: v for k, v in body["receipts"].items() if k != "pengujian"}
    assert {k: v for k, v in after["receipts"].items() if k != "pengujian"} == others
    assert Change.objects.filter(source="api", reason="target baru").exists()
    stale = put(client, PNBP, {"use_spending": "1", "seen": body["version"]}, finance)
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"receipts": {"sulap": "5"}}, ["receipts", "sulap"]),
        ({"use_ceiling": "-5"}, ["use_ceiling"]),
        ({"revenue_target": "satu"}, ["revenue_target"]),
    ],
)
def test_bad_pnbp_is_located_and_nothing_written(client, demo, finance, data, loc):
    before = list(PnbpYear.objects.values_list("revenue_target", "use_ceiling"))
    response = put(client, PNBP, {"revenue_target": "1", **data}, finance)
    assert response.status_code == 400, response.json()
    assert [e["loc"] for e in response.json()["errors"]] == [loc]
    assert list(PnbpYear.objects.values_list("revenue_target", "use_ceiling")) == before


# ---- the XLSX listing ----------------------------------------------------------------
def test_import_dry_run_then_confirm(client, leaf, finance, evidence_root):
    exported = client.get(f"{BUDGET}/lines.xlsx", **finance)
    assert exported.status_code == 200 and exported["Content-Type"] == XLSX
    book = load_workbook(BytesIO(exported.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    code_col, ceiling_col = header.index("Kode") + 1, header.index("Pagu") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, code_col).value == leaf.code)
    sheet.cell(row, ceiling_col).value = int(leaf.ceiling) + 1000
    out = BytesIO()
    book.save(out)

    def send(dry_run):
        upload = SimpleUploadedFile("anggaran.xlsx", out.getvalue(), content_type=XLSX)
        return client.post(
            f"{BUDGET}/import",
            {"file": upload, "dry_run": dry_run, "reason": "impor API"},
            **finance,
        )

    before = leaf.ceiling
    dry = send("true")
    assert dry.status_code == 200, dry.json()
    body = dry.json()
    assert body["dry_run"] is True and body["updated"]["line"] == 1
    assert {"line": leaf.code, "column": "Pagu", "old": str(before), "new": str(before + 1000)} in (
        body["changes"]
    )
    leaf.refresh_from_db()
    assert leaf.ceiling == before
    done = send("false")
    assert done.status_code == 200, done.json()
    assert done.json()["dry_run"] is False and done.json()["changes"] == []
    leaf.refresh_from_db()
    assert leaf.ceiling == before + 1000
    assert Change.objects.filter(source="api", reason="impor API", object_id=str(leaf.pk)).exists()


def test_import_of_a_bad_file_is_located(client, leaf, finance, evidence_root):
    before = snapshot(leaf)
    upload = SimpleUploadedFile("a.xlsx", b"not a workbook", content_type=XLSX)
    response = client.post(f"{BUDGET}/import", {"file": upload}, **finance)
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["file"]
    assert snapshot(leaf) == before

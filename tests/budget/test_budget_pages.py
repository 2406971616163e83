"""The budget pages: the DIPA of BSPJI Palembang and a regional unit's DPA, line editing
(ceiling, source, links to indicators, months, outputs), revisions, PNBP, and the XLSX
import's dry run → confirm. Every write goes through budget.services: refused without
Action.BUDGET, nothing written on bad input, audited."""

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.audit.models import Change
from kinerja.budget import services
from kinerja.budget.models import BudgetYear, Line, LineMonthSpending, PnbpYear, Revision
from kinerja.budget.selectors import budget_page, line_rows
from kinerja.budget.spreadsheet import export_lines
from kinerja.planning.spreadsheet import SESSION_KEY

UNIT, YEAR = "bspji-palembang", 2023


@pytest.fixture
def budget(demo):
    return BudgetYear.objects.get(unit__code=UNIT, year=YEAR)


@pytest.fixture
def leaf(budget):
    return Line.objects.filter(budget=budget, ceiling__isnull=False).order_by("position").first()


@pytest.fixture
def client_for(client, users, evidence_root):
    def login(username):
        client.force_login(users[username])
        return client

    return login


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---- selectors -----------------------------------------------------------------------
def test_parents_sum_their_children_and_depth_follows_the_hierarchy(budget):
    rows = line_rows(budget)
    by_pk = {r.line.pk: r for r in rows}
    for row in rows:
        if not row.leaf:
            kids = [r for r in rows if r.line.parent_id == row.line.pk]
            assert row.ceiling == sum((k.ceiling or 0 for k in kids), Decimal(0))
        if row.line.parent_id:
            assert row.depth == by_pk[row.line.parent_id].depth + 1
    top = [r for r in rows if r.depth == 0]
    page = budget_page(budget.unit, YEAR)
    assert sum(r.ceiling for r in top) == page.overview.totals.ceiling


def test_the_budget_page_reads_in_a_fixed_number_of_queries(budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        page = budget_page(budget.unit, YEAR)
    assert len(page.rows) == budget.lines.count() > 5


# ---- services ------------------------------------------------------------------------
def test_finance_changes_a_line_and_the_audit_trail_has_it(users, leaf):
    services.update_line(
        leaf,
        user=users["keuangan"],
        name=leaf.name,
        ceiling=Decimal(123_456_789),
        source="rupiah_murni",
        unlinked_reason="",
        reason="revisi POK",
    )
    leaf.refresh_from_db()
    assert leaf.ceiling == Decimal(123_456_789)
    change = (
        Change.objects.filter(object_id=str(leaf.pk), content_type__model="line")
        .order_by("pk")
        .last()
    )
    assert change is not None and change.reason == "revisi POK"


@pytest.mark.parametrize("username", ["pic", "koordinator", "kepala", "bskji", "luar"])
def test_only_finance_and_the_planner_write_the_budget(users, leaf, username):
    with pytest.raises(PermissionDenied):
        services.update_line(
            leaf,
            user=users[username],
            name="x",
            ceiling=Decimal(1),
            source="",
            unlinked_reason="",
        )
    leaf.refresh_from_db()
    assert leaf.name != "x"


def test_a_bad_line_is_refused_with_its_field_and_nothing_written(users, leaf, budget):
    parent = Line.objects.filter(budget=budget, children__isnull=False).first()
    before = Line.objects.get(pk=leaf.pk)
    with pytest.raises(ValidationError) as info:
        services.update_line(
            leaf, user=users["keuangan"], name="", ceiling=Decimal(-1), source="pad",
            unlinked_reason="",
        )  # fmt: skip
    assert set(info.value.error_dict) == {"name", "ceiling", "source"}
    assert "pad" in str(info.value.error_dict["source"])
    with pytest.raises(ValidationError) as info:
        services.update_line(
            parent, user=users["keuangan"], name="p", ceiling=Decimal(5), source="",
            unlinked_reason="",
        )  # fmt: skip
    assert "terendah" in str(info.value)
    after = Line.objects.get(pk=leaf.pk)
    assert (after.name, after.ceiling, after.source) == (before.name, before.ceiling, before.source)


def test_links_to_indicators_are_edited(users, leaf):
    services.set_line_indicators(leaf, user=users["perencana"], codes=["SK1.1", "SK3.1"])
    assert sorted(leaf.links.values_list("indicator__code", flat=True)) == ["SK1.1", "SK3.1"]
    services.set_line_indicators(leaf, user=users["perencana"], codes=["SK3.1"])
    assert list(leaf.links.values_list("indicator__code", flat=True)) == ["SK3.1"]
    with pytest.raises(ValidationError, match="XX9"):
        services.set_line_indicators(leaf, user=users["perencana"], codes=["SK1.1", "XX9"])
    assert list(leaf.links.values_list("indicator__code", flat=True)) == ["SK3.1"]


def test_month_spending_sums_into_the_line(users, leaf):
    services.set_month_spending(
        leaf, user=users["keuangan"], months={1: Decimal(1000), 2: Decimal(2500), 3: None}
    )
    leaf.refresh_from_db()
    assert leaf.spending == Decimal(3500)
    assert dict(leaf.months.values_list("month", "amount")) == {1: 1000, 2: 2500}
    services.set_month_spending(leaf, user=users["keuangan"], months={1: None})
    leaf.refresh_from_db()
    assert leaf.spending == Decimal(2500)
    with pytest.raises(ValidationError):
        services.set_month_spending(leaf, user=users["keuangan"], months={13: Decimal(1)})
    with pytest.raises(ValidationError):
        services.set_month_spending(leaf, user=users["keuangan"], months={4: Decimal(-1)})
    assert LineMonthSpending.objects.filter(line=leaf).count() == 1


def test_revisions_are_numbered_and_may_change_the_final_ceiling(users, budget):
    before = budget.revisions.count()
    revision = services.add_revision(
        budget,
        user=users["keuangan"],
        date=None,
        kind="Revisi POK",
        description="Pergeseran anggaran",
        final_ceiling=Decimal(16_000_000_000),
    )
    assert revision.number == before + 1
    budget.refresh_from_db()
    assert budget.final_ceiling == Decimal(16_000_000_000)


def test_pnbp_target_and_receipts(users, demo):
    from kinerja.org.models import Unit

    unit = Unit.objects.get(code=UNIT)
    services.update_pnbp(
        unit,
        YEAR,
        user=users["keuangan"],
        revenue_target=Decimal(5_000_000_000),
        use_ceiling=None,
        use_spending=None,
        receipts={"pengujian": Decimal(1_000_000), "kalibrasi": None},
    )
    pnbp = PnbpYear.objects.get(unit=unit, year=YEAR)
    assert pnbp.revenue_target == Decimal(5_000_000_000)
    assert dict(pnbp.receipts.values_list("category", "amount"))["pengujian"] == 1_000_000
    assert not pnbp.receipts.filter(category="kalibrasi").exists()


# ---- pages ---------------------------------------------------------------------------
def test_the_dipa_page_shows_lines_in_indonesian_numbers(client_for, budget):
    response = client_for("pic").get(reverse("budget:overview", args=[UNIT, YEAR]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Revisi DIPA" in text and "Pagu awal" in text
    top = [r for r in line_rows(budget) if r.depth == 0][0]
    shown = f"{int(top.ceiling):,}".replace(",", ".")
    assert shown in text
    assert "Impor DIPA dari XLSX" not in text  # pic reads only


def test_finance_sees_the_import_and_the_menu_link(client_for):
    response = client_for("keuangan").get(reverse("budget:overview", args=[UNIT, YEAR]))
    text = response.content.decode()
    assert "Impor DIPA dari XLSX" in text
    assert f'href="{reverse("budget:overview", args=[UNIT, YEAR])}" aria-current="page"' in text


def test_a_year_without_budget_says_so(client_for):
    response = client_for("keuangan").get(reverse("budget:overview", args=[UNIT, 2031]))
    assert response.status_code == 200
    assert "Belum ada DIPA untuk tahun 2031" in response.content.decode()


def test_editing_a_line_through_the_page(client_for, leaf):
    url = reverse("budget:line", args=[UNIT, YEAR, leaf.pk])
    client = client_for("keuangan")
    assert client.get(url).status_code == 200
    data = {
        "name": leaf.name,
        "ceiling": "1.234.567.000",
        "source": "rupiah_murni",
        "indicators": ["SK3.1"],
        "month_1": "100.000.000",
        "month_2": "23.000.000",
        "reason": "uji",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert leaf.ceiling == Decimal(1_234_567_000)
    assert leaf.spending == Decimal(123_000_000)
    assert list(leaf.links.values_list("indicator__code", flat=True)) == ["SK3.1"]


def test_a_bad_amount_comes_back_on_its_field_and_nothing_is_written(client_for, leaf):
    url = reverse("budget:line", args=[UNIT, YEAR, leaf.pk])
    before = (leaf.ceiling, leaf.spending)
    response = client_for("keuangan").post(
        url, {"name": leaf.name, "ceiling": "1.234,5", "month_1": "abc", "source": ""}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "rupiah penuh" in text and "Bukan jumlah rupiah: abc" in text
    leaf.refresh_from_db()
    assert (leaf.ceiling, leaf.spending) == before


def test_the_import_dry_run_writes_nothing_then_confirm_does(client_for, budget):
    book = load_workbook(BytesIO(export_lines(budget.unit, YEAR)))
    sheet = book["DIPA"]
    header = [c.value for c in sheet[1]]
    col = header.index("Pagu") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col).value)
    code = sheet.cell(r := row, 1).value
    sheet.cell(r, col).value = 777_000_000
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "dipa.xlsx"
    client = client_for("keuangan")
    response = client.post(reverse("budget:upload", args=[UNIT, YEAR]), {"file": out})
    assert response.status_code == 302
    review_url = response["Location"]
    page = client.get(review_url)
    text = page.content.decode()
    assert "uji coba tanpa menyimpan" in text
    assert f'<th scope="row">{code}</th><td>Pagu</td>' in text and "777.000.000" in text
    assert Line.objects.get(budget=budget, code=code).ceiling != 777_000_000  # dry run
    response = client.post(review_url, {"reason": "DIPA revisi 2"})
    assert response.status_code == 302
    assert Line.objects.get(budget=budget, code=code).ceiling == 777_000_000
    assert Change.objects.filter(reason="DIPA revisi 2").exists()


def test_a_bad_workbook_shows_located_problems_and_writes_nothing(client_for, budget):
    book = load_workbook(BytesIO(export_lines(budget.unit, YEAR)))
    sheet = book["DIPA"]
    sheet.cell(3, 4).value = "banyak"
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "salah.xlsx"
    client = client_for("keuangan")
    response = client.post(reverse("budget:upload", args=[UNIT, YEAR]), {"file": out})
    page = client.get(response["Location"]).content.decode()
    assert "baris 3, kolom Pagu" in page
    assert "Konfirmasi dan simpan" not in page
    response = client.post(response["Location"], {"reason": "x"})
    assert "baris 3, kolom Pagu" in response.content.decode()
    assert not Change.objects.filter(reason="x").exists()


def test_revision_and_pnbp_pages(client_for, budget):
    client = client_for("keuangan")
    response = client.post(
        reverse("budget:revision_add", args=[UNIT, YEAR]),
        {"date": "2023-09-01", "kind": "Revisi anggaran", "description": "Pergeseran"},
    )
    assert response.status_code == 302
    assert Revision.objects.filter(budget=budget, description="Pergeseran").exists()
    url = reverse("budget:pnbp", args=[UNIT, YEAR])
    assert client.get(url).status_code == 200
    response = client.post(url, {"revenue_target": "4.000.000.000", "receipt_pengujian": "12"})
    assert response.status_code == 302
    assert PnbpYear.objects.get(unit=budget.unit, year=YEAR).revenue_target == 4_000_000_000


# ---- the regional unit's DPA ---------------------------------------------------------
def test_the_dpa_page_speaks_of_the_dpa(client, django_user_model):
    from kinerja.datasets.load import load_text

    load_text(Path(__file__).with_name("regional.yaml").read_text())
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    response = client.get(reverse("budget:overview", args=["disperin-contoh", 2023]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "DPA Perubahan (DPPA)" in text and "Anggaran awal" in text
    assert "Sub kegiatan" in text and "4.520.000.000" in text
    assert "Capaian Indikator Keluaran Sub Kegiatan" in text
    assert "DIPA" not in text
    assert "<td>Dana Alokasi Umum (DAU)</td>" in text  # the source by its name
    line = Line.objects.get(budget__unit__code="disperin-contoh", code="3.31.01.2.02.0001")
    response = client.get(reverse("budget:line", args=["disperin-contoh", 2023, line.pk]))
    page = response.content.decode()
    assert "Dana Alokasi Umum (DAU)" in page and "Indikator keluaran" in page


def test_an_upload_the_storage_refuses_says_so_and_keeps_nothing(client_for, budget, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storage_doubles.FullStorage"}}
    client = client_for("keuangan")
    book = SimpleUploadedFile("dipa.xlsx", export_lines(budget.unit, YEAR))
    response = client.post(reverse("budget:upload", args=[UNIT, YEAR]), {"file": book})
    assert response.status_code == 200
    assert "Penyimpanan berkas tidak tersedia" in response.content.decode()
    assert "No space left on device" in response.content.decode()
    assert client.session.get(SESSION_KEY, {}) == {}  # the session names no file

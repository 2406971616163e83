"""In a real browser: finance edits a budget line and imports the DIPA workbook (dry run,
then confirm); the inbox ("Tugas saya") of the owner, the coordinator and the head."""

import datetime as dt
import re
from io import BytesIO

import pytest
from browser_session import log_in, log_out
from openpyxl import load_workbook

UNIT, YEAR = "bspji-palembang", 2023

pytestmark = pytest.mark.django_db(transaction=True)


def test_finance_edits_a_line_and_imports_the_dipa(live_server, users, page, shot, evidence_root):
    from kinerja.budget.models import Line
    from kinerja.budget.spreadsheet import export_lines
    from kinerja.org.models import Unit

    base = live_server.url
    unit = Unit.objects.get(code=UNIT)
    leaf = (
        Line.objects.filter(budget__unit=unit, budget__year=YEAR, ceiling__isnull=False)
        .order_by("position")
        .first()
    )
    log_in(page, base, "keuangan")
    page.goto(f"{base}/u/{UNIT}/{YEAR}/")
    page.get_by_role("navigation", name="Menu unit").get_by_role("link", name="Anggaran").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Anggaran {YEAR}: DIPA").is_visible()
    shot("1-dipa")

    # Edit one lowest line: ceiling, a link to an indicator, two months of spending.
    page.get_by_role("link", name=leaf.code, exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_ceiling", "1.500.000.000")
    page.locator("input[name=indicators][value='SK3.1']").check()
    page.fill("#id_month_1", "250.000.000")
    page.fill("#id_month_2", "125.500.000")
    page.fill("#id_reason", "Revisi POK Februari")
    shot("2-line-form")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert f"Baris {leaf.code} disimpan." in page.locator(".messages").inner_text()
    row = page.locator(f"#baris-{leaf.pk}")
    assert "1.500.000.000" in row.inner_text() and "375.500.000" in row.inner_text()
    assert "SK3.1" in row.inner_text()
    shot("3-after-edit")

    # Import the workbook with one ceiling changed: dry run first, nothing saved yet.
    book = load_workbook(BytesIO(export_lines(unit, YEAR)))
    sheet = book["DIPA"]
    target = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 4).value)
    code = sheet.cell(target, 1).value
    sheet.cell(target, 4).value = 2_000_000_000
    data = BytesIO()
    book.save(data)
    page.get_by_role("link", name="Impor DIPA dari XLSX").click()
    page.wait_for_load_state()
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "dipa-2023.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data.getvalue(),
            }
        ],
    )
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_load_state()
    assert "uji coba tanpa menyimpan" in page.content()
    assert (
        Line.objects.get(budget__unit=unit, budget__year=YEAR, code=code).ceiling != 2_000_000_000
    )
    shot("4-dry-run")
    page.get_by_role("button", name="Konfirmasi dan simpan").click()
    page.wait_for_load_state()
    assert "disimpan" in page.locator(".messages").inner_text()
    assert (
        Line.objects.get(budget__unit=unit, budget__year=YEAR, code=code).ceiling == 2_000_000_000
    )
    shot("5-imported")


def test_the_inbox_of_owner_coordinator_and_head(live_server, users, page, shot):
    from kinerja.measurement.choices import EntryStatus
    from kinerja.measurement.models import EntryWindow, QuarterEntry
    from kinerja.org.models import Unit
    from kinerja.planning.models import Agreement

    unit = Unit.objects.get(code=UNIT)
    today = dt.date.today()
    EntryWindow.objects.create(
        unit=unit, year=YEAR, quarter=2, opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=5),
    )  # fmt: skip
    items = {
        i.indicator.code: i.indicator
        for i in Agreement.objects.get(unit=unit, year=YEAR)
        .version_in_force()
        .items.select_related("indicator")
    }
    for code, status in (
        ("SK3.1", EntryStatus.SUBMITTED),
        ("SK5.1", EntryStatus.VERIFIED),
        ("SK3.4", EntryStatus.RETURNED),
    ):
        QuarterEntry.objects.create(indicator=items[code], year=YEAR, quarter=2, status=status)
    base = live_server.url

    log_in(page, base, "pic")
    page.goto(base + "/")
    assert page.get_by_role("heading", name="Tugas saya").is_visible()
    returned = page.locator("#tugas-returned + ul")
    assert "SK3.4" in returned.inner_text()
    to_fill = page.locator("#tugas-to_fill + ul").inner_text()
    assert "SK1.1" in to_fill and "5 hari lagi" in to_fill and "SK5.1" not in to_fill
    shot("pic")
    page.get_by_role("link", name=re.compile(r"^SK1\.1 ")).click()
    page.wait_for_load_state()
    assert f"/u/{UNIT}/{YEAR}/triwulan/2/SK1.1/" in page.url
    log_out(page)

    log_in(page, base, "koordinator")
    page.goto(base + "/")
    assert "SK3.1" in page.locator("#tugas-to_verify + ul").inner_text()
    assert page.locator("#tugas-to_fill").count() == 0
    shot("koordinator")
    log_out(page)

    log_in(page, base, "kepala")
    page.goto(base + "/")
    assert "SK5.1" in page.locator("#tugas-to_approve + ul").inner_text()
    shot("kepala")


def test_a_regional_units_dpa_and_its_output_targets(live_server, users, page, shot):
    from pathlib import Path

    from kinerja.budget.models import LineOutput
    from kinerja.datasets.load import load_text

    load_text((Path(__file__).parents[1] / "budget" / "regional.yaml").read_text())
    output = LineOutput.objects.filter(line__budget__unit__code="disperin-contoh").first()
    base = live_server.url
    log_in(page, base, "admin")
    page.goto(f"{base}/u/disperin-contoh/2023/anggaran/")
    assert page.get_by_role("heading", name="Anggaran 2023: DPA").is_visible()
    assert "DPA Perubahan (DPPA)" in page.content() and "DIPA" not in page.content()
    shot("1-dpa")
    page.goto(f"{base}/u/disperin-contoh/2023/anggaran/baris/{output.line_id}/")
    page.fill(f"#id_out{output.pk}_target", "12,5")
    page.fill(f"#id_out{output.pk}_q1", "3")
    shot("2-sub-kegiatan")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    output.refresh_from_db()
    assert output.target == 12.5
    assert output.realizations.get(period="q1").value == 3

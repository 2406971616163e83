"""The regional demo: Sekretariat Daerah Provinsi Sumatera Utara 2021, a perangkat daerah
rebuilt from the one page of its Laporan Kinerja that could be read (Tabel 19; see
docs/demo-data.md and docs/sources/setda-sumut-2021.md). It loads beside BSPJI Palembang,
its commands and documents work and speak its own words, its pages answer its accounts."""

import json
import re
from decimal import Decimal as D
from io import BytesIO, StringIO

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.budget.models import Line
from kinerja.demo import services
from kinerja.org.models import Unit
from kinerja.org.vocabulary import vocabulary
from pdftext import pdf_text as read_pdf_text

UNIT, YEAR = services.REGIONAL_UNIT, services.REGIONAL_YEAR
CENTRAL_WORDS = re.compile(r"DIPA|Balai|BSPJI|LAKIN|BSKJI|APBN|Kementerian")


def run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_it_loads_as_a_perangkat_daerah_of_its_province(regional_demo):
    unit = Unit.objects.get(code=UNIT)
    assert (unit.kind, unit.parent.code, unit.parent.kind) == (
        "regional_agency",
        "provinsi-sumatera-utara",
        "province",
    )
    words = vocabulary(unit)
    assert (words.report_abbr, words.budget_document, words.budget_source) == (
        "LKjIP",
        "DPA",
        "APBD",
    )
    assert words.head_title == "Sekretaris Daerah"
    lines = Line.objects.filter(budget__unit=unit, budget__year=YEAR)
    assert sorted(lines.values_list("level", flat=True)) == sorted(
        ["program", "kegiatan", "kegiatan"] + ["sub_kegiatan"] * 4
    )
    subs = lines.filter(level="sub_kegiatan")
    assert sum(x.ceiling for x in subs) == 1_743_400_365  # Tabel 19, as printed
    assert sum(x.spending for x in subs) == 1_550_154_676


def test_loading_it_again_changes_nothing(regional_demo):
    (report,) = services.load_regional_demo()
    assert not report.changed


def test_measures_mark_the_target_the_page_does_not_state(regional_demo):
    data = json.loads(run("measures", unit=UNIT, year=YEAR, json=True))
    (row,) = data["indicators"]
    assert (row["code"], row["target_kind"], row["status"]) == (
        "SS3.1",
        "not_stated",
        "not_computable",
    )
    assert row["realization"] is None  # the page prints none
    assert data["mean_achievement_pct"] is None
    table = run("measures", unit=UNIT, year=YEAR)
    assert "tidak dapat dihitung (target_not_stated)" in table
    (row_line,) = [line for line in table.splitlines() if line.startswith("SS3.1")]
    # The target reads as the LKjIP prints it; no realization is "–", not "N/A".
    assert "Tidak tercantum" in row_line and "N/A" not in row_line


def test_consistency_finds_the_two_slips_of_tabel_19_and_only_those(regional_demo):
    data = json.loads(run("consistency", unit=UNIT, year=YEAR, json=True))
    findings = [f for f in data["findings"] if f["code"] == "printed_figure"]
    assert len(findings) == 2, findings
    by_line = {("T19.2.3" if "T19.2.3" in f["message"] else "T19"): f for f in findings}
    assert "77,08" in by_line["T19.2.3"]["message"]  # 307,055,630 / 398,379,650
    # The program's 88.6 is the mean of the four printed percentages, not Σ/Σ (88.92).
    assert "88,92" in by_line["T19"]["message"]
    assert "rata-rata persentase baris" in by_line["T19"]["message"]


def test_its_lkjip_in_three_formats_speaks_its_own_words(regional_demo, tmp_path):
    out = run("lakin", unit=UNIT, year=YEAR, format="docx,pdf,xlsx", out=str(tmp_path))
    assert f"LAKIN {UNIT} {YEAR} disusun" in out
    base = tmp_path / f"lakin-{UNIT}-{YEAR}"
    document = docx.Document(BytesIO(base.with_suffix(".docx").read_bytes()))
    docx_text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    pdf_text = read_pdf_text(base.with_suffix(".pdf"))
    book = load_workbook(base.with_suffix(".xlsx"), read_only=True)
    xlsx_text = "\n".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    for text in (docx_text, pdf_text, xlsx_text):
        assert not CENTRAL_WORDS.search(text), CENTRAL_WORDS.search(text)
    for text in (docx_text, pdf_text):
        assert "Laporan Kinerja Instansi Pemerintah" in text
        assert "Sekretariat Daerah Provinsi Sumatera Utara" in text
        assert "DPA" in text
        assert "1.743.400.365" in text  # the program's ceiling, summed from Tabel 19
        assert "Tidak tercantum" in text  # the target the page does not state


def test_dashboard_and_entry_screens_answer_its_own_accounts(client, regional_demo):
    urls = [
        reverse("dashboard:unit", args=[UNIT, YEAR]),
        reverse("measurement:entries", args=[UNIT, YEAR]),
        reverse("measurement:entry", args=[UNIT, YEAR, 1, "SS3.1"]),
    ]
    for name in ("setda-admin", "setda-perencana", "setda-pic", "setda-sekda", "setda-keuangan"):
        client.force_login(regional_demo[name])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
    client.force_login(regional_demo["setda-sekda"])
    page = client.get(urls[0]).content.decode()
    assert "SS3.1" in page and "BSPJI" not in page
    assert "DPA" in page and "DIPA" not in page
    assert "PNBP" not in page  # central non-tax revenue: no card, no row for a regional unit
    entry = client.get(urls[2]).content.decode()
    assert "Tidak tercantum Persen" not in entry  # a target without a number has no unit
    assert "Tidak tercantum" in entry
    client.force_login(regional_demo["pemprov"])
    parent = reverse("dashboard:parent", args=[services.REGIONAL_PARENT, YEAR])
    assert client.get(parent).status_code == 200
    assert client.get(urls[0]).status_code == 200  # the province reads its units


def test_it_sits_beside_bspji_without_touching_its_figures(demo, regional_demo):
    measures = json.loads(run("measures", unit="bspji-palembang", year=2023, json=True))
    assert Unit.objects.filter(code__in=["bspji-palembang", UNIT]).count() == 2
    assert len(measures["indicators"]) == 13
    assert all(row["status"] == "achieved" for row in measures["indicators"])


def test_the_demo_command_prepares_both_demos(db, tmp_path, monkeypatch, settings):
    monkeypatch.setenv("KINERJA_DEMO_PASSWORD", "rahasia-demo-123")
    settings.STATIC_ROOT = tmp_path / "static"
    out = run("demo", no_serve=True, lakin="xlsx", out=str(tmp_path))
    assert f"{UNIT} dimuat" in out
    assert (tmp_path / f"lakin-{UNIT}-{YEAR}.xlsx").stat().st_size > 5_000
    assert (tmp_path / "lakin-bspji-palembang-2023.xlsx").exists()
    assert "13 dari 13 indikator tercapai" in out  # BSPJI's table, unchanged
    assert "0 dari 1 indikator tercapai" in out  # Setda's: no target is stated
    from django.contrib.auth import get_user_model

    for username, *_ in services.REGIONAL_ACCOUNTS:
        assert username in out
        assert get_user_model().objects.get(username=username).check_password("rahasia-demo-123")


@pytest.mark.parametrize("code", ["T19.1.1", "T19.2.1", "T19.2.2", "T19.2.3"])
def test_each_sub_kegiatan_is_linked_to_the_objective_s_indicator(regional_demo, code):
    line = Line.objects.get(budget__unit__code=UNIT, code=code)
    assert line.ceiling > 0 and line.spending <= line.ceiling
    assert D(line.spending) / D(line.ceiling) > D("0.7")


def test_its_report_pages_name_its_own_report(client, regional_demo):
    client.force_login(regional_demo["setda-perencana"])
    for name in ("reports:index", "reports:narratives"):
        response = client.get(reverse(name, args=[UNIT, YEAR]))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "LKjIP" in page, name
        found = CENTRAL_WORDS.search(page)
        assert not found, (name, page[found.start() - 300 : found.end() + 60] if found else "")


def test_it_round_trips_through_dump_and_load(regional_demo):
    from kinerja.datasets.dump import dump_text, find_plan
    from kinerja.datasets.load import load_text

    unit = Unit.objects.get(code=UNIT)
    first = dump_text(unit, find_plan(unit, "renstra-setda-sumut"))
    assert "not_stated" in first and "T19.2.3" in first
    assert not load_text(first).changed
    assert dump_text(unit, find_plan(unit, "renstra-setda-sumut")) == first

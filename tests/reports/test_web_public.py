"""The public transparency pages: no login, and only what was signed or issued final."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator
from kinerja.reports.finals import finalize
from kinerja.reports.models import Narrative, NarrativeKind, ReportKind

UNIT = "bspji-palembang"
PAGE = reverse("reports:public_unit", args=[UNIT])


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code=UNIT)


@pytest.fixture
def unpublished(palembang):
    """A draft version 2 of the 2023 agreement with a target nobody signed, a draft-only
    agreement for 2024 and a narrative: none of it is published."""
    agreement = Agreement.objects.get(unit=palembang, year=2023)
    draft = agreement.versions.create(
        number=2, status=AgreementStatus.DRAFT, signatory="Penanda Draf Rahasia"
    )
    for item in agreement.versions.get(number=1).items.all():
        AgreementIndicator.objects.create(
            version=draft,
            indicator=item.indicator,
            target=Decimal("987.65") if item.indicator.code == "SK1.1" else item.target,
            target_max=item.target_max,
            position=item.position,
        )
    later = Agreement.objects.create(unit=palembang, year=2024, plan_version=agreement.plan_version)
    later.versions.create(number=1, status=AgreementStatus.DRAFT)
    Narrative.objects.update_or_create(
        unit=palembang,
        year=2023,
        kind=NarrativeKind.FOREWORD,
        indicator=None,
        defaults={"text": "NARASI-BELUM-TERBIT"},
    )


def test_anonymous_visitors_see_the_units_with_published_documents(client, palembang):
    response = client.get(reverse("reports:public_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert PAGE in page and palembang.name in page
    assert reverse("reports:public_unit", args=["bspji-pontianak"]) in page
    # A unit with nothing signed or issued is not listed.
    assert reverse("reports:public_unit", args=["bbspji-agro"]) not in page


def test_the_unit_page_shows_the_signed_agreement_and_nothing_unpublished(
    client, palembang, unpublished
):
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    [year] = response.context["years"]  # 2024 has only a draft: not shown
    assert year.year == 2023 and year.version.number == 1
    assert "Tahun 2024" not in page
    sk11 = next(row for row in year.rows if row["code"] == "SK1.1")
    assert sk11["target"] == "30"
    assert "987,65" not in page and "987.65" not in page
    assert "Penanda Draf Rahasia" not in page
    assert "NARASI-BELUM-TERBIT" not in page
    # No final LAKIN yet: no achievements, no downloads.
    assert year.achievement is None and year.finals == []
    assert "177,78" not in page
    assert reverse("survey:form", args=[UNIT]) in page


def test_final_lakin_files_and_achievements_are_published(client, palembang, unpublished):
    lakin = finalize(palembang, 2023, formats=("xlsx",))
    quarterly = finalize(palembang, 2023, kind=ReportKind.QUARTERLY, quarter=2, formats=("xlsx",))
    response = client.get(PAGE)
    [year] = response.context["years"]
    assert [row.report for row in year.finals] == [lakin]  # quarterly reports stay internal
    page = response.content.decode()
    assert "177,78 %" in page and "LAKIN versi final 1" in page
    url = reverse("reports:public_file", args=[UNIT, lakin.pk, "xlsx"])
    assert url in page
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="lakin-bspji-palembang-2023-v1.xlsx"' in download["Content-Disposition"]
    assert download.getvalue() == bytes(lakin.files.get().content)
    # Anything but a stored file of a final LAKIN or Perjanjian Kinerja is not found.
    for args in (
        [UNIT, quarterly.pk, "xlsx"],
        [UNIT, lakin.pk, "pdf"],  # not stored
        ["bspji-pontianak", lakin.pk, "xlsx"],  # another unit's path
        [UNIT, lakin.pk + 100, "xlsx"],
    ):
        assert client.get(reverse("reports:public_file", args=args)).status_code == 404


def test_an_unknown_unit_is_not_found(client, demo):
    assert client.get(reverse("reports:public_unit", args=["tidak-ada"])).status_code == 404


def test_consistency_findings_are_public_only_when_the_head_chose_so(client, palembang):
    quiet = finalize(palembang, 2023, formats=("xlsx",))
    assert quiet.findings and not quiet.show_findings
    page = client.get(PAGE).content.decode()
    assert "Temuan uji konsistensi" not in page
    assert "Temuan Uji Konsistensi Data" not in _xlsx_text(quiet)

    shown = finalize(palembang, 2023, formats=("xlsx",), reason="temuan", show_findings=True)
    assert shown.show_findings
    page = client.get(PAGE).content.decode()
    assert "Temuan uji konsistensi" in page
    assert "Tabel 3.72" in page  # the places the hand-made report printed them
    assert "synthetic" not in page  # how the demo's data was made is nobody's business
    assert "Temuan Uji Konsistensi Data" in _xlsx_text(shown)


def _xlsx_text(report) -> str:
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(bytes(report.files.get(format="xlsx").content)))
    rows = (row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    return " ".join(str(cell) for row in rows for cell in row)

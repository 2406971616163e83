"""The dashboard pages: content, access, highlighting, charts and query counts."""

import html as html_module
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.measurement.models import EntryWindow, QuarterEntry
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator, QuarterProgress

UNIT_URL = reverse("dashboard:unit", args=["bspji-palembang", 2023])
PARENT_URL = reverse("dashboard:parent", args=["bskji", 2023])
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def svgs(text: str) -> list[ET.Element]:
    """The page's inline charts, parsed with their comments (matplotlib writes each text
    it draws as paths there, escaped)."""
    roots = []
    for markup in SVG.findall(text):
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        parser.feed(markup)
        roots.append(parser.close())
    return roots


# -- content -------------------------------------------------------------------------


def test_the_demo_dashboard_shows_every_indicator_with_its_figures(client, users):
    text = html(page(client, users["kepala"], UNIT_URL))
    assert text.count('<tr id="ind-') == 13
    sk11 = text[text.index('<tr id="ind-SK1.1"') :]
    sk11 = sk11[: sk11.index("</tr>")]
    assert "177,78 %" in sk11 and "Tercapai" in sk11 and "53,33" in sk11
    assert "13 / 13" in text  # indicators achieved
    assert "99,83 %" in text  # budget absorption (DESIGN §4)
    assert "Rp 15.507.847.000" in text and "Rp 15.480.985.963" in text
    assert "138,26 %" in text  # PNBP 4.147.659.000 of 3.000.000.000
    assert 'class="attention"' not in text  # everything achieved, nothing due


def test_the_trend_column_compares_with_last_year(client, users):
    text = html(page(client, users["kepala"], UNIT_URL))
    sk31 = text[text.index('<tr id="ind-SK3.1"') :]
    sk31 = sk31[: sk31.index("</tr>")]
    assert "71,00" in sk31 and "memburuk" in sk31 and "-12,23" in sk31


def test_every_chart_is_well_formed_accessible_svg(client, users):
    text = html(page(client, users["kepala"], UNIT_URL))
    charts = svgs(text)
    assert len(charts) == 3
    for chart in charts:
        assert chart.get("role") == "img"
        ids = chart.get("aria-labelledby").split()
        assert {el.get("id") for el in chart if el.get("id")} >= set(ids)


def test_the_year_switcher_lists_the_years_with_an_agreement(client, users, palembang):
    from kinerja.planning.models import Agreement

    agreement = Agreement.objects.get(unit=palembang, year=2023)
    Agreement.objects.create(unit=palembang, year=2024, plan_version=agreement.plan_version)
    text = html(page(client, users["kepala"], UNIT_URL))
    assert f'href="{reverse("dashboard:unit", args=["bspji-palembang", 2024])}"' in text
    assert 'aria-current="page">2023<' in text


def test_a_year_without_agreement_offers_the_years_that_exist(client, users):
    text = html(
        page(client, users["kepala"], reverse("dashboard:unit", args=["bspji-palembang", 2019]))
    )
    assert "belum memiliki Perjanjian Kinerja untuk tahun 2019" in text
    assert UNIT_URL in text


# -- highlighting ----------------------------------------------------------------------


def _indicator(code):
    return Indicator.objects.get(
        version__agreements__unit__code="bspji-palembang", version__agreements__year=2023, code=code
    )


def test_late_and_missing_quarters_are_highlighted_in_words(client, users, palembang):
    yesterday = timezone.localdate() - timedelta(days=1)
    EntryWindow.objects.create(
        unit=palembang, year=2023, quarter=2, opens_on=date(2023, 7, 1), closes_on=yesterday
    )
    for code in ("SK1.1", "SK2.1", "SK2.2", "SK3.1", "SK3.2", "SK3.3"):
        QuarterEntry.objects.create(
            indicator=_indicator(code), year=2023, quarter=2, status="approved"
        )
    QuarterEntry.objects.create(
        indicator=_indicator("SK3.4"), year=2023, quarter=2, status="returned"
    )
    text = html(page(client, users["pic"], UNIT_URL))
    sk34 = text[text.index('<tr id="ind-SK3.4"') :]
    sk34 = sk34[: sk34.index("</tr>")]
    assert 'class="attention"' in sk34 and "TW II terlambat" in sk34
    sk41 = text[text.index('<tr id="ind-SK4.1"') :]
    sk41 = sk41[: sk41.index("</tr>")]
    assert 'class="attention"' in sk41 and "TW II belum diisi" in sk41
    sk11 = text[text.index('<tr id="ind-SK1.1"') :]
    assert 'class="attention"' not in sk11[: sk11.index("</tr>")]
    assert "status-late" in text and "status-missing" in text and "Dikembalikan" in text
    assert 'id="perhatian"' in text  # the summary list of what needs attention
    assert "1 / 6" in text  # one late, six missing (SK4.1 … SK8.2)


def test_a_window_still_open_or_reopened_flags_nothing(client, users, palembang):
    today = timezone.localdate()
    EntryWindow.objects.create(
        unit=palembang,
        year=2023,
        quarter=1,
        opens_on=date(2023, 4, 1),
        closes_on=date(2023, 4, 15),
        reopened_until=today,
        reopen_reason="uji",
    )
    text = html(page(client, users["pic"], UNIT_URL))
    assert "status-missing" not in text and 'class="attention"' not in text


def test_a_not_achieved_indicator_is_highlighted(client, users):
    from kinerja.measurement.models import Realization

    realization = Realization.objects.get(indicator=_indicator("SK2.2"), year=2023, period="year")
    realization.value = 1  # target 2 → 50 %
    realization.save()
    text = html(page(client, users["kepala"], UNIT_URL))
    sk22 = text[text.index('<tr id="ind-SK2.2"') :]
    sk22 = sk22[: sk22.index("</tr>")]
    assert 'class="attention"' in sk22 and "Tidak tercapai" in sk22 and "50,00 %" in sk22
    assert "tidak tercapai" in sk22  # the reason in words, not only the colour
    assert "12 / 13" in text


# -- access ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, demo):
    for url in (UNIT_URL, PARENT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("luar", UNIT_URL, 404),  # another unit's planner may not know Palembang's data
        ("luar", PARENT_URL, 404),
        ("pic", UNIT_URL, 200),  # own unit
        ("bskji", UNIT_URL, 200),  # the reviewer reads every unit below BSKJI
        ("bskji", PARENT_URL, 200),
        ("pic", PARENT_URL, 404),  # no role in BSKJI at all
        ("perencana", PARENT_URL, 404),
        # may read Palembang but not review it
        ("pic", reverse("dashboard:parent", args=["bspji-palembang", 2023]), 403),
        ("kepala", reverse("dashboard:parent", args=["bspji-palembang", 2023]), 403),
        ("admin", PARENT_URL, 200),  # superuser
    ],
)
def test_who_may_open_which_dashboard(client, users, username, url, status):
    assert page(client, users[username], url).status_code == status


def test_the_luar_user_sees_their_own_unit(client, users):
    url = reverse("dashboard:unit", args=["bspji-pontianak", 2023])
    assert page(client, users["luar"], url).status_code == 200


# -- the parent view -----------------------------------------------------------------


def test_the_parent_view_ranks_its_units_and_links_into_each(client, users):
    response = page(client, users["bskji"], PARENT_URL)
    text = html(response)
    table = text[text.index('class="dashboard-units"') :]
    table = table[: table.index("</table>")]
    pontianak = reverse("dashboard:unit", args=["bspji-pontianak", 2023])
    assert table.index(pontianak) < table.index(UNIT_URL)  # 241,42 % before 197,81 %
    assert "241,42 %" in table and "197,81 %" in table and "99,83 %" in table
    ranks = [(r.rank, r.item.code) for r in response.context["overview"].units]
    assert ranks == [(1, "bspji-pontianak"), (2, "bspji-palembang")]
    # the drill-down works for the reviewer
    assert client.get(pontianak).status_code == 200


def test_the_parent_view_ranks_external_scores(client, users):
    text = html(page(client, users["bskji"], PARENT_URL))
    assert "Peringkat Indeks Profesionalitas ASN" in text
    assert "29 unit, rata-rata 80,81" in text  # seed Tabel 3.47
    assert "Peringkat Indeks Pelayanan Publik" in text
    assert "Peringkat Nilai laporan keuangan" in text
    ipp = text[text.index('id="nilai-ipp"') :]
    body = ipp[ipp.index("<tbody>") :]
    first = body[: body.index("</tr>")]
    assert "BSPJI Palembang" in first and "4,97" in first and ">A<" in first


def test_the_parent_chart_escapes_unit_names(client, users):
    Unit.objects.filter(code="bspji-pontianak").update(short_name='Pontianak <b>&</b> "Co"')
    text = html(page(client, users["bskji"], PARENT_URL))
    assert "<b>&</b>" not in text
    chart = svgs(text)[0]
    labels = [html_module.unescape(el.text.strip()) for el in chart.iter(ET.Comment)]
    assert 'Pontianak <b>&</b> "Co"' in labels


# -- speed ----------------------------------------------------------------------------


def test_the_dashboard_page_runs_a_fixed_number_of_queries(
    client, users, palembang, django_assert_num_queries
):
    client.force_login(users["kepala"])
    with django_assert_num_queries(16):
        html(client.get(UNIT_URL))
    # more quarter entries, windows and progress rows change nothing
    for quarter in (1, 2, 3, 4):
        EntryWindow.objects.create(
            unit=palembang,
            year=2023,
            quarter=quarter,
            opens_on=date(2023, 1, 1),
            closes_on=date(2023, 12, 31),
        )
    for code in ("SK1.1", "SK2.1", "SK3.1", "SK3.4", "SK5.1"):
        for quarter in (1, 2, 3, 4):
            QuarterEntry.objects.create(indicator=_indicator(code), year=2023, quarter=quarter)
    QuarterProgress.objects.filter(action_plan__indicator=_indicator("SK1.1")).update(
        realized_pct=10
    )
    with django_assert_num_queries(16):
        text = html(client.get(UNIT_URL))
    assert "status-missing" in text and "status-late" in text


def test_the_parent_page_runs_a_fixed_number_of_queries(client, users, django_assert_num_queries):
    client.force_login(users["bskji"])
    # 17: the consolidation reads the units' input versions and stored summaries (none
    # yet), computes them (direction-only targets in a query of their own; the units below
    # are a recursive subquery inside both) and stores them; one query names every unit
    # below
    with django_assert_num_queries(17):
        html(client.get(PARENT_URL))
    # 14: the summaries stored by the first view are current: one read instead of three
    with django_assert_num_queries(14):
        html(client.get(PARENT_URL))


def test_a_parent_body_without_agreement_points_its_reviewer_to_the_units_below(client, users):
    text = html(page(client, users["bskji"], reverse("dashboard:unit", args=["bskji", 2023])))
    assert "belum memiliki Perjanjian Kinerja" in text
    assert f'href="{PARENT_URL}"' in text


def test_the_parent_page_names_units_in_full_and_says_who_is_not_ranked(client, users):
    text = html(page(client, users["bskji"], PARENT_URL))
    # Full name with the abbreviation beside it.
    assert "Balai Standardisasi dan Pelayanan Jasa Industri Palembang" in text
    assert "(BSPJI Palembang)" in text
    # Two of the 29 units below have an agreement in the demo; the page says so and why.
    assert "Peringkat ini memuat 2 dari 29 unit di bawah" in text
    assert "27 unit tidak diperingkat karena belum mempunyai Perjanjian Kinerja" in text
    # A score ranking names how many units have no such score that year.
    assert "Peringkat ini memuat 1 dari 29 unit di bawah; 28 unit lain" in text


def test_the_reviewer_reaches_the_parent_view_from_home_and_the_menu(client, users):
    client.force_login(users["bskji"])
    home = client.get(reverse("org:home")).content.decode()
    latest = reverse("dashboard:parent_latest", args=["bskji"])
    assert f'href="{latest}"' in home and "Tinjau unit di bawah" in home
    assert "(BSPJI Palembang)" in home  # full names with their abbreviation
    # The header menu carries the link on every page.
    unit_page = client.get(reverse("dashboard:unit", args=["bspji-palembang", 2023]))
    assert f'href="{latest}"' in unit_page.content.decode()
    # It leads to the latest year with agreements below.
    response = client.get(latest)
    assert response.status_code == 302 and response["Location"] == PARENT_URL
    # Nobody else gets the link or the page.
    client.force_login(users["perencana"])
    assert f'href="{latest}"' not in client.get(reverse("org:home")).content.decode()
    assert client.get(latest).status_code in (403, 404)

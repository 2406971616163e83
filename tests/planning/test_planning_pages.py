"""The planning screens render for the unit's people, are 404 for an outsider and a
login redirect for an anonymous visitor; objects of another unit are not found."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.planning.models import (
    Goal,
    Indicator,
    Objective,
    PlanVersion,
    Target,
)


@pytest.fixture
def pages(palembang, version):
    sk31 = Indicator.objects.get(version=version, code="SK3.1")
    return {
        "overview": reverse("planning:overview", args=[palembang.code]),
        "plan_version": reverse("planning:plan_version", args=[palembang.code, version.pk]),
        "indicator": reverse("planning:indicator", args=[palembang.code, sk31.pk]),
        "agreement": reverse("planning:agreement", args=[palembang.code, 2023]),
        "action_plan": reverse("planning:action_plan", args=[palembang.code, 2023]),
        "targets_xlsx": reverse("planning:targets_xlsx", args=[palembang.code, version.pk]),
        "realizations_xlsx": reverse("planning:realizations_xlsx", args=[palembang.code, 2023]),
    }


READ_PAGES = ["overview", "plan_version", "indicator", "agreement", "action_plan"]
DOWNLOADS = ["targets_xlsx", "realizations_xlsx"]


def test_the_planner_sees_every_planning_page(client_for, pages):
    client = client_for("perencana")
    for page in READ_PAGES:
        response = client.get(pages[page])
        assert response.status_code == 200, page
        assert response.context["nav"] == "planning"
        assert response.context["unit"].code == "bspji-palembang"
    for page in DOWNLOADS:
        response = client.get(pages[page])
        assert response.status_code == 200, page
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:4] == b"PK\x03\x04"


def test_the_other_units_planner_gets_404_everywhere(client_for, pages):
    client = client_for("luar")
    for page in READ_PAGES + DOWNLOADS:
        assert client.get(pages[page]).status_code == 404, page


def test_the_parent_reviewer_reads_the_pages_but_cannot_upload(client_for, pages, palembang):
    client = client_for("bskji")
    for page in READ_PAGES:
        assert client.get(pages[page]).status_code == 200, page
    upload = reverse("planning:realizations_upload", args=[palembang.code, 2023])
    assert client.get(upload).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, pages):
    for page in READ_PAGES + DOWNLOADS:
        response = client.get(pages[page])
        assert response.status_code == 302, page
        assert reverse("accounts:login") in response["Location"]


def test_an_indicator_of_another_unit_is_not_found_under_this_unit(client_for, palembang):
    other = Indicator.objects.filter(version__plan__unit__code="bspji-pontianak").first()
    url = reverse("planning:indicator", args=[palembang.code, other.pk])
    assert client_for("perencana").get(url).status_code == 404


def test_overview_lists_versions_agreements_and_action_plans(client_for, pages):
    html = client_for("perencana").get(pages["overview"]).content.decode()
    assert "Rencana Strategis BSPJI Palembang 2021-2024" in html
    assert "Peraturan Kepala BSKJI Nomor 185 Tahun 2023" in html  # v3's legal basis
    assert "Berlaku" in html and "Tidak berlaku" in html
    assert reverse("planning:agreement", args=["bspji-palembang", 2023]) in html
    assert reverse("planning:action_plan", args=["bspji-palembang", 2023]) in html


def test_plan_version_shows_objectives_indicators_and_targets(client_for, pages):
    response = client_for("perencana").get(pages["plan_version"])
    html = response.content.decode()
    assert "SK1 Meningkatnya Daya Saing Industri Pengolahan Nonmigas" in html
    assert "Stakeholder" in html  # SK1's perspective
    assert "Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi" in html
    assert "Rata-rata perubahan sebelum/sesudah" in html  # SK1.1's method
    assert response.context["detail"].years == [2021, 2022, 2023, 2024]
    assert response.context["read_only_reason"] is None


def test_a_reference_only_version_says_its_content_is_not_recorded(client_for, palembang):
    v1 = PlanVersion.objects.get(plan__unit=palembang, number=1)
    url = reverse("planning:plan_version", args=[palembang.code, v1.pk])
    response = client_for("perencana").get(url)
    assert response.status_code == 200
    assert "hanya rujukan dokumen" in response.content.decode()
    assert "targetnya tidak dapat diubah" in response.context["read_only_reason"]


def _copy_as_version(version, number):
    """A recorded, not-in-force copy of ``version`` (a later revision, say)."""
    copy = PlanVersion.objects.create(
        plan=version.plan, number=number, title="Salinan", content="recorded"
    )
    goals = {
        g.pk: Goal.objects.create(version=copy, code=g.code, name=g.name, position=g.position)
        for g in version.goals.all()
    }
    objectives = {
        o.pk: Objective.objects.create(
            version=copy,
            goal=goals[o.goal_id],
            code=o.code,
            name=o.name,
            perspective=o.perspective,
            position=o.position,
        )
        for o in version.objectives.all()
    }
    for ind in version.indicators.all():
        new = Indicator.objects.create(
            version=copy,
            objective=objectives.get(ind.objective_id),
            goal=goals.get(ind.goal_id),
            code=ind.code,
            name=ind.name,
            unit_label=ind.unit_label,
            polarity=ind.polarity,
            method=ind.method,
            position=ind.position,
        )
        for t in ind.targets.all():
            Target.objects.create(indicator=new, year=t.year, value=t.value, max_value=t.max_value)
    return copy


def test_compare_with_another_version_shows_what_changed(client_for, palembang, version):
    v4 = _copy_as_version(version, 4)
    Target.objects.filter(indicator__version=v4, indicator__code="SK3.1", year=2024).update(
        value=Decimal("47.5")
    )
    Indicator.objects.filter(version=v4, code="SK3.4").delete()
    url = reverse("planning:plan_version", args=[palembang.code, version.pk])
    response = client_for("perencana").get(url, {"banding": v4.pk})
    diff = response.context["diff"]
    assert (diff.old_number, diff.new_number) == (3, 4)
    assert [f.code for f in diff.removed] == ["SK3.4"]
    assert [(c.code, c.year, c.new.value) for c in diff.targets] == [
        ("SK3.1", 2024, Decimal("47.5"))
    ]
    html = response.content.decode()
    assert "Indikator dihapus" in html and "47,5" in html


def test_compare_with_a_reference_only_version_explains_why_there_is_no_diff(
    client_for, palembang, version
):
    v2 = PlanVersion.objects.get(plan__unit=palembang, number=2)
    url = reverse("planning:plan_version", args=[palembang.code, version.pk])
    response = client_for("perencana").get(url, {"banding": v2.pk})
    assert response.context["diff"] is None
    assert "tidak tercatat" in response.content.decode()


def test_compare_with_a_version_of_another_plan_is_404(client_for, palembang, version):
    other = PlanVersion.objects.filter(plan__unit__code="bspji-pontianak").first()
    url = reverse("planning:plan_version", args=[palembang.code, version.pk])
    assert client_for("perencana").get(url, {"banding": other.pk}).status_code == 404


def test_indicator_page_has_facts_targets_alignment_and_realizations(client_for, pages):
    response = client_for("perencana").get(pages["indicator"])
    detail = response.context["detail"]
    assert detail.indicator.code == "SK3.1"
    years = {r.year: r.value for r in detail.realizations}
    assert years[2023] == Decimal("58.77")
    assert [a.year for a in detail.agreements] == [2023]
    html = response.content.decode()
    assert "58,77" in html
    assert "Diisi manual" in html


def test_agreement_page_shows_items_and_versions(client_for, pages):
    response = client_for("perencana").get(pages["agreement"])
    detail = response.context["detail"]
    assert detail.shown.number == 1 and detail.shown.is_signed
    assert len(detail.items) == 13
    html = response.content.decode()
    assert "Kepala BSPJI Palembang" in html
    assert "Buat draf perubahan" in html  # the planner may start a revision
    # The Perkin document is the reports app's; this page links to it.
    assert reverse("reports:download", args=["bspji-palembang", 2023, "perkin", "pdf"]) in html
    assert "Tanda tangani" not in html


def test_action_plan_shows_milestones_and_physical_progress(client_for, pages):
    response = client_for("perencana").get(pages["action_plan"])
    blocks = response.context["blocks"]
    sk11 = next(b for b in blocks if b.indicator.code == "SK1.1")
    assert [len(q.activities) for q in sk11.quarters] == [3, 3, 3, 3]
    assert [a.code for q in sk11.quarters for a in q.activities] == [
        f"B{n:02d}" for n in range(1, 13)
    ]
    assert sk11.quarters[1].target_pct == Decimal(50)
    html = response.content.decode()
    assert "B12" in html and "Target fisik (%)" in html


def test_unknown_year_agreement_is_404(client_for, palembang):
    url = reverse("planning:agreement", args=[palembang.code, 2019])
    assert client_for("perencana").get(url).status_code == 404


def test_the_plan_page_reads_a_fixed_number_of_queries(client_for, palembang, version):
    """No query per indicator or target: five more indicators cost no extra query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("perencana")
    url = reverse("planning:plan_version", args=[palembang.code, version.pk])
    client.get(url)  # warm the session and the user's rights

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    objective = version.objectives.first()
    for n in range(5):
        ind = Indicator.objects.create(
            version=version, objective=objective, code=f"X{n}", name="Baru", unit_label="Persen"
        )
        Target.objects.create(indicator=ind, year=2023, value=n)
    assert count() == before

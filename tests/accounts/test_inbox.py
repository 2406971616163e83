"""The inbox ("Tugas saya") of the demo roles: entries to fill before a window closes,
returned entries, entries to verify and approve, agreements to sign, finals to issue —
read in a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.accounts.inbox import inbox
from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import EntryWindow, QuarterEntry
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementVersion

UNIT, YEAR = "bspji-palembang", 2023
TODAY = dt.date(2023, 4, 10)


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code=UNIT)


@pytest.fixture
def items(palembang):
    version = Agreement.objects.get(unit=palembang, year=YEAR).version_in_force()
    return {i.indicator.code: i.indicator for i in version.items.select_related("indicator")}


@pytest.fixture
def work(palembang, items):
    """Q1 2023 open until 14 April; SK3.1 submitted, SK5.1 verified, SK3.4 returned."""
    EntryWindow.objects.create(
        unit=palembang, year=YEAR, quarter=1, opens_on=dt.date(2023, 4, 1),
        closes_on=dt.date(2023, 4, 14),
    )  # fmt: skip
    for code, status in (
        ("SK3.1", EntryStatus.SUBMITTED),
        ("SK5.1", EntryStatus.VERIFIED),
        ("SK3.4", EntryStatus.RETURNED),
    ):
        QuarterEntry.objects.create(indicator=items[code], year=YEAR, quarter=1, status=status)


def codes(tasks):
    return [t.title.split()[0] for t in tasks]


def test_the_owner_fills_their_own_indicators_before_the_window_closes(users, work):
    box = inbox(users["pic"], TODAY)
    # pic owns SK1.1, SK3.1 and SK3.4: SK3.1 is handed in, SK3.4 came back.
    assert codes(box.to_fill) == ["SK1.1"]
    [task] = box.to_fill
    assert task.days_left == 4 and task.closes_on == dt.date(2023, 4, 14)
    assert task.url == reverse("measurement:entry", args=[UNIT, YEAR, 1, "SK1.1"])
    assert codes(box.returned) == ["SK3.4"]
    assert not box.to_verify and not box.to_approve and not box.to_sign


def test_a_closed_window_asks_nothing(users, work):
    assert not inbox(users["pic"], dt.date(2023, 4, 15)).to_fill
    assert not inbox(users["pic"], dt.date(2023, 3, 31)).to_fill


def test_the_planner_fills_every_indicator(users, work, items):
    box = inbox(users["perencana"], TODAY)
    assert len(box.to_fill) == len(items) - 3
    assert codes(box.returned) == ["SK3.4"]


def test_the_coordinator_verifies_and_the_head_approves(users, work):
    assert codes(inbox(users["koordinator"], TODAY).to_verify) == ["SK3.1"]
    head = inbox(users["kepala"], TODAY)
    assert codes(head.to_approve) == ["SK5.1"]
    assert not head.to_fill and not head.returned and not head.to_verify


def test_nobody_sees_another_units_work(users, work):
    for name in ("luar", "bskji", "keuangan"):
        assert inbox(users[name], TODAY).count == 0, name


def test_the_head_signs_a_draft_and_issues_an_approved_quarter(users, palembang, items):
    agreement = Agreement.objects.get(unit=palembang, year=YEAR)
    last = agreement.versions.order_by("-number").first()
    AgreementVersion.objects.create(
        agreement=agreement, number=last.number + 1, status=AgreementStatus.DRAFT
    )
    box = inbox(users["kepala"], TODAY)
    assert [t.url for t in box.to_sign] == [reverse("planning:agreement_sign", args=[UNIT, YEAR])]
    assert not box.to_issue  # nothing approved yet
    for indicator in items.values():
        QuarterEntry.objects.create(
            indicator=indicator, year=YEAR, quarter=1, status=EntryStatus.APPROVED
        )
    titles = [t.title for t in inbox(users["kepala"], TODAY).to_issue]
    assert titles == ["Laporan triwulan I 2023"]


def test_the_inbox_reads_in_a_fixed_number_of_queries(users, work, django_assert_max_num_queries):
    for name in ("perencana", "kepala", "pic"):
        user = type(users[name]).objects.get(pk=users[name].pk)  # no cached rights
        with django_assert_max_num_queries(12):
            box = inbox(user, TODAY)
            [t.url for _k, _h, tasks in box.sections() for t in tasks]


def test_the_home_page_shows_the_tasks(client, users, work):
    client.force_login(users["koordinator"])
    response = client.get(reverse("org:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tugas saya" in text and "Perlu diverifikasi" in text
    assert reverse("measurement:entry", args=[UNIT, YEAR, 1, "SK3.1"]) in text

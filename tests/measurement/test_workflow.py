"""Quarterly entry services (measurement.workflow): who may move an entry where, the
explanation rule, entry windows, locking and evidence files."""

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.measurement import entry_selectors, workflow
from kinerja.measurement.choices import EntryStatus, WorkflowAction
from kinerja.measurement.models import EntryWindow, Evidence, QuarterEntry, Realization
from kinerja.measurement.workflow import WorkflowError
from kinerja.org.models import Unit
from kinerja.planning.models import AgreementIndicator, Indicator

UNIT, YEAR = "bspji-palembang", 2023
TODAY = date(2023, 4, 10)


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# -- fixtures (the demo is loaded once per module: tests/measurement/conftest.py) ---------
@pytest.fixture
def users(entry_users):
    return entry_users


@pytest.fixture
def unit(users):
    return Unit.objects.get(code=UNIT)


def indicator(unit, code) -> Indicator:
    return entry_selectors.agreement_item_by_code(unit, YEAR, code).indicator


@pytest.fixture
def sk31(unit):
    return indicator(unit, "SK3.1")  # manual, higher is better, PK target 40, PIC: pic


def save_as_owner(entry, user, *, target=None, **kwargs):
    """The owner saves the quarter; its target, if any, was set by the planner (the
    planner's right since the quarter target left the owner's hands)."""
    if target is not None:
        QuarterEntry.objects.filter(pk=entry.pk).update(target=target)
        entry.refresh_from_db()
    return workflow.save_entry(entry, user, target=target, **kwargs)


def set_status(entry, status):
    QuarterEntry.objects.filter(pk=entry.pk).update(status=status)
    entry.refresh_from_db()
    return entry


def ready_entry(sk31, users, files, today=TODAY):
    """A Q2 draft with a value above target and one evidence file: ready to submit."""
    entry = workflow.entry_for(sk31, YEAR, 2)
    save_as_owner(entry, users["pic"], value=Decimal("45"), target=Decimal("20"), today=today)
    workflow.add_evidence(entry, users["pic"], upload("ba.pdf", files["pdf"]), today=today)
    return entry


# -- saving ----------------------------------------------------------------------------
def test_owner_saves_the_quarter_as_a_realization_row(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 1)
    save_as_owner(
        entry,
        users["pic"],
        value=Decimal("12.5"),
        target=Decimal("10"),
        narrative=" Tiga IKM ",
        today=TODAY,
    )
    row = Realization.objects.get(indicator=sk31, year=YEAR, period="q1")
    assert row.value == Decimal("12.5")
    entry.refresh_from_db()
    assert (entry.target, entry.narrative, entry.updated_by) == (
        Decimal("10"),
        "Tiga IKM",
        users["pic"],
    )
    # Clearing the value removes the quarter's row rather than storing a fake 0.
    save_as_owner(entry, users["pic"], value=None, target=Decimal("10"), today=TODAY)
    assert not Realization.objects.filter(indicator=sk31, year=YEAR, period="q1").exists()


def test_owner_cannot_enter_an_indicator_not_assigned_to_them(unit, users):
    entry = workflow.entry_for(indicator(unit, "SK5.1"), YEAR, 1)
    with pytest.raises(PermissionDenied):
        save_as_owner(entry, users["pic"], value=None, today=TODAY)


@pytest.mark.parametrize("username", ["perencana", "admin"])
def test_planner_and_superuser_may_enter_any_indicator(unit, users, username):
    entry = workflow.entry_for(indicator(unit, "SK3.4"), YEAR, 1)
    workflow.save_entry(
        entry, users[username], value=Decimal("50"), target=Decimal("20"), today=TODAY
    )
    assert Realization.objects.get(indicator=entry.indicator, period="q1").value == 50


@pytest.mark.parametrize("username", ["koordinator", "kepala", "keuangan", "bskji", "luar"])
def test_other_roles_cannot_save_an_entry(sk31, users, username):
    entry = workflow.entry_for(sk31, YEAR, 1)
    with pytest.raises(PermissionDenied):
        workflow.save_entry(entry, users[username], value=Decimal("1"), today=TODAY)
    assert not Realization.objects.filter(indicator=sk31, period="q1").exists()


def test_a_value_with_more_decimals_than_the_column_is_refused(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 1)
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(entry, users["pic"], value="1.1234567", today=TODAY)
    assert "value" in caught.value.message_dict


# -- the explanation rule --------------------------------------------------------------
def test_explanation_required_when_realization_is_below_the_quarter_target(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(entry, users["pic"], value=Decimal("10"), target=Decimal("20"), today=TODAY)
    (message,) = caught.value.message_dict["explanation"]
    assert "di bawah target" in message and "10" in message and "20" in message
    assert not Realization.objects.filter(indicator=sk31, period="q2").exists()  # nothing written
    save_as_owner(
        entry,
        users["pic"],
        value=Decimal("10"),
        target=Decimal("20"),
        explanation="Dua IKM mundur ke triwulan III.",
        today=TODAY,
    )
    assert Realization.objects.get(indicator=sk31, period="q2").value == 10


def test_no_explanation_needed_at_or_above_target_or_without_a_quarter_target(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    save_as_owner(entry, users["pic"], value=Decimal("20"), target=Decimal("20"), today=TODAY)
    # The planner removes the quarter target; the value is then not judged at all.
    workflow.save_entry(entry, users["perencana"], value=Decimal("5"), target=None, today=TODAY)
    assert Realization.objects.get(indicator=sk31, period="q2").value == 5


def test_the_quarter_target_is_the_planners(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    with pytest.raises(WorkflowError) as caught:
        workflow.save_entry(entry, users["pic"], value=Decimal("25"), target=Decimal("20"))
    assert "perencana" in caught.value.message_dict["target"][0]
    assert not Realization.objects.filter(indicator=sk31, period="q2").exists()
    workflow.save_entry(entry, users["perencana"], value=None, target=Decimal("20"))
    # The owner keeps it (and may not remove it); their figures are saved.
    workflow.save_entry(entry, users["pic"], value=Decimal("25"), target=Decimal("20"))
    with pytest.raises(WorkflowError):
        workflow.save_entry(entry, users["pic"], value=Decimal("25"), target=None)
    entry.refresh_from_db()
    assert entry.target == 20
    # Q4 offers the agreement target: the owner may keep it without a saved one.
    q4 = workflow.entry_for(sk31, YEAR, 4)
    workflow.save_entry(q4, users["pic"], value=Decimal("58.77"), target=Decimal("40"))


def test_a_save_on_a_version_someone_else_changed_is_refused_with_who_and_what(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 1)
    opened_by_pic = workflow.entry_version(entry)  # nobody has saved it yet
    workflow.save_entry(
        entry, users["perencana"], value=Decimal("12"), narrative="Versi perencana.", seen=""
    )
    with pytest.raises(workflow.EntryConflict) as caught:
        workflow.save_entry(
            entry, users["pic"], value=Decimal("10"), narrative="Versi pic.", seen=opened_by_pic
        )
    message = caught.value.messages[0]
    assert "perencana" in message and "12" in message
    entry.refresh_from_db()
    assert entry.narrative == "Versi perencana."  # nothing of the second save was written
    assert Realization.objects.get(indicator=sk31, period="q1").value == 12
    # Saving again on the version now shown goes through.
    workflow.save_entry(
        entry,
        users["pic"],
        value=Decimal("10"),
        narrative="Versi pic.",
        seen=workflow.entry_version(entry),
    )
    assert Realization.objects.get(indicator=sk31, period="q1").value == 10


def test_q4_without_a_quarter_target_is_judged_against_the_agreement_target(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 4)
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(entry, users["pic"], value=Decimal("39"), today=TODAY)
    assert "40" in caught.value.message_dict["explanation"][0]  # the PK target
    save_as_owner(entry, users["pic"], value=Decimal("58.77"), today=TODAY)


def test_explanation_required_for_a_q4_target_that_differs_from_the_agreement(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 4)
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(
            entry, users["pic"], value=Decimal("58.77"), target=Decimal("35"), today=TODAY
        )
    (message,) = caught.value.message_dict["explanation"]
    assert "berbeda dari target Perjanjian Kinerja (40)" in message
    save_as_owner(entry, users["pic"], value=Decimal("58.77"), target=Decimal("40"), today=TODAY)


def test_explanation_required_for_a_quarter_target_beyond_the_annual_target(sk31, users):
    entry = workflow.entry_for(sk31, YEAR, 2)
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(entry, users["pic"], value=Decimal("60"), target=Decimal("50"), today=TODAY)
    assert "melebihi target tahunan" in caught.value.message_dict["explanation"][0]


def test_lower_is_better_deviation_is_a_quarter_target_below_the_annual_one():
    lower = Indicator(code="X", polarity="lower_is_better")
    item = AgreementIndicator(target=Decimal("10"))
    assert workflow.target_deviation(lower, 2, Decimal("8"), item)
    assert workflow.target_deviation(lower, 2, Decimal("12"), item) is None
    higher = Indicator(code="Y", polarity="higher_is_better")
    assert workflow.target_deviation(higher, 2, Decimal("12"), item)
    assert workflow.target_deviation(higher, 4, Decimal("10"), item) is None
    band = Indicator(code="Z", polarity="range")
    item_band = AgreementIndicator(target=Decimal("10"), target_max=Decimal("20"))
    assert workflow.target_deviation(band, 2, Decimal("25"), item_band)
    assert workflow.target_deviation(band, 4, Decimal("15"), item_band) is None


# -- computed indicators ---------------------------------------------------------------
def test_computed_indicator_refuses_a_typed_value_and_uses_its_records(
    unit, users, evidence_root, files
):
    sk11 = indicator(unit, "SK1.1")  # before/after mean of collaborations, PIC: pic
    entry = workflow.entry_for(sk11, YEAR, 4)
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(entry, users["pic"], value=Decimal("60"), today=TODAY)
    assert "dihitung dari catatan" in caught.value.message_dict["value"][0]
    save_as_owner(entry, users["pic"], narrative="Roasting 15 → 7 menit.", today=TODAY)
    assert not Realization.objects.filter(indicator=sk11, period="q4").exists()
    assert round(workflow.quarter_value(entry), 2) == Decimal("53.33")
    workflow.add_evidence(entry, users["pic"], upload("ba.pdf", files["pdf"]), today=TODAY)
    workflow.submit(entry, users["pic"], today=TODAY)
    assert entry.status == EntryStatus.SUBMITTED


def test_each_step_keeps_the_figure_it_was_taken_on(unit, users, evidence_root, files):
    """A computed indicator follows its records; what was approved stays in the history
    and the page says when the records have moved on since."""
    from kinerja.sources.models import FacilitationMeasure

    sk11 = indicator(unit, "SK1.1")
    entry = workflow.entry_for(sk11, YEAR, 4)
    workflow.add_evidence(entry, users["pic"], upload("ba.pdf", files["pdf"]), today=TODAY)
    workflow.submit(entry, users["pic"], today=TODAY)
    workflow.verify(entry, users["koordinator"])
    workflow.approve(entry, users["kepala"])
    values = [round(e.value, 2) for e in entry.events.all()]
    assert values == [Decimal("53.33")] * 3

    item = AgreementIndicator.objects.get(
        indicator=sk11, version__agreement__year=YEAR, version__status="signed"
    )
    page = entry_selectors.entry_page(unit, YEAR, 4, item, users["pic"], TODAY)
    assert round(page.approved_value, 2) == Decimal("53.33")
    assert not page.changed_since_approval

    # A record behind the figure is corrected after approval.
    measure = FacilitationMeasure.objects.filter(
        facilitation__unit=unit, facilitation__year=YEAR
    ).first()
    measure.after = measure.before
    measure.save()
    page = entry_selectors.entry_page(unit, YEAR, 4, item, users["pic"], TODAY)
    assert page.value != page.approved_value
    assert round(page.approved_value, 2) == Decimal("53.33")
    assert page.changed_since_approval
    assert entry.events.get(action="approve").value == page.approved_value


def test_a_typed_figure_is_kept_with_its_steps(sk31, users, evidence_root, files):
    entry = ready_entry(sk31, users, files)
    workflow.submit(entry, users["pic"], today=TODAY)
    typed = workflow.typed_value(entry)
    assert typed is not None
    assert entry.events.get(action="submit").value == typed


# -- transitions -----------------------------------------------------------------------
def test_full_workflow_records_every_step(sk31, users, evidence_root, files):
    entry = ready_entry(sk31, users, files)
    workflow.submit(entry, users["pic"], today=TODAY)
    workflow.return_entry(entry, users["koordinator"], comment="Lampirkan berita acara.")
    assert entry.status == EntryStatus.RETURNED
    workflow.submit(entry, users["pic"], today=TODAY)
    workflow.verify(entry, users["koordinator"])
    workflow.approve(entry, users["kepala"], comment="Sesuai.")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED and entry.is_locked
    steps = [(e.action, e.from_status, e.to_status, e.user.username) for e in entry.events.all()]
    assert steps == [
        ("submit", "draft", "submitted", "pic"),
        ("return", "submitted", "returned", "koordinator"),
        ("submit", "returned", "submitted", "pic"),
        ("verify", "submitted", "verified", "koordinator"),
        ("approve", "verified", "approved", "kepala"),
    ]
    assert entry.events.get(action="return").comment == "Lampirkan berita acara."


# (service, status it starts from, user, allowed?)
TRANSITION_RIGHTS = [
    ("submit", "draft", "pic", True),
    ("submit", "returned", "perencana", True),
    ("submit", "draft", "koordinator", False),
    ("submit", "draft", "kepala", False),
    ("submit", "draft", "keuangan", False),
    ("submit", "draft", "bskji", False),
    ("submit", "draft", "luar", False),
    ("verify", "submitted", "koordinator", True),
    ("verify", "submitted", "pic", False),
    ("verify", "submitted", "kepala", False),
    ("verify", "submitted", "perencana", False),
    ("return", "submitted", "koordinator", True),
    ("return", "verified", "koordinator", True),
    ("return", "verified", "kepala", True),
    ("return", "submitted", "pic", False),
    ("return", "submitted", "perencana", False),
    ("return", "submitted", "bskji", False),
    ("approve", "verified", "kepala", True),
    ("approve", "verified", "admin", True),
    ("approve", "verified", "koordinator", False),
    ("approve", "verified", "pic", False),
    ("approve", "verified", "perencana", False),
    ("approve", "verified", "luar", False),
    ("reopen", "approved", "kepala", True),
    ("reopen", "approved", "perencana", True),
    ("reopen", "approved", "koordinator", False),
    ("reopen", "approved", "pic", False),
    ("reopen", "approved", "bskji", False),
]


def run(action, entry, user):
    if action == "submit":
        return workflow.submit(entry, user, today=TODAY)
    if action == "verify":
        return workflow.verify(entry, user)
    if action == "return":
        return workflow.return_entry(entry, user, comment="Perbaiki.")
    if action == "approve":
        return workflow.approve(entry, user)
    return workflow.reopen(entry, user, reason="Salah ketik realisasi.")


@pytest.mark.parametrize(("action", "start", "username", "allowed"), TRANSITION_RIGHTS)
def test_transition_rights_by_role(
    sk31, users, evidence_root, action, start, username, allowed, files
):
    entry = set_status(ready_entry(sk31, users, files), start)
    if allowed:
        run(action, entry, users[username])
        event = entry.events.get()
        assert (event.action, event.from_status, event.user) == (action, start, users[username])
    else:
        with pytest.raises(PermissionDenied):
            run(action, entry, users[username])
        entry.refresh_from_db()
        assert entry.status == start and not entry.events.exists()


@pytest.mark.parametrize(
    ("action", "start", "username", "status_named"),
    [
        ("approve", "submitted", "kepala", "Diajukan"),
        ("verify", "draft", "koordinator", "Draf"),
        ("verify", "approved", "koordinator", "Disetujui"),
        ("submit", "submitted", "pic", "Diajukan"),
        ("reopen", "verified", "kepala", "Diverifikasi"),
        ("return", "submitted", "kepala", "Diajukan"),  # the head returns only verified ones
        ("return", "approved", "koordinator", "Disetujui"),
    ],
)
def test_illegal_transition_names_the_current_status(
    sk31, users, evidence_root, action, start, username, status_named, files
):
    entry = set_status(ready_entry(sk31, users, files), start)
    with pytest.raises(WorkflowError) as caught:
        run(action, entry, users[username])
    assert f"berstatus “{status_named}”" in caught.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == start and not entry.events.exists()


def test_submit_needs_a_value_and_evidence(sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 1)
    with pytest.raises(WorkflowError) as caught:
        workflow.submit(entry, users["pic"], today=TODAY)
    text = " ".join(caught.value.messages)
    assert "Isi dan simpan realisasi" in text and "bukti dukung" in text
    save_as_owner(entry, users["pic"], value=Decimal("15"), target=Decimal("10"), today=TODAY)
    with pytest.raises(WorkflowError, match="bukti dukung"):
        workflow.submit(entry, users["pic"], today=TODAY)
    workflow.add_evidence(entry, users["pic"], upload("ba.pdf", files["pdf"]), today=TODAY)
    workflow.submit(entry, users["pic"], today=TODAY)
    assert entry.status == EntryStatus.SUBMITTED


def test_submit_needs_the_explanation_when_the_target_changed_since_saving(
    sk31, users, evidence_root, files
):
    entry = ready_entry(sk31, users, files)
    # The records behind the rule changed after saving (e.g. by an import): still checked.
    QuarterEntry.objects.filter(pk=entry.pk).update(target=Decimal("50"))
    entry.refresh_from_db()
    with pytest.raises(WorkflowError, match="Penjelasan wajib diisi"):
        workflow.submit(entry, users["pic"], today=TODAY)


def test_return_needs_a_comment(sk31, users, evidence_root, files):
    entry = set_status(ready_entry(sk31, users, files), EntryStatus.SUBMITTED)
    with pytest.raises(WorkflowError) as caught:
        workflow.return_entry(entry, users["koordinator"], comment="  ")
    assert "comment" in caught.value.message_dict
    assert entry.status == EntryStatus.SUBMITTED


# -- locking and reopening -------------------------------------------------------------
def test_approved_quarter_is_locked_until_reopened_with_a_reason(sk31, users, evidence_root, files):
    entry = set_status(ready_entry(sk31, users, files), EntryStatus.APPROVED)
    with pytest.raises(WorkflowError, match="terkunci"):
        save_as_owner(entry, users["pic"], value=Decimal("1"), today=TODAY)
    with pytest.raises(WorkflowError, match="terkunci"):
        workflow.add_evidence(entry, users["pic"], upload("b.png", files["png"]), today=TODAY)
    with pytest.raises(WorkflowError, match="terkunci"):
        workflow.remove_evidence(entry.evidence_files.get(), users["pic"], today=TODAY)
    with pytest.raises(WorkflowError) as caught:
        workflow.reopen(entry, users["kepala"], reason="")
    assert "comment" in caught.value.message_dict
    assert Realization.objects.get(indicator=sk31, period="q2").value == 45

    workflow.reopen(entry, users["kepala"], reason="Salah ketik realisasi.")
    assert entry.status == EntryStatus.RETURNED
    event = entry.events.get()
    assert (event.action, event.comment) == (WorkflowAction.REOPEN, "Salah ketik realisasi.")
    save_as_owner(entry, users["pic"], value=Decimal("44"), target=Decimal("20"), today=TODAY)
    assert Realization.objects.get(indicator=sk31, period="q2").value == 44


def test_submitted_quarter_cannot_be_edited_while_under_review(sk31, users, evidence_root, files):
    entry = set_status(ready_entry(sk31, users, files), EntryStatus.SUBMITTED)
    with pytest.raises(WorkflowError, match="Diajukan"):
        save_as_owner(entry, users["pic"], value=Decimal("1"), today=TODAY)


def test_reasons_go_to_the_audit_trail(sk31, users, evidence_root, monkeypatch, files):
    seen = []
    real = workflow.audit_context

    def recording(**changes):
        seen.append(changes.get("reason"))
        return real(**changes)

    monkeypatch.setattr(workflow, "audit_context", recording)
    entry = set_status(ready_entry(sk31, users, files), EntryStatus.APPROVED)
    workflow.reopen(entry, users["kepala"], reason="Koreksi data BPS.")
    window = workflow.set_window(
        workflow.entry_unit(entry),
        YEAR,
        3,
        date(2023, 7, 1),
        date(2023, 7, 15),
        users["perencana"],
    )
    workflow.reopen_window(
        window, date(2023, 7, 31), "Server down.", users["perencana"], today=date(2023, 7, 20)
    )
    assert seen == ["Koreksi data BPS.", "Server down."]


# -- entry windows ---------------------------------------------------------------------
@pytest.fixture
def q2_window(unit, users):
    return workflow.set_window(
        unit, YEAR, 2, date(2023, 7, 1), date(2023, 7, 15), users["perencana"]
    )


def test_no_window_means_open(unit):
    assert workflow.window_state(unit, YEAR, 2, TODAY) == workflow.WindowState.NOT_SET


def test_closed_window_refuses_save_and_submit(sk31, users, evidence_root, q2_window, unit, files):
    with pytest.raises(WorkflowError, match="di luar jadwal"):  # not open yet on 10 April
        ready_entry(sk31, users, files)
    entry = ready_entry(sk31, users, files, today=date(2023, 7, 3))
    late = date(2023, 7, 20)
    assert workflow.window_state(unit, YEAR, 2, late) == workflow.WindowState.CLOSED
    with pytest.raises(WorkflowError) as caught:
        save_as_owner(entry, users["pic"], value=Decimal("46"), target=Decimal("20"), today=late)
    message = caught.value.messages[0]
    assert "1 Juli 2023 s.d. 15 Juli 2023" in message and "Perencana" in message
    with pytest.raises(WorkflowError, match="di luar jadwal"):
        workflow.submit(entry, users["pic"], today=late)
    with pytest.raises(WorkflowError, match="di luar jadwal"):
        workflow.add_evidence(entry, users["pic"], upload("b.png", files["png"]), today=late)
    # Reviewers are not bound by the window.
    assert workflow.window_state(unit, YEAR, 2, date(2023, 7, 10)) == workflow.WindowState.OPEN
    workflow.submit(entry, users["pic"], today=date(2023, 7, 10))
    workflow.verify(entry, users["koordinator"])


def test_reopened_window_allows_late_entry(sk31, users, evidence_root, q2_window, unit, files):
    entry = ready_entry(sk31, users, files, today=date(2023, 7, 3))
    late = date(2023, 7, 20)
    with pytest.raises(WorkflowError) as caught:
        workflow.reopen_window(q2_window, date(2023, 7, 25), "", users["perencana"], today=late)
    assert "reason" in caught.value.message_dict
    with pytest.raises(WorkflowError) as caught:
        workflow.reopen_window(
            q2_window, date(2023, 7, 19), "Terlambat.", users["perencana"], today=late
        )
    assert "until" in caught.value.message_dict
    workflow.reopen_window(
        q2_window, date(2023, 7, 25), "Data BPS terlambat.", users["kepala"], today=late
    )
    q2_window.refresh_from_db()
    assert (q2_window.reopened_until, q2_window.reopen_reason) == (
        date(2023, 7, 25),
        "Data BPS terlambat.",
    )
    assert workflow.window_state(unit, YEAR, 2, late) == workflow.WindowState.OPEN
    workflow.submit(entry, users["pic"], today=late)
    assert entry.status == EntryStatus.SUBMITTED
    assert workflow.window_state(unit, YEAR, 2, date(2023, 7, 26)) == workflow.WindowState.CLOSED


def test_an_open_window_is_not_reopened(q2_window, users):
    with pytest.raises(WorkflowError, match="masih dibuka"):
        workflow.reopen_window(
            q2_window, date(2023, 7, 30), "Perpanjang.", users["perencana"], today=date(2023, 7, 5)
        )


@pytest.mark.parametrize("username", ["pic", "koordinator", "kepala", "bskji", "luar"])
def test_only_the_planner_sets_windows(unit, users, username):
    with pytest.raises(PermissionDenied):
        workflow.set_window(unit, YEAR, 1, date(2023, 4, 1), date(2023, 4, 15), users[username])
    assert not EntryWindow.objects.exists()


@pytest.mark.parametrize("username", ["pic", "koordinator", "bskji", "luar"])
def test_only_planner_or_head_reopens_windows(q2_window, users, username):
    with pytest.raises(PermissionDenied):
        workflow.reopen_window(
            q2_window, date(2023, 7, 25), "x", users[username], today=date(2023, 7, 20)
        )


def test_window_must_close_after_it_opens(unit, users):
    with pytest.raises(WorkflowError) as caught:
        workflow.set_window(unit, YEAR, 1, date(2023, 4, 15), date(2023, 4, 1), users["perencana"])
    assert "closes_on" in caught.value.message_dict
    window = workflow.set_window(
        unit, YEAR, 1, date(2023, 4, 1), date(2023, 4, 15), users["perencana"]
    )
    again = workflow.set_window(
        unit, YEAR, 1, date(2023, 4, 1), date(2023, 4, 30), users["perencana"]
    )
    assert again.pk == window.pk and again.closes_on == date(2023, 4, 30)


# -- evidence --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [("Berita acara.pdf", "pdf", "application/pdf"), ("foto.png", "png", "image/png")],
)
def test_pdf_and_png_evidence_is_stored_privately_under_a_random_name(
    sk31, users, evidence_root, files, name, kind, content_type
):
    content = files[kind]
    entry = workflow.entry_for(sk31, YEAR, 1)
    # The browser's content type is ignored: the file's content decides.
    evidence = workflow.add_evidence(
        entry, users["pic"], upload(name, content, "application/octet-stream"), today=TODAY
    )
    evidence.refresh_from_db()
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(Path(evidence_root).resolve())
    assert not stored.is_relative_to(Path.cwd().resolve())
    assert stored.read_bytes() == content
    assert name not in stored.name and len(stored.name) == 32  # uuid4 hex


def test_an_executable_renamed_pdf_is_refused(sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 1)
    with pytest.raises(WorkflowError) as caught:
        workflow.add_evidence(entry, users["pic"], upload("laporan.pdf", files["exe"]), today=TODAY)
    message = caught.value.message_dict["file"][0]
    assert "laporan.pdf" in message and "bukan PDF" in message
    assert not Evidence.objects.exists()
    assert not Path(evidence_root).exists() or not any(Path(evidence_root).rglob("*"))


def test_an_oversized_file_is_refused(sk31, users, evidence_root, settings, files):
    settings.KINERJA_EVIDENCE_MAX_BYTES = 100
    entry = workflow.entry_for(sk31, YEAR, 1)
    with pytest.raises(WorkflowError) as caught:
        workflow.add_evidence(entry, users["pic"], upload("besar.pdf", files["pdf"]), today=TODAY)
    message = caught.value.message_dict["file"][0]
    assert "besar.pdf" in message and "batasnya 100" in message
    assert not Evidence.objects.exists()


def test_same_file_twice_is_refused(sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 1)
    workflow.add_evidence(entry, users["pic"], upload("a.pdf", files["pdf"]), today=TODAY)
    with pytest.raises(WorkflowError, match="sama isinya dengan bukti “a.pdf”"):
        workflow.add_evidence(entry, users["pic"], upload("b.pdf", files["pdf"]), today=TODAY)


def test_removing_evidence_deletes_the_file(
    sk31, users, evidence_root, django_capture_on_commit_callbacks, files
):
    entry = workflow.entry_for(sk31, YEAR, 1)
    evidence = workflow.add_evidence(
        entry, users["pic"], upload("a.png", files["png"]), today=TODAY
    )
    path = Path(evidence.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remove_evidence(evidence, users["pic"], today=TODAY)
    assert not path.exists() and not Evidence.objects.exists()


def test_uploaded_names_are_cleaned():
    assert workflow.clean_name("C:\\Users\\x\\..\\laporan akhir.pdf", "application/pdf") == (
        "laporan akhir.pdf"
    )
    assert workflow.clean_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert workflow.clean_name("foto.pdf", "image/png") == "foto.pdf.png"
    assert workflow.clean_name("a\x00b\nc.JPEG", "image/jpeg") == "abc.JPEG"
    assert workflow.clean_name("...", "application/pdf") == "bukti.pdf"
    assert len(workflow.clean_name("x" * 400 + ".pdf", "application/pdf")) == 255


def test_evidence_by_other_users_is_refused(sk31, users, evidence_root, files):
    entry = workflow.entry_for(sk31, YEAR, 1)
    for username in ("koordinator", "kepala", "luar"):
        with pytest.raises(PermissionDenied):
            workflow.add_evidence(
                entry, users[username], upload("a.pdf", files["pdf"]), today=TODAY
            )


def test_sniff_accepts_webp_and_jpeg_signatures():
    assert workflow.sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert workflow.sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "image/jpeg"
    assert workflow.sniff(b"GIF89a") is None
    assert workflow.sniff(b"") is None


# -- what a user may do ----------------------------------------------------------------
def test_allowed_actions_follow_roles_and_windows(unit, users):
    def allowed(username, status, window_open=True, code="SK3.1"):
        return workflow.allowed_actions(
            users[username], unit, code, status, window_open=window_open
        )

    assert allowed("pic", "draft") == {"edit", "submit"}
    assert allowed("pic", "draft", window_open=False) == set()
    assert allowed("pic", "draft", code="SK5.1") == set()
    assert allowed("koordinator", "submitted") == {"verify", "return"}
    assert allowed("koordinator", "verified") == {"return"}
    assert allowed("kepala", "verified") == {"approve", "return"}
    assert allowed("kepala", "approved") == {"reopen"}
    assert allowed("bskji", "verified") == set()
    assert allowed("luar", "draft") == set()

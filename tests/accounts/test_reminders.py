"""E-mail reminders 7, 3 and 1 days before an entry window closes, notices when an entry
is returned or approved, the per-user opt-out, and the sent-log that keeps every message
from being sent twice."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from kinerja.accounts.models import SentReminder, UserSettings
from kinerja.accounts.reminders import notify_entry_event, send_due_reminders
from kinerja.measurement import workflow
from kinerja.measurement.choices import EntryStatus, WorkflowAction
from kinerja.measurement.models import EntryWindow, QuarterEntry, WorkflowEvent
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement

UNIT, YEAR = "bspji-palembang", 2023
CLOSES = dt.date(2023, 4, 14)


@pytest.fixture
def window(users):
    unit = Unit.objects.get(code=UNIT)
    for user in users.values():
        user.email = f"{user.username}@example.go.id"
        user.save(update_fields=["email"])
    return EntryWindow.objects.create(
        unit=unit, year=YEAR, quarter=1, opens_on=dt.date(2023, 4, 1), closes_on=CLOSES
    )


@pytest.fixture
def indicators(users):
    version = Agreement.objects.get(unit__code=UNIT, year=YEAR).version_in_force()
    return {i.indicator.code: i.indicator for i in version.items.select_related("indicator")}


@pytest.mark.parametrize("days", [7, 3, 1])
def test_a_reminder_goes_out_7_3_and_1_days_before_closing(window, days):
    run = send_due_reminders(CLOSES - dt.timedelta(days=days))
    # The owner and the planning team have entries to fill; nobody else enters.
    assert sorted(u for u, _k in run.sent) == ["perencana", "pic"]
    [pic_mail] = [m for m in mail.outbox if m.to == ["pic@example.go.id"]]
    assert f"({days} hari lagi)" in pic_mail.subject
    assert "TW I 2023" in pic_mail.subject
    assert "SK1.1" in pic_mail.body and "SK5.1" not in pic_mail.body  # only their own
    assert "/u/bspji-palembang/2023/triwulan/1/SK1.1/" in pic_mail.body


@pytest.mark.parametrize("days", [0, 2, 4, 6, 8])
def test_no_reminder_on_other_days(window, days):
    assert not send_due_reminders(CLOSES - dt.timedelta(days=days)).sent
    assert not mail.outbox


def test_a_reminder_is_never_sent_twice(window):
    day = CLOSES - dt.timedelta(days=3)
    first = send_due_reminders(day)
    second = send_due_reminders(day)
    assert len(first.sent) == 2 and not second.sent and second.already_sent == 2
    assert len(mail.outbox) == 2
    assert SentReminder.objects.count() == 2


def test_who_has_handed_everything_in_is_not_reminded(window, indicators):
    for code in ("SK1.1", "SK3.1", "SK3.4"):
        QuarterEntry.objects.create(
            indicator=indicators[code], year=YEAR, quarter=1, status=EntryStatus.SUBMITTED
        )
    run = send_due_reminders(CLOSES - dt.timedelta(days=1))
    assert [u for u, _k in run.sent] == ["perencana"]


def test_opting_out_on_the_settings_page(window, client, users):
    client.force_login(users["pic"])
    url = reverse("accounts:settings")
    page = client.get(url).content.decode()
    assert 'name="email_reminders"' in page and "checked" in page
    response = client.post(url, {"email": "pic@example.go.id"})  # box unticked
    assert response.status_code == 302
    assert UserSettings.objects.get(user=users["pic"]).email_reminders is False
    run = send_due_reminders(CLOSES - dt.timedelta(days=7))
    assert [u for u, _k in run.sent] == ["perencana"] and run.opted_out == 1


def test_a_failed_send_is_tried_again(window, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Backend"
    day = CLOSES - dt.timedelta(days=7)
    run = send_due_reminders(day)
    assert len(run.failed) == 2 and not SentReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(send_due_reminders(day).sent) == 2


def test_returning_and_approving_tell_the_owner_once(
    window, users, indicators, django_capture_on_commit_callbacks
):
    entry = QuarterEntry.objects.create(
        indicator=indicators["SK3.1"], year=YEAR, quarter=1, status=EntryStatus.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_entry(entry, users["koordinator"], comment="Bukti kurang jelas")
    [notice] = mail.outbox
    assert notice.to == ["pic@example.go.id"]
    assert "SK3.1 TW I 2023 dikembalikan" in notice.subject
    assert "Bukti kurang jelas" in notice.body
    event = WorkflowEvent.objects.filter(entry=entry, action=WorkflowAction.RETURN).get()
    assert notify_entry_event(entry.pk, WorkflowAction.RETURN) == 0  # already told
    assert SentReminder.objects.filter(key=f"event:{event.pk}").count() == 1

    entry.status = EntryStatus.VERIFIED
    entry.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(entry, users["kepala"])
    assert "disetujui" in mail.outbox[-1].subject and len(mail.outbox) == 2


def test_a_refused_step_tells_nobody(window, users, indicators, django_capture_on_commit_callbacks):
    entry = QuarterEntry.objects.create(
        indicator=indicators["SK3.1"], year=YEAR, quarter=1, status=EntryStatus.DRAFT
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
        workflow.approve(entry, users["kepala"])
    assert not mail.outbox


def test_the_remind_command(window):
    out = StringIO()
    call_command("remind", "--date", "2023-04-07", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["date"] == "2023-04-07" and len(data["sent"]) == 2
    out = StringIO()
    call_command("remind", "--date", "2023-04-07", stdout=out)
    assert "0 pengingat terkirim, 2 sudah terkirim sebelumnya" in out.getvalue()
    out = StringIO()
    with translation.override("en"):
        call_command("remind", "--date", "2023-04-07", stdout=out)
    assert "0 reminder(s) sent, 2 already sent earlier" in out.getvalue()

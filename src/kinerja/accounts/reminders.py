"""E-mail reminders and workflow notices.

- ``send_due_reminders(today)``: 7, 3 and 1 days before an entry window closes, each
  user who still has entries of that quarter to fill (the inbox's "to fill" and
  "returned" tasks of the window) gets one message listing them. Run once a day by the
  scheduler (``kinerja remind``); running it again the same day sends nothing more.
- ``notify_entry_event``: when a quarter's entry is returned or approved, its owners
  (the indicator's assigned users and whoever submitted it) are told, after the
  workflow's transaction commits (``measurement.workflow``).

A user may turn both off on their settings page (``UserSettings.email_reminders``).
Every message is recorded in ``SentReminder`` under a key before it is sent, so a
reminder is never sent twice for the same window, day and user, nor a notice twice for
the same workflow step; a message that fails to send is unrecorded and tried again on
the next run. Messages are written in the site's language (Indonesian by default),
through gettext like every page."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from kinerja.measurement.choices import WorkflowAction
from kinerja.measurement.models import EntryWindow, QuarterEntry, WorkflowEvent
from kinerja.org.choices import Role
from kinerja.org.models import IndicatorAssignment, Membership

from .inbox import ROMAN, inbox
from .models import SentReminder, UserSettings

log = logging.getLogger(__name__)
REMIND_DAYS = (7, 3, 1)
NOTICE_ACTIONS = (WorkflowAction.RETURN, WorkflowAction.APPROVE)


@dataclass
class ReminderRun:
    day: date
    sent: list[tuple[str, str]] = field(default_factory=list)  # (username, key)
    already_sent: int = 0
    opted_out: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def wants_mail(user) -> bool:
    if not (user.is_active and user.email):
        return False
    prefs = UserSettings.objects.filter(user=user).first()
    return prefs is None or prefs.email_reminders


def _absolute(path: str) -> str:
    return settings.KINERJA_SITE_URL + path


def _claim(user, key: str) -> bool:
    """Record the message before sending it; False when it was sent already."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(user=user, key=key)
    except IntegrityError:
        return False
    return True


def _send(user, key: str, subject: str, body: str, run: ReminderRun | None = None) -> bool:
    if not _claim(user, key):
        if run is not None:
            run.already_sent += 1
        return False
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # the relay is down: unrecord, the next run tries again
        log.exception("could not send %s to %s", key, user.username)
        SentReminder.objects.filter(user=user, key=key).delete()
        if run is not None:
            run.failed.append((user.username, key))
        return False
    if run is not None:
        run.sent.append((user.username, key))
    return True


def _window_end(window: EntryWindow, today: date) -> date | None:
    if window.opens_on <= today <= window.closes_on:
        return window.closes_on
    if window.reopened_until is not None and today <= window.reopened_until:
        return window.reopened_until
    return None


def _day(day: date) -> str:
    return formats.date_format(day, "j F Y")


def send_due_reminders(today: date) -> ReminderRun:
    """Send the reminders due on ``today`` (see the module's docstring)."""
    run = ReminderRun(day=today)
    due: list[tuple[EntryWindow, date, int]] = []
    for window in EntryWindow.objects.select_related("unit").filter(
        Q(closes_on__gte=today) | Q(reopened_until__gte=today)
    ):
        end = _window_end(window, today)
        if end is not None and (end - today).days in REMIND_DAYS:
            due.append((window, end, (end - today).days))
    if not due:
        return run
    members: dict[int, set] = defaultdict(set)
    for m in Membership.objects.filter(
        unit_id__in={w.unit_id for w, _e, _d in due}, role__in=[Role.OWNER, Role.PLANNER]
    ).select_related("user"):
        members[m.unit_id].add(m.user)
    boxes = {}
    with translation.override(settings.LANGUAGE_CODE):
        for window, end, days in due:
            for user in sorted(members[window.unit_id], key=lambda u: u.username):
                if not wants_mail(user):
                    run.opted_out += 1
                    continue
                if user.pk not in boxes:
                    boxes[user.pk] = inbox(user, today)
                box = boxes[user.pk]
                here = (window.unit_id, window.year, window.quarter)
                tasks = [
                    t
                    for t in [*box.returned, *box.to_fill]
                    if (t.unit.pk, t.year, t.quarter) == here
                ]
                if not tasks:
                    continue
                period = _("TW %(q)s %(year)s") % {"q": ROMAN[window.quarter], "year": window.year}
                subject = _(
                    "[kinerja] Pengisian %(period)s %(unit)s ditutup %(day)s (%(days)s hari lagi)"
                ) % {
                    "period": period,
                    "unit": window.unit.short_name or window.unit.name,
                    "day": _day(end),
                    "days": days,
                }
                lines = [
                    _("Yth. %(name)s,") % {"name": user.get_full_name() or user.username},
                    "",
                    _(
                        "Jadwal pengisian %(period)s %(unit)s ditutup %(day)s. "
                        "Laporan berikut belum Anda ajukan:"
                    )
                    % {"period": period, "unit": window.unit.name, "day": _day(end)},
                    "",
                    *(f"- {t.title}\n  {_absolute(t.url)}" for t in tasks),
                    "",
                    _("Pengingat ini dapat dimatikan di halaman pengaturan akun: %(url)s")
                    % {"url": _absolute(reverse("accounts:settings"))},
                ]
                key = f"window:{window.pk}:{end.isoformat()}:{days}"
                _send(user, key, subject, "\n".join(lines), run)
    return run


def notify_entry_event(entry_id: int, action: str) -> int:
    """Tell the owners of an entry that it was returned or approved (the latest such
    step); returns how many were told. Called after the workflow's transaction commits."""
    if action not in NOTICE_ACTIONS:
        return 0
    event = (
        WorkflowEvent.objects.filter(entry_id=entry_id, action=action)
        .select_related("entry__indicator__version__plan__unit", "user")
        .order_by("-pk")
        .first()
    )
    if event is None:
        return 0
    entry: QuarterEntry = event.entry
    indicator = entry.indicator
    unit = indicator.version.plan.unit
    submitters = set(
        WorkflowEvent.objects.filter(entry=entry, action=WorkflowAction.SUBMIT)
        .exclude(user=None)
        .values_list("user_id", flat=True)
    )
    owners = set(
        IndicatorAssignment.objects.filter(unit=unit, indicator_code=indicator.code).values_list(
            "user_id", flat=True
        )
    )
    recipients = (submitters | owners) - {event.user_id}
    from django.contrib.auth import get_user_model

    told = 0
    url = _absolute(
        reverse("measurement:entry", args=[unit.code, entry.year, entry.quarter, indicator.code])
    )
    with translation.override(settings.LANGUAGE_CODE):
        period = _("TW %(q)s %(year)s") % {"q": ROMAN[entry.quarter], "year": entry.year}
        returned = action == WorkflowAction.RETURN
        what = _("dikembalikan") if returned else _("disetujui")
        subject = _("[kinerja] Laporan %(code)s %(period)s %(what)s") % {
            "code": indicator.code,
            "period": period,
            "what": what,
        }
        by = event.user.get_full_name() or event.user.username if event.user else "–"
        for user in get_user_model().objects.filter(pk__in=recipients).order_by("username"):
            if not wants_mail(user):
                continue
            lines = [
                _("Yth. %(name)s,") % {"name": user.get_full_name() or user.username},
                "",
                _("Laporan %(code)s %(name)s %(period)s %(what)s oleh %(by)s.")
                % {
                    "code": indicator.code,
                    "name": indicator.name,
                    "period": period,
                    "what": what,
                    "by": by,
                },
            ]
            if event.comment:
                lines += ["", _("Catatan: %(comment)s") % {"comment": event.comment}]
            if returned:
                lines += ["", _("Perbaiki lalu ajukan kembali:")]
            lines += [url, ""]
            lines.append(
                _("Pemberitahuan ini dapat dimatikan di halaman pengaturan akun: %(url)s")
                % {"url": _absolute(reverse("accounts:settings"))}
            )
            if _send(user, f"event:{event.pk}", subject, "\n".join(lines)):
                told += 1
    return told


def after_commit_notice(entry_id: int, action: str) -> None:
    """Schedule ``notify_entry_event`` for when the current transaction commits; a mail
    failure is logged and never undoes the workflow step."""
    transaction.on_commit(lambda: notify_entry_event(entry_id, action), robust=True)


__all__ = [
    "REMIND_DAYS",
    "after_commit_notice",
    "notify_entry_event",
    "send_due_reminders",
    "wants_mail",
]

"""Periodic task: the daily e-mail reminders (accounts/reminders.py), scheduled in
``CELERY_BEAT_SCHEDULE`` and run by the scheduler inside ``kinerja worker``. Idempotent:
the sent-log keeps a second run on the same day from sending anything again."""

from django.utils import timezone

from kinerja.celery import app


@app.task(name="kinerja.accounts.send_reminders")
def send_reminders() -> dict:
    from .reminders import send_due_reminders

    run = send_due_reminders(timezone.localdate())
    return {"sent": len(run.sent), "already_sent": run.already_sent, "failed": len(run.failed)}

"""The daily reminders are on the worker's schedule, under a task the worker knows."""

from django.conf import settings

from kinerja.celery import app


def test_the_reminders_are_scheduled_daily_under_a_registered_task(db, mailoutbox):
    entry = settings.CELERY_BEAT_SCHEDULE["entry-reminders"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    # Run as the scheduler would (eagerly here): nothing due in an empty database.
    result = app.tasks[entry["task"]].apply().get()
    assert result == {"sent": 0, "already_sent": 0, "failed": 0}
    assert mailoutbox == []

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinerja.accounts.reminders import REMIND_DAYS, send_due_reminders
from kinerja.audit.context import command_context


class Command(BaseCommand):
    help = (
        "Send the e-mail reminders due today: 7, 3 and 1 days before an entry window "
        "closes, to those who still have entries to fill. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="the day to act as today, YYYY-MM-DD (default: today in WIB)"
        )
        parser.add_argument("--json", action="store_true")

    @command_context("remind")
    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r}: expected YYYY-MM-DD") from None
        run = send_due_reminders(today)
        if options["json"]:
            data = {
                "date": today.isoformat(),
                "days_before_close": list(REMIND_DAYS),
                "sent": [{"user": u, "key": k} for u, k in run.sent],
                "already_sent": run.already_sent,
                "opted_out": run.opted_out,
                "failed": [{"user": u, "key": k} for u, k in run.failed],
            }
            self.stdout.write(json.dumps(data, indent=2))
        else:
            self.stdout.write(
                f"{today.isoformat()}: {len(run.sent)} reminder(s) sent, "
                f"{run.already_sent} already sent earlier, {run.opted_out} opted out, "
                f"{len(run.failed)} failed"
            )
        if run.failed:
            raise CommandError(f"{len(run.failed)} reminder(s) could not be sent; see the log")

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.accounts.reminders import REMIND_DAYS, send_due_reminders
from kinerja.audit.context import command_context
from kinerja.core.language import CommandHelp


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengirim pengingat surel yang jatuh tempo hari ini: 7, 3 dan 1 hari sebelum masa "
            "pengisian ditutup, kepada yang masih harus mengisi. Aman dijalankan lebih dari "
            "sekali sehari."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help=_("hari yang dianggap hari ini, YYYY-MM-DD (bawaan: hari ini dalam WIB)"),
        )
        parser.add_argument("--json", action="store_true")

    @command_context("remind")
    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(
                _("--date %(date)s: seharusnya YYYY-MM-DD") % {"date": repr(date)}
            ) from None
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
                _(
                    "%(date)s: %(sent)s pengingat terkirim, %(already)s sudah terkirim "
                    "sebelumnya, %(opted_out)s menolak pengingat, %(failed)s gagal"
                )
                % {
                    "date": today.isoformat(),
                    "sent": len(run.sent),
                    "already": run.already_sent,
                    "opted_out": run.opted_out,
                    "failed": len(run.failed),
                }
            )
        if run.failed:
            raise CommandError(
                _("%(count)s pengingat tidak dapat dikirim; lihat log") % {"count": len(run.failed)}
            )

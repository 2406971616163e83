import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.jobs import services
from kinerja.jobs.models import Job


def as_json(job: Job) -> dict:
    """A job as ``kinerja jobs --json`` prints it (docs/cli.md)."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "unit": job.unit.code,
        "units": job.unit_codes,
        "year": job.year,
        "parameters": job.parameters,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "result_file": job.result_file or None,
        "result": job.result,
        "requested_by": job.requested_by.get_username() if job.requested_by else None,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "attempts": job.attempts,
    }


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop("Daftar pekerjaan latar belakang, yang terbaru dahulu (atau batalkan satu).")
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", help=_("hanya pekerjaan unit ini (kode)"))
        parser.add_argument(
            "--state", help=_("hanya pekerjaan dalam keadaan ini (queued, running, …)")
        )
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--cancel", type=int, metavar="ID", help=_("batalkan pekerjaan ID"))

    def handle(self, *args, unit, state, limit, json: bool, cancel, **options):
        if cancel is not None:
            job = Job.objects.filter(pk=cancel).first()
            if job is None:
                raise CommandError(_("tidak ada pekerjaan %(job)s") % {"job": cancel})
            if not services.cancel_job(job):
                raise CommandError(
                    _("pekerjaan %(job)s sudah berakhir (%(state)s)")
                    % {"job": cancel, "state": job.state}
                )
            self.stdout.write(_("Pekerjaan %(job)s dibatalkan.") % {"job": cancel})
            return
        jobs = Job.objects.select_related("unit", "requested_by")
        if unit:
            jobs = jobs.filter(unit__code__iexact=unit)
        if state:
            jobs = jobs.filter(state=state)
        rows = list(jobs[:limit])
        if json:
            self.stdout.write(_dumps([as_json(job) for job in rows]))
            return
        if not rows:
            self.stdout.write(_("Tidak ada pekerjaan."))
            return
        for job in rows:
            when = timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{job.pk:>5}  {when}  {job.state:<9}  {job.done}/{job.total}  "
                f"{job.kind} {job.unit.code} {job.year}"
                + (f"  {job.message}" if job.message else "")
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)

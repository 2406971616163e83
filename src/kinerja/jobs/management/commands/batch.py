import json
import shutil
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from kinerja.audit.context import command_context
from kinerja.jobs import progress, services
from kinerja.jobs.choices import JobKind, JobState
from kinerja.jobs.selectors import batch_units
from kinerja.org.models import Unit
from kinerja.reports.selectors import DOCUMENTS

FORMATS = ("pdf", "docx", "xlsx")


class Command(BaseCommand):
    help = (
        "One background job that builds a report for every unit below a parent, into one "
        "ZIP (e.g. every LAKIN under BSKJI for 2023). Needs the worker (`kinerja worker`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("document", choices=[spec.slug for spec in DOCUMENTS])
        parser.add_argument("--parent", required=True, help="code of the parent unit")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", default="pdf", choices=FORMATS)
        parser.add_argument(
            "--wait", action="store_true", help="follow the job with a progress bar until done"
        )
        parser.add_argument("--out", help="with --wait: copy the ZIP into this directory when done")
        parser.add_argument("--json", action="store_true", help="the job as JSON when queued")
        parser.add_argument(
            "--timeout",
            type=int,
            default=3600,
            help="with --wait: give up waiting after this many seconds (default 3600); the "
            "job goes on, `kinerja jobs` follows it",
        )

    @command_context("batch")
    def handle(
        self, *args, document, parent, year, format, wait, out, json, timeout=3600, **options
    ):
        unit = Unit.objects.filter(code__iexact=parent).first()
        if unit is None:
            raise CommandError(f"no unit with the code {parent!r}")
        units = batch_units(unit, year)
        if not units:
            raise CommandError(f"no unit below {unit.code} has a Perjanjian Kinerja for {year}")
        try:
            job = services.request_job(
                JobKind.BATCH,
                unit,
                year,
                unit_codes=[u.code for u in units],
                parameters={"document": document, "format": format},
            )
        except services.BackgroundUnavailable as exc:
            raise CommandError(
                f"background work is unavailable: the broker does not answer ({exc.reason}); "
                "nothing was recorded"
            ) from None
        if json:
            from kinerja.jobs.management.commands.jobs import as_json

            self.stdout.write(_dumps(as_json(job)))
        else:
            self.stdout.write(
                f"Job {job.pk} queued: {document} {format} of {len(units)} units below "
                f"{unit.code}, {year}."
            )
        if not wait:
            return
        job = progress.follow(job, self.stdout, tty=self.stdout.isatty(), timeout=timeout)
        if not job.finished:
            raise CommandError(
                f"job {job.pk} is still {job.get_state_display()} after {timeout} s (is a "
                "worker running? `kinerja worker`); it goes on: follow it with `kinerja jobs`"
            )
        for outcome in job.result.get("units", []):
            if not outcome["ok"]:
                self.stderr.write(f"{outcome['unit']}: {outcome['reason']}")
        if job.state != JobState.SUCCEEDED:
            raise CommandError(f"job {job.pk} {job.get_state_display()}: {job.message}")
        self.stdout.write(f"Job {job.pk} done: {job.message}")
        if job.result_file:
            self.stdout.write(f"Result in storage: {job.result_file}")
            if out:
                target = Path(out)
                target.mkdir(parents=True, exist_ok=True)
                target = target / Path(job.result_file).name
                with default_storage.open(job.result_file, "rb") as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
                self.stdout.write(f"Copied to {target}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)

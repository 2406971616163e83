import json
import shutil
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.context import command_context
from kinerja.core.language import CommandHelp
from kinerja.jobs import progress, services
from kinerja.jobs.choices import JobKind, JobState
from kinerja.jobs.selectors import batch_units
from kinerja.org.models import Unit
from kinerja.reports.selectors import DOCUMENTS

FORMATS = ("pdf", "docx", "xlsx")


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Satu pekerjaan latar belakang yang membuat laporan untuk setiap unit di bawah "
            "sebuah induk, dalam satu ZIP (contohnya setiap LAKIN di bawah BSKJI untuk 2023). "
            "Memerlukan worker (`kinerja worker`)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("document", choices=[spec.slug for spec in DOCUMENTS])
        parser.add_argument("--parent", required=True, help=_("kode unit induk"))
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", default="pdf", choices=FORMATS)
        parser.add_argument(
            "--wait",
            action="store_true",
            help=_("ikuti pekerjaan dengan bilah kemajuan sampai selesai"),
        )
        parser.add_argument(
            "--out", help=_("dengan --wait: salin ZIP ke direktori ini setelah selesai")
        )
        parser.add_argument(
            "--json", action="store_true", help=_("pekerjaan sebagai JSON saat diantrekan")
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=3600,
            help=_(
                "dengan --wait: berhenti menunggu setelah sekian detik (bawaan 3600); "
                "pekerjaan berlanjut, ikuti dengan `kinerja jobs`"
            ),
        )

    @command_context("batch")
    def handle(
        self, *args, document, parent, year, format, wait, out, json, timeout=3600, **options
    ):
        unit = Unit.objects.filter(code__iexact=parent).first()
        if unit is None:
            raise CommandError(_("tidak ada unit dengan kode %(code)s") % {"code": repr(parent)})
        units = batch_units(unit, year)
        if not units:
            raise CommandError(
                _("tidak ada unit di bawah %(unit)s yang memiliki Perjanjian Kinerja %(year)s")
                % {"unit": unit.code, "year": year}
            )
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
                _(
                    "pekerjaan latar belakang tidak tersedia: broker tidak menjawab "
                    "(%(reason)s); tidak ada yang dicatat"
                )
                % {"reason": exc.reason}
            ) from None
        if json:
            from kinerja.jobs.management.commands.jobs import as_json

            self.stdout.write(_dumps(as_json(job)))
        else:
            self.stdout.write(
                _(
                    "Pekerjaan %(job)s diantrekan: %(document)s %(format)s untuk %(count)s "
                    "unit di bawah %(unit)s, %(year)s."
                )
                % {
                    "job": job.pk,
                    "document": document,
                    "format": format,
                    "count": len(units),
                    "unit": unit.code,
                    "year": year,
                }
            )
        if not wait:
            return
        job = progress.follow(job, self.stdout, tty=self.stdout.isatty(), timeout=timeout)
        if not job.finished:
            raise CommandError(
                _(
                    "pekerjaan %(job)s masih %(state)s setelah %(timeout)s s (apakah worker "
                    "berjalan? `kinerja worker`); pekerjaan berlanjut: ikuti dengan "
                    "`kinerja jobs`"
                )
                % {"job": job.pk, "state": job.get_state_display(), "timeout": timeout}
            )
        for outcome in job.result.get("units", []):
            if not outcome["ok"]:
                self.stderr.write(f"{outcome['unit']}: {outcome['reason']}")
        if job.state != JobState.SUCCEEDED:
            raise CommandError(
                _("pekerjaan %(job)s %(state)s: %(message)s")
                % {"job": job.pk, "state": job.get_state_display(), "message": job.message}
            )
        self.stdout.write(
            _("Pekerjaan %(job)s selesai: %(message)s") % {"job": job.pk, "message": job.message}
        )
        if job.result_file:
            self.stdout.write(_("Hasil di penyimpanan: %(file)s") % {"file": job.result_file})
            if out:
                target = Path(out)
                target.mkdir(parents=True, exist_ok=True)
                target = target / Path(job.result_file).name
                with default_storage.open(job.result_file, "rb") as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
                self.stdout.write(_("Disalin ke %(target)s") % {"target": target})


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)

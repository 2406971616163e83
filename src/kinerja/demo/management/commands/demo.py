from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.context import command_context
from kinerja.core import serving
from kinerja.core.language import CommandHelp
from kinerja.datasets.errors import DatasetInvalid
from kinerja.demo import services
from kinerja.jobs import broker

DEMO_WORKERS = 2
# Background jobs in the demo: one at a time is plenty for one visitor.
DEMO_JOB_PROCESSES = 1


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Menyiapkan demo: memigrasikan basis data, memuat data 2023 BSPJI Palembang (dan "
            "pembandingnya BSPJI Pontianak) serta demo daerah (Sekretariat Daerah Provinsi "
            "Sumatera Utara, 2021), membuat akun demo, membawa laporan triwulan 2023 BSPJI "
            "Palembang melalui alur persetujuan, mengumpulkan berkas statis, lalu menyajikan "
            "aplikasi dengan gunicorn, seperti di produksi (`kinerja serve`)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help=_("siapkan lalu keluar"))
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help=_("HOST:PORT tempat aplikasi disajikan")
        )
        parser.add_argument(
            "--lakin",
            default="docx,pdf,xlsx",
            help=_("format LAKIN demo yang dibuat (kosong: tidak ada)"),
        )
        parser.add_argument("--out", default="out", help=_("direktori berkas LAKIN"))

    @command_context("demo")
    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(_("Basis data dimigrasikan."))
        try:
            reports = services.load_demo_datasets() + services.load_regional_demo()
        except DatasetInvalid as exc:  # a broken demo file is a bug in kinerja itself
            raise CommandError(_("dataset demo tidak sah:") + f"\n{exc}") from None
        for report in reports:
            self.stdout.write(
                _("%(unit)s dimuat: %(created)s dibuat, %(updated)s diperbarui.")
                % {
                    "unit": report.unit,
                    "created": sum(report.created.values()),
                    "updated": sum(report.updated.values()),
                }
            )
        password, generated = services.demo_password()
        services.ensure_demo_accounts(password)
        services.ensure_regional_accounts(password)
        moved = services.load_demo_quarters()
        self.stdout.write(
            _(
                "Laporan triwulan %(year)s %(unit)s: %(quarters)s disetujui (%(approved)s "
                "diisi, diajukan, diverifikasi dan disetujui oleh akun demo dalam proses ini)."
            )
            % {
                "year": services.DEMO_YEAR,
                "unit": services.DEMO_UNIT,
                "quarters": moved["quarters"],
                "approved": moved["approved"],
            }
        )
        demos = (
            (services.DEMO_UNIT, services.DEMO_YEAR),
            (services.REGIONAL_UNIT, services.REGIONAL_YEAR),
        )
        for unit, year in demos:
            call_command("measures", unit=unit, year=year, stdout=self.stdout)
        if options["lakin"]:
            for unit, year in demos:
                call_command(
                    "lakin",
                    unit=unit,
                    year=year,
                    format=options["lakin"],
                    out=options["out"],
                    stdout=self.stdout,
                )
        # Stylesheets and htmx are served by WhiteNoise from the collected files, in the
        # demo as in production (DEBUG is off here too).
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(_("Berkas statis dikumpulkan."))
        host = options["addrport"]
        accounts = services.DEMO_ACCOUNTS + services.REGIONAL_ACCOUNTS
        names = ", ".join(account[0] for account in accounts)
        if generated:
            said = _("Kata sandi (dibuat untuk proses ini): %(password)s")
        else:
            said = _("Kata sandi (dari KINERJA_DEMO_PASSWORD): %(password)s")
        ready = _("Demo siap di http://%(host)s/ — akun: %(names)s") % {
            "host": host,
            "names": names,
        }
        self.stdout.write(self.style.SUCCESS(f"\n{ready}\n" + said % {"password": password}))
        if not options["no_serve"]:
            self.start_worker()
            # The production server on the developer's machine: what the demo shows is what
            # a deployment serves. Two workers are plenty for one visitor, and a report
            # being rendered in one leaves the other free. (Replaces this process.)
            call_command("serve", bind=host, workers=DEMO_WORKERS)

    def start_worker(self):
        """Background jobs (batch reports) work in the demo when the broker answers: a
        worker then runs beside the server and ends with it. Without a broker the demo
        still serves; starting a job says that background work is unavailable."""
        try:
            broker.check()
        except broker.BrokerUnavailable as exc:
            self.stdout.write(
                _(
                    "Pekerjaan latar belakang mati: broker tidak menjawab (%(reason)s); "
                    "tetapkan KINERJA_BROKER_URL atau jalankan Redis. Halaman tetap "
                    "disajikan; pekerjaan tidak dapat dimulai."
                )
                % {"reason": exc}
            )
            return
        serving.start_worker_beside(DEMO_JOB_PROCESSES)
        self.stdout.write(
            _(
                "Worker latar belakang berjalan di samping server (antrean %(queue)s): "
                "laporan massal berfungsi."
            )
            % {"queue": settings.CELERY_TASK_DEFAULT_QUEUE}
        )
        self.stdout.flush()

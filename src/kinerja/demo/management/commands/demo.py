from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kinerja.audit.context import command_context
from kinerja.core import serving
from kinerja.datasets.errors import DatasetInvalid
from kinerja.demo import services
from kinerja.jobs import broker

DEMO_WORKERS = 2
# Background jobs in the demo: one at a time is plenty for one visitor.
DEMO_JOB_PROCESSES = 1


class Command(BaseCommand):
    help = (
        "Prepare the demo: migrate the database, load BSPJI Palembang's 2023 data (and its "
        "peer BSPJI Pontianak) and the regional demo (Sekretariat Daerah Provinsi Sumatera "
        "Utara, 2021), create the demo logins, take BSPJI Palembang's 2023 quarterly reports "
        "through the approval workflow, collect the static files, then serve the "
        "app with gunicorn, as in production (`kinerja serve`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare and exit")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="HOST:PORT to serve on")
        parser.add_argument(
            "--lakin",
            default="docx,pdf,xlsx",
            help="formats of the demo LAKIN to build (empty: none)",
        )
        parser.add_argument("--out", default="out", help="directory for the LAKIN files")

    @command_context("demo")
    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        try:
            reports = services.load_demo_datasets() + services.load_regional_demo()
        except DatasetInvalid as exc:  # a broken demo file is a bug in kinerja itself
            raise CommandError(f"demo dataset invalid:\n{exc}") from None
        for report in reports:
            self.stdout.write(
                f"Loaded {report.unit}: {sum(report.created.values())} created, "
                f"{sum(report.updated.values())} updated."
            )
        password, generated = services.demo_password()
        services.ensure_demo_accounts(password)
        services.ensure_regional_accounts(password)
        moved = services.load_demo_quarters()
        self.stdout.write(
            f"Quarterly reports {services.DEMO_YEAR} of {services.DEMO_UNIT}: "
            f"{moved['quarters']} approved ({moved['approved']} filled, submitted, verified "
            "and approved by the demo accounts in this run)."
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
        self.stdout.write("Static files collected.")
        host = options["addrport"]
        accounts = services.DEMO_ACCOUNTS + services.REGIONAL_ACCOUNTS
        names = ", ".join(account[0] for account in accounts)
        source = "generated for this run" if generated else "from KINERJA_DEMO_PASSWORD"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo ready at http://{host}/ — accounts: {names}\n"
                f"Password ({source}): {password}"
            )
        )
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
                f"Background work is off: the broker does not answer ({exc}); set "
                "KINERJA_BROKER_URL or start Redis. Pages serve; jobs cannot be started."
            )
            return
        serving.start_worker_beside(DEMO_JOB_PROCESSES)
        self.stdout.write(
            f"Background worker started beside the server (queue "
            f"{settings.CELERY_TASK_DEFAULT_QUEUE}): batch reports work."
        )
        self.stdout.flush()

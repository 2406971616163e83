import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinerja.core import serving


class Command(BaseCommand):
    help = (
        "Run the background worker (Celery, broker KINERJA_BROKER_URL) with its periodic "
        "scheduler (beat) embedded; replaces this process (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            help="job processes (default: one per usable core, here "
            f"{serving.default_concurrency(serving.usable_cores())})",
        )
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help="without the periodic scheduler (for a second worker on the same queue)",
        )
        parser.add_argument(
            "--pool",
            default="prefork",
            choices=["prefork", "solo", "threads"],
            help="prefork (default) runs each job in a child process; solo runs one job "
            "at a time in this process",
        )
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, concurrency, no_beat, pool, loglevel, **options):
        if concurrency is not None and concurrency < 1:
            raise CommandError(f"--concurrency={concurrency}: at least 1")
        concurrency = concurrency or serving.default_concurrency(serving.usable_cores())
        schedule = settings.CELERY_BEAT_SCHEDULE_FILENAME
        if not no_beat:
            try:
                Path(schedule).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CommandError(
                    f"cannot create {Path(schedule).parent}: {exc.strerror}"
                ) from None
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        argv = serving.worker_argv(
            concurrency, queue, beat=not no_beat, pool=pool, schedule=schedule, loglevel=loglevel
        )
        self.stdout.write(
            f"Starting the worker: queue {queue}, {concurrency} processes, pool {pool}"
            + ("" if no_beat else ", with the scheduler")
        )
        self.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)

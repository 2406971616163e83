import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core import serving
from kinerja.core.language import CommandHelp


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Menjalankan worker latar belakang (Celery, broker KINERJA_BROKER_URL) dengan "
            "penjadwal berkalanya (beat) di dalamnya; menggantikan proses ini (docs/deploy.md)."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            help=_("proses pekerjaan (bawaan: satu per inti yang dapat dipakai, di sini %(n)s)")
            % {"n": serving.default_concurrency(serving.usable_cores())},
        )
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help=_("tanpa penjadwal berkala (untuk worker kedua pada antrean yang sama)"),
        )
        parser.add_argument(
            "--pool",
            default="prefork",
            choices=["prefork", "solo", "threads"],
            help=_(
                "prefork (bawaan) menjalankan setiap pekerjaan dalam proses anak; solo "
                "menjalankan satu pekerjaan sekaligus dalam proses ini"
            ),
        )
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, concurrency, no_beat, pool, loglevel, **options):
        if concurrency is not None and concurrency < 1:
            raise CommandError(_("--concurrency=%(n)s: paling sedikit 1") % {"n": concurrency})
        concurrency = concurrency or serving.default_concurrency(serving.usable_cores())
        schedule = settings.CELERY_BEAT_SCHEDULE_FILENAME
        if not no_beat:
            try:
                Path(schedule).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CommandError(
                    _("tidak dapat membuat %(path)s: %(error)s")
                    % {"path": Path(schedule).parent, "error": exc.strerror}
                ) from None
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        argv = serving.worker_argv(
            concurrency, queue, beat=not no_beat, pool=pool, schedule=schedule, loglevel=loglevel
        )
        if no_beat:
            starting = _("Menjalankan worker: antrean %(queue)s, %(n)s proses, pool %(pool)s")
        else:
            starting = _(
                "Menjalankan worker: antrean %(queue)s, %(n)s proses, pool %(pool)s, dengan "
                "penjadwal"
            )
        self.stdout.write(starting % {"queue": queue, "n": concurrency, "pool": pool})
        self.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)

import os
import sys

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core import serving
from kinerja.core.language import CommandHelp

# What collectstatic leaves out by default.
IGNORED = ["CVS", ".*", "*~"]


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Menyajikan kinerja dengan gunicorn, server WSGI produksi (docs/deploy.md). "
            "Memeriksa pengaturan dan berkas statis yang terkumpul lebih dahulu, lalu "
            "menggantikan proses ini dengan gunicorn; pilihan gunicorn lainnya melalui "
            "GUNICORN_CMD_ARGS."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help=_(
                "HOST:PORT atau unix:PATH tempat mendengarkan (bawaan 127.0.0.1:8000, untuk nginx)"
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            help=_("proses worker (bawaan: 2 per inti yang dapat dipakai + 1, di sini %(n)s)")
            % {"n": serving.default_workers(serving.usable_cores())},
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=serving.DEFAULT_TIMEOUT,
            help=_(
                "detik yang diberikan kepada worker yang diam sebelum dijalankan ulang "
                "(bawaan %(seconds)s: LAKIN final merender setiap format)"
            )
            % {"seconds": serving.DEFAULT_TIMEOUT},
        )

    def handle(self, *args, bind, workers, timeout, **options):
        if workers is not None and workers < 1:
            raise CommandError(_("--workers=%(workers)s: paling sedikit 1") % {"workers": workers})
        if timeout < 1:
            raise CommandError(
                _("--timeout=%(timeout)s: paling sedikit 1 detik") % {"timeout": timeout}
            )
        development_key = settings.SECRET_KEY == settings.KINERJA_DEVELOPMENT_SECRET_KEY
        if development_key and (
            reason := serving.reachable_by_others(bind, settings.ALLOWED_HOSTS)
        ):
            raise CommandError(
                _(
                    "%(reason)s, tetapi KINERJA_SECRET_KEY belum ditetapkan dan kunci "
                    "pengembangan yang dipublikasikan sedang dipakai: tetapkan rahasia Anda "
                    "sendiri (docs/deploy.md)"
                )
                % {"reason": reason}
            )
        self.check_static_files()
        workers = workers or serving.default_workers(serving.usable_cores())
        argv = serving.gunicorn_argv(bind, workers, timeout)
        self.stdout.write(
            _("Menjalankan gunicorn di %(bind)s: %(workers)s worker, batas waktu %(timeout)s s")
            % {"bind": bind, "workers": workers, "timeout": timeout}
        )
        self.stdout.flush()
        sys.stderr.flush()
        # The settings module is inherited through the environment (kinerja.cli sets it).
        os.execv(argv[0], argv)

    def check_static_files(self):
        """With DEBUG off every page names its stylesheet through the manifest: refuse to
        start when collectstatic has not run (or not since an upgrade added files)."""
        manifest = getattr(staticfiles_storage, "hashed_files", None)
        if settings.DEBUG or manifest is None:
            return  # unhashed names, served by the finders
        found = {
            "/".join(filter(None, [getattr(storage, "prefix", None), path.replace(os.sep, "/")]))
            for finder in finders.get_finders()
            for path, storage in finder.list(IGNORED)
        }
        missing = serving.uncollected_static(found, manifest)
        if missing:
            raise CommandError(
                _(
                    "%(count)s berkas statis belum dikumpulkan di %(root)s (yang pertama: "
                    "%(first)s): jalankan `kinerja collectstatic --noinput` lebih dahulu"
                )
                % {"count": len(missing), "root": settings.STATIC_ROOT, "first": missing[0]}
            )

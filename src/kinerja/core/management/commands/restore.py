"""``kinerja restore FILE``: an archive of ``kinerja backup`` into an empty, migrated
database and an empty file storage (core/backup.py, docs/deploy.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.backup import BackupError, read_manifest, restore
from kinerja.core.language import CommandHelp
from kinerja.core.storage import StorageUnavailable


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Memulihkan cadangan kinerja ke basis data dan penyimpanan berkas yang kosong."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("arsip yang ditulis oleh kinerja backup"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("hapus dulu setiap baris dan setiap berkas tersimpan di sini"),
        )

    def handle(self, *args, archive, force, **options):
        try:
            read_manifest(archive)  # a wrong file is refused before anything is migrated
            # A new database gets the tables first; an existing one is left as it is.
            call_command("migrate", interactive=False, verbosity=0)
            summary = restore(archive, force=force)
        except (BackupError, StorageUnavailable) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "%(rows)s baris dan %(files)s berkas (%(bytes)s bita) dipulihkan; setiap "
                "checksum terverifikasi"
            )
            % {"rows": summary.objects, "files": summary.files, "bytes": summary.bytes}
        )

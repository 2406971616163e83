"""``kinerja restore FILE``: an archive of ``kinerja backup`` into an empty, migrated
database and an empty file storage (core/backup.py, docs/deploy.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kinerja.core.backup import BackupError, read_manifest, restore
from kinerja.core.storage import StorageUnavailable


class Command(BaseCommand):
    help = "Restore a kinerja backup into an empty database and file storage."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="an archive written by kinerja backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="delete every row and every stored file here first",
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
            f"restored {summary.objects} rows and {summary.files} files "
            f"({summary.bytes} bytes); every checksum verified"
        )

"""``kinerja backup FILE``: the whole installation (database and file storage) in one
archive (core/backup.py, docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.backup import BackupError, backup
from kinerja.core.language import CommandHelp
from kinerja.core.storage import StorageUnavailable


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop("Menulis setiap tabel dan setiap berkas tersimpan ke satu arsip (.tar.gz).")
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("arsip yang ditulis, mis. kinerja-2024-01-31.tar.gz"))

    def handle(self, *args, archive, **options):
        target = Path(archive)
        if target.exists():
            raise CommandError(_("%(file)s sudah ada; pilih nama baru") % {"file": target})
        if not target.parent.is_dir():
            raise CommandError(_("%(folder)s: folder ini tidak ada") % {"folder": target.parent})
        try:
            summary = backup(target)
        except (BackupError, StorageUnavailable) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("%(file)s: %(rows)s baris, %(files)s berkas (%(bytes)s bita)")
            % {
                "file": target,
                "rows": summary.objects,
                "files": summary.files,
                "bytes": summary.bytes,
            }
        )

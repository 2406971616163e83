from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.datasets import yamlio
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.upgrade import upgrade_text


class Command(BaseCommand):
    help = (
        "Convert a unit dataset of format version 1 to version 2 (docs/dataset-format.md). "
        "Version 2 holds everything version 1 does, so only the version line changes; "
        "comments and layout are kept. Version 1 files also load as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "-o", "--output", metavar="OUT", help="write here instead of replacing FILE"
        )

    def handle(self, *args, file, output=None, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from None
        try:
            upgraded = upgrade_text(text)
        except yamlio.DatasetSyntaxError as exc:
            raise CommandError(f"{file}: not valid YAML: {exc}") from None
        except DatasetInvalid as exc:
            lines = "\n".join(f"  {problem}" for problem in exc.problems)
            raise CommandError(
                f"{file}: {len(exc.problems)} problem(s), nothing was written:\n{lines}"
            ) from None
        target = Path(output) if output else path
        if upgraded == text and target == path:
            self.stdout.write(f"{file}: already format version 2, nothing to do")
            return
        target.write_text(upgraded, encoding="utf-8")
        self.stdout.write(f"{file}: format version 2 written to {target}")

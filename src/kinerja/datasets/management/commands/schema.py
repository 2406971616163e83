import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.datasets.schema import FORMAT_VERSION, SCHEMA_PATHS, schema


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mencetak JSON Schema dataset unit, dengan setiap bagian yang ditambahkan aplikasi."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format-version",
            type=int,
            choices=sorted(SCHEMA_PATHS),
            default=FORMAT_VERSION,
            help=_("versi format dataset (bawaan %(version)s)") % {"version": FORMAT_VERSION},
        )

    def handle(self, *args, format_version=FORMAT_VERSION, **options):
        self.stdout.write(json.dumps(schema(format_version), indent=2, ensure_ascii=False))

import json

from django.core.management.base import BaseCommand

from kinerja.datasets.schema import FORMAT_VERSION, SCHEMA_PATHS, schema


class Command(BaseCommand):
    help = "Print the JSON Schema of the unit dataset, with every section the apps add."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format-version",
            type=int,
            choices=sorted(SCHEMA_PATHS),
            default=FORMAT_VERSION,
            help=f"the dataset format version (default {FORMAT_VERSION})",
        )

    def handle(self, *args, format_version=FORMAT_VERSION, **options):
        self.stdout.write(json.dumps(schema(format_version), indent=2, ensure_ascii=False))

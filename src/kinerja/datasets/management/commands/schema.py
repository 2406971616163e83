import json

from django.core.management.base import BaseCommand

from kinerja.datasets.schema import schema


class Command(BaseCommand):
    help = "Print the JSON Schema of the unit dataset, with every section the apps add."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(schema(), indent=2, ensure_ascii=False))

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.datasets.yamlio import DatasetSyntaxError
from kinerja.evaluation.templates import TemplateInvalid, load_shipped, load_template


class Command(BaseCommand):
    help = (
        "Load an LKE worksheet template (YAML, docs/evaluation.md); without FILE, the shipped ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="template file (default: the shipped templates)"
        )

    def handle(self, *args, **options):
        try:
            if options["file"]:
                text = Path(options["file"]).read_text(encoding="utf-8")
                templates = [load_template(text)[0]]
            else:
                templates = load_shipped()
        except (TemplateInvalid, DatasetSyntaxError) as exc:
            raise CommandError(f"template invalid:\n{exc}") from None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        for template in templates:
            self.stdout.write(f"Template {template.code} loaded.")

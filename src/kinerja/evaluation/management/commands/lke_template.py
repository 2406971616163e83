from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.datasets.yamlio import DatasetSyntaxError
from kinerja.evaluation.templates import TemplateInvalid, load_shipped, load_template


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Memuat templat lembar kerja LKE (YAML, docs/evaluation.md); tanpa FILE, templat "
            "bawaan."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help=_("berkas templat (bawaan: templat bawaan kinerja)")
        )

    def handle(self, *args, **options):
        try:
            if options["file"]:
                text = Path(options["file"]).read_text(encoding="utf-8")
                templates = [load_template(text)[0]]
            else:
                templates = load_shipped()
        except (TemplateInvalid, DatasetSyntaxError) as exc:
            raise CommandError(_("templat tidak sah:") + f"\n{exc}") from None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        for template in templates:
            self.stdout.write(_("Templat %(code)s dimuat.") % {"code": template.code})

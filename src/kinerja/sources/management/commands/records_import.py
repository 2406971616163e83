import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.context import command_context
from kinerja.core.language import CommandHelp
from kinerja.datasets.errors import DatasetInvalid, import_refused
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.sources.tabular import KINDS, NESTED, format_of, import_records


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Mengimpor catatan operasional satu jenis dari berkas XLSX atau CSV (kolom-kolom "
            "records_export). Semua atau tidak sama sekali; --dry-run untuk pratinjau."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true", help=_("cetak laporan sebagai JSON"))

    @command_context("records_import")
    def handle(self, *args, kind, file, unit, dry_run, **options):
        try:
            unit_obj = get_unit(unit)
            data = Path(file).read_bytes()
            result = import_records(kind, unit_obj, data, fmt=format_of(file), dry_run=dry_run)
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except DatasetInvalid as exc:
            raise import_refused(file, exc) from None
        if options["json"]:
            self.stdout.write(json.dumps({"file": str(file), **result.as_dict()}, indent=2))
            return
        report = result.report
        models = sorted(
            (set(report.created) | set(report.updated) | set(report.unchanged))
            - {"computed realization"}
        )
        if dry_run:
            per_model = _(
                "%(model)s: %(created)s akan dibuat, %(updated)s diperbarui, %(unchanged)s tetap"
            )
            summary = _(
                "%(rows)s baris%(nested)s: %(counts)s; %(computed)s realisasi terhitung akan "
                "berubah (uji coba: tidak ada yang ditulis)"
            )
        else:
            per_model = _(
                "%(model)s: %(created)s dibuat, %(updated)s diperbarui, %(unchanged)s tetap"
            )
            summary = _(
                "%(rows)s baris%(nested)s: %(counts)s; %(computed)s realisasi terhitung berubah"
            )
        counts = "; ".join(
            per_model
            % {
                "model": model,
                "created": report.created[model],
                "updated": report.updated[model],
                "unchanged": report.unchanged[model],
            }
            for model in models
        )
        nested = f" ({result.nested_rows} {NESTED[kind].field})" if kind in NESTED else ""
        self.stdout.write(
            summary
            % {
                "rows": result.rows,
                "nested": nested,
                "counts": counts or _("tidak ada yang perlu diimpor"),
                "computed": result.computed,
            }
        )

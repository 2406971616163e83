import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.audit.context import command_context
from kinerja.datasets.errors import DatasetInvalid
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.sources.tabular import KINDS, NESTED, format_of, import_records


class Command(BaseCommand):
    help = (
        "Import operational records of one kind from an XLSX or CSV file (the columns of "
        "records_export). All or nothing; --dry-run to preview."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

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
            lines = "\n".join(f"  {p}" for p in exc.problems)
            raise CommandError(
                f"{file}: {len(exc.problems)} problem(s), nothing was imported:\n{lines}"
            ) from None
        if options["json"]:
            self.stdout.write(json.dumps({"file": str(file), **result.as_dict()}, indent=2))
            return
        report = result.report
        verb = "would be" if dry_run else "were"
        models = sorted(
            (set(report.created) | set(report.updated) | set(report.unchanged))
            - {"computed realization"}
        )
        counts = "; ".join(
            f"{model}: {report.created[model]} {verb} created, {report.updated[model]} "
            f"updated, {report.unchanged[model]} unchanged"
            for model in models
        )
        rows = f"{result.rows} rows"
        if kind in NESTED:
            rows += f" ({result.nested_rows} {NESTED[kind].field})"
        self.stdout.write(
            f"{rows}: {counts or 'nothing to import'}; "
            f"{result.computed} computed realizations {verb} changed"
            + (" (dry run: nothing written)" if dry_run else "")
        )

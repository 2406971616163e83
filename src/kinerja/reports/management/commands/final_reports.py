"""`kinerja final_reports`: issue a final version of a unit's LAKIN (or its Perjanjian
Kinerja, or a quarterly report), list the versions, show what the data says differently
since, and export the stored files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.dates import local_time
from kinerja.core.language import CommandHelp
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.reports.finals import (
    FinalizeError,
    basename,
    changes_since,
    data_snapshot,
    finalize,
    period_for,
)
from kinerja.reports.models import FinalReport, ReportKind
from kinerja.reports.perkin import AgreementUnavailable

NAMES = {
    ReportKind.LAKIN: "LAKIN",
    ReportKind.PERKIN: "Perjanjian Kinerja",
    ReportKind.QUARTERLY: "Laporan Kinerja Triwulan",
}


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Versi final (terbit) LAKIN, Perjanjian Kinerja atau laporan triwulan sebuah unit: "
            "terbitkan, daftar, bandingkan dengan data, ekspor."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--kind",
            choices=[k.value for k in ReportKind],
            default=ReportKind.LAKIN.value,
            help=_("laporan yang mana (bawaan: lakin)"),
        )
        parser.add_argument(
            "--quarter", type=int, choices=(1, 2, 3, 4), help=_("dengan --kind quarterly")
        )
        parser.add_argument("--issue", action="store_true", help=_("terbitkan versi final baru"))
        parser.add_argument("--reason", default="", help=_("alasannya (wajib mulai versi 2)"))
        parser.add_argument(
            "--show-findings",
            action="store_true",
            help=_(
                "dengan --issue: cantumkan temuan konsistensi yang terbuka di lampiran LAKIN "
                "dan di halaman publik (bawaan: tidak)"
            ),
        )
        parser.add_argument(
            "--diff",
            type=int,
            metavar="VERSION",
            help=_("setiap perubahan data sejak VERSION diterbitkan"),
        )
        parser.add_argument(
            "--export",
            type=int,
            metavar="VERSION",
            help=_("tulis berkas VERSION yang tersimpan ke --out"),
        )
        parser.add_argument("--out", default=".")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, unit, year, kind, quarter, **options):
        try:
            unit_obj = get_unit(unit)
            period = period_for(kind, quarter)
        except (MeasuresUnavailable, FinalizeError) as exc:
            raise CommandError(str(exc)) from None
        name = NAMES[kind] + (f" Q{quarter}" if period else "")
        reports = FinalReport.objects.filter(unit=unit_obj, year=year, kind=kind, period=period)
        if options["issue"]:
            try:
                report = finalize(
                    unit_obj,
                    year,
                    kind=kind,
                    quarter=quarter,
                    reason=options["reason"],
                    show_findings=options["show_findings"],
                )
            except (FinalizeError, MeasuresUnavailable, AgreementUnavailable) as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                _(
                    "%(name)s %(unit)s %(year)s versi final %(version)s diterbitkan "
                    "(data %(hash)s, %(findings)s temuan)"
                )
                % {
                    "name": name,
                    "unit": unit_obj.code,
                    "year": year,
                    "version": report.version,
                    "hash": report.data_hash[:12],
                    "findings": len(report.findings),
                }
            )
            return
        if options["diff"] or options["export"]:
            version = options["diff"] or options["export"]
            report = reports.filter(version=version).first()
            if report is None:
                known = ", ".join(str(v) for v in reports.values_list("version", flat=True))
                raise CommandError(
                    _("tidak ada versi final %(version)s; versi yang ada: %(known)s")
                    % {"version": version, "known": known or "-"}
                )
            if options["export"]:
                self._export(report, Path(options["out"]))
            else:
                for line in changes_since(report) or [_("data tidak berubah")]:
                    self.stdout.write(line)
            return
        reports = list(reports.prefetch_related("files"))
        # One snapshot of today's data for all the versions (it is the same for each).
        try:
            current = data_snapshot(unit_obj, year) if reports else None
        except FinalizeError as exc:
            raise CommandError(str(exc)) from None
        rows = [self._row(r, current) for r in reports]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(
                _("Belum ada versi final %(name)s untuk %(unit)s tahun %(year)s")
                % {"name": name, "unit": unit_obj.code, "year": year}
            )
        for row, report in zip(rows, reports, strict=True):
            state = (
                _("data tidak berubah sejak versi ini")
                if not row["changes_since"]
                else _("%(n)s perubahan data sejak versi ini") % {"n": row["changes_since"]}
            )
            self.stdout.write(
                f"v{row['version']}  {local_time(report.created_at)}  {state}  "
                f"{_('berkas')}: {', '.join(row['files'])}  {row['reason']}".rstrip()
            )

    def _row(self, report: FinalReport, current: dict | None) -> dict:
        return {
            "version": report.version,
            "created_at": timezone.localtime(report.created_at).isoformat(),
            "reason": report.reason,
            "data_hash": report.data_hash,
            "content_hash": report.content_hash,
            "findings": len(report.findings),
            "files": sorted(f.format for f in report.files.all()),
            "changes_since": len(changes_since(report, current)),
        }

    def _export(self, report: FinalReport, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        name = basename(report.kind, report.unit.code, report.year, report.period)
        for file in report.files.all():
            path = directory / f"{name}-v{report.version}.{file.format}"
            path.write_bytes(file.content)
            self.stdout.write(str(path))

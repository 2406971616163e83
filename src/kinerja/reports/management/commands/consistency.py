"""`kinerja consistency`: contradictions in a unit's data for one year.

Named ``consistency`` because ``kinerja check`` is Django's system check framework
(settings, models, deployment), which kinerja keeps as it is.
"""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit
from kinerja.reports.checks import ChecksUnavailable, Severity, consistency_report

SEVERITY_TITLES = {Severity.ERROR: "Kesalahan", Severity.WARNING: "Peringatan"}


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Kontradiksi dalam data satu tahun sebuah unit (angka tercetak dan terhitung, "
            "label, total anggaran, masukan efisiensi, survei). Status keluar 0 walaupun ada "
            "temuan."
        )
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit, mis. bspji-palembang"))
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true", help=_("keluaran untuk dibaca mesin"))

    def handle(self, *args, unit, year, **options):
        try:
            report = consistency_report(get_unit(unit), year)
        except (MeasuresUnavailable, ChecksUnavailable) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(as_json(report), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(as_text(report))


def _value(value) -> str | None:
    """Decimals as plain strings with the places the check gave them ("366.60")."""
    if isinstance(value, Decimal):
        return format(value.copy_abs() if value.is_zero() else value, "f")
    return value


def as_json(report) -> dict:
    """The stable --json shape documented in docs/cli.md."""
    return {
        "unit": report.unit.code,
        "year": report.year,
        "findings": [
            {
                "code": f.code,
                "severity": str(f.severity),
                "where": f.where,
                "found": _value(f.found),
                "expected": _value(f.expected),
                "slip": f.slip,
                "message": f.message,
            }
            for f in report.findings
        ],
        "counts": {str(s): report.count(s) for s in Severity},
        "skipped": [{"check": s.check, "reason": s.reason} for s in report.skipped],
    }


def as_text(report) -> str:
    unit = report.unit
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    out = [
        f"Pemeriksaan konsistensi {unit.short_name or unit.name} ({unit.code}) tahun {report.year}",
        f"{errors} kesalahan, {warnings} peringatan",
    ]
    for severity in Severity:
        findings = [f for f in report.findings if f.severity == severity]
        if not findings:
            continue
        out += ["", f"{SEVERITY_TITLES[severity]} ({len(findings)}):"]
        for f in findings:
            out.append(f"  - {f.where} [{f.code}]: {f.message}")
    if not report.findings:
        out += ["", "Tidak ada kontradiksi yang ditemukan."]
    if report.skipped:
        out += ["", "Tidak diperiksa:"]
        out += [f"  - {s.check}: {s.reason}" for s in report.skipped]
    return "\n".join(out) + "\n"

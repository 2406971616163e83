"""Final reports stay what they were.

Marking a report final stores its rendered files, its content hash and a snapshot of the
data it was built from (the unit's dataset, as ``kinerja dump`` writes it). Later edits to
plans, targets, realizations or budgets never touch it; ``changes_since`` lists what the
data says differently now, and a new version can be issued with a reason. (Existing
e-SAKIP tools re-render old reports from current data, so a corrected target silently
rewrites last year's LAKIN; auditors then read a report that was never issued.)
"""

import hashlib
import json
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from kinerja.core.numbers import decimal_str
from kinerja.datasets.dump import dump_data
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement

from .document import Document
from .models import FinalReport, FinalReportFile, ReportKind

FORMATS = ("docx", "pdf", "xlsx")


class FinalizeError(ValueError):
    pass


def _builder(kind: str) -> Callable[[Unit, int], Document]:
    if kind == ReportKind.LAKIN:
        from .lakin import build_lakin

        return build_lakin
    raise FinalizeError(f"{kind} reports cannot be marked final yet")


def data_snapshot(unit: Unit, year: int) -> dict:
    """The unit's dataset for the plan of the year's agreement, as plain JSON values."""
    agreement = (
        Agreement.objects.filter(unit=unit, year=year).select_related("plan_version__plan").first()
    )
    if agreement is None:
        raise FinalizeError(f"{unit.code} has no Perjanjian Kinerja for {year}")
    data = dump_data(unit, agreement.plan_version.plan)
    return json.loads(json.dumps(data, default=_plain))


def _plain(value) -> str:
    # Decimals as the dataset writes them ("58.77", not the column's "58.770000").
    return decimal_str(value) if isinstance(value, Decimal) else str(value)


def data_hash(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _render(document: Document, fmt: str) -> bytes:
    from .management.commands.lakin import renderer

    return renderer(fmt)(document)


def finalize(
    unit: Unit,
    year: int,
    *,
    kind: str = ReportKind.LAKIN,
    reason: str = "",
    user=None,
    formats=FORMATS,
) -> FinalReport:
    """Build, render and store a new final version. The first version needs no reason;
    every later one does, because it replaces a report readers may already hold."""
    latest = FinalReport.objects.filter(unit=unit, year=year, kind=kind, period="").aggregate(
        v=Max("version")
    )["v"]
    if latest and not reason.strip():
        raise FinalizeError(
            f"version {latest} of this report is final; a new version needs a reason"
        )
    from .checks import consistency_report

    document = _builder(kind)(unit, year)
    snapshot = data_snapshot(unit, year)
    files = {fmt: _render(document, fmt) for fmt in formats}
    findings = [
        {"code": f.code, "severity": str(f.severity), "where": f.where, "message": f.message}
        for f in consistency_report(unit, year).findings
    ]
    with transaction.atomic():
        report = FinalReport.objects.create(
            unit=unit,
            year=year,
            kind=kind,
            period="",
            version=(latest or 0) + 1,
            reason=reason.strip(),
            data_hash=data_hash(snapshot),
            content_hash=document.data_hash,
            data_snapshot=snapshot,
            findings=findings,
            created_by=user,
        )
        for fmt, content in files.items():
            FinalReportFile.objects.create(
                report=report,
                format=fmt,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            )
    return report


def diff(old, new, path: str = "") -> list[str]:
    """What differs between two snapshots, one line per changed value, with its place:
    ``plans[0].versions[2]….targets.2023: 30 → 35``. Lists are compared by position
    except lists of rows with a code, compared by code so an insertion reads as one."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in sorted(set(old) | set(new), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in old:
                lines.append(f"{where}: added")
            elif key not in new:
                lines.append(f"{where}: removed")
            else:
                lines += diff(old[key], new[key], where)
        return lines
    if isinstance(old, list) and isinstance(new, list):
        keyed = all(isinstance(x, dict) and "code" in x for x in old + new)
        if keyed and old + new:
            return diff({x["code"]: x for x in old}, {x["code"]: x for x in new}, path)
        lines = [
            line
            for i, (a, b) in enumerate(zip(old, new, strict=False))
            for line in diff(a, b, f"{path}[{i}]")
        ]
        lines += [f"{path}[{i}]: added" for i in range(len(old), len(new))]
        lines += [f"{path}[{i}]: removed" for i in range(len(new), len(old))]
        return lines
    return [] if old == new else [f"{path}: {_short(old)} → {_short(new)}"]


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"


def changes_since(report: FinalReport) -> list[str]:
    """What the data says differently now than when the report was issued."""
    current = data_snapshot(report.unit, report.year)
    if data_hash(current) == report.data_hash:
        return []
    return diff(report.data_snapshot, current)

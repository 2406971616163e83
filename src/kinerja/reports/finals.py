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
import logging
from decimal import Decimal

from django.db import IntegrityError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core import storage
from kinerja.core.numbers import decimal_str
from kinerja.datasets.dump import dump_data
from kinerja.org.models import Unit
from kinerja.planning.models import Agreement

from .document import Document, Paragraph, Section, Table, cell_text, table_label
from .models import FinalReport, FinalReportFile, ReportKind, final_file_path

FORMATS = ("docx", "pdf", "xlsx")
QUARTERS = (1, 2, 3, 4)

logger = logging.getLogger(__name__)


class FinalizeError(ValueError):
    """Why a report cannot be issued; ``code`` lets a caller word it in its own language:
    ``reason_required``, ``draft_agreement``, ``no_agreement``, ``bad_period``,
    ``storage`` (the file storage refused the files)."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


def period_for(kind: str, quarter: int | None = None) -> str:
    """The ``period`` a final of ``kind`` is kept under: "q2" for the quarterly report of
    the second quarter, "" for the yearly documents."""
    if kind == ReportKind.QUARTERLY:
        if quarter not in QUARTERS:
            raise FinalizeError(
                _("laporan triwulan memerlukan triwulan 1 sampai 4, bukan %(quarter)s")
                % {"quarter": quarter},
                "bad_period",
            )
        return f"q{quarter}"
    if quarter is not None:
        raise FinalizeError(
            _("laporan %(kind)s tidak mempunyai triwulan") % {"kind": kind}, "bad_period"
        )
    return ""


def quarter_of(period: str) -> int | None:
    return int(period[1:]) if period.startswith("q") else None


def basename(kind: str, unit_code: str, year: int, period: str = "") -> str:
    """The file name without extension, as the report commands write it:
    ``lakin-<unit>-<year>``, ``perkin-<unit>-<year>``, ``triwulan-<unit>-<year>-q2``."""
    if kind == ReportKind.LAKIN:
        return f"lakin-{unit_code}-{year}"
    if kind == ReportKind.PERKIN:
        return f"perkin-{unit_code}-{year}"
    if kind == ReportKind.QUARTERLY:
        return f"triwulan-{unit_code}-{year}-{period}"
    raise FinalizeError(f"unknown report kind {kind!r}")


def build_document(
    kind: str, unit: Unit, year: int, period: str = "", *, findings: bool = False
) -> Document:
    """The report as the commands build it (``lakin``, ``perkin``, ``quarterly_report``):
    the LAKIN, the Perjanjian Kinerja in force, or the quarterly report of ``period``.
    Raises the builders' own ``MeasuresUnavailable`` / ``AgreementUnavailable``."""
    if kind == ReportKind.LAKIN:
        from .lakin import build_lakin

        return build_lakin(unit, year, findings=findings)
    if kind == ReportKind.PERKIN:
        from .perkin import build_perkin

        return build_perkin(unit, year)
    if kind == ReportKind.QUARTERLY:
        from .quarterly import build_quarterly

        quarter = quarter_of(period)
        if quarter not in QUARTERS:
            raise FinalizeError(f"unknown quarter {period!r}", "bad_period")
        return build_quarterly(unit, year, quarter)
    raise FinalizeError(f"unknown report kind {kind!r}")


def render(document: Document, fmt: str) -> bytes:
    """One format of a built document, through the renderer lookup of ``kinerja lakin``."""
    from .management.commands.lakin import renderer

    return renderer(fmt)(document)


def data_snapshot(unit: Unit, year: int) -> dict:
    """The unit's dataset for the plan of the year's agreement, as plain JSON values."""
    agreement = (
        Agreement.objects.filter(unit=unit, year=year).select_related("plan_version__plan").first()
    )
    if agreement is None:
        raise FinalizeError(no_agreement(unit, year), "no_agreement")
    data = dump_data(unit, agreement.plan_version.plan)
    return json.loads(json.dumps(data, default=_plain))


def _plain(value) -> str:
    # Decimals as the dataset writes them ("58.77", not the column's "58.770000").
    return decimal_str(value) if isinstance(value, Decimal) else str(value)


def data_hash(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def document_model(document: Document) -> dict:
    """The report model as issued, in plain JSON: every section, paragraph and table (each
    cell as the files print it, ``text``, and as a value, ``values``). Charts keep their
    caption only; the files hold the drawings. Read back by the public pages, which show
    the achievements as they were published rather than as the data says now."""

    def block(b) -> dict:
        if isinstance(b, Section):
            return {
                "type": "section",
                "title": b.title,
                "numbered": b.numbered,
                "blocks": [block(x) for x in b.blocks],
            }
        if isinstance(b, Paragraph):
            return {"type": "paragraph", "text": b.text, "style": b.style}
        if isinstance(b, Table):
            return {
                "type": "table",
                "key": b.key,
                "number": b.number,
                "caption": b.caption,
                "label": table_label(b),
                "columns": [
                    {"title": c.title, "kind": str(c.kind), "places": c.places} for c in b.columns
                ],
                "values": [[_cell_value(v) for v in row] for row in b.rows],
                "text": [
                    [cell_text(v, c) for v, c in zip(row, b.columns, strict=False)]
                    for row in b.rows
                ],
                "total": None
                if b.total is None
                else [cell_text(v, c) for v, c in zip(b.total, b.columns, strict=False)],
                "note": b.note,
            }
        return {"type": "figure", "key": b.key, "number": b.number, "caption": b.caption}

    return {
        "title": document.title,
        "unit_name": document.unit_name,
        "year": document.year,
        "cover_lines": list(document.cover_lines),
        "generated_on": document.generated_on.isoformat() if document.generated_on else None,
        "content_hash": document.data_hash,
        "sections": [block(s) for s in document.sections],
    }


def _cell_value(value):
    return decimal_str(value) if isinstance(value, Decimal) else value


def stored_table(report: FinalReport, key: str) -> dict | None:
    """A table of a final report's stored model by its key (None for reports issued
    before the model was stored, or without that table)."""

    def find(blocks):
        for b in blocks:
            if b.get("type") == "table" and b.get("key") == key:
                return b
            if b.get("type") == "section" and (found := find(b["blocks"])):
                return found
        return None

    return find((report.document or {}).get("sections", []))


def finalize(
    unit: Unit,
    year: int,
    *,
    kind: str = ReportKind.LAKIN,
    quarter: int | None = None,
    reason: str = "",
    user=None,
    formats=FORMATS,
    show_findings: bool = False,
) -> FinalReport:
    """Build, render and store a new final version of the LAKIN, the Perjanjian Kinerja
    (``kind="perkin"``) or a quarterly report (``kind="quarterly"``, ``quarter`` 1–4).
    The first version needs no reason; every later one does, because it replaces a report
    readers may already hold. Open consistency findings do not block it: they are stored
    with the version, and listed in the LAKIN's annex and on the public page only when
    ``show_findings`` (the head's choice, off by default). A Perjanjian Kinerja is final only
    once signed: a draft is a proposal, not the agreement."""
    kind = ReportKind(kind)
    period = period_for(kind, quarter)
    latest = FinalReport.objects.filter(unit=unit, year=year, kind=kind, period=period).aggregate(
        v=Max("version")
    )["v"]
    if latest and not reason.strip():
        raise FinalizeError(
            _("versi %(version)s laporan ini sudah final; versi baru memerlukan alasan")
            % {"version": latest},
            "reason_required",
        )
    if kind == ReportKind.PERKIN:
        require_signed(unit, year)
    from .checks import consistency_report

    document = build_document(kind, unit, year, period, findings=show_findings)
    snapshot = data_snapshot(unit, year)
    files = {fmt: render(document, fmt) for fmt in formats}
    findings = [
        {"code": f.code, "severity": str(f.severity), "where": f.where, "message": f.message}
        for f in consistency_report(unit, year).findings
    ]
    # The files are written to the storage before the rows that name them, and deleted
    # again when the issue fails after that (core/storage.py).
    try:
        with storage.files_then_rows() as written:
            report = _store(
                latest,
                unit=unit,
                year=year,
                kind=kind,
                period=period,
                reason=reason.strip(),
                data_hash=data_hash(snapshot),
                content_hash=document.data_hash,
                data_snapshot=snapshot,
                document=document_model(document),
                findings=findings,
                show_findings=show_findings,
                created_by=user,
            )
            for fmt, content in files.items():
                row = FinalReportFile(
                    report=report, format=fmt, sha256=hashlib.sha256(content).hexdigest()
                )
                row.file.name = written.save(final_file_path(row, ""), content)
                row.save()
    except storage.StorageUnavailable as exc:
        logger.error("final report %s %s %s: %s", unit.code, year, kind, exc)
        raise FinalizeError(
            _("berkas laporan tidak dapat disimpan: %(error)s; tidak ada yang diterbitkan")
            % {"error": exc},
            "storage",
        ) from exc
    except IntegrityError as exc:
        # Another request stored the same version number between our check and our
        # insert (a database without row locks, or a race the lock did not cover).
        raise FinalizeError(_(CONCURRENT_MESSAGE), "concurrent") from exc
    return report


CONCURRENT_MESSAGE = gettext_noop(
    "versi lain laporan ini diterbitkan pada saat yang sama; muat ulang"
)


def _store(latest: int | None, **fields) -> FinalReport:
    """The new version's row, numbered after ``latest`` (the newest version this request
    read before building). Parallel requests for the same unit queue on the unit's row
    (PostgreSQL); a request that finds a newer version than it built on is refused, so
    one of five parallel issues wins and the others are told why."""
    # evaluated (list) so that the lock is taken; exists() would not lock on every backend
    list(Unit.objects.select_for_update().filter(pk=fields["unit"].pk).values_list("pk"))
    same = {key: fields[key] for key in ("unit", "year", "kind", "period")}
    now = FinalReport.objects.filter(**same).aggregate(v=Max("version"))["v"]
    if now != latest:
        raise FinalizeError(_(CONCURRENT_MESSAGE), "concurrent")
    return FinalReport.objects.create(version=(latest or 0) + 1, **fields)


def require_signed(unit: Unit, year: int) -> None:
    """A Perjanjian Kinerja in force and signed, or ``FinalizeError`` (also asked by the
    finalize form before a job is queued, so the page says it at once)."""
    agreement = Agreement.objects.filter(unit=unit, year=year).first()
    if agreement is None:
        raise FinalizeError(no_agreement(unit, year), "no_agreement")
    version = agreement.version_in_force()
    if version is None or not version.is_signed:
        raise FinalizeError(
            _(
                "Perjanjian Kinerja %(year)s %(unit)s belum ditandatangani; draf tidak dapat "
                "diterbitkan sebagai final"
            )
            % {"year": year, "unit": unit.code},
            "draft_agreement",
        )


def no_agreement(unit: Unit, year: int) -> str:
    return _("%(unit)s tidak mempunyai Perjanjian Kinerja tahun %(year)s") % {
        "unit": unit.code,
        "year": year,
    }


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


def changes_since(report: FinalReport, current: dict | None = None) -> list[str]:
    """What the data says differently now than when the report was issued. ``current``
    is ``data_snapshot(unit, year)`` when the caller already has it: every final of a
    unit's year (LAKIN, Perjanjian Kinerja, quarterly reports) is compared with the same
    snapshot, so a page listing them builds it once."""
    if current is None:
        current = data_snapshot(report.unit, report.year)
    if data_hash(current) == report.data_hash:
        return []
    return diff(report.data_snapshot, current)

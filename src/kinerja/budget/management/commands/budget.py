import json

from django.core.management.base import BaseCommand, CommandError

from kinerja.budget.selectors import BudgetUnavailable, budget_overview
from kinerja.core.numbers import decimal_str, format_id, format_pct_id

from ._common import unit_or_error

SOURCE_LABELS = {"rupiah_murni": "Rupiah Murni", "pnbp": "PNBP", "phln": "PHLN", "sbsn": "SBSN"}
TYPE_LABELS = {"51": "51 Belanja pegawai", "52": "52 Belanja barang", "53": "53 Belanja modal"}


class Command(BaseCommand):
    help = "A unit's DIPA for one year: ceiling, spending, absorption, revisions, PNBP."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, unit, year, **options):
        try:
            overview = budget_overview(unit_or_error(unit), year)
        except BudgetUnavailable as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(as_json(overview), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(as_text(overview))


def _amounts(a) -> dict:
    return {
        "initial_ceiling": decimal_str(a.initial_ceiling),
        "ceiling": decimal_str(a.ceiling),
        "spending": decimal_str(a.spending),
        "absorption_pct": decimal_str(a.absorption_pct, 2),
    }


def as_json(o) -> dict:
    pnbp = None
    if o.pnbp:
        p = o.pnbp
        pnbp = {
            "revenue_target": decimal_str(p.revenue_target),
            "receipts_total": decimal_str(p.receipts_total),
            "receipts_pct_of_target": decimal_str(p.receipts_pct_of_target, 2),
            "receipts": [
                {
                    "category": c,
                    "amount": decimal_str(v),
                    "share_pct": decimal_str(p.share_pct(c), 2),
                }
                for c, v in p.receipts.items()
            ],
            "permitted_use_pct": decimal_str(p.permitted_use_pct),
            "permitted_use_of_target": decimal_str(p.permitted_use_of_target),
            "use_ceiling": decimal_str(p.use_ceiling),
            "use_spending": decimal_str(p.use_spending),
            "use_pct": decimal_str(p.use_pct, 2),
        }
    return {
        "unit": o.unit.code,
        "year": o.year,
        **_amounts(o.totals),
        "stated": _amounts(o.stated),
        "by_source": [{"source": k, **_amounts(a)} for k, a in o.by_source.items()],
        "by_type": [{"type": k, **_amounts(a)} for k, a in o.by_type.items()],
        "revisions": [
            {
                "number": r.number,
                "date": r.date.isoformat() if r.date else None,
                "kind": r.kind,
                "description": r.description,
            }
            for r in o.revisions
        ],
        "lines": {
            "count": o.line_count,
            "unlinked": o.unlinked,
            "unlinked_without_reason": o.unlinked_without_reason,
            "linked_twice": o.linked_twice,
            "linked_ceiling": decimal_str(o.linked_ceiling),
            "linked_ceiling_matches_total": o.linked_ceiling_matches_total,
        },
        "pnbp": pnbp,
        "history": [{"year": y, **_amounts(a)} for y, a in o.history],
    }


def _rp(value) -> str:
    return "–" if value is None else f"Rp {format_id(value)}"


def _pct(value) -> str:
    return "–" if value is None else format_pct_id(value)


def as_text(o) -> str:
    t = o.totals
    out = [
        f"DIPA {o.unit.short_name or o.unit.name} tahun {o.year}",
        f"  Pagu awal      {_rp(t.initial_ceiling)}",
        f"  Pagu akhir     {_rp(t.ceiling)}",
        f"  Realisasi      {_rp(t.spending)} ({_pct(t.absorption_pct)})",
        "",
        "Menurut sumber dana:",
        *[
            f"  {SOURCE_LABELS.get(k, k):<20} pagu {_rp(a.ceiling):>22}   realisasi "
            f"{_rp(a.spending):>22}"
            for k, a in o.by_source.items()
        ],
        "Menurut jenis belanja:",
        *[
            f"  {TYPE_LABELS.get(k, k):<20} pagu {_rp(a.ceiling):>22}   realisasi "
            f"{_rp(a.spending):>22}"
            for k, a in o.by_type.items()
        ],
        "",
        f"Revisi DIPA: {len(o.revisions)} kali",
        *[
            f"  {r.number:>2}. {r.date.isoformat() if r.date else '':10}  {r.kind}"
            for r in o.revisions
        ],
        "",
        f"Baris DIPA: {o.line_count}; tanpa indikator: {len(o.unlinked)}"
        f" ({len(o.unlinked_without_reason)} tanpa alasan); terkait dua indikator atau lebih: "
        f"{len(o.linked_twice)}; pagu terkait indikator {_rp(o.linked_ceiling)}"
        + (" = pagu akhir" if o.linked_ceiling_matches_total else " ≠ pagu akhir"),
    ]
    if o.pnbp:
        p = o.pnbp
        out += [
            "",
            f"PNBP: target {_rp(p.revenue_target)}, penerimaan {_rp(p.receipts_total)}"
            f" ({_pct(p.receipts_pct_of_target)}); pagu penggunaan {_rp(p.use_ceiling)},"
            f" realisasi {_rp(p.use_spending)} ({_pct(p.use_pct)})",
        ]
    if o.history:
        out += ["", "Realisasi anggaran per tahun:"]
        out += [
            f"  {y}  pagu {_rp(a.ceiling):>22}  realisasi {_rp(a.spending):>22}"
            f"  {_pct(a.absorption_pct)}"
            for y, a in o.history
        ]
    return "\n".join(out) + "\n"

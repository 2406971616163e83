import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_noop

from kinerja.budget.selectors import BudgetUnavailable, budget_overview
from kinerja.core.language import CommandHelp
from kinerja.core.numbers import decimal_str, format_id, format_pct_id

from ._common import unit_or_error

SOURCE_LABELS = {"rupiah_murni": "Rupiah Murni", "pnbp": "PNBP", "phln": "PHLN", "sbsn": "SBSN"}
TYPE_LABELS = {
    "51": "51 Belanja pegawai",
    "52": "52 Belanja barang",
    "53": "53 Belanja modal",
    "5.1": "5.1 Belanja operasi",
    "5.2": "5.2 Belanja modal",
    "5.3": "5.3 Belanja tidak terduga",
    "5.4": "5.4 Belanja transfer",
}


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop(
            "Dokumen anggaran (DIPA atau DPA) satu tahun sebuah unit: pagu, realisasi, "
            "penyerapan, revisi, indikator keluaran, PNBP."
        )
    )

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
        "kind": o.kind,
        "document": o.words.document,
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
        "outputs": [
            {
                "line": r.line_code,
                "name": r.name,
                "unit": r.unit_label,
                "target": decimal_str(r.target),
                "realization": decimal_str(r.realization),
                "achievement_pct": decimal_str(r.achievement.pct, 2),
            }
            for r in o.outputs
        ],
        "pnbp": pnbp,
        "history": [{"year": y, **_amounts(a)} for y, a in o.history],
    }


def _rp(value) -> str:
    return "–" if value is None else f"Rp {format_id(value)}"


def _num(value) -> str:
    """A measure with up to 2 decimals, trailing zeros dropped (4 → "4", 2.50 → "2,5")."""
    if value is None:
        return "–"
    text = format_id(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _pct(value) -> str:
    return "–" if value is None else format_pct_id(value)


def as_text(o) -> str:
    t, w = o.totals, o.words
    out = [
        f"{w.document} {o.unit.short_name or o.unit.name} tahun {o.year}",
        f"  {w.initial_ceiling:<14} {_rp(t.initial_ceiling)}",
        f"  {w.final_ceiling:<14} {_rp(t.ceiling)}",
        f"  Realisasi      {_rp(t.spending)} ({_pct(t.absorption_pct)})",
        "",
        "Menurut sumber dana:",
        *[
            f"  {SOURCE_LABELS.get(k) or o.source_label(k):<20} "
            f"{w.ceiling.lower()} {_rp(a.ceiling):>22}   realisasi {_rp(a.spending):>22}"
            for k, a in o.by_source.items()
        ],
        "Menurut jenis belanja:",
        *[
            f"  {TYPE_LABELS.get(k, k):<20} {w.ceiling.lower()} {_rp(a.ceiling):>22}   "
            f"realisasi {_rp(a.spending):>22}"
            for k, a in o.by_type.items()
        ],
        "",
        f"{w.revision}: {len(o.revisions)} kali",
        *[
            f"  {r.number:>2}. {r.date.isoformat() if r.date else '':10}  {r.kind}"
            for r in o.revisions
        ],
        "",
        f"Baris {w.document}: {o.line_count}; tanpa indikator: {len(o.unlinked)}"
        f" ({len(o.unlinked_without_reason)} tanpa alasan); terkait dua indikator atau lebih: "
        f"{len(o.linked_twice)}; {w.ceiling.lower()} terkait indikator {_rp(o.linked_ceiling)}"
        + (" = " if o.linked_ceiling_matches_total else " ≠ ")
        + w.final_ceiling.lower(),
    ]
    if o.outputs:
        out += ["", f"{w.outputs}:"]
        out += [
            f"  {r.line_code:<20} {r.name}: target {_num(r.target)} {r.unit_label}, "
            f"realisasi {_num(r.realization)} ({_pct(r.achievement.pct)})"
            for r in o.outputs
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

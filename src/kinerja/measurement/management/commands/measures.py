import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.core.language import CommandHelp
from kinerja.core.numbers import decimal_str, format_id, format_pct_id
from kinerja.measurement.selectors import MeasuresUnavailable, get_unit, unit_measures
from kinerja.planning.choices import TargetKind

AGREEMENT_STATUS_LABELS = {"draft": "draf", "signed": "ditandatangani"}
STATUS_LABELS = {
    "achieved": "tercapai",
    "not_achieved": "tidak tercapai",
    "not_computable": "tidak dapat dihitung",
}


class Command(BaseCommand):
    help = CommandHelp(
        gettext_noop("Capaian setiap indikator Perjanjian Kinerja satu tahun sebuah unit.")
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help=_("kode unit, mis. bspji-palembang"))
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--json", action="store_true", help=_("keluaran untuk dibaca mesin"))

    def handle(self, *args, unit, year, **options):
        try:
            measures = unit_measures(get_unit(unit), year)
        except MeasuresUnavailable as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(as_json(measures), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(as_table(measures))


def _target_str(target, places=None):
    if target.max_value is not None:
        return f"{decimal_str(target.value, places)}-{decimal_str(target.max_value, places)}"
    return decimal_str(target.value, places)


def as_json(measures) -> dict:
    """The stable --json shape documented in docs/cli.md."""
    indicators = []
    for m in measures.indicators:
        row = {
            "code": m.code,
            "objective": m.objective_code,
            "objective_name": m.objective_name,
            "name": m.name,
            "unit": m.unit_label,
            "polarity": m.polarity,
            "method": m.method,
            "target": _target_str(m.target),
            "realization": decimal_str(m.realization),
            "achievement_pct": decimal_str(m.achievement.pct, 2),
            "status": str(m.achievement.status),
        }
        if m.target.max_value is not None:
            row["target"] = decimal_str(m.target.value)
            row["target_max"] = decimal_str(m.target.max_value)
        if m.target.kind:  # not stated, or a direction: no number
            row["target_kind"] = str(m.target.kind)
        if m.target.is_direction:
            row["previous"] = decimal_str(m.previous)
        if m.scale is not None:  # levels: the codes, not the scores kinerja stores
            row["scale"] = m.scale.code
            row["target"] = m.shown(m.target.value)
            row["realization"] = m.shown(m.realization)
        if m.achievement.reason:
            row["reason"] = str(m.achievement.reason)
            if m.provenance.get("reason"):  # the records say more precisely why
                row["reason"] = m.provenance["reason"]
        if m.as_reported is not None:
            row["as_reported"] = decimal_str(m.as_reported)
        row["provenance"] = m.provenance
        indicators.append(row)
    return {
        "unit": measures.unit.code,
        "year": measures.year,
        "agreement_version": measures.agreement_version,
        "agreement_status": measures.agreement_status,
        "indicators": indicators,
        "mean_achievement_pct": decimal_str(measures.mean_achievement, 2),
    }


def _num(value, places: int) -> str:
    return "N/A" if value is None else format_id(value, places)


def _places(m) -> int:
    """The indicator's precision in the table: whole numbers when its target and
    realization are whole (1 perusahaan, 3 rekomendasi), else two decimals as the LAKIN
    prints measures ("30,00", "53,33"). ``--json`` gives the exact values."""
    values = [v for v in (m.target.value, m.target.max_value, m.realization) if v is not None]
    return 0 if all(v == v.to_integral_value() for v in values) else 2


def as_table(measures) -> str:
    header = ["Kode", "Indikator", "Target", "Realisasi", "Satuan", "Capaian", "Status"]
    rows = []
    for m in measures.indicators:
        name = m.name if len(m.name) <= 60 else m.name[:59] + "…"
        places = _places(m)
        target = (
            f"{_num(m.target.value, places)}–{_num(m.target.max_value, places)}"
            if m.target.max_value is not None
            else str(TargetKind(m.target.kind).label)
            if m.target.kind
            else _num(m.target.value, places)
        )
        # No realization is "–" (no data), not "N/A", which is a target not set.
        realization = "–" if m.realization is None else _num(m.realization, places)
        if m.scale is not None:
            target = m.shown(m.target.value) or target
            realization = m.shown(m.realization) or realization
        status = STATUS_LABELS[m.achievement.status]
        if m.achievement.reason:
            status += f" ({m.achievement.reason})"
        rows.append(
            [
                m.code,
                name,
                target,
                realization,
                m.unit_label,
                format_pct_id(m.achievement.pct) if m.achievement.pct is not None else "–",
                status,
            ]
        )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    right = {2, 3, 5}

    def line(cells):
        return "  ".join(
            str(c).rjust(widths[i]) if i in right else str(c).ljust(widths[i])
            for i, c in enumerate(cells)
        ).rstrip()

    unit = measures.unit
    mean = measures.mean_achievement
    achieved = measures.count("achieved")
    out = [
        f"Capaian kinerja {unit.short_name or unit.name} ({unit.code}) tahun {measures.year}"
        f" — Perjanjian Kinerja versi {measures.agreement_version}"
        f" ({AGREEMENT_STATUS_LABELS[measures.agreement_status]})",
        "",
        line(header),
        line(["-" * w for w in widths]),
        *[line(r) for r in rows],
        "",
        f"{achieved} dari {len(rows)} indikator tercapai; rata-rata capaian "
        + (format_pct_id(mean) if mean is not None else "–"),
    ]
    return "\n".join(out) + "\n"

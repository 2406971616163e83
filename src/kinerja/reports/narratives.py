"""The texts of a report: the unit's own narratives where it wrote them, otherwise a
factual sentence kinerja writes from the data.

``narrative_text`` never writes to the database: a stored narrative is the unit's work and
is shown as is; a generated one is recomputed on every build, so it always matches the
figures in the tables next to it. The caller learns which one it got (``is_generated``) so
a renderer can mark generated text and a planner can see what is still to be written.

Numbers in sentences are formatted by ``core.numbers`` as the tables format them: a
measure with at most two decimals and no trailing zeros (30, 3,6, 53,33), a percentage with
two ("177,78 %"), money in whole rupiah ("Rp 15.507.847.000").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from kinerja.core.numbers import format_id, format_pct_id, to_decimal
from kinerja.measurement.calc import Polarity, Reason, Status, TargetKind
from kinerja.org.models import Unit

from .models import Narrative, NarrativeKind

__all__ = [
    "StoredNarratives",
    "achievement_status_label",
    "efficiency_sentence",
    "indicator_sentence",
    "join_names",
    "measure_text",
    "money_text",
    "narrative_text",
    "pct_text",
    "satuan",
    "stored_narratives",
]

StoredNarratives = dict[tuple[str, int | None], str]
Generated = str | Callable[[], str] | None

STATUS_LABELS = {
    Status.ACHIEVED: "Tercapai",
    Status.NOT_ACHIEVED: "Tidak tercapai",
    Status.NOT_COMPUTABLE: "Tidak dapat dihitung",
}


def stored_narratives(unit: Unit, year: int) -> StoredNarratives:
    """Every non-empty narrative of the unit's year in one query, keyed by
    ``(kind, indicator_id)`` (``None`` for report-wide narratives)."""
    rows = Narrative.objects.filter(unit=unit, year=year).values_list(
        "kind", "indicator_id", "text"
    )
    return {(kind, indicator_id): text for kind, indicator_id, text in rows if text.strip()}


def narrative_text(
    unit: Unit,
    year: int,
    kind: str,
    indicator=None,
    generated: Generated = None,
    *,
    stored: StoredNarratives | None = None,
) -> tuple[str, bool]:
    """The text for one narrative slot and whether kinerja generated it.

    The unit's stored text wins whenever it is not blank. Otherwise ``generated`` (a text,
    or a function giving one, called only when needed) is returned with ``True``; without
    one the answer is ``("", True)`` and the caller leaves the slot out. ``stored`` is the
    result of ``stored_narratives`` when the caller asks for many slots (one query for a
    whole report instead of one per slot).
    """
    kind = NarrativeKind(kind).value
    indicator_id = getattr(indicator, "pk", indicator)
    if stored is None:
        text = (
            Narrative.objects.filter(unit=unit, year=year, kind=kind, indicator_id=indicator_id)
            .values_list("text", flat=True)
            .first()
        )
    else:
        text = stored.get((kind, indicator_id))
    if text and text.strip():
        return text.strip(), False
    if callable(generated):
        generated = generated()
    return (generated or "").strip(), True


# -- formatting for sentences -----------------------------------------------------------
def measure_text(value: Decimal | int | str | None, places: int = 2) -> str:
    """A measure as a sentence prints it: rounded half-up to ``places`` and without
    trailing zeros (30 → "30", 3.60 → "3,6", 53.333 → "53,33")."""
    number = to_decimal(value)
    if number is None:
        return "N/A"
    text = format_id(number, places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def pct_text(value: Decimal | None, places: int = 2) -> str:
    return format_pct_id(value, places)


def money_text(value: Decimal | int | None) -> str:
    number = to_decimal(value)
    return "N/A" if number is None else f"Rp {format_id(number, 0)}"


def satuan(unit_label: str) -> str:
    """The unit of measure inside a sentence: lower case ("30 persen", "7 perusahaan")."""
    return unit_label.strip().lower()


def achievement_status_label(status: Status | str) -> str:
    return STATUS_LABELS[Status(status)]


# -- generated sentences ----------------------------------------------------------------
def _amount(value, unit_label: str) -> str:
    label = satuan(unit_label)
    return f"{measure_text(value)} {label}".strip()


def _value_phrase(measure, value) -> str:
    """A value of the measure in a sentence: "53,33 persen", or the level ("WTP")."""
    scale = getattr(measure, "scale", None)
    if scale is not None and value is not None:
        return scale.text(value)
    return _amount(value, measure.unit_label)


def _target_phrase(measure) -> str:
    target = measure.target
    if target.is_direction:
        word = "menurun" if target.kind == TargetKind.DECREASE else "meningkat"
        previous = getattr(measure, "previous", None)
        before = "" if previous is None else f" ({_value_phrase(measure, previous)})"
        return f"{word} dibandingkan realisasi tahun sebelumnya{before}"
    if getattr(measure, "scale", None) is not None:
        return _value_phrase(measure, target.value)
    if measure.polarity == Polarity.RANGE and target.max_value is not None:
        return (
            f"antara {measure_text(target.value)} dan "
            f"{_amount(target.max_value, measure.unit_label)}"
        )
    return _amount(target.value, measure.unit_label)


_NOT_COMPUTABLE = {
    Reason.NO_TARGET: "tidak memiliki target pada Perjanjian Kinerja",
    Reason.TARGET_NA: "memiliki target N/A",
    Reason.TARGET_ZERO: "memiliki target 0",
    Reason.INVALID_RANGE: "memiliki rentang target yang tidak valid",
    Reason.TARGET_NOT_STATED: "tidak mencantumkan target dalam dokumen sumber",
    Reason.NO_PREVIOUS: (
        "memiliki target berupa arah perubahan, tetapi realisasi tahun sebelumnya tidak tercatat,"
    ),
}


def indicator_sentence(measure) -> str:
    """Target, realization and achievement of one agreement indicator in one sentence,
    e.g. "Target indikator Produktivitas/efisiensi … adalah 30 persen dan terealisasi
    53,33 persen sehingga capaian 177,78 %." followed by whether the target was met."""
    name = measure.name
    achievement = measure.achievement
    if achievement.reason in _NOT_COMPUTABLE:
        realized = (
            f" Realisasinya {_value_phrase(measure, measure.realization)}."
            if measure.realization is not None
            else ""
        )
        return (
            f"Indikator {name} {_NOT_COMPUTABLE[achievement.reason]} sehingga capaian "
            f"tidak dapat dihitung.{realized}"
        )
    target = _target_phrase(measure)
    if measure.realization is None:
        return (
            f"Target indikator {name} adalah {target}; realisasinya belum tersedia sehingga "
            "capaian belum dapat dihitung."
        )
    realized = _value_phrase(measure, measure.realization)
    if achievement.pct is None:  # realization 0 with the T / R formula
        return (
            f"Target indikator {name} adalah {target} dan terealisasi {realized}; capaian "
            "tidak dapat dihitung."
        )
    verdict = (
        "Target indikator ini tercapai."
        if achievement.status == Status.ACHIEVED
        else "Target indikator ini tidak tercapai."
    )
    return (
        f"Target indikator {name} adalah {target} dan terealisasi {realized} sehingga "
        f"capaian {pct_text(achievement.pct)}. {verdict}"
    )


def efficiency_sentence(row) -> str:
    """The budget behind one indicator and its cost efficiency (seed Tabel 3.72), from a
    ``budget.selectors.EfficiencyRow``."""
    if not row.ceiling:
        return (
            "Tidak ada komponen anggaran yang dikaitkan dengan indikator ini sehingga "
            "efisiensinya tidak dapat dihitung."
        )
    absorption = row.absorption_pct
    parts = [
        f"Anggaran yang mendukung indikator ini {money_text(row.ceiling)} dengan realisasi "
        f"{money_text(row.spending)} ({pct_text(absorption)})."
    ]
    result = row.result
    if result.efficiency_pct is None:
        parts.append(
            "Indeks biaya tidak dapat dihitung karena target atau realisasi kinerjanya "
            "kosong atau nol."
        )
    else:
        verdict = "efisien" if result.efficient else "tidak efisien"
        parts.append(
            f"Indeks biaya target (IBT) {money_text(result.ibt)} dan indeks biaya realisasi "
            f"(IBR) {money_text(result.ibr)} per satuan kinerja, sehingga efisiensi "
            f"{pct_text(result.efficiency_pct)}: penggunaan anggaran {verdict}."
        )
    return " ".join(parts)


def join_names(names: Iterable[str]) -> str:
    """ "A", "A dan B", "A, B dan C"."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} dan {items[-1]}"

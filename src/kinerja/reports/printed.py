"""Reading the words a report prints for a status or a survey grade, and the amounts of a
DIPA line from its lowest lines. Pure functions, shared by the ``printed`` dataset
section (validation) and the consistency check (comparison)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from kinerja.measurement.calc import Status

_NOT_ACHIEVED = re.compile(r"^(?:tidak|belum)\s+(?:tercapai|berhasil)$|^not\s+achieved$", re.I)
_ACHIEVED = re.compile(
    r"^(?:tercapai|berhasil|sangat\s+berhasil|melampaui\s+target|achieved)$", re.I
)
_GRADE = re.compile(r"^([A-D])(?:[\s(\-–:]+[^\W\d_][\w\s]*\)?)?$", re.I)


def printed_status(text: str) -> Status | None:
    """The status a printed label states: "Tercapai", "Berhasil", "Melampaui target" →
    achieved; "Tidak tercapai", "Belum berhasil" → not achieved; None for anything else."""
    label = " ".join((text or "").split()).rstrip(".")
    if _NOT_ACHIEVED.match(label):
        return Status.NOT_ACHIEVED
    if _ACHIEVED.match(label):
        return Status.ACHIEVED
    return None


def printed_grade(text: str) -> str | None:
    """The grade letter of a printed service grade: "B", "B (Baik)", "b - baik" → "B"."""
    match = _GRADE.match(" ".join((text or "").split()))
    return match.group(1).upper() if match else None


def line_amounts(
    lines: Iterable[tuple[int, int | None, str, Decimal | None, Decimal | None]],
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """(ceiling, spending) of every DIPA line by code, from (id, parent id, code, ceiling,
    spending) rows: a lowest line's own figures, a parent's the sums of its lowest lines
    (DESIGN: only the lowest lines carry figures). An amount none of a line's lowest
    lines records is None."""
    rows = list(lines)
    children: dict[int | None, list[int]] = {}
    by_id = {}
    for line_id, parent_id, code, ceiling, spending in rows:
        children.setdefault(parent_id, []).append(line_id)
        by_id[line_id] = (code, ceiling, spending)

    def total(line_id: int) -> tuple[Decimal | None, Decimal | None]:
        kids = children.get(line_id)
        if not kids:
            return by_id[line_id][1], by_id[line_id][2]
        sums: list[Decimal | None] = [None, None]
        for kid in kids:
            for i, amount in enumerate(total(kid)):
                if amount is not None:
                    sums[i] = (sums[i] or Decimal(0)) + amount
        return sums[0], sums[1]

    return {code: total(line_id) for line_id, (code, _c, _s) in by_id.items()}

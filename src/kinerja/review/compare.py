"""With a unit and year: the figures a report printed for an indicator (target,
realization, achievement) against the figures kinerja holds (``--unit --year``).

``KnownFigures`` is plain data, read once from the measurement selectors; the
comparison is a pure function over an ``AnalysedTable``. Only rows naming an indicator
by its code (SK1.1) are compared, and only columns of the year under review (a "Target
2024" column of a Renstra table is not the year's target). A realization matches when it
equals, at its printed places, either kinerja's realization or the figure an earlier
report printed (``as_reported``); an achievement is compared only where the row prints no
realization (a realization that differs is already the finding).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kinerja.core.numbers import PrintedNumber, format_id, round_half_up

from .model import Kind, ReviewFinding, Severity
from .tables import AnalysedTable, Column, Role, Row, RowKind

_CODE = re.compile(r"^[A-Z]{1,4}\s?\d+(?:\.\d+)*$")


@dataclass(frozen=True)
class KnownIndicator:
    code: str
    polarity: str
    target: Decimal | None
    realization: Decimal | None
    as_reported: Decimal | None
    achievement_pct: Decimal | None


@dataclass(frozen=True)
class KnownFigures:
    unit_code: str
    year: int
    indicators: dict[str, KnownIndicator]

    def polarities(self) -> dict[str, str]:
        return {code: k.polarity for code, k in self.indicators.items()}


def _matches(printed: PrintedNumber, values: Iterable[Decimal | None]) -> bool:
    return any(v is not None and round_half_up(v, printed.places) == printed.value for v in values)


def _row_code(row: Row, known: KnownFigures) -> str | None:
    for text in row.texts:
        code = text.strip()
        if _CODE.match(code) and code in known.indicators:
            return code
    return None


def _row_year(table: AnalysedTable, row: Row) -> int | None:
    for col in table.columns:
        if col.role == Role.YEAR:
            m = re.search(r"(19[5-9]\d|20\d\d)", row.texts[col.index])
            return int(m.group(1)) if m else None
    return None


def _of_year(column: Column, year: int) -> bool:
    return column.year is None and not column.group or column.year == year


def _indicator_realization(table: AnalysedTable, column: Column) -> bool:
    """A realization column of an indicator, not spending: the nearest target or ceiling
    to its left is a target ("Target | Realisasi", not "Pagu | Realisasi")."""
    for col in reversed(table.columns[: column.index]):
        if col.numeric and col.role in (Role.TARGET, Role.CEILING):
            return col.role == Role.TARGET
    return False


def compare_table(table: AnalysedTable, known: KnownFigures) -> tuple[list[ReviewFinding], int]:
    findings: list[ReviewFinding] = []
    checked = 0
    for row in table.rows:
        if row.kind != RowKind.DATA:
            continue
        code = _row_code(row, known)
        row_year = _row_year(table, row)
        if code is None or (row_year is not None and row_year != known.year):
            continue
        k = known.indicators[code]
        realization_printed = False
        for col in table.columns:
            n = row.numbers[col.index]
            if n is None or not _of_year(col, known.year):
                continue
            if col.role == Role.TARGET:
                expected, accepted, what = k.target, (k.target,), "target"
            elif col.role == Role.REALIZATION and _indicator_realization(table, col):
                realization_printed = True
                expected, accepted = k.realization, (k.realization, k.as_reported)
                what = "realisasi"
            elif col.role == Role.ACHIEVEMENT:
                expected, accepted, what = k.achievement_pct, (k.achievement_pct,), "capaian"
            else:
                continue
            if expected is None:
                continue
            checked += 1
            if _matches(n, accepted) or (col.role == Role.ACHIEVEMENT and realization_printed):
                continue
            shown = format_id(expected, n.places) + (" %" if n.percent else "")
            findings.append(
                ReviewFinding(
                    table=table.source.name,
                    page=table.source.page,
                    row=table.row_name(row),
                    column=col.label,
                    printed=n.text,
                    expected=shown,
                    kind=Kind.DATA_MISMATCH,
                    severity=Severity.ERROR,
                    message=(
                        f"{what.capitalize()} {code} tercetak {n.text}, sedangkan data kinerja "
                        f"{known.unit_code} tahun {known.year}: {format_id(expected, n.places + 2)}"
                        f" (dibulatkan {shown})."
                    ),
                )
            )
    return findings, checked


def known_figures(unit, year: int) -> KnownFigures:
    """kinerja's figures for the unit's year (MeasuresUnavailable when it has none)."""
    from kinerja.measurement.selectors import unit_measures

    measures = unit_measures(unit, year, with_provenance=False)
    return KnownFigures(
        unit_code=unit.code,
        year=year,
        indicators={
            m.code: KnownIndicator(
                m.code,
                m.polarity,
                m.target.value,
                m.realization,
                m.as_reported,
                m.achievement.pct,
            )
            for m in measures.indicators
        },
    )

"""Budget arithmetic: absorption, PNBP shares and efficiency per indicator.

Pure functions, ``Decimal`` in and out, full precision (round only for display). The
efficiency method is the one of seed Tabel 3.72: a cost index per unit of target (IBT)
against a cost index per unit of realization (IBR).
"""

from dataclasses import dataclass
from decimal import Context, Decimal, localcontext

from kinerja.core.numbers import to_decimal

_CONTEXT = Context(prec=28)
_HUNDRED = Decimal(100)


def pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part / whole × 100``; ``None`` when either is missing or the whole is 0
    (absorption of a zero ceiling is undefined, not 0 %)."""
    part, whole = to_decimal(part), to_decimal(whole)
    if part is None or whole is None or whole == 0:
        return None
    with localcontext(_CONTEXT):
        return part * _HUNDRED / whole


def permitted_use(revenue: Decimal | None, permitted_pct: Decimal | None) -> Decimal | None:
    """The PNBP the unit may spend: receipts (or target) × the permitted share
    (3,000,000,000 × 94.98 % = 2,849,400,000)."""
    revenue, permitted_pct = to_decimal(revenue), to_decimal(permitted_pct)
    if revenue is None or permitted_pct is None:
        return None
    with localcontext(_CONTEXT):
        return revenue * permitted_pct / _HUNDRED


@dataclass(frozen=True)
class Efficiency:
    ibt: Decimal | None  # indeks biaya target: ceiling per unit of target
    ibr: Decimal | None  # indeks biaya realisasi: spending per unit of realization
    efficiency_pct: Decimal | None  # (IBT − IBR) / IBT × 100
    effective: bool | None  # achievement ≥ 100 %
    efficient: bool | None  # IBR ≤ IBT: each unit of result cost no more than planned


def efficiency(
    ceiling: Decimal | None,
    spending: Decimal | None,
    target: Decimal | None,
    realization: Decimal | None,
    achievement_pct: Decimal | None,
) -> Efficiency:
    """Seed Tabel 3.72: 31,046,000 / 30 = 1,034,867 (IBT); 31,008,687 / 53.3 = 581,777
    (IBR); (IBT − IBR) / IBT = 43.78 %. A zero or missing target or realization leaves the
    index undefined (``None``), never a division error or a fake 0."""
    ceiling, spending = to_decimal(ceiling), to_decimal(spending)
    target, realization = to_decimal(target), to_decimal(realization)
    with localcontext(_CONTEXT):
        ibt = ceiling / target if ceiling is not None and target else None
        ibr = spending / realization if spending is not None and realization else None
        eff = (ibt - ibr) * _HUNDRED / ibt if ibt and ibr is not None else None
    achievement_pct = to_decimal(achievement_pct)
    return Efficiency(
        ibt=ibt,
        ibr=ibr,
        efficiency_pct=eff,
        effective=None if achievement_pct is None else achievement_pct >= _HUNDRED,
        efficient=None if eff is None else eff >= 0,
    )

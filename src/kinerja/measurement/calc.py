"""Achievement and aggregation math: pure functions, ``Decimal`` in, ``Decimal`` out.

The rules follow PermenPANRB 8/2021 (performance measurement in SAKIP) as DESIGN §4
spells them out. Every report, page and API response gets its percentages from here, so a
figure is computed once and printed identically everywhere. Results keep full precision;
rounding is for display only (``kinerja.core.numbers``).

Missing data is an answer, not an error: no target, an N/A target, a target the source
does not state, no realisation or a zero denominator give ``Status.NOT_COMPUTABLE`` with a
``Reason`` — never an exception and never a fake 0 % that would drag a mean down or pass
for a real failure.

The rules for the edges (a zero target of a lower-is-better indicator, negative numbers,
direction-only targets, levels of an ordered scale) are written down, with their sources,
in docs/measurement-rules.md; ``consolidation.py`` implements the same rules in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum

from kinerja.core.numbers import round_half_up, to_decimal

__all__ = [
    "Achievement",
    "Aggregation",
    "LowerFormula",
    "Polarity",
    "Reason",
    "Status",
    "TargetKind",
    "TargetValue",
    "achievement",
    "aggregate",
    "growth_pct",
    "mean_achievement",
]

# A fixed context so results never depend on whatever the caller's thread set globally.
# 28 digits hold any realistic measure (DB columns: 18 + 6 digits) exactly; only the final
# division rounds.
_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


class Polarity(StrEnum):
    """Which direction is good for an indicator (PermenPANRB 8/2021)."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"  # time, cost, complaints
    RANGE = "range"  # a band is the goal; both overshooting and undershooting miss it


class Aggregation(StrEnum):
    """How quarterly values make a yearly value (DESIGN §4)."""

    SUM = "sum"  # counts: orders, companies, trainings
    LAST = "last"  # indices and cumulative percentages: the latest reading stands
    MEAN = "mean"


class LowerFormula(StrEnum):
    """Lower-is-better formula, selectable per plan."""

    TWO_MINUS_RATIO = "two_minus_ratio"  # (1 + (1 − R/T)) × 100, PermenPANRB 8/2021
    TARGET_OVER_REALIZATION = "target_over_realization"  # T / R × 100


class TargetKind(StrEnum):
    """A target that is not a number (``TargetValue.kind``; None: a number, a range, a
    scale level, or N/A when the value is None)."""

    NOT_STATED = "not_stated"  # the source document does not state the target
    INCREASE = "increase"  # direction only ("meningkat"): above last year's realization
    DECREASE = "decrease"  # direction only ("menurun"): below last year's realization


DIRECTIONS = frozenset({TargetKind.INCREASE, TargetKind.DECREASE})


class Status(StrEnum):
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_COMPUTABLE = "not_computable"


class Reason(StrEnum):
    """Why an achievement is not computable; shown to the user, so each is specific."""

    NO_TARGET = "no_target"
    TARGET_NA = "target_na"
    TARGET_NOT_STATED = "target_not_stated"
    TARGET_ZERO = "target_zero"
    NO_REALIZATION = "no_realization"
    NO_PREVIOUS = "no_previous"  # a direction-only target needs last year's realization
    REALIZATION_ZERO = "realization_zero"
    NOT_POSITIVE = "not_positive"  # T / R is defined for positive numbers only
    INVALID_RANGE = "invalid_range"


@dataclass(frozen=True)
class TargetValue:
    """A target as planned. ``value=None`` is N/A (the Renstra says "N/A" for that year),
    which differs from having no target at all (``TargetValue`` itself is ``None``) and
    from a target the source does not state (``kind=TargetKind.NOT_STATED``).

    For ``Polarity.RANGE`` ``value`` is the lower and ``max_value`` the upper bound; other
    polarities ignore ``max_value``. For an indicator on an ordered scale ``value`` is the
    score of the target level (``planning.scales``: scores rise from the worst level). A
    direction-only target (``kind`` INCREASE or DECREASE) has no value: it is judged
    against last year's realization.
    Inputs go through ``to_decimal`` (ints and numeric strings accepted; bool, NaN and
    infinities refused).
    """

    value: Decimal | None
    max_value: Decimal | None = None
    kind: TargetKind | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", to_decimal(self.value))
        object.__setattr__(self, "max_value", to_decimal(self.max_value))
        if self.kind:
            object.__setattr__(self, "kind", TargetKind(self.kind))
            if self.value is not None or self.max_value is not None:
                raise ValueError(f"a {self.kind} target has no value, got {self.value}")
        else:
            object.__setattr__(self, "kind", None)

    @property
    def is_na(self) -> bool:
        """N/A: no value and none of the special kinds."""
        return self.value is None and self.kind is None

    @property
    def is_direction(self) -> bool:
        return self.kind in DIRECTIONS


@dataclass(frozen=True)
class Achievement:
    """Outcome of ``achievement()``. ``pct`` is full precision; round with ``pct_rounded``."""

    pct: Decimal | None
    status: Status
    reason: Reason | None = None

    @property
    def pct_rounded(self) -> Decimal | None:
        """Half-up to 2 places, as the LAKIN prints it (53.3 / 30 → 177.67)."""
        return None if self.pct is None else round_half_up(self.pct, 2)

    @property
    def is_computable(self) -> bool:
        return self.status is not Status.NOT_COMPUTABLE


def _not_computable(reason: Reason) -> Achievement:
    return Achievement(pct=None, status=Status.NOT_COMPUTABLE, reason=reason)


def _higher(target: Decimal, realization: Decimal) -> Decimal | Reason:
    """R / T × 100 for a positive target; for a negative one (a decline that must not be
    worse than T) the same distance from the target, 100 + (R − T) / |T| × 100. Floored at
    0: a realization below zero against a positive target is nothing achieved, not −3.333 %
    dragging the unit's mean (docs/measurement-rules.md, rule 3)."""
    if target == 0:
        return Reason.TARGET_ZERO
    if target > 0:
        pct = realization * _HUNDRED / target
    else:
        pct = _HUNDRED + (realization - target) * _HUNDRED / -target
    return max(pct, _ZERO)


def _lower(target: Decimal, realization: Decimal, formula: LowerFormula) -> Decimal | Reason:
    """Both lower-is-better formulas, floored at 0: overshooting a time or cost target
    twice over earns 0 %, not a negative score that would distort means.

    A zero target ("0 temuan") is met by a zero realization (100 %) and missed by any
    other (0 %), whichever formula the plan uses (docs/measurement-rules.md, rule 2)."""
    if target == 0:
        return _HUNDRED if realization <= 0 else _ZERO
    if formula is LowerFormula.TWO_MINUS_RATIO:
        if target > 0:
            pct = (2 * target - realization) * _HUNDRED / target
        else:  # the same distance from the target: 100 + (T − R) / |T| × 100
            pct = _HUNDRED + (target - realization) * _HUNDRED / -target
    else:
        if realization == 0:
            return Reason.REALIZATION_ZERO
        if target < 0 or realization < 0:
            return Reason.NOT_POSITIVE
        pct = target * _HUNDRED / realization
    return max(pct, _ZERO)


def _range(
    low: Decimal, high: Decimal, realization: Decimal, formula: LowerFormula
) -> Decimal | Reason:
    """Inside the band is 100 %; outside, the nearer bound is the target (DESIGN §4)."""
    if realization > high:
        return _lower(high, realization, formula)
    if realization < low:
        return _higher(low, realization)
    return _HUNDRED


def _direction(kind: TargetKind, realization: Decimal, previous: Decimal) -> Decimal:
    """A direction-only target is met when the realization moved that way from last
    year's: 100 % when it did, 0 % when it stayed or went the other way (rule 4)."""
    moved = realization > previous if kind is TargetKind.INCREASE else realization < previous
    return _HUNDRED if moved else _ZERO


def _on_scale(target_score: Decimal, realized_score: Decimal) -> Decimal:
    """Levels of an ordered scale by their scores (by default their ranks 1 … n, worst
    first): the target level reached or passed is 100 % (a level is not a quantity, so
    passing it earns no more); a lower level earns its score over the target's, the share
    of the way up the scale (rule 5). A target at a score of 0 is always reached."""
    if realized_score >= target_score or target_score <= 0:
        return _HUNDRED
    return realized_score * _HUNDRED / target_score


def achievement(
    target: TargetValue | None,
    realization: Decimal | None,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    *,
    cap: Decimal | None = None,
    lower_formula: LowerFormula = LowerFormula.TWO_MINUS_RATIO,
    previous: Decimal | None = None,
    on_scale: bool = False,
) -> Achievement:
    """Capaian (%) of one indicator for one period (PermenPANRB 8/2021).

    Target problems are reported before realisation problems (no target, not stated, N/A,
    invalid range, zero target, then no realisation), because the planner must fix the
    target before any realisation can be judged. ``cap`` (e.g. 120, as the Ministry of
    Finance uses) limits the percentage; it must be at least 100, since a lower cap would
    turn an achieved target into a missed one. ``ACHIEVED`` means ``pct >= 100`` on full
    precision.

    ``previous`` is last year's realization, read only for a direction-only target.
    ``on_scale``: the indicator uses an ordered scale; target and realization are level
    scores (rising from the worst level) and the polarity does not apply.
    """
    polarity = Polarity(polarity)
    lower_formula = LowerFormula(lower_formula)
    cap = to_decimal(cap)
    if cap is not None and cap < _HUNDRED:
        raise ValueError(f"cap must be at least 100 %, got {cap}")
    if target is None:
        return _not_computable(Reason.NO_TARGET)
    if target.kind is TargetKind.NOT_STATED:
        return _not_computable(Reason.TARGET_NOT_STATED)
    value, max_value = target.value, target.max_value
    if target.is_direction:
        realized = to_decimal(realization)
        if realized is None:
            return _not_computable(Reason.NO_REALIZATION)
        before = to_decimal(previous)
        if before is None:
            return _not_computable(Reason.NO_PREVIOUS)
        result = _direction(target.kind, realized, before)
        return Achievement(pct=result, status=Status.ACHIEVED if result else Status.NOT_ACHIEVED)
    if value is None:
        return _not_computable(Reason.TARGET_NA)
    if on_scale:
        pass  # ranks start at 1: neither a zero target nor a band
    elif polarity is Polarity.RANGE:
        if max_value is None or value > max_value:
            return _not_computable(Reason.INVALID_RANGE)
    elif value == 0 and polarity is Polarity.HIGHER_IS_BETTER:
        return _not_computable(Reason.TARGET_ZERO)
    realized = to_decimal(realization)
    if realized is None:
        return _not_computable(Reason.NO_REALIZATION)

    with localcontext(_CONTEXT):
        if on_scale:
            result = _on_scale(value, realized)
        elif polarity is Polarity.HIGHER_IS_BETTER:
            result = _higher(value, realized)
        elif polarity is Polarity.LOWER_IS_BETTER:
            result = _lower(value, realized, lower_formula)
        else:
            assert max_value is not None  # checked above; narrows the type
            result = _range(value, max_value, realized, lower_formula)
    if isinstance(result, Reason):
        return _not_computable(result)
    if cap is not None:
        result = min(result, cap)
    status = Status.ACHIEVED if result >= _HUNDRED else Status.NOT_ACHIEVED
    return Achievement(pct=result, status=status)


def aggregate(values: Sequence[Decimal | None], rule: Aggregation) -> Decimal | None:
    """Yearly value from quarterly values in quarter order (Q1..Q4); ``None`` = not reported.

    Unreported quarters are skipped, not counted as 0: a Q4 that is not in yet must not
    halve a mean or erase a cumulative index. Nothing reported gives ``None``.
    """
    rule = Aggregation(rule)
    reported = [number for number in map(to_decimal, values) if number is not None]
    if not reported:
        return None
    if rule is Aggregation.LAST:
        return reported[-1]
    with localcontext(_CONTEXT):
        total = sum(reported, _ZERO)
        return total if rule is Aggregation.SUM else total / len(reported)


def mean_achievement(items: Iterable[Achievement]) -> Decimal | None:
    """Mean capaian over the computable achievements (full precision), as the LAKIN averages
    per objective; not-computable ones are left out rather than counted as 0."""
    pcts = [item.pct for item in items if item.pct is not None]
    if not pcts:
        return None
    with localcontext(_CONTEXT):
        return sum(pcts, _ZERO) / len(pcts)


def growth_pct(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """Growth ``(B − A) / A × 100``, A = last year, B = this year (DESIGN §4: PNBP
    3,238,083,250 → 4,147,659,000 is 28.09 %). ``None`` when either year is missing or
    A is 0: growth from nothing is undefined, not infinite."""
    before, after = to_decimal(previous), to_decimal(current)
    if before is None or after is None or before == 0:
        return None
    with localcontext(_CONTEXT):
        return (after - before) * _HUNDRED / before

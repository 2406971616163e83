"""The dashboard's small arithmetic: trend against last year, lateness of a quarter,
rankings. Pure functions, no ORM."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from kinerja.core.numbers import round_half_up
from kinerja.measurement.calc import Polarity
from kinerja.measurement.choices import EntryStatus

T = TypeVar("T")

# A quarter handed in for review counts as reported, whatever the reviewers do next.
REPORTED = frozenset({EntryStatus.SUBMITTED, EntryStatus.VERIFIED, EntryStatus.APPROVED})


class Trend(StrEnum):
    """Movement against last year judged by the indicator's polarity: ``UP`` is better."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NONE = "none"  # one of the two years has no value


def _distance_to_band(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if value < low:
        return low - value
    if value > high:
        return value - high
    return Decimal(0)


def trend(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: str,
    target: Decimal | None = None,
    target_max: Decimal | None = None,
) -> Trend:
    """Did the indicator improve since last year? Lower-is-better improves when it falls;
    a range indicator improves when it comes closer to its band (without a complete band
    there is no "closer" and the answer is NONE)."""
    if current is None or previous is None:
        return Trend.NONE
    polarity = Polarity(polarity)
    if polarity is Polarity.RANGE:
        if target is None or target_max is None or target > target_max:
            return Trend.NONE
        # Nearer the band is better: compare the distances, smaller first.
        current, previous = (
            _distance_to_band(previous, target, target_max),
            _distance_to_band(current, target, target_max),
        )
    elif polarity is Polarity.LOWER_IS_BETTER:
        current, previous = previous, current
    if current > previous:
        return Trend.UP
    if current < previous:
        return Trend.DOWN
    return Trend.SAME


def window_closed(closes_on: date, reopened_until: date | None, today: date) -> bool:
    """The entry window of a quarter is over on ``today`` (a reopening extends it)."""
    last_day = max(closes_on, reopened_until) if reopened_until else closes_on
    return last_day < today


def quarter_state(entry_status: str | None, closed: bool) -> tuple[bool, bool]:
    """``(late, missing)`` of one indicator's quarter: after its window closed, no entry at
    all is missing; an entry still with its owner (draft or returned) is late."""
    if not closed:
        return False, False
    if entry_status is None:
        return False, True
    return entry_status not in REPORTED, False


@dataclass(frozen=True)
class Ranked(Generic[T]):
    rank: int | None  # None: no value, listed last without a rank
    item: T


def rank(
    items: Iterable[T], key: Callable[[T], Decimal | None], places: int = 2
) -> list[Ranked[T]]:
    """Highest first, competition ranking (1, 2, 2, 4) on values rounded to ``places`` as
    they are printed, so two units that look equal share a rank. Items without a value
    follow, unranked, in their given order."""
    valued: list[tuple[Decimal, T]] = []
    missing: list[T] = []
    for item in items:
        value = key(item)
        if value is None:
            missing.append(item)
        else:
            valued.append((round_half_up(value, places), item))
    valued.sort(key=lambda pair: pair[0], reverse=True)  # stable: ties keep their order
    out: list[Ranked[T]] = []
    previous: Decimal | None = None
    current_rank = 0
    for position, (value, item) in enumerate(valued, start=1):
        if value != previous:
            current_rank, previous = position, value
        out.append(Ranked(current_rank, item))
    out.extend(Ranked(None, item) for item in missing)
    return out


def mean(values: Sequence[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) / len(present) if present else None

"""Scores of an LKE worksheet: criterion → sub-component → component → total, pure.

A criterion's value is its answer's value on the criterion's scale (Y = 1, T = 0;
A = 1 … E = 0). A sub-component scores the mean of its criteria's values times its
weight (its share of the component's weight); a component is the sum of its
sub-components and the total the sum of the components. Everything stays exact; the
figures are rounded half-up to 2 decimals only for display (``*_rounded``), as the
regulation prints them. The grade is judged on the exact total with exclusive lower
bounds (AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30, else D).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.core.numbers import round_half_up
from kinerja.sources.calc import sakip_grade

_HUNDRED = Decimal(100)


class AnswerOutsideScale(ValueError):
    def __init__(self, criterion: str, answer: str, allowed: list[str]):
        self.criterion, self.answer, self.allowed = criterion, answer, allowed
        super().__init__(
            f"criterion {criterion}: answer {answer!r} is not on its scale ({', '.join(allowed)})"
        )


def answer_value(criterion: str, answer: str | None, scale: dict[str, Decimal]) -> Decimal | None:
    """The value of ``answer`` on ``scale``; None when not answered; refused when off it."""
    if answer is None or answer == "":
        return None
    if answer not in scale:
        raise AnswerOutsideScale(criterion, answer, list(scale))
    return scale[answer]


@dataclass(frozen=True)
class CriterionInput:
    code: str
    answer: str | None
    scale: dict[str, Decimal]


@dataclass(frozen=True)
class SubComponentInput:
    code: str
    kind: str
    weight_pct: Decimal  # share of the component's weight, in percent
    criteria: list[CriterionInput]


@dataclass(frozen=True)
class ComponentInput:
    code: str
    name: str
    weight: Decimal
    sub_components: list[SubComponentInput]


@dataclass(frozen=True)
class CriterionScore:
    code: str
    answer: str | None
    value: Decimal | None


@dataclass(frozen=True)
class SubComponentScore:
    code: str
    kind: str
    max: Decimal
    mean: Decimal
    score: Decimal
    criteria: list[CriterionScore]

    @property
    def score_rounded(self) -> Decimal:
        return round_half_up(self.score, 2)


@dataclass(frozen=True)
class ComponentScore:
    code: str
    name: str
    weight: Decimal
    score: Decimal
    sub_components: list[SubComponentScore]

    @property
    def score_rounded(self) -> Decimal:
        return round_half_up(self.score, 2)


@dataclass(frozen=True)
class Result:
    total: Decimal
    components: list[ComponentScore] = field(default_factory=list)
    complete: bool = True  # every criterion answered

    @property
    def total_rounded(self) -> Decimal:
        return round_half_up(self.total, 2)

    @property
    def grade(self) -> str:
        return sakip_grade(self.total)[0]

    @property
    def grade_label(self) -> str:
        return sakip_grade(self.total)[1]


def score_sub_component(weight: Decimal, sub: SubComponentInput) -> SubComponentScore:
    """Mean of the criteria's values × the sub-component's maximum. An unanswered
    criterion counts as 0 (the result says it is incomplete)."""
    maximum = weight * sub.weight_pct / _HUNDRED
    criteria = [
        CriterionScore(c.code, c.answer, answer_value(c.code, c.answer, c.scale))
        for c in sub.criteria
    ]
    values = [c.value or Decimal(0) for c in criteria]
    mean = sum(values, Decimal(0)) / len(values) if values else Decimal(0)
    return SubComponentScore(sub.code, sub.kind, maximum, mean, maximum * mean, criteria)


def score(components: list[ComponentInput]) -> Result:
    scored = []
    complete = True
    for component in components:
        subs = [score_sub_component(component.weight, s) for s in component.sub_components]
        complete &= all(c.value is not None for s in subs for c in s.criteria)
        total = sum((s.score for s in subs), Decimal(0))
        scored.append(ComponentScore(component.code, component.name, component.weight, total, subs))
    return Result(sum((c.score for c in scored), Decimal(0)), scored, complete)

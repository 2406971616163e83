"""SKM arithmetic (PermenPANRB 14/2017): element means, the index, its conversion to
0–100, the grade and the Krejcie & Morgan sample size.

Pure functions, ``Decimal`` in and out, full precision (round only for display). No
Django: the grade is returned as its letter; ``choices.Grade`` gives the label.
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from kinerja.core.numbers import round_half_up, to_decimal

_CONTEXT = Context(prec=28)
MIN_SCORE, MAX_SCORE = 1, 4
CONVERSION_FACTOR = Decimal(25)

# Lower bounds of the grades on the converted value (Tabel 3.43: 25.00–64.99 D,
# 65.00–76.60 C, 76.61–88.30 B, 88.31–100.00 A), best first. Half-open: a value is in
# the first grade whose bound it reaches.
GRADE_BOUNDS = (
    (Decimal("88.31"), "A"),
    (Decimal("76.61"), "B"),
    (Decimal("65"), "C"),
)
LOWEST_GRADE = "D"

# Krejcie & Morgan (1970): chi-square for 1 degree of freedom at 95 %, proportion 0.5,
# margin of error 0.05.
_CHI_SQUARE = Decimal("3.841")
_P = Decimal("0.5")
_MARGIN = Decimal("0.05")
# The published table ends at 384 (its last rows are 75,000 → 382 and 100,000 and more →
# 384, the limit 3.841 × 0.25 / 0.05² = 384.1 for an unbounded population).
LARGE_POPULATION = 100_000
LARGE_POPULATION_SAMPLE = 384


def _check_score(score: int) -> None:
    if isinstance(score, bool) or score not in range(MIN_SCORE, MAX_SCORE + 1):
        raise ValueError(f"a score is a whole number from 1 to 4, got {score!r}")


def mean_of_totals(total: int | Decimal, count: int) -> Decimal | None:
    """``total / count`` exactly (28 digits); ``None`` when nobody answered.

    The database gives sums and counts (exact on every backend; ``Avg`` is a float on
    SQLite), and this turns them into the element mean."""
    if not count:
        return None
    with localcontext(_CONTEXT):
        return to_decimal(total) / Decimal(count)


def element_mean(scores: Iterable[int | None]) -> Decimal | None:
    """NRR of one element: the mean score over those who answered it (``None`` = not
    answered, left out of both sum and count). ``None`` when nobody answered."""
    answered = [s for s in scores if s is not None]
    for score in answered:
        _check_score(score)
    return mean_of_totals(sum(answered), len(answered))


def skm_index(element_means: Iterable[Decimal | None]) -> Decimal | None:
    """IKM = Σ NRR × weight, weight = 1 / number of elements (1/9 for the nine elements),
    computed as the exact fraction sum / 9, not with the rounded weight 0.111.

    ``None`` when an element has no mean (nobody answered it): the index of eight elements
    would not be an SKM index."""
    means = [to_decimal(m) for m in element_means]
    if not means or any(m is None for m in means):
        return None
    for mean in means:
        if not MIN_SCORE <= mean <= MAX_SCORE:
            raise ValueError(f"an element mean lies between 1 and 4, got {mean}")
    with localcontext(_CONTEXT):
        return sum(means, Decimal(0)) / Decimal(len(means))


def converted(index: Decimal | None) -> Decimal | None:
    """Nilai interval konversi: index × 25 (1–4 → 25–100)."""
    index = to_decimal(index)
    if index is None:
        return None
    with localcontext(_CONTEXT):
        return index * CONVERSION_FACTOR


def grade(converted_value: Decimal | None) -> str | None:
    """Mutu pelayanan of a converted value: < 65 D, < 76.61 C, < 88.31 B, else A.

    The value is first rounded half-up to 2 places, as it is printed: the table's
    intervals are written with 2 decimals, and a value printed "88,31" must not be graded
    B because it was 88.3062 before rounding."""
    value = to_decimal(converted_value)
    if value is None:
        return None
    value = round_half_up(value, 2)
    for bound, letter in GRADE_BOUNDS:
        if value >= bound:
            return letter
    return LOWEST_GRADE


def krejcie_morgan(population: int) -> int:
    """Minimum sample for a population of ``population`` service users:

        s = χ² N P(1−P) / (d² (N − 1) + χ² P(1−P)),  χ² = 3.841, P = 0.5, d = 0.05

    rounded half-up to a whole respondent, which reproduces the published table (10 → 10,
    100 → 80, 500 → 217, 1,000 → 278, 2,000 → 322, 3,000 → 341, 5,000 → 357,
    10,000 → 370; rounding up would give 218 for 500). From 100,000 on the table's 384 is
    returned (the formula gives 383 at 100,000; the table rounds to its limit).
    Never more than the population; 0 for an empty population.
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise TypeError(f"population is a whole number, got {population!r}")
    if population < 0:
        raise ValueError(f"population must not be negative, got {population}")
    if population == 0:
        return 0
    if population >= LARGE_POPULATION:
        return LARGE_POPULATION_SAMPLE
    n = Decimal(population)
    with localcontext(_CONTEXT):
        spread = _CHI_SQUARE * _P * (1 - _P)
        sample = spread * n / (_MARGIN**2 * (n - 1) + spread)
        return int(sample.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sample_sufficient(respondents: int, population: int | None) -> bool | None:
    """Whether the respondents reach the Krejcie & Morgan sample; ``None`` when the
    population is not known."""
    if population is None:
        return None
    return respondents >= krejcie_morgan(population)


def synthetic_scores(mean: Decimal, respondents: int) -> list[int]:
    """Whole scores 1–4 for ``respondents`` people with the mean closest to ``mean``:
    the total is mean × respondents rounded half-up, spread as evenly as possible (with 981
    respondents a printed 3.79 comes back as 3718 / 981 = 3.7899…). For rebuilding a survey
    from published element means; such a survey is marked ``synthetic``."""
    mean = to_decimal(mean)
    if respondents <= 0:
        raise ValueError(f"respondents must be positive, got {respondents}")
    if not MIN_SCORE <= mean <= MAX_SCORE:
        raise ValueError(f"an element mean lies between 1 and 4, got {mean}")
    with localcontext(_CONTEXT):
        total = int((mean * respondents).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    base, extra = divmod(total, respondents)
    return [base + 1] * extra + [base] * (respondents - extra)


def synthetic_rows(element_means: Mapping[str, Decimal], respondents: int) -> list[list[int]]:
    """Rows (one per respondent, elements in the mapping's order) reproducing published
    element means; see ``synthetic_scores``."""
    columns = [synthetic_scores(mean, respondents) for mean in element_means.values()]
    return [list(row) for row in zip(*columns, strict=True)]

"""Consolidated measures for a parent body: every child unit's year at once.

A ministry has about a thousand units; fetching their rows into Python to run calc.py per
indicator would move every realization over the wire. Here the same rules as
``calc.achievement`` are written as SQL expressions and the database aggregates per
unit. ``tests/measurement/test_consolidation.py`` holds the two implementations to each
other, so a rule changed in one place and not the other fails the suite.

On SQLite, decimal columns are stored as REAL, so consolidated means there carry
floating-point noise beyond the 6th decimal; rounded to 2 places they agree with calc.py.
PostgreSQL computes in exact ``numeric``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connections
from django.db.models import (
    Avg,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import to_decimal
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion

from .calc import Aggregation, LowerFormula, Polarity, TargetKind
from .choices import QUARTERS, SEMESTERS, Period
from .models import Realization

DECIMAL = DecimalField(max_digits=MEASURE_DIGITS + 6, decimal_places=MEASURE_PLACES)


class _Literal(Value):
    """A decimal constant written into the SQL as ``100.0``. SQLite reads such a literal as
    REAL; a bound parameter would become an INTEGER and make integer division of
    integer-valued columns (3400 / 99 = 34). PostgreSQL reads it as exact numeric."""

    def as_sql(self, compiler, connection):
        return format(self.value, "f"), []


HUNDRED = _Literal(Decimal("100.0"), output_field=DECIMAL)
ZERO = _Literal(Decimal("0.0"), output_field=DECIMAL)


@dataclass(frozen=True)
class UnitSummary:
    unit_code: str
    unit_name: str
    indicators: int
    achieved: int
    not_computable: int
    mean_achievement_pct: Decimal | None

    @property
    def not_achieved(self) -> int:
        return self.indicators - self.achieved - self.not_computable


def _dec(expression):
    return ExpressionWrapper(expression, output_field=DECIMAL)


def in_force_version_ids(agreements):
    """Per agreement, the highest signed version, else the highest draft (as
    ``Agreement.version_in_force``)."""
    first = (
        AgreementVersion.objects.filter(agreement=OuterRef("pk"))
        .order_by(Case(When(status=AgreementStatus.SIGNED, then=0), default=1), "-number")
        .values("pk")[:1]
    )
    return agreements.annotate(in_force=Subquery(first)).values("in_force")


def _period_joins(year: int) -> dict[str, FilteredRelation]:
    """One LEFT JOIN of the realizations per period (``r_year``, ``r_q1`` … ``r_q4``,
    ``r_s1``, ``r_s2``). The
    unique (indicator, year, period) constraint keeps each join to at most one row, so the
    year's value becomes plain column arithmetic: unlike a correlated subquery it costs
    nothing when the achievement expression below repeats it a dozen times."""
    return {
        f"r_{period}": FilteredRelation(
            "indicator__realizations",
            condition=Q(indicator__realizations__year=year, indicator__realizations__period=period),
        )
        for period in (Period.YEAR, *QUARTERS, *SEMESTERS)
    }


class _QuarterValue(Func):
    """``calc.aggregate`` of period columns (four quarters, two semesters) as one flat CASE.
    Built from Case and Coalesce expressions instead, SQLite gets a CAST at every level, and
    repeated inside the achievement expression that nesting overflows SQLite's parser stack."""

    output_field = DECIMAL

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        aggregation, quarters = compiled[0][0], [sql for sql, _ in compiled[1:]]
        params = [param for _, part in compiled for param in part]
        total = " + ".join(f"COALESCE({q}, 0.0)" for q in quarters)
        reported = " + ".join(f"CASE WHEN {q} IS NULL THEN 0 ELSE 1 END" for q in quarters)
        sql = (
            f"CASE WHEN {' AND '.join(f'{q} IS NULL' for q in quarters)} THEN NULL"
            f" WHEN {aggregation} = %s THEN {total}"
            # 1.0 * : SQLite would divide integer-valued columns as integers
            f" WHEN {aggregation} = %s THEN ({total}) / (1.0 * ({reported}))"
            f" ELSE COALESCE({', '.join(reversed(quarters))}) END"  # the last reported
        )
        return sql, [*params, Aggregation.SUM.value, Aggregation.MEAN.value]


def _year_value():
    """The year row, else the quarters aggregated by the indicator's rule, else the
    semesters (``selectors.year_value``), over the columns of ``_period_joins``."""
    return Coalesce(
        F(f"r_{Period.YEAR}__value"),
        _QuarterValue(F("indicator__aggregation"), *(F(f"r_{q}__value") for q in QUARTERS)),
        _QuarterValue(F("indicator__aggregation"), *(F(f"r_{s}__value") for s in SEMESTERS)),
        output_field=DECIMAL,
    )


def _higher(target, realized):
    """``calc._higher``: R / T for a positive target, the distance from a negative one;
    a zero target is not computable. The floor at 0 is written as conditions on R (R / T
    < 0 exactly when R < 0 for T > 0; 100 + (R − T) / |T| × 100 < 0 exactly when R < 2T for
    T < 0) rather than GREATEST: every level of nesting counts against SQLite's parser
    stack, and this expression is repeated inside the full achievement expression."""
    t, r = F(target), F(realized)
    return Case(
        When(**{target: 0}, then=None),
        When(**{f"{target}__gt": 0, f"{realized}__lt": 0}, then=ZERO),
        When(**{f"{target}__gt": 0}, then=_dec(r * HUNDRED / t)),
        When(**{f"{realized}__lt": 2 * t}, then=ZERO),
        default=_dec(HUNDRED + (r - t) * HUNDRED / -t),
        output_field=DECIMAL,
    )


def _lower(target, realized):
    """``calc._lower``: a zero target is met by a realization of zero or less (100) and
    missed by any other (0); otherwise the plan's formula, floored at 0 (for T > 0,
    (2T − R) / T < 0 exactly when R > 2T; for T < 0, 100 + (T − R) / |T| × 100 < 0 exactly
    when R > 0). One flat CASE, for SQLite's parser stack (see ``_higher``)."""
    formula = "version__agreement__plan_version__plan__lower_is_better_formula"
    two = {formula: LowerFormula.TWO_MINUS_RATIO}
    t, r = F(target), F(realized)
    zero, positive, negative = {target: 0}, {f"{target}__gt": 0}, {f"{target}__lt": 0}
    return Case(
        When(**zero, **{f"{realized}__lte": 0}, then=HUNDRED),
        When(**zero, then=ZERO),
        When(**two, **positive, **{f"{realized}__gt": 2 * t}, then=ZERO),
        When(**two, **positive, then=_dec((2 * t - r) * HUNDRED / t)),
        When(**two, **negative, **{f"{realized}__gt": 0}, then=ZERO),
        When(**two, then=_dec(HUNDRED + (t - r) * HUNDRED / -t)),
        When(**{realized: 0}, then=None),
        When(Q(**negative) | Q(**{f"{realized}__lt": 0}), then=None),
        default=_dec(t * HUNDRED / r),
        output_field=DECIMAL,
    )


def _previous_value(year: int):
    """``selectors.previous_year_values`` in SQL, for direction-only targets: last year's
    value of this indicator, else of the indicator of the same plan and code in the
    highest plan version that has one; a year value by the rule of ``_year_value`` (the
    year row, else the quarters by the indicator's aggregation). Correlated subqueries
    grouped per indicator; each period has at most one row, so MAX picks its value."""

    def period(*periods):
        return Case(When(period__in=periods, then="value"), output_field=DECIMAL)

    def subquery(parts, **scope):
        value = Coalesce(Max(period(Period.YEAR)), *parts, output_field=DECIMAL)
        rows = (
            Realization.objects.filter(year=year - 1, **scope)
            .values("indicator_id", "indicator__version__number")
            .annotate(result=value)
            .order_by("-indicator__version__number")
            .values("result")[:1]
        )
        return Subquery(rows, output_field=DECIMAL)

    def chosen(aggregate):
        parts = [aggregate(QUARTERS), aggregate(SEMESTERS)]
        return Coalesce(
            subquery(parts, indicator_id=OuterRef("indicator_id")),
            subquery(
                parts,
                indicator__version__plan_id=OuterRef("indicator__version__plan_id"),
                indicator__code=OuterRef("indicator__code"),
            ),
            output_field=DECIMAL,
        )

    def last(periods):
        return Coalesce(*(Max(period(p)) for p in reversed(periods)), output_field=DECIMAL)

    return Case(
        When(
            indicator__aggregation=Aggregation.SUM,
            then=chosen(lambda periods: Sum(period(*periods))),
        ),
        When(
            indicator__aggregation=Aggregation.MEAN,
            then=chosen(lambda periods: Avg(period(*periods))),
        ),
        default=chosen(last),
        output_field=DECIMAL,
    )


def _direction():
    """``calc._direction``: 100 when the realization moved the stated way from last
    year's, else 0; not computable without either."""
    return Case(
        When(Q(realized__isnull=True) | Q(previous__isnull=True), then=None),
        When(target_kind=TargetKind.INCREASE, realized__gt=F("previous"), then=HUNDRED),
        When(target_kind=TargetKind.DECREASE, realized__lt=F("previous"), then=HUNDRED),
        default=ZERO,
        output_field=DECIMAL,
    )


def _on_scale():
    """``calc._on_scale`` over level scores: reached or passed 100, else R / T."""
    return Case(
        When(Q(realized__gte=F("target")) | Q(target__lte=0), then=HUNDRED),
        default=_dec(F("realized") * HUNDRED / F("target")),
        output_field=DECIMAL,
    )


def _achievement():
    """``calc.achievement`` as a SQL expression over annotated ``realized``, for targets
    with a value (a target not stated has none: NULL; directions: ``_direction``)."""
    return Case(
        When(Q(target__isnull=True) | Q(realized__isnull=True), then=None),
        When(indicator__scale__isnull=False, then=_on_scale()),
        When(indicator__polarity=Polarity.HIGHER_IS_BETTER, then=_higher("target", "realized")),
        When(indicator__polarity=Polarity.LOWER_IS_BETTER, then=_lower("target", "realized")),
        # range: inside the band 100, above it lower-is-better against max, below it
        # higher-is-better against min; an incomplete band is not computable.
        When(Q(target_max__isnull=True) | Q(target__gt=F("target_max")), then=None),
        When(realized__gt=F("target_max"), then=_lower("target_max", "realized")),
        When(realized__lt=F("target"), then=_higher("target", "realized")),
        default=HUNDRED,
        output_field=DECIMAL,
    )


_CAP = "version__agreement__plan_version__plan__achievement_cap"


def _capped_sql(raw: str, cap: str) -> str:
    """The plan's optional cap over the achievement column ``raw`` (SQL of the outer
    query): a not-computable achievement stays NULL (PostgreSQL's LEAST would ignore
    the NULL and return the cap), without a cap the achievement is taken as is."""
    return (
        f"CASE WHEN {raw} IS NULL THEN NULL WHEN {cap} IS NULL THEN {raw}"
        f" WHEN {raw} > {cap} THEN {cap} ELSE {raw} END"
    )


_UNIT = (
    "version__agreement__unit__code",
    "version__agreement__unit__short_name",
    "version__agreement__unit__name",
)
_DIRECTIONS = [TargetKind.INCREASE, TargetKind.DECREASE]


def _per_unit(items, year: int, pct, capped: bool) -> dict[tuple, dict]:
    """Counts and the sum of achievements per unit, with ``pct`` the achievement
    expression over annotated ``realized`` (and ``previous``), and the plan's cap
    applied to it when ``capped``.

    The achievement of each item is computed once, in a materialized common table
    expression, and capped, counted and summed over that column. In one query level,
    the database evaluated the whole achievement expression (with the year value
    repeated inside it) once for the cap's test, once for its result and once per
    aggregate: at 22,000 units (330,000 items) that was most of the query's time."""
    columns = [*_UNIT, "pct", *([_CAP] if capped else [])]
    rows = (
        items.alias(**_period_joins(year))
        .annotate(realized=_year_value())
        .annotate(pct=pct)
        .values(*columns)
        .order_by()
    )
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    quote = connections[rows.db].ops.quote_name
    unit = ", ".join(quote(column) for column in _UNIT)
    pct_column = _capped_sql(quote("pct"), quote(_CAP)) if capped else quote("pct")
    statement = (
        f"WITH item AS MATERIALIZED ({sql}) "
        f"SELECT {unit}, COUNT(*), SUM(CASE WHEN pct >= 100 THEN 1 ELSE 0 END), "
        f"COUNT(pct), SUM(pct) "
        f"FROM (SELECT {unit}, {pct_column} AS pct FROM item) AS scored GROUP BY {unit}"
    )
    with connections[rows.db].cursor() as cursor:
        cursor.execute(statement, params)
        return {
            tuple(row[:3]): {
                "n": row[3],
                "achieved": int(row[4]),
                "computable": row[5],
                "total": row[6],
            }
            for row in cursor.fetchall()
        }


def consolidated_measures(parent: Unit, year: int) -> list[UnitSummary]:
    """One summary per unit below ``parent`` (any depth) with an agreement for ``year``.

    Direction-only targets, which read last year's realization, are summed in a second
    query: in one expression with the others SQLite's parser runs out of stack. The mean
    is the sum of the computable achievements over their count, as ``Avg`` would give."""
    agreements = Agreement.objects.filter(unit__in=Unit.objects.descendants_of(parent), year=year)
    items = AgreementIndicator.objects.filter(version_id__in=in_force_version_ids(agreements))
    parts = [
        _per_unit(
            items.exclude(target_kind__in=_DIRECTIONS),
            year,
            _achievement(),
            capped=True,
        ),
        _per_unit(
            items.filter(target_kind__in=_DIRECTIONS).alias(previous=_previous_value(year)),
            year,
            _direction(),
            capped=False,
        ),
    ]
    out = []
    for key in sorted(set(parts[0]) | set(parts[1])):
        rows = [part[key] for part in parts if key in part]
        n, achieved, computable = (sum(r[k] for r in rows) for k in ("n", "achieved", "computable"))
        totals = [to_decimal(r["total"]) for r in rows if r["total"] is not None]
        code, short_name, name = key
        out.append(
            UnitSummary(
                unit_code=code,
                unit_name=short_name or name,
                indicators=n,
                achieved=achieved,
                not_computable=n - computable,
                mean_achievement_pct=sum(totals, Decimal(0)) / computable if computable else None,
            )
        )
    return out

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

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion

from .calc import Aggregation, LowerFormula, Polarity
from .choices import QUARTERS, Period

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
    """One LEFT JOIN of the realizations per period (``r_year``, ``r_q1`` … ``r_q4``). The
    unique (indicator, year, period) constraint keeps each join to at most one row, so the
    year's value becomes plain column arithmetic: unlike a correlated subquery it costs
    nothing when the achievement expression below repeats it a dozen times."""
    return {
        f"r_{period}": FilteredRelation(
            "indicator__realizations",
            condition=Q(indicator__realizations__year=year, indicator__realizations__period=period),
        )
        for period in (Period.YEAR, *QUARTERS)
    }


class _QuarterValue(Func):
    """``calc.aggregate`` of the four quarter columns as one flat CASE. Built from Case and
    Coalesce expressions instead, SQLite gets a CAST at every level, and repeated inside the
    achievement expression that nesting overflows SQLite's parser stack."""

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
    """The year row, else the quarters aggregated by the indicator's rule
    (``selectors.year_value``), over the columns of ``_period_joins``."""
    return Coalesce(
        F(f"r_{Period.YEAR}__value"),
        _QuarterValue(F("indicator__aggregation"), *(F(f"r_{q}__value") for q in QUARTERS)),
        output_field=DECIMAL,
    )


def _higher(target, realized):
    return Case(
        When(**{f"{target}": 0}, then=None),
        default=_dec(F(realized) * HUNDRED / F(target)),
        output_field=DECIMAL,
    )


def _lower(target, realized):
    formula = "version__agreement__plan_version__plan__lower_is_better_formula"
    return Case(
        When(**{f"{target}": 0}, then=None),
        When(
            **{formula: LowerFormula.TWO_MINUS_RATIO},
            then=Greatest(
                _dec((2 * F(target) - F(realized)) * HUNDRED / F(target)),
                ZERO,
                output_field=DECIMAL,
            ),
        ),
        When(**{f"{realized}": 0}, then=None),
        default=_dec(F(target) * HUNDRED / F(realized)),
        output_field=DECIMAL,
    )


def _achievement():
    """``calc.achievement`` as a SQL expression over annotated ``realized``."""
    return Case(
        When(Q(target__isnull=True) | Q(realized__isnull=True), then=None),
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


def _capped(raw: str):
    """The plan's optional cap. LEAST ignores NULL on PostgreSQL, so a not-computable
    achievement must stay NULL explicitly instead of becoming the cap."""
    cap = "version__agreement__plan_version__plan__achievement_cap"
    return Case(
        When(**{f"{raw}__isnull": True}, then=None),
        When(**{f"{cap}__isnull": True}, then=F(raw)),
        default=Least(F(raw), F(cap), output_field=DECIMAL),
        output_field=DECIMAL,
    )


def consolidated_measures(parent: Unit, year: int) -> list[UnitSummary]:
    """One summary per unit below ``parent`` (any depth) with an agreement for ``year``."""
    agreements = Agreement.objects.filter(unit__in=Unit.objects.descendants_of(parent), year=year)
    rows = (
        AgreementIndicator.objects.filter(version_id__in=in_force_version_ids(agreements))
        .alias(**_period_joins(year))
        .annotate(realized=_year_value())
        .annotate(uncapped=_achievement())
        .annotate(pct=_capped("uncapped"))
        .values(
            "version__agreement__unit__code",
            "version__agreement__unit__short_name",
            "version__agreement__unit__name",
        )
        .annotate(
            n=Count("pk"),
            achieved=Count("pk", filter=Q(pct__gte=100)),
            computable=Count("pct"),
            mean=Avg("pct", output_field=DECIMAL),
        )
        .order_by("version__agreement__unit__code")
    )
    return [
        UnitSummary(
            unit_code=row["version__agreement__unit__code"],
            unit_name=row["version__agreement__unit__short_name"]
            or row["version__agreement__unit__name"],
            indicators=row["n"],
            achieved=row["achieved"],
            not_computable=row["n"] - row["computable"],
            mean_achievement_pct=row["mean"],
        )
        for row in rows
    ]

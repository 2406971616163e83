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

from django.db import connections, router
from django.db.models import (
    Avg,
    Case,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import to_decimal
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion

from .calc import Aggregation, LowerFormula, Polarity, TargetKind
from .choices import QUARTERS, SEMESTERS, Period
from .models import Realization, UnitYearInput, UnitYearSummary

DECIMAL = DecimalField(max_digits=MEASURE_DIGITS + 6, decimal_places=MEASURE_PLACES)


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


def in_force_version_ids(agreements):
    """Per agreement, the highest signed version, else the highest draft (as
    ``Agreement.version_in_force``): the versions that no other version of their agreement
    outranks, a signed one outranking a draft and, of the same status, the higher number.

    Written as two NOT EXISTS (anti-joins) rather than a correlated "first version"
    subquery per agreement: PostgreSQL evaluated that subquery again for every item it
    matched (330,000 times at 22,000 units), where an anti-join is one hash join."""
    siblings = AgreementVersion.objects.filter(agreement=OuterRef("agreement"))
    return (
        AgreementVersion.objects.filter(agreement__in=agreements)
        .exclude(Exists(siblings.filter(status=OuterRef("status"), number__gt=OuterRef("number"))))
        .filter(
            Q(status=AgreementStatus.SIGNED)
            | ~Exists(siblings.filter(status=AgreementStatus.SIGNED))
        )
        .values("pk")
    )


_PERIODS = (Period.YEAR, *QUARTERS, *SEMESTERS)


def _periods_sql(only: str = "") -> str:
    """The year's realizations pivoted: one row per indicator, its value in each period
    side by side (``r_year``, ``r_q1`` … ``r_q4``, ``r_s1``,
    ``r_s2``), in a single pass over the realizations grouped by indicator. The unique
    (indicator, year, period) constraint leaves at most one row per period, so MAX picks
    its value. The year is the first parameter; ``only``, a subquery of indicator ids,
    limits the pass to them (a few units' summaries brought up to date, not all)."""
    columns = ", ".join(
        f"MAX(CASE WHEN period = {_text(period)} THEN value END) AS r_{period}"
        for period in _PERIODS
    )
    return (
        f"SELECT indicator_id, {columns} FROM {Realization._meta.db_table}"
        f" WHERE year = %s{f' AND indicator_id IN ({only})' if only else ''}"
        " GROUP BY indicator_id"
    )


def _aggregated(periods, aggregation: str) -> str:
    """``calc.aggregate`` of period columns (four quarters, two semesters) by the rule in
    the column ``aggregation``, as one flat CASE: NULL when none is reported."""
    columns = [f"r_{period}" for period in periods]
    total = " + ".join(f"COALESCE({c}, 0.0)" for c in columns)
    reported = " + ".join(f"CASE WHEN {c} IS NULL THEN 0 ELSE 1 END" for c in columns)
    return (
        f"CASE WHEN {' AND '.join(f'{c} IS NULL' for c in columns)} THEN NULL"
        f" WHEN {aggregation} = {_text(Aggregation.SUM)} THEN {total}"
        # 1.0 * : SQLite would divide integer-valued columns as integers
        f" WHEN {aggregation} = {_text(Aggregation.MEAN)}"
        f" THEN ({total}) / (1.0 * ({reported}))"
        f" ELSE COALESCE({', '.join(reversed(columns))}) END"  # the last reported
    )


def _year_value(aggregation: str) -> str:
    """The year row, else the quarters aggregated by the indicator's rule (the column
    ``aggregation``), else the semesters (``selectors.year_value``), over the columns of
    ``_periods_sql``."""
    quarters, semesters = _aggregated(QUARTERS, aggregation), _aggregated(SEMESTERS, aggregation)
    return f"COALESCE(r_{Period.YEAR}, {quarters}, {semesters})"


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


# The achievement rules below are SQL text over the columns of the ``item`` CTE of
# ``_per_unit`` (one row per agreement item, the year's realization already computed),
# so each rule reads plain columns. Every constant is written as a literal: a decimal as
# ``100.0`` (SQLite reads it as REAL, so no division of integer-valued columns becomes an
# integer division; PostgreSQL as exact numeric), a choice as a quoted string.
HUNDRED_SQL, ZERO_SQL = "100.0", "0.0"


def _text(value: str) -> str:
    """A choice value as a SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def _higher(t: str, r: str) -> str:
    """``calc._higher``: R / T for a positive target, the distance from a negative one;
    a zero target is not computable. The floor at 0 is written as conditions on R (R / T
    < 0 exactly when R < 0 for T > 0; 100 + (R − T) / |T| × 100 < 0 exactly when R < 2T
    for T < 0)."""
    return (
        f"CASE WHEN {t} = 0 THEN NULL"
        f" WHEN {t} > 0 AND {r} < 0 THEN {ZERO_SQL}"
        f" WHEN {t} > 0 THEN ({r} * {HUNDRED_SQL}) / {t}"
        f" WHEN {r} < (2 * {t}) THEN {ZERO_SQL}"
        f" ELSE {HUNDRED_SQL} + ((({r} - {t}) * {HUNDRED_SQL}) / ({t} * -1)) END"
    )


def _lower(t: str, r: str) -> str:
    """``calc._lower``: a zero target is met by a realization of zero or less (100) and
    missed by any other (0); otherwise the plan's formula, floored at 0 (for T > 0,
    (2T − R) / T < 0 exactly when R > 2T; for T < 0, 100 + (T − R) / |T| × 100 < 0 exactly
    when R > 0)."""
    two = f"plan_formula = {_text(LowerFormula.TWO_MINUS_RATIO)}"
    return (
        f"CASE WHEN {t} = 0 AND {r} <= 0 THEN {HUNDRED_SQL}"
        f" WHEN {t} = 0 THEN {ZERO_SQL}"
        f" WHEN {two} AND {t} > 0 AND {r} > (2 * {t}) THEN {ZERO_SQL}"
        f" WHEN {two} AND {t} > 0 THEN (((2 * {t}) - {r}) * {HUNDRED_SQL}) / {t}"
        f" WHEN {two} AND {t} < 0 AND {r} > 0 THEN {ZERO_SQL}"
        f" WHEN {two} THEN {HUNDRED_SQL} + ((({t} - {r}) * {HUNDRED_SQL}) / ({t} * -1))"
        f" WHEN {r} = 0 THEN NULL"
        f" WHEN {t} < 0 OR {r} < 0 THEN NULL"
        f" ELSE ({t} * {HUNDRED_SQL}) / {r} END"
    )


def _on_scale() -> str:
    """``calc._on_scale`` over level scores: reached or passed 100, else R / T."""
    return (
        f"CASE WHEN realized >= target OR target <= 0 THEN {HUNDRED_SQL}"
        f" ELSE (realized * {HUNDRED_SQL}) / target END"
    )


def _achievement() -> str:
    """``calc.achievement`` over the item's ``target``, ``target_max`` and ``realized``,
    for targets with a value (a target not stated has none: NULL; directions:
    ``_direction``)."""
    return (
        "CASE WHEN target IS NULL OR realized IS NULL THEN NULL"
        f" WHEN scale_id IS NOT NULL THEN {_on_scale()}"
        f" WHEN polarity = {_text(Polarity.HIGHER_IS_BETTER)}"
        f" THEN {_higher('target', 'realized')}"
        f" WHEN polarity = {_text(Polarity.LOWER_IS_BETTER)}"
        f" THEN {_lower('target', 'realized')}"
        # range: inside the band 100, above it lower-is-better against max, below it
        # higher-is-better against min; an incomplete band is not computable.
        " WHEN target_max IS NULL OR target > target_max THEN NULL"
        f" WHEN realized > target_max THEN {_lower('target_max', 'realized')}"
        f" WHEN realized < target THEN {_higher('target', 'realized')}"
        f" ELSE {HUNDRED_SQL} END"
    )


def _direction() -> str:
    """``calc._direction``: 100 when the realization moved the stated way from last
    year's, else 0; not computable without either."""
    return (
        "CASE WHEN realized IS NULL OR previous IS NULL THEN NULL"
        f" WHEN target_kind = {_text(TargetKind.INCREASE)} AND realized > previous"
        f" THEN {HUNDRED_SQL}"
        f" WHEN target_kind = {_text(TargetKind.DECREASE)} AND realized < previous"
        f" THEN {HUNDRED_SQL}"
        f" ELSE {ZERO_SQL} END"
    )


def _capped(raw: str) -> str:
    """The plan's optional cap over the achievement column ``raw``: a not-computable
    achievement stays NULL (PostgreSQL's LEAST would ignore the NULL and return the cap),
    without a cap the achievement is taken as is."""
    return (
        f"CASE WHEN {raw} IS NULL THEN NULL WHEN plan_cap IS NULL THEN {raw}"
        f" WHEN {raw} > plan_cap THEN plan_cap ELSE {raw} END"
    )


# The columns of the base CTE: what the rules read, by the path they come from.
_COLUMNS = {
    "unit_id": "version__agreement__unit_id",
    "indicator_id": "indicator_id",
    "aggregation": "indicator__aggregation",
    "target": "target",
    "target_max": "target_max",
    "target_kind": "target_kind",
    "scale_id": "indicator__scale_id",
    "polarity": "indicator__polarity",
    "plan_formula": "version__agreement__plan_version__plan__lower_is_better_formula",
    "plan_cap": "version__agreement__plan_version__plan__achievement_cap",
}
_DIRECTIONS = [TargetKind.INCREASE, TargetKind.DECREASE]


def _per_unit(items, year: int, pct: str, capped: bool, restricted: bool) -> dict[int, dict]:
    """Counts and the sum of achievements per unit, with ``pct`` the achievement (SQL
    over the item columns, ``realized`` and, for directions, ``previous``), and the
    plan's cap applied to it when ``capped``.

    One statement, each step once per item: ``item`` holds the columns the rules read
    (the items as Django compiles them), joined to the year's realizations pivoted in
    one pass (``_periods_sql``), and the year's value computed from them; ``scored`` the
    achievement over those columns; the outer query caps, counts and sums per unit id,
    keyed by unit id (``consolidated_measures`` joins the names). ``restricted``: the
    items are a few units', so the realizations are read for their indicators only.
    ``item`` and ``scored`` are
    ``MATERIALIZED``, or PostgreSQL would inline them and repeat the year value inside
    every reference of the achievement expression, and that expression inside every
    aggregate (at 22,000 units, 330,000 items, that repetition was most of the query's
    time)."""
    values = {f"c_{name}": F(path) for name, path in _COLUMNS.items()}
    extra = ["previous"] if "previous" in items.query.annotations else []
    rows = items.values(*extra, **values).order_by()
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    only, only_params = "", []
    if restricted:
        ids = items.values("indicator_id").order_by()
        only, only_params = ids.query.get_compiler(using=rows.db).as_sql()
    columns = ", ".join([*(f"c_{name} AS {name}" for name in _COLUMNS), *extra])
    scored = _capped("raw") if capped else "raw"
    statement = (
        f"WITH item AS MATERIALIZED (SELECT {columns}, {_year_value('c_aggregation')}"
        f" AS realized FROM ({sql}) AS base LEFT JOIN ({_periods_sql(only)}) AS periods"
        " ON periods.indicator_id = base.c_indicator_id), "
        f"scored AS MATERIALIZED (SELECT unit_id, {'plan_cap, ' if capped else ''}"
        f"{pct} AS raw FROM item), "
        "per_unit AS (SELECT unit_id, COUNT(*) AS n,"
        " SUM(CASE WHEN pct >= 100 THEN 1 ELSE 0 END) AS achieved,"
        " COUNT(pct) AS computable, SUM(pct) AS total"
        f" FROM (SELECT unit_id, {scored} AS pct FROM scored) AS capped GROUP BY unit_id) "
        "SELECT unit_id, n, achieved, computable, total FROM per_unit"
    )
    with connections[rows.db].cursor() as cursor:
        cursor.execute(statement, [*params, year, *only_params])
        return {
            row[0]: {
                "n": row[1],
                "achieved": int(row[2]),
                "computable": row[3],
                "total": row[4],
            }
            for row in cursor.fetchall()
        }


def _descendant_ids(parent: Unit) -> RawSQL:
    """The ids of every unit below ``parent`` as a recursive subquery, inside the
    statements that use it (``Unit.objects.descendants_of`` would run a query per level
    and write 22,000 ids into each statement). UNION, not UNION ALL: a cycle in the
    hierarchy ends instead of recursing forever."""
    table = Unit._meta.db_table
    return RawSQL(
        f"WITH RECURSIVE below(id) AS (SELECT id FROM {table} WHERE parent_id = %s"
        f" UNION SELECT child.id FROM {table} child JOIN below ON child.parent_id = below.id)"
        " SELECT id FROM below",
        [parent.pk],
    )


def _computed(year: int, units, restricted: bool) -> dict[int, tuple[int, int, int, Decimal]]:
    """Per unit id in ``units`` (ids, or a subquery of them) with an agreement item for
    ``year``: (items, achieved, computable, exact sum of the computable achievements).

    Two SQL statements (``_per_unit``): the items with a value target, and the
    direction-only ones, which read last year's realization (in one expression with the
    others SQLite's parser ran out of stack, when the rules were nested Django
    expressions)."""
    agreements = Agreement.objects.filter(unit_id__in=units, year=year)
    versions = in_force_version_ids(agreements)
    if restricted:
        # A few units: their versions in force as a list, one query first; as a subquery
        # PostgreSQL joined all 330,000 items before it (0.6 s for one unit).
        versions = list(versions.values_list("pk", flat=True))
        if not versions:
            return {}
    items = AgreementIndicator.objects.filter(version_id__in=versions)
    parts = [
        _per_unit(
            items.exclude(target_kind__in=_DIRECTIONS),
            year,
            _achievement(),
            capped=True,
            restricted=restricted,
        ),
        _per_unit(
            items.filter(target_kind__in=_DIRECTIONS).annotate(previous=_previous_value(year)),
            year,
            _direction(),
            capped=False,
            restricted=restricted,
        ),
    ]
    out = {}
    for unit_id in set(parts[0]) | set(parts[1]):
        rows = [part[unit_id] for part in parts if unit_id in part]
        n, achieved, computable = (sum(r[k] for r in rows) for k in ("n", "achieved", "computable"))
        totals = [to_decimal(r["total"]) for r in rows if r["total"] is not None]
        out[unit_id] = (n, achieved, computable, sum(totals, Decimal(0)))
    return out


# Above this share of the units out of date, the whole parent is computed in one pass
# (as without summaries); below it, only those units, by id, in chunks of this size.
_WHOLE_SHARE, _CHUNK = 0.25, 200


def _current(parent: Unit, year: int, using: str) -> list[tuple]:
    """Per unit below ``parent``: id, code, short name, name, the current input version
    of its year, and its stored summary (version, items, achieved, computable, total),
    NULLs when there is none. One statement, run before any input is read (the order
    that keeps a summary computed from an older snapshot from passing for current)."""
    below = _descendant_ids(parent)
    units = Unit._meta.db_table
    counters, summaries = UnitYearInput._meta.db_table, UnitYearSummary._meta.db_table
    statement = (
        f"SELECT u.id, u.code, u.short_name, u.name, COALESCE(c.version, 0), s.version,"
        f" s.indicators, s.achieved, s.computable, s.total FROM {units} u"
        f" LEFT JOIN {counters} c ON c.unit_id = u.id AND c.year = %s"
        f" LEFT JOIN {summaries} s ON s.unit_id = u.id AND s.year = %s"
        f" WHERE u.id IN ({below.sql})"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(statement, [year, year, *below.params])
        return cursor.fetchall()


def consolidated_measures(parent: Unit, year: int) -> list[UnitSummary]:
    """One summary per unit below ``parent`` (any depth) with an agreement for ``year``.

    Each unit's year is read from its stored summary (``UnitYearSummary``) when that was
    computed from the current version of its inputs (``UnitYearInput``, raised by every
    write that changes one, measurement/summaries.py); the others are computed by the
    SQL rules (``_computed``) and stored, unless this reads from the replica, where it
    only computes. The mean is the sum of the computable achievements over their count,
    as ``Avg`` would give."""
    using = router.db_for_read(UnitYearSummary)
    store = using == router.db_for_write(UnitYearSummary)
    rows = _current(parent, year, using)
    figures, stale = {}, {}
    for unit_id, _c, _s, _n, current, version, n, achieved, computable, total in rows:
        if version is not None and version == current:
            figures[unit_id] = (n, achieved, computable, Decimal(total))
        else:
            stale[unit_id] = current
    if stale:
        if len(stale) > _WHOLE_SHARE * len(rows):
            computed = _computed(year, _descendant_ids(parent), restricted=False)
        else:
            computed, ids = {}, sorted(stale)
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                computed |= _computed(year, chunk, restricted=True)
        empty = (0, 0, 0, Decimal(0))
        # in id order: two readers storing at once lock the rows in the same order
        fresh = {unit_id: computed.get(unit_id, empty) for unit_id in sorted(stale)}
        figures |= fresh
        if store:
            _store(year, fresh, stale, using)
    out = []
    for unit_id, code, short_name, name, *_rest in sorted(rows, key=lambda r: r[1:4]):
        n, achieved, computable, total = figures[unit_id]
        if not n:
            continue
        out.append(
            UnitSummary(
                unit_code=code,
                unit_name=short_name or name,
                indicators=n,
                achieved=achieved,
                not_computable=n - computable,
                mean_achievement_pct=total / computable if computable else None,
            )
        )
    return out


def _store(year: int, figures: dict, versions: dict, using: str) -> None:
    """Upsert the summaries just computed, each under the input version read before its
    inputs were."""
    UnitYearSummary.objects.using(using).bulk_create(
        [
            UnitYearSummary(
                unit_id=unit_id,
                year=year,
                version=versions[unit_id],
                indicators=n,
                achieved=achieved,
                computable=computable,
                total=str(total),
            )
            for unit_id, (n, achieved, computable, total) in figures.items()
        ],
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["unit", "year"],
        update_fields=["version", "indicators", "achieved", "computable", "total"],
    )


def rebuild_summaries(years: list[int] | None = None) -> dict[int, int]:
    """Every stored summary made out of date (``summaries.invalidate_all``), then every
    unit's summary of every year with an agreement (or of ``years``) computed and stored
    again, one pass per year; returns, per year, how many units have one. For after a
    restore or any write that went around the signals (docs/cli.md)."""
    from django.db import transaction

    from .summaries import invalidate_all

    using = router.db_for_write(UnitYearSummary)
    with transaction.atomic(using=using):
        invalidate_all(using)
    if years is None:
        years = sorted(set(Agreement.objects.using(using).values_list("year", flat=True)))
    counts = {}
    for year in years:
        # the versions first, then the inputs (see consolidated_measures)
        versions = dict(
            UnitYearInput.objects.using(using).filter(year=year).values_list("unit_id", "version")
        )
        computed = _computed(year, Unit.objects.using(using).values("pk"), restricted=False)
        _store(year, computed, {u: versions.get(u, 0) for u in computed}, using)
        counts[year] = len(computed)
    return counts

"""A synthetic ministry, written straight into the tables with ``bulk_create``.

1 ministry → 1 echelon-1 body → N satker units; each satker has a Renstra (one version in
force) with 15 indicators, a signed 2023 Perjanjian Kinerja promising all 15, and four
quarterly realizations per indicator. The YAML loader would validate and upsert row by
row, which is right for real datasets and far too slow for 100,000 rows of fixtures.

Everything random comes from one seeded ``random.Random``, so two runs build the same data.
Import this module only after ``django.setup()``.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from kinerja.measurement.choices import QUARTERS
from kinerja.measurement.models import Realization
from kinerja.org.choices import UnitKind
from kinerja.org.models import Unit
from kinerja.planning.choices import (
    Aggregation,
    AgreementStatus,
    LowerFormula,
    Perspective,
    Polarity,
)
from kinerja.planning.models import (
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Goal,
    Indicator,
    Objective,
    PlanVersion,
    StrategicPlan,
    Target,
)

YEAR = 2023
INDICATORS_PER_UNIT = 15
OBJECTIVES_PER_UNIT = 3  # 5 indicators each
BODY_CODE = "bench-body"
# Explicit batches: SQLite's bound-parameter limit is handled by Django, but one INSERT
# of 60,000 rows would also be one huge statement on PostgreSQL.
BATCH = 2000


@dataclass(frozen=True)
class IndicatorSpec:
    polarity: str
    aggregation: str
    target: Decimal
    target_max: Decimal | None
    quarters: tuple[Decimal, ...]


def _cents(value: int) -> Decimal:
    return Decimal(value) / 100


def random_spec(rng: random.Random) -> IndicatorSpec:
    """One indicator: a target, and quarterly values spread around it (60–140 %), so
    the data holds achieved and missed indicators of every polarity."""
    polarity = rng.choice(list(Polarity))
    aggregation = rng.choice(list(Aggregation))
    if polarity == Polarity.RANGE:
        low = rng.randint(4_000, 8_000)
        high = low + rng.randint(500, 2_000)
        centre, target, target_max = (low + high) // 2, _cents(low), _cents(high)
    else:
        centre = rng.randint(1_000, 100_000)
        target, target_max = _cents(centre), None
    # A summed indicator reaches its yearly target in four parts.
    share = centre // 4 if aggregation == Aggregation.SUM else centre
    quarters = tuple(_cents(rng.randint(share * 60 // 100, share * 140 // 100)) for _ in QUARTERS)
    return IndicatorSpec(polarity, aggregation, target, target_max, quarters)


def _bulk(objects: list) -> list:
    """Insert and return the objects with their primary keys (PostgreSQL and SQLite ≥
    3.35 both return them from a bulk insert)."""
    if not objects:
        return objects
    return type(objects[0]).objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def build(n_units: int, seed: int) -> dict:
    """Create the ministry; return the row counts per table."""
    rng = random.Random(seed)
    ministry = Unit.objects.create(
        code="bench-ministry", name="Kementerian Uji", kind=UnitKind.MINISTRY
    )
    body = Unit.objects.create(
        code=BODY_CODE, name="Badan Uji", kind=UnitKind.ECHELON1, parent=ministry
    )
    satkers = _bulk(
        [
            Unit(
                code=f"bench-satker-{i:04d}",
                name=f"Satker Uji {i}",
                kind=UnitKind.SATKER,
                parent=body,
            )
            for i in range(n_units)
        ]
    )
    versions = _plans(rng, satkers)
    indicators, specs = _indicators(rng, versions)
    counts = {"unit": n_units + 2, "planversion": len(versions), "indicator": len(indicators)}
    counts["target"] = len(
        _bulk(
            [
                Target(indicator=ind, year=YEAR, value=spec.target, max_value=spec.target_max)
                for ind, spec in zip(indicators, specs, strict=True)
            ]
        )
    )
    counts["agreementindicator"] = _agreements(satkers, versions, indicators, specs)
    counts["realization"] = len(
        _bulk(
            [
                Realization(indicator=ind, year=YEAR, period=period, value=value)
                for ind, spec in zip(indicators, specs, strict=True)
                for period, value in zip(QUARTERS, spec.quarters, strict=True)
            ]
        )
    )
    return counts


def _plans(rng: random.Random, satkers: list[Unit]) -> list[PlanVersion]:
    plans = _bulk(
        [
            StrategicPlan(
                unit=unit,
                code="renstra-2020-2024",
                name="Renstra 2020–2024",
                start_year=2020,
                end_year=2024,
                lower_is_better_formula=rng.choice(list(LowerFormula)),
                achievement_cap=rng.choice([None, Decimal(120)]),
            )
            for unit in satkers
        ]
    )
    return _bulk([PlanVersion(plan=plan, number=1, in_force=True) for plan in plans])


def _indicators(
    rng: random.Random, versions: list[PlanVersion]
) -> tuple[list[Indicator], list[IndicatorSpec]]:
    """Per plan version: one goal, three objectives, five indicators each. Returned in
    version order, ``INDICATORS_PER_UNIT`` consecutive indicators per version."""
    goals = _bulk([Goal(version=v, code="T1", name="Tujuan 1") for v in versions])
    perspectives = list(Perspective)
    objectives = _bulk(
        [
            Objective(
                version=goal.version,
                goal=goal,
                code=f"SS{k + 1}",
                name=f"Sasaran {k + 1}",
                perspective=perspectives[k % len(perspectives)],
                position=k,
            )
            for goal in goals
            for k in range(OBJECTIVES_PER_UNIT)
        ]
    )
    per_objective = INDICATORS_PER_UNIT // OBJECTIVES_PER_UNIT
    specs, indicators = [], []
    for objective in objectives:
        for k in range(per_objective):
            spec = random_spec(rng)
            code = f"{objective.code}.{k + 1}"
            specs.append(spec)
            indicators.append(
                Indicator(
                    version=objective.version,
                    objective=objective,
                    code=code,
                    name=f"Indikator {code}",
                    unit_label="Persen",
                    polarity=spec.polarity,
                    aggregation=spec.aggregation,
                    position=len(indicators) % INDICATORS_PER_UNIT,
                )
            )
    return _bulk(indicators), specs


def _agreements(satkers, versions, indicators, specs) -> int:
    """A signed 2023 agreement per satker promising its 15 indicators at their targets."""
    agreements = _bulk(
        [
            Agreement(unit=unit, year=YEAR, plan_version=version)
            for unit, version in zip(satkers, versions, strict=True)
        ]
    )
    signed = _bulk(
        [
            AgreementVersion(
                agreement=agreement,
                number=1,
                status=AgreementStatus.SIGNED,
                signed_on=dt.date(YEAR, 1, 31),
            )
            for agreement in agreements
        ]
    )
    items = [
        AgreementIndicator(
            version=signed[i // INDICATORS_PER_UNIT],
            indicator=indicator,
            target=spec.target,
            target_max=spec.target_max,
            position=i % INDICATORS_PER_UNIT,
        )
        for i, (indicator, spec) in enumerate(zip(indicators, specs, strict=True))
    ]
    return len(_bulk(items))

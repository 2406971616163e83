"""Keeping the per-unit-year summaries of the consolidation current (docs/scaling.md).

``consolidation.consolidated_measures`` keeps, per unit and year, the counts and the sum
of achievements it computed (``UnitYearSummary``), with the version of the inputs it
computed them from (``UnitYearInput``, no row = version 0). A summary is used only while
its version is still the current one. Every write that can change an input of a
unit-year's achievements raises that unit-year's version **after the write, in the same
transaction** (the signal handlers below, ``post_save`` / ``post_delete``): a reader
reads the versions before it reads the inputs, so a summary computed from an older
snapshot is stored under an older version and never used. (A save outside any
transaction commits before its raise, in a transaction of its own: still safe, as a
reader in between read the old version; the services all write inside one.)

The inputs the consolidation reads, and the unit-years a write to them raises:

- ``Realization`` (indicator, year, period, value) of year Y: the unit-years Y of the
  agreements with an item on that indicator, and Y + 1 of those with an item on an
  indicator of the same plan and code (last year's value of direction targets);
- ``Agreement`` (unit, year, plan version), ``AgreementVersion`` (status, number),
  ``AgreementIndicator`` (indicator, target, target max, target kind): their
  agreement's unit-year, before and after the change;
- ``Indicator`` (polarity, aggregation, scale, code, plan version): every unit-year with
  an item on an indicator of its plan and code, before and after;
- ``PlanVersion`` (plan, number) and ``StrategicPlan`` (lower-is-better formula,
  achievement cap): every unit-year with an agreement on, or an item from, the plan;
- ``Target`` (the plan's yearly targets) is not watched: no achievement reads it (the
  agreement items carry the targets; ``planning.selectors`` reads it only to compare).

Unit names and the hierarchy are read live, not kept. Every write in kinerja goes through
``save()``/``create()``/``delete()`` (the audit trail relies on it too); code that
writes these tables otherwise (``bulk_create``, ``QuerySet.update``, raw SQL, a restore)
must call ``bump_*`` itself or ``invalidate_all()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, router
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from kinerja.planning.models import (
    Agreement,
    AgreementIndicator,
    AgreementVersion,
    Indicator,
    PlanVersion,
    StrategicPlan,
)

from .models import Realization, UnitYearInput, UnitYearSummary

Pair = tuple[int, int]  # (unit id, year)


def bump(pairs: Iterable[Pair], using: str | None = None) -> None:
    """Raise the input version of each (unit id, year): one upsert, in the caller's
    transaction, in a fixed order (two writers never wait on each other crosswise)."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    using = using or router.db_for_write(UnitYearInput)
    table = UnitYearInput._meta.db_table
    with connections[using].cursor() as cursor:
        for start in range(0, len(pairs), 400):
            chunk = pairs[start : start + 400]
            cursor.execute(
                f"INSERT INTO {table} (unit_id, year, version) VALUES "
                + ", ".join(["(%s, %s, 1)"] * len(chunk))
                + f" ON CONFLICT (unit_id, year) DO UPDATE SET version = {table}.version + 1",
                [value for pair in chunk for value in pair],
            )


def invalidate_all(using: str | None = None) -> None:
    """Every stored summary out of date (after a restore, or any write that went around
    the signals): every version raised, also for the unit-years that had none yet (those
    with a summary or an agreement; a reader still computing from before stores under
    version 0, now out of date too), and the summaries deleted."""
    using = using or router.db_for_write(UnitYearInput)
    counters, summaries = UnitYearInput._meta.db_table, UnitYearSummary._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(f"UPDATE {counters} SET version = version + 1")
        for source in (summaries, Agreement._meta.db_table):
            cursor.execute(
                f"INSERT INTO {counters} (unit_id, year, version)"
                f" SELECT DISTINCT unit_id, year, 1 FROM {source} s WHERE NOT EXISTS"
                f" (SELECT 1 FROM {counters} c WHERE c.unit_id = s.unit_id AND c.year = s.year)"
            )
        cursor.execute(f"DELETE FROM {summaries}")


def _agreement_pairs(agreements) -> set[Pair]:
    return set(agreements.values_list("unit_id", "year").distinct().order_by())


def indicator_pairs(indicator_ids: Iterable[int], years: Iterable[int] | None, using) -> set[Pair]:
    """The unit-years whose achievements read the realizations of these indicators in
    ``years`` (None: any year): items on an indicator of the same plan and code, of the
    year itself or the next one."""
    groups = set(
        Indicator.objects.using(using)
        .filter(pk__in=set(indicator_ids))
        .values_list("version__plan_id", "code")
    )
    if not groups:
        return set()
    same = Q()
    for plan_id, code in groups:
        same |= Q(indicator__version__plan_id=plan_id, indicator__code=code)
    items = AgreementIndicator.objects.using(using).filter(same)
    if years is not None:
        years = set(years)
        items = items.filter(version__agreement__year__in=years | {y + 1 for y in years})
    return set(
        items.values_list("version__agreement__unit_id", "version__agreement__year")
        .distinct()
        .order_by()
    )


def plan_pairs(plan_ids: Iterable[int], using) -> set[Pair]:
    """Every unit-year with an agreement on one of these plans or an item on one of their
    indicators."""
    plan_ids = set(plan_ids)
    pairs = _agreement_pairs(
        Agreement.objects.using(using).filter(plan_version__plan_id__in=plan_ids)
    )
    items = AgreementIndicator.objects.using(using).filter(indicator__version__plan_id__in=plan_ids)
    return pairs | set(
        items.values_list("version__agreement__unit_id", "version__agreement__year")
        .distinct()
        .order_by()
    )


# Per model: the unit-years a row reaches (read before and after a change), and the
# fields whose change matters (None: any change).
def _realization(obj, using) -> set[Pair]:
    return indicator_pairs([obj.indicator_id], [obj.year], using)


def _agreement(obj, using) -> set[Pair]:
    return {(obj.unit_id, obj.year)}


def _agreement_version(obj, using) -> set[Pair]:
    return _agreement_pairs(Agreement.objects.using(using).filter(pk=obj.agreement_id))


def _agreement_item(obj, using) -> set[Pair]:
    return _agreement_pairs(Agreement.objects.using(using).filter(versions=obj.version_id))


def _indicator(obj, using) -> set[Pair]:
    return indicator_pairs([obj.pk], None, using)


def _plan_version(obj, using) -> set[Pair]:
    return plan_pairs([obj.plan_id], using)


def _plan(obj, using) -> set[Pair]:
    return plan_pairs([obj.pk], using)


# model: (the unit-years a row reaches, the fields whose change matters, whether a new
# row matters). A new indicator, plan version or plan changes no figure until an item,
# an agreement or a realization refers to it, and those raise on their own; a new
# agreement version can (a newer draft is in force while none is signed).
WATCHED = {
    Realization: (_realization, ("indicator", "year", "period", "value"), True),
    Agreement: (_agreement, ("unit", "year", "plan_version"), True),
    AgreementVersion: (_agreement_version, ("agreement", "status", "number"), True),
    AgreementIndicator: (
        _agreement_item,
        ("version", "indicator", "target", "target_max", "target_kind"),
        True,
    ),
    Indicator: (_indicator, ("version", "code", "polarity", "aggregation", "scale"), False),
    PlanVersion: (_plan_version, ("plan", "number"), False),
    StrategicPlan: (_plan, ("lower_is_better_formula", "achievement_cap"), False),
}
_PENDING = "_summary_pairs"


class _Batch:
    """The unit-years a batch of writes reached, raised once at its end (``raised_once``),
    and the unit-years per realization's (indicator, year) and per item's or version's
    parent already looked up in it."""

    def __init__(self):
        self.pairs: set[Pair] = set()
        self.known: dict[tuple, set[Pair]] = {}


_batch: ContextVar[_Batch | None] = ContextVar("kinerja_summaries_batch", default=None)
_CACHED = {
    Realization: lambda obj: (obj.indicator_id, obj.year),
    AgreementIndicator: lambda obj: obj.version_id,
    AgreementVersion: lambda obj: obj.agreement_id,
}


@contextmanager
def raised_once(using: str | None = None):
    """Inside a transaction, for a batch of writes (a dataset load, a recomputation):
    the unit-years the writes reach are collected and their versions raised once, at the
    end of the block, still inside the transaction; the unit-years of a realization's
    (indicator, year) are looked up once. Looking them up at the first write and not at
    each is safe: a unit-year that joins later joins by a write of its own (an item, an
    indicator, an agreement), which is collected too. On an exception nothing is raised
    (the transaction rolls back). Nested blocks collect into the outermost."""
    using = using or router.db_for_write(UnitYearInput)
    if _batch.get() is not None:
        yield
        return
    if not connections[using].in_atomic_block:
        raise RuntimeError("raised_once() needs a transaction around it")
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    bump(batch.pairs, using)


def _pairs(sender, obj, using) -> set[Pair]:
    pairs_of = WATCHED[sender][0]
    batch, key_of = _batch.get(), _CACHED.get(sender)
    if batch is None or key_of is None:
        return pairs_of(obj, using)
    key = (sender, key_of(obj))
    if key not in batch.known:
        batch.known[key] = pairs_of(obj, using)
    return batch.known[key]


def _raise(pairs: set[Pair], using) -> None:
    batch = _batch.get()
    if batch is None:
        bump(pairs, using)
    else:
        batch.pairs |= pairs


def _values(obj, fields) -> tuple:
    return tuple(getattr(obj, obj._meta.get_field(name).attname) for name in fields)


def _pre_save(sender, instance, raw, using, update_fields, **kwargs):
    """Before a change: the unit-years the stored row reaches (a change can move a row
    to another unit-year), kept on the instance for ``_post_save``; nothing when no
    field that matters changes."""
    if raw:
        return  # loaddata / restore: invalidate_all() follows
    _pairs_of, fields, on_create = WATCHED[sender]
    if instance.pk is None or instance._state.adding:
        setattr(instance, _PENDING, set() if on_create else None)
        return
    stored = sender.objects.using(using).filter(pk=instance.pk).first()
    if stored is None:
        setattr(instance, _PENDING, set())
        return
    if _values(stored, fields) == _values(instance, fields):
        setattr(instance, _PENDING, None)  # nothing that matters changed
        return
    setattr(instance, _PENDING, _pairs(sender, stored, using))


def _post_save(sender, instance, raw, using, **kwargs):
    if raw:
        return
    before = instance.__dict__.pop(_PENDING, set())
    if before is None:
        return
    _raise(before | _pairs(sender, instance, using), using)


def _pre_delete(sender, instance, using, **kwargs):
    """Before a delete every row is still there to reach its unit-years; the versions
    are raised after it (``_post_delete``), in the same transaction."""
    setattr(instance, _PENDING, _pairs(sender, instance, using))


def _post_delete(sender, instance, using, **kwargs):
    _raise(instance.__dict__.pop(_PENDING, set()), using)


def connect() -> None:
    for model in WATCHED:
        uid = f"summaries-{model._meta.label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)

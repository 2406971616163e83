"""Which models are tracked, and the signal handlers that record their changes.

A tracked model names how to reach the unit its rows belong to: a path of foreign keys
ending at ``Unit`` (several paths when the owner is one of several optional parents, as
for an alignment). ``pre_save`` reads the stored row, ``post_save`` and ``post_delete``
write a ``Change`` in the same transaction, so a change that is rolled back leaves no
trace and a recorded change always happened.

Not seen by signals, hence not recorded: ``QuerySet.update()`` and ``bulk_create()``.
Raw saves (``loaddata``, ``kinerja restore``) are not recorded either: they put back rows
whose history is in the restored trail itself.
Code that creates tracked rows in bulk calls ``record_created`` for them.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .context import current, unit_lookups
from .models import Change, ChangeAction

PLAN = ("version", "plan", "unit")  # from an Indicator, Goal or Objective
INDICATOR = ("indicator", *PLAN)
ACTION_PLAN = ("action_plan", *INDICATOR)

# model label → unit paths (tried in order; the first whose first key is set wins)
TRACKED: dict[str, tuple[tuple[str, ...], ...]] = {
    # planning
    "planning.StrategicPlan": (("unit",),),
    "planning.PlanVersion": (("plan", "unit"),),
    "planning.Goal": (PLAN,),
    "planning.Objective": (PLAN,),
    "planning.Indicator": (PLAN,),
    "planning.Target": (INDICATOR,),
    # An alignment's own ``unit`` is the parent unit it points to, not its owner's.
    "planning.Alignment": (("objective", *PLAN), INDICATOR),
    "planning.Agreement": (("unit",),),
    "planning.AgreementVersion": (("agreement", "unit"),),
    "planning.AgreementIndicator": (("version", "agreement", "unit"),),
    "planning.ActionPlan": (INDICATOR,),
    "planning.PlannedActivity": (ACTION_PLAN,),
    "planning.QuarterProgress": (ACTION_PLAN,),
    # measurement (WorkflowEvent is a log of its own)
    "measurement.Realization": (INDICATOR,),
    "measurement.QuarterEntry": (INDICATOR,),
    "measurement.EntryWindow": (("unit",),),
    "measurement.Evidence": (("entry", *INDICATOR),),
    "measurement.DataElement": (("unit",),),
    "measurement.ElementValue": (("element", "unit"),),
    # budget
    "budget.BudgetYear": (("unit",),),
    "budget.Breakdown": (("budget", "unit"),),
    "budget.Revision": (("budget", "unit"),),
    "budget.Line": (("budget", "unit"),),
    "budget.LineIndicator": (("line", "budget", "unit"),),
    "budget.LineMonthSpending": (("line", "budget", "unit"),),
    "budget.FundingSource": (("budget", "unit"),),
    "budget.LineOutput": (("line", "budget", "unit"),),
    "budget.LineOutputRealization": (("output", "line", "budget", "unit"),),
    "budget.PnbpYear": (("unit",),),
    "budget.PnbpReceipt": (("pnbp_year", "unit"),),
    # operational records
    "sources.ServiceOrder": (("unit",),),
    "sources.ServiceCount": (("unit",),),
    "sources.Facilitation": (("unit",),),
    "sources.FacilitationMeasure": (("facilitation", "unit"),),
    "sources.AuditRecommendation": (("unit",),),
    "sources.ProcurementLine": (("unit",),),
    "sources.ExternalScore": (("unit",),),
    "sources.ScoreComponent": (("score", "unit"),),
    # the SKM: each respondent (their answers are rows under it), imported or from the form
    "survey.Survey": (("unit",),),
    "survey.Response": (("survey", "unit"),),
    # reports, and who holds which role
    "reports.Narrative": (("unit",),),
    "reports.PrintedFigure": (("unit",),),
    "org.Membership": (("unit",),),
    "org.IndicatorAssignment": (("unit",),),
    "org.UnitLogo": (("unit",),),
    "org.UnitImage": (("unit",),),
    # the unit profile (BAB I of the LAKIN)
    "org.UnitProfile": (("unit",),),
    "org.ProfileStatement": (("profile", "unit"),),
    "org.ProfileService": (("profile", "unit"),),
    "org.InformationSystem": (("profile", "unit"),),
    "org.StructureUnit": (("profile", "unit"),),
    "org.StaffBreakdown": (("profile", "unit"),),
    "org.StaffCount": (("breakdown", "profile", "unit"),),
    # the SAKIP evaluation (its steps are also in EvaluationEvent, a log of its own)
    "evaluation.Evaluation": (("unit",),),
    "evaluation.Answer": (("evaluation", "unit"),),
    "evaluation.Recommendation": (("evaluation", "unit"),),
    "evaluation.EvidenceFile": (("evaluation", "unit"),),
    # background jobs: requested, started, ended (progress ticks are not saved rows)
    "jobs.Job": (("unit",),),
}

# Fields never copied into the trail: the survey token is a credential of the customer.
EXCLUDED: dict[str, frozenset[str]] = {"sources.ServiceOrder": frozenset({"survey_token"})}


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    unit_paths: tuple[tuple[str, ...], ...]
    fields: tuple[models.Field, ...] = field(repr=False)


_registry: dict[type[models.Model], Tracked] = {}


def tracked_models() -> list[type[models.Model]]:
    return list(_registry)


def connect() -> None:
    """Register the models in TRACKED and connect the handlers (AppConfig.ready)."""
    for label, paths in TRACKED.items():
        model = apps.get_model(label)
        excluded = EXCLUDED.get(label, frozenset())
        fields = tuple(
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            # Timestamps change on every save; the change's own time says when.
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
            and f.name not in excluded
        )
        _registry[model] = Tracked(model, paths, fields)
        uid = f"kinerja.audit:{label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)


# -- snapshots ----------------------------------------------------------------------------
def json_value(model_field: models.Field, value):
    """A field's value as the trail stores it: Decimals as plain strings at the column's
    precision ("53.33", "100"), dates as ISO text, foreign keys as ids, files by name."""
    if value is None:
        return None
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(model_field, models.DecimalField):
        try:
            number = model_field.to_python(value)
        except ValidationError:
            return str(value)
        # As the column keeps it (PostgreSQL rounds half away from zero, as kinerja does).
        places = Decimal(1).scaleb(-model_field.decimal_places)
        return format(number.quantize(places, rounding=ROUND_HALF_UP).normalize(), "f")
    if isinstance(model_field, models.DateTimeField | models.DateField | models.TimeField):
        try:
            value = model_field.to_python(value)
        except ValidationError:
            return str(value)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None  # binary content is not something a reader of the trail can use
    return value


def snapshot(instance, fields=None) -> dict:
    """The tracked fields of ``instance`` as stored JSON (``fields``: only those)."""
    spec = _registry[type(instance)]
    return {
        f.name: json_value(f, f.value_from_object(instance))
        for f in spec.fields
        if fields is None or f.name in fields
    }


def _stored(instance, using) -> dict | None:
    spec = _registry[type(instance)]
    rows = list(
        type(instance)
        ._base_manager.using(using)
        .filter(pk=instance.pk)
        .values(*[f.attname for f in spec.fields])[:1]
    )
    if not rows:
        return None
    return {f.name: json_value(f, rows[0][f.attname]) for f in spec.fields}


# -- the unit a row belongs to ------------------------------------------------------------
def unit_id_of(instance) -> int | None:
    """Follow the model's unit path through foreign keys already loaded on the instance;
    where one is not loaded, load that parent with the rest of the path in one query (and
    remember the answer for the request or command, see context.lookup_scope)."""
    for path in _registry[type(instance)].unit_paths:
        found, resolved = _follow(instance, path)
        if found:
            return resolved
    return None


def _follow(obj, path: tuple[str, ...]) -> tuple[bool, int | None]:
    for i, name in enumerate(path):
        fk = obj._meta.get_field(name)
        fk_id = getattr(obj, fk.attname)
        if fk_id is None:
            # The first key is the choice between paths; a later null just means no unit.
            return i > 0, None
        if i == len(path) - 1:
            return True, fk_id
        if fk.is_cached(obj):
            obj = getattr(obj, name)
            continue
        cache = unit_lookups()
        key = (fk.related_model._meta.label_lower, fk_id)
        if cache is not None and key in cache:
            return True, cache[key]
        # Load the parent with the rest of the path: the unit comes with it, and so does
        # what the row's __str__ usually reads (an indicator's code) for object_repr.
        parent = (
            fk.related_model._base_manager.db_manager(obj._state.db)
            .select_related("__".join(path[i + 1 :]))
            .filter(pk=fk_id)
            .first()
        )
        if parent is None:
            return True, None
        fk.set_cached_value(obj, parent)
        unit_id = _follow(parent, path[i + 1 :])[1]
        if cache is not None:
            cache[key] = unit_id
        return True, unit_id
    return True, None


# -- signal handlers ----------------------------------------------------------------------
_RESOLVE = object()  # _record: find the unit of the row itself


def _pre_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    if raw:
        return
    # Only an existing row has something to compare against.
    instance._audit_before = None if instance.pk is None else _stored(instance, using)


def _post_save(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    # A raw save loads rows exactly as they were stored (`kinerja restore`, fixtures):
    # their changes are in the trail being restored with them, nothing happens now.
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created or before is None:
        _record(instance, ChangeAction.CREATE, None, snapshot(instance), using)
        return
    # Only the saved fields reached the database; the others are as they were stored.
    fields = _registry[sender].fields
    deferred = instance.get_deferred_fields()
    saved = {
        f.name
        for f in fields
        if f.attname not in deferred
        and (update_fields is None or f.name in update_fields or f.attname in update_fields)
    }
    after = {**before, **snapshot(instance, saved)}
    if after != before:
        _record(instance, ChangeAction.UPDATE, before, after, using)


def _pre_delete(sender, instance, using=None, **kwargs):
    # Now, while the row and its parents exist: a cascade deletes the parents right after
    # the children, and a deferred field can still be read.
    instance._audit_deleted = (unit_id_of(instance), snapshot(instance))


def _post_delete(sender, instance, using=None, **kwargs):
    unit_id, before = getattr(instance, "_audit_deleted", (_RESOLVE, None))
    if before is None:
        before = snapshot(instance)
    _record(instance, ChangeAction.DELETE, before, None, using, unit_id=unit_id)


def _record(instance, action, before, after, using, unit_id=_RESOLVE) -> Change:
    actor = current()
    if unit_id is _RESOLVE:  # first: it loads the parents __str__ may read
        unit_id = unit_id_of(instance)
    return Change.objects.using(using).create(
        user_id=actor.user_id,
        username=actor.username,
        source=actor.source,
        action=action,
        content_type=ContentType.objects.db_manager(using).get_for_model(
            instance, for_concrete_model=False
        ),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        unit_id=unit_id,
        before=before,
        after=after,
        reason=actor.reason,
    )


def record_created(objects) -> int:
    """Record rows created with ``bulk_create`` (which sends no signals). Call it inside
    the same transaction, with the objects bulk_create returned (they need their ids)."""
    count = 0
    for obj in objects:
        if obj.pk is None:
            raise ValueError(f"{obj!r} has no id; pass the objects bulk_create returned")
        _record(obj, ChangeAction.CREATE, None, snapshot(obj), obj._state.db)
        count += 1
    return count

"""Reading the audit trail: one object's history, a unit's log with filters, and the
changes laid out field by field (old → new) for pages and exports."""

import datetime as dt
import json
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kinerja.core.numbers import format_measure_id
from kinerja.org.models import Unit

from . import tracking
from .models import Change


@dataclass(frozen=True)
class ChangeFilters:
    """What a unit's log is narrowed to; every part optional."""

    object_type: str = ""  # "app_label.model"
    user: str = ""  # part of the user name
    since: dt.date | None = None  # from this day (local time), inclusive
    until: dt.date | None = None  # up to this day, inclusive
    text: str = ""  # part of the reason


def history_for(obj, limit: int | None = None) -> list[Change]:
    """The changes of one object, newest first, with their field rows ready to show."""
    changes = Change.objects.for_object(obj).select_related("content_type")
    return with_rows(list(changes[:limit] if limit else changes))


def unit_changes(
    unit: Unit, filters: ChangeFilters | None = None, *, oldest_first: bool = False
) -> models.QuerySet:
    """The changes of ``unit``'s data, newest first (exports: ``oldest_first``)."""
    f = filters or ChangeFilters()
    qs = Change.objects.filter(unit=unit).select_related("content_type")
    if f.object_type:
        app_label, _, model = f.object_type.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if f.user:
        qs = qs.filter(username__icontains=f.user)
    # Whole local days, as bounds on the indexed column (no per-row date conversion).
    if f.since:
        qs = qs.filter(at__gte=_start_of(f.since))
    if f.until:
        qs = qs.filter(at__lt=_start_of(f.until + dt.timedelta(days=1)))
    if f.text:
        qs = qs.filter(reason__icontains=f.text)
    return qs.order_by("at", "pk") if oldest_first else qs.order_by("-at", "-pk")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def object_types() -> list[tuple[str, str]]:
    """The tracked models as (``app_label.model``, label) for a filter, by label."""
    out = []
    for model in tracking.tracked_models():
        meta = model._meta
        out.append((f"{meta.app_label}.{meta.model_name}", capfirst(str(meta.verbose_name))))
    return sorted(out, key=lambda pair: pair[1].lower())


# -- field by field -----------------------------------------------------------------------
@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    old: object  # the stored JSON value
    new: object
    old_text: str  # for display
    new_text: str
    changed: bool


def field_rows(change: Change, labels: dict | None = None, everything: bool = False):
    """The change's fields as rows: the changed ones, or with ``everything`` all fields
    of either snapshot (marking which changed)."""
    model = change.content_type.model_class()
    before, after = change.before or {}, change.after or {}
    changed = set(change.changed_fields())
    names = list({**before, **after}) if everything else change.changed_fields()
    labels = labels if labels is not None else foreign_labels([change])
    rows = []
    for name in names:
        model_field = _field(model, name)
        old, new = before.get(name), after.get(name)
        rows.append(
            FieldRow(
                name=name,
                label=_label(model_field, name),
                old=old,
                new=new,
                old_text=display_value(model_field, old, labels),
                new_text=display_value(model_field, new, labels),
                changed=name in changed,
            )
        )
    return rows


def with_rows(changes: list[Change]) -> list[Change]:
    """Attach ``rows`` (the changed fields) to each change, naming the rows foreign keys
    point to with one query per related model for the whole list."""
    labels = foreign_labels(changes)
    for change in changes:
        change.rows = field_rows(change, labels)
    return changes


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a field removed since the change was recorded
        return None


def _label(model_field, name: str) -> str:
    if model_field is None or not hasattr(model_field, "verbose_name"):
        return name
    label = model_field.verbose_name
    # A foreign key without a label of its own is named after the model it points to.
    if model_field.is_relation and label == model_field.name.replace("_", " "):
        label = model_field.related_model._meta.verbose_name
    return capfirst(str(label))


# Fields that name a row for people, in order of preference.
_NAMING_FIELDS = ("code", "username", "number")


def foreign_labels(changes) -> dict[tuple[type, object], str]:
    """{(related model, id): label} for every foreign key value in ``changes``: the
    related row's code (or user name, or number) when it still exists."""
    wanted: dict[type, set] = {}
    for change in changes:
        model = change.content_type.model_class()
        if model is None:
            continue
        for snapshot in (change.before, change.after):
            for name, value in (snapshot or {}).items():
                model_field = _field(model, name)
                if value is not None and isinstance(model_field, models.ForeignKey):
                    wanted.setdefault(model_field.related_model, set()).add(value)
    labels = {}
    for related, ids in wanted.items():
        names = {f.name for f in related._meta.concrete_fields}
        naming = next((n for n in _NAMING_FIELDS if n in names), None)
        if naming is None:
            continue
        for pk, label in related._base_manager.filter(pk__in=ids).values_list("pk", naming):
            labels[(related, pk)] = str(label)
    return labels


def display_value(model_field, value, labels: dict | None = None) -> str:
    """A stored value as a person reads it: choices by label, numbers the Indonesian
    way, foreign keys by code, yes/no; "–" for nothing."""
    if value is None or value == "":
        return "–"
    if model_field is None:
        return readable(value)
    if isinstance(model_field, models.ForeignKey):
        label = (labels or {}).get((model_field.related_model, value))
        return label if label is not None else f"#{value}"
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("ya")) if value else str(_("tidak"))
    if isinstance(model_field, models.DecimalField):
        return format_measure_id(value)
    return readable(value)


def readable(value) -> str:
    """A structure stored in a JSON column as labelled values, not JSON:
    {"formula": "a / b", "places": 2} → "formula: a / b; places: 2"."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("ya")) if value else str(_("tidak"))
    if isinstance(value, dict):
        return "; ".join(f"{key}: {readable(item)}" for key, item in value.items()) or "–"
    if isinstance(value, list):
        return ", ".join(readable(item) for item in value) or "–"
    return str(value)


def csv_value(value) -> str:
    """A stored value in an export: exact, as stored (JSON for structures)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def export_rows(changes):
    """One row per changed field (EXPORT_HEADER), in the order of ``changes``; a
    creation or deletion lists every field that has a value."""
    for change in changes:
        base = [
            timezone.localtime(change.at).isoformat(timespec="seconds"),
            change.username,
            change.source,
            change.action,
            f"{change.content_type.app_label}.{change.content_type.model}",
            change.object_id,
            change.object_repr,
        ]
        before, after = change.before or {}, change.after or {}
        fields = change.changed_fields() or [""]
        for name in fields:
            yield [
                *base,
                name,
                csv_value(before.get(name)),
                csv_value(after.get(name)),
                change.reason,
            ]


EXPORT_HEADER = [
    "at",
    "user",
    "source",
    "action",
    "object_type",
    "object_id",
    "object",
    "field",
    "old",
    "new",
    "reason",
]


def as_json(change: Change) -> dict:
    """One change for the JSON export (docs/cli.md)."""
    return {
        "id": change.pk,
        "at": timezone.localtime(change.at).isoformat(timespec="seconds"),
        "user": change.username,
        "source": change.source,
        "action": change.action,
        "object_type": f"{change.content_type.app_label}.{change.content_type.model}",
        "object_id": change.object_id,
        "object": change.object_repr,
        "reason": change.reason,
        "changed": change.changed_fields(),
        "before": change.before,
        "after": change.after,
    }

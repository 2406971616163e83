"""The audit trail: one row per created, changed or deleted object of plan, realization
and budget data, with full before/after snapshots, who did it, from where and why.

Rows are only ever added (kinerja.audit.tracking writes them from model signals, in the
same transaction as the change itself); nothing in kinerja updates or deletes them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import Unit


class ChangeAction(models.TextChoices):
    CREATE = "create", _("dibuat")
    UPDATE = "update", _("diubah")
    DELETE = "delete", _("dihapus")


class AppendOnly(Exception):
    """Raised on an attempt to change or delete a recorded change."""


class ChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("the audit trail is append-only")

    def delete(self):
        raise AppendOnly("the audit trail is append-only")

    def for_object(self, obj) -> "ChangeQuerySet":
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=obj.pk)


class Change(models.Model):
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    # The name is kept too: the trail must still say who it was after the account is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    source = models.CharField(_("sumber"), max_length=64, blank=True)
    action = models.CharField(_("tindakan"), max_length=8, choices=ChangeAction.choices)
    content_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("jenis objek")
    )
    object_id = models.BigIntegerField(_("ID objek"))
    object_repr = models.CharField(_("objek"), max_length=200)
    # The unit the data belongs to: what the unit's audit page and its access rule use.
    unit = models.ForeignKey(
        Unit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    before = models.JSONField(_("sebelum"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("sesudah"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("alasan"), blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_change_object_idx"),
            models.Index(fields=["unit", "at"], name="audit_change_unit_at_idx"),
        ]
        verbose_name = _("perubahan data")
        verbose_name_plural = _("perubahan data")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} ({self.username or '–'})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("a recorded change never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("a recorded change is never deleted")

    def changed_fields(self) -> list[str]:
        """The fields whose value differs between the snapshots: for an update the
        changed ones, for a creation or deletion every field that has a value."""
        before, after = self.before or {}, self.after or {}
        if self.action == ChangeAction.UPDATE:
            return [k for k in {**before, **after} if before.get(k) != after.get(k)]
        snapshot = after if self.action == ChangeAction.CREATE else before
        return [k for k, v in snapshot.items() if v not in (None, "", [], {})]

    @cached_property
    def rows(self):
        """The changed fields with old and new values for display (selectors.with_rows
        fills this for a whole page at once)."""
        from .selectors import field_rows

        return field_rows(self)

    @property
    def object_type_label(self) -> str:
        model = self.content_type.model_class()
        return capfirst(str(model._meta.verbose_name)) if model else self.content_type.model

    @property
    def sentence(self) -> str:
        """The change as a sentence: "pic mengubah Laporan triwulan “SK3.1 TW I”:
        Realisasi dari 10,00 menjadi 99,00." For a creation or deletion the fields are in
        the rows below it; an update names up to three changed fields in the sentence."""
        who = self.username or str(_("sistem"))
        what = f"{self.object_type_label.lower()} “{self.object_repr}”"
        if self.action == ChangeAction.CREATE:
            return _("%(who)s membuat %(what)s.") % {"who": who, "what": what}
        if self.action == ChangeAction.DELETE:
            return _("%(who)s menghapus %(what)s.") % {"who": who, "what": what}
        rows = list(self.rows)
        parts = [
            _("%(field)s dari %(old)s menjadi %(new)s")
            % {"field": row.label, "old": _short(row.old_text), "new": _short(row.new_text)}
            for row in rows[:3]
        ]
        if len(rows) > 3:
            parts.append(_("dan %(n)s kolom lain") % {"n": len(rows) - 3})
        if not parts:
            return _("%(who)s menyimpan %(what)s tanpa perubahan.") % {"who": who, "what": what}
        return _("%(who)s mengubah %(what)s: %(changes)s.") % {
            "who": who,
            "what": what,
            "changes": "; ".join(parts),
        }

    @property
    def source_label(self) -> str:
        if self.source == "web":
            return str(_("aplikasi web"))
        if self.source == "admin":
            return str(_("admin"))
        if self.source == "api":
            return "API"
        if self.source.startswith("cli:"):
            return str(_("perintah %(name)s")) % {"name": self.source[4:]}
        return self.source or "–"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

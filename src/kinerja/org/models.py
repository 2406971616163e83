from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel

from .choices import Role, UnitKind

unit_code_validator = RegexValidator(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", _("Kode unit hanya huruf kecil, angka dan tanda hubung.")
)


class UnitQuerySet(models.QuerySet):
    def descendants_of(self, unit: "Unit") -> "UnitQuerySet":
        """All units below ``unit`` (any depth), found level by level in the database."""
        ids: list[int] = []
        level = [unit.pk]
        while level:
            level = list(
                self.model.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            )
            ids.extend(level)
        return self.filter(pk__in=ids)

    def for_user(self, user) -> "UnitQuerySet":
        """Only the units whose unpublished data ``user`` may read (org.access)."""
        from .access import visible_unit_ids

        ids = visible_unit_ids(user)
        return self.all() if ids is None else self.filter(pk__in=ids)


class Unit(TimeStampedModel):
    """A work unit: ministry → echelon I body (BSKJI) → satker (BSPJI Palembang)."""

    code = models.CharField(_("kode"), max_length=64, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("nama"), max_length=255)
    short_name = models.CharField(_("nama singkat"), max_length=100, blank=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )

    objects = UnitQuerySet.as_manager()

    def ancestors(self) -> list["Unit"]:
        """Parents up to the top, nearest first (a handful of levels at most)."""
        out, unit = [], self
        while unit.parent_id is not None:
            unit = unit.parent
            out.append(unit)
        return out

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(TimeStampedModel):
    """A person's role in one unit; access is always per unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="unique_membership_role",
                violation_error_message=_(
                    "Pengguna ini sudah memiliki peran tersebut di unit ini."
                ),
            )
        ]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class IndicatorAssignment(TimeStampedModel):
    """An indicator owner (PIC): who reports one indicator of a unit. Keyed by the
    indicator's code, not its row, so the assignment survives a new Renstra version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="indicator_assignments"
    )
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="indicator_assignments")
    indicator_code = models.CharField(_("kode indikator"), max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "indicator_code"],
                name="unique_indicator_assignment",
                violation_error_message=_("Pengguna ini sudah menjadi PIC indikator tersebut."),
            )
        ]
        verbose_name = _("PIC indikator")
        verbose_name_plural = _("PIC indikator")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.indicator_code}"

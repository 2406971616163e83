from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel

from .choices import LEAF_KINDS, Role, ServiceCategory, StatementKind, UnitKind

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
    """A government unit that reports under SAKIP: a ministry → echelon I body (BSKJI) →
    satker (BSPJI Palembang), or a province / regency / city → perangkat daerah, a court,
    an independent body. What its documents call things follows its kind (``vocabulary``).
    """

    code = models.CharField(_("kode"), max_length=64, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("nama"), max_length=255)
    short_name = models.CharField(_("nama singkat"), max_length=100, blank=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=UnitKind.choices)
    # Overrides of the words of the unit's kind (org.vocabulary.FIELDS → text), e.g.
    # {"head_title": "Ketua"}; empty for a unit that speaks as its kind does.
    vocabulary = models.JSONField(_("istilah laporan"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )

    objects = UnitQuerySet.as_manager()

    @property
    def words(self):
        """The words of the unit's documents (``org.vocabulary``)."""
        from .vocabulary import vocabulary

        return vocabulary(self)

    @property
    def has_units_below(self) -> bool:
        """Whether the kind has reporting units below it (a satker or a court has none)."""
        return self.kind not in LEAF_KINDS

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


# --------------------------------------------------------------------------------------
# Unit profile: BAB I of the LAKIN (tasks and functions, services, organisation, staff).
#
# One profile per unit and year. The LAKIN of a year describes the unit as it was that
# year (the seed's staff figures are "per Desember 2023"), and a report rebuilt later must
# not change when the next year's profile is entered; a new year's profile is a copy of the
# last one with what changed. Everything below hangs off the profile and is replaced with
# it as one value when a dataset is loaded.
# --------------------------------------------------------------------------------------
class UnitProfileQuerySet(models.QuerySet):
    def for_report(self, unit: Unit, year: int) -> "UnitProfile | None":
        """The profile of ``unit`` for ``year`` with everything a report shows, in a fixed
        number of queries; None when the unit has not recorded one for that year."""
        return (
            self.filter(unit=unit, year=year)
            .prefetch_related(
                "statements",
                "services",
                "information_systems",
                models.Prefetch("structure_units", StructureUnit.objects.select_related("parent")),
                "staff_breakdowns__counts",
            )
            .first()
        )


class UnitProfile(TimeStampedModel):
    """What a unit is and does in one year: its tasks, vision and the lists below."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="profiles")
    year = models.PositiveSmallIntegerField(_("tahun"))
    tasks = models.TextField(_("tugas"), blank=True)
    vision = models.TextField(_("visi"), blank=True)
    # Who signs the year's report and where/when (the LAKIN's foreword ends with it);
    # each optional: a report prints what is recorded and nothing else.
    head_name = models.CharField(_("nama pimpinan"), max_length=255, blank=True)
    head_nip = models.CharField(_("NIP pimpinan"), max_length=32, blank=True)
    signing_place = models.CharField(_("tempat penandatanganan"), max_length=255, blank=True)
    # "2024-01" (month only, the day written by hand) or "2024-01-31".
    signing_date = models.CharField(_("tanggal penandatanganan"), max_length=10, blank=True)

    objects = UnitProfileQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unique_unit_profile_year",
                violation_error_message=_("Unit ini sudah memiliki profil untuk tahun tersebut."),
            )
        ]
        verbose_name = _("profil unit")
        verbose_name_plural = _("profil unit")

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def statements_of(self, kind: str) -> list["ProfileStatement"]:
        """One ordered list (functions, legal basis …), from the prefetched statements."""
        return [s for s in self.statements.all() if s.kind == kind]


class ProfileStatement(models.Model):
    """One item of an ordered text list of a profile: a legal basis, a function, a
    mission, a strategic role, an SOP group (with its name as ``title``)."""

    profile = models.ForeignKey(UnitProfile, models.CASCADE, related_name="statements")
    kind = models.CharField(_("jenis"), max_length=16, choices=StatementKind.choices)
    position = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("judul"), max_length=255, blank=True)
    text = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["profile", "kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "kind", "position"],
                name="unique_profile_statement_position",
                violation_error_message=_("Urutan ini sudah dipakai dalam daftar yang sama."),
            )
        ]
        verbose_name = _("butir profil")
        verbose_name_plural = _("butir profil")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position + 1}: {self.title or self.text[:60]}"


class ProfileService(models.Model):
    """A service or facility the unit offers, with its accreditation if it has one."""

    profile = models.ForeignKey(UnitProfile, models.CASCADE, related_name="services")
    position = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama layanan"), max_length=255)
    category = models.CharField(_("kategori"), max_length=32, choices=ServiceCategory.choices)
    description = models.TextField(_("uraian"), blank=True)
    # Accreditation number, registration or appointment decree, as the unit cites it.
    accreditation = models.CharField(_("akreditasi / pengakuan"), max_length=255, blank=True)
    accreditation_body = models.CharField(_("pemberi akreditasi"), max_length=255, blank=True)
    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku hingga"), null=True, blank=True)

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "name"],
                name="unique_profile_service_name",
                violation_error_message=_("Layanan dengan nama ini sudah ada dalam profil."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="profile_service_validity_order",
                violation_error_message=_(
                    "Tanggal berlaku hingga tidak boleh sebelum tanggal berlaku sejak."
                ),
            ),
        ]
        verbose_name = _("layanan unit")
        verbose_name_plural = _("layanan unit")

    def __str__(self) -> str:
        return self.name


class InformationSystem(models.Model):
    """A website or application the unit runs or uses to serve (website, SILAPER …)."""

    profile = models.ForeignKey(UnitProfile, models.CASCADE, related_name="information_systems")
    position = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=255)
    # A CharField with the URL validator: the form URLField would guess a scheme.
    url = models.CharField(
        _("alamat"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "name"],
                name="unique_information_system_name",
                violation_error_message=_("Sistem informasi dengan nama ini sudah ada."),
            )
        ]
        verbose_name = _("sistem informasi")
        verbose_name_plural = _("sistem informasi")

    def __str__(self) -> str:
        return self.name


class StructureUnit(models.Model):
    """An element of the unit's organisation chart (the head, a subdivision, a function
    coordinator, the group of functional positions), under its parent element."""

    profile = models.ForeignKey(UnitProfile, models.CASCADE, related_name="structure_units")
    position = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("kode"), max_length=64, validators=[unit_code_validator])
    name = models.CharField(_("nama"), max_length=255)
    head_title = models.CharField(_("jabatan pimpinan"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("di bawah"),
    )
    duties = models.TextField(_("tugas"), blank=True)

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "code"],
                name="unique_structure_unit_code",
                violation_error_message=_("Kode unsur organisasi ini sudah ada dalam profil."),
            )
        ]
        verbose_name = _("unsur organisasi")
        verbose_name_plural = _("unsur organisasi")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is not None and self.parent.profile_id != self.profile_id:
            raise ValidationError({"parent": _("Unsur induk harus berasal dari profil yang sama.")})
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("Struktur organisasi tidak boleh melingkar.")})
            seen.add(node.pk)
            node = node.parent


class StaffBreakdown(models.Model):
    """One way of counting the staff (by employment status, education, rank …): a named
    table of label → count, so every unit's own tables fit."""

    profile = models.ForeignKey(UnitProfile, models.CASCADE, related_name="staff_breakdowns")
    position = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama rincian"), max_length=255)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "name"],
                name="unique_staff_breakdown_name",
                violation_error_message=_("Rincian pegawai dengan nama ini sudah ada."),
            )
        ]
        verbose_name = _("rincian pegawai")
        verbose_name_plural = _("rincian pegawai")

    def __str__(self) -> str:
        return self.name

    @property
    def total(self) -> int:
        """The sum of the rows: a total is never typed in, so it always adds up."""
        return sum(row.count for row in self.counts.all())


class StaffCount(models.Model):
    """One row of a staff breakdown: how many people fall under ``label``."""

    breakdown = models.ForeignKey(StaffBreakdown, models.CASCADE, related_name="counts")
    position = models.PositiveSmallIntegerField(_("urutan"))
    label = models.CharField(_("kelompok"), max_length=255)
    count = models.PositiveIntegerField(_("jumlah"))

    class Meta:
        ordering = ["breakdown", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakdown", "label"],
                name="unique_staff_count_label",
                violation_error_message=_("Kelompok ini sudah ada dalam rincian yang sama."),
            )
        ]
        verbose_name = _("jumlah pegawai")
        verbose_name_plural = _("jumlah pegawai")

    def __str__(self) -> str:
        return f"{self.label}: {self.count}"


class UnitLogo(TimeStampedModel):
    """The unit's logo, printed on the cover of its documents: a PNG or JPEG checked by
    its content (``org.services.set_logo``), kept in the default file storage under a
    name of ours."""

    unit = models.OneToOneField(Unit, models.CASCADE, related_name="logo")
    file = models.FileField(_("berkas"), max_length=255)
    content_type = models.CharField(_("jenis isi"), max_length=32)
    size = models.PositiveIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("logo unit")
        verbose_name_plural = _("logo unit")

    def __str__(self) -> str:
        return f"{self.unit} · logo"


class ImagePlacement(models.TextChoices):
    """Where a unit's image goes in its LAKIN, as the seed places them: certificates
    with the services (Gambar 1.1-1.8), screenshots with the information systems
    (1.9-1.11), scans of the agreement and action plan (2.3-2.6), activity photos in an
    indicator's analysis (3.1-3.15)."""

    SERVICES = "services", _("BAB I · Layanan dan sarana")
    INFORMATION_SYSTEMS = "information_systems", _("BAB I · Sistem informasi")
    ORGANISATION = "organisation", _("BAB I · Struktur organisasi")
    AGREEMENT = "agreement", _("BAB II · Perjanjian Kinerja")
    ACTION_PLAN = "action_plan", _("BAB II · Rencana Aksi")
    INDICATOR = "indicator", _("BAB III · Analisis indikator")


class UnitImage(TimeStampedModel):
    """An image the unit attaches to its report of one year (a certificate, an activity
    photo, a screenshot): a PNG or JPEG checked by its content
    (``org.services.add_image``), kept in the default file storage under a name of ours,
    printed as a numbered Gambar with its caption where ``placement`` says."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="images")
    year = models.PositiveSmallIntegerField(_("tahun"))
    placement = models.CharField(_("letak"), max_length=32, choices=ImagePlacement.choices)
    indicator_code = models.CharField(_("kode indikator"), max_length=32, blank=True)
    caption = models.CharField(_("keterangan gambar"), max_length=255)
    file = models.FileField(_("berkas"), max_length=255)
    content_type = models.CharField(_("jenis isi"), max_length=32)
    size = models.PositiveIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit", "year", "placement", "pk"]
        verbose_name = _("gambar unit")
        verbose_name_plural = _("gambar unit")

    def __str__(self) -> str:
        return f"{self.unit} · {self.year} · {self.caption}"

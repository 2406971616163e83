from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("baca")
    WRITE = "write", _("baca dan tulis")


class ApiToken(models.Model):
    """A personal API token: it acts as its user, with the user's rights in each unit
    (org/access.py), narrowed by its scope. Only the SHA-256 of the secret is stored;
    the secret itself is shown once, when the token is created (api/tokens.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=12)  # shown in lists, to tell tokens apart
    digest = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the secret
    scope = models.CharField(_("cakupan"), max_length=10, choices=Scope.choices)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def may_write(self) -> bool:
        return self.scope == Scope.WRITE

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed login, kept for the throttling window (accounts.throttle)."""

    username = models.CharField(_("nama pengguna"), max_length=150, db_index=True)
    address = models.GenericIPAddressField(_("alamat"), null=True, db_index=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("login gagal")
        verbose_name_plural = _("login gagal")

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"

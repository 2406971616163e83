from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Failed logins and login records are django-axes' models (AccessAttempt, AccessLog,
# AccessFailureLog).


class UserSettings(models.Model):
    """A user's own choices (the settings page, accounts.views.settings)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="kinerja_settings"
    )
    email_reminders = models.BooleanField(
        _("kirim pengingat dan pemberitahuan lewat e-mail"),
        default=True,
        help_text=_(
            "Pengingat 7, 3 dan 1 hari sebelum jadwal pengisian ditutup, dan pemberitahuan "
            "bila laporan Anda dikembalikan atau disetujui."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan pengguna")
        verbose_name_plural = _("pengaturan pengguna")

    def __str__(self) -> str:
        return f"{self.user}"


class SentReminder(models.Model):
    """One message sent to one user, by its key ("window:12:2023-04-14:7",
    "event:345"): the log that keeps a reminder from ever being sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(_("kunci"), max_length=100)
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_sent_reminder")]
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")

    def __str__(self) -> str:
        return f"{self.user} {self.key}"

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import throttle


class ThrottleMixin:
    """Refuse to even check the password while the user name or address is locked out."""

    locked_message = _(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit."
    )

    def clean(self):
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else None
        if throttle.is_locked(username, address):
            raise forms.ValidationError(
                self.locked_message,
                code="locked",
                params={"minutes": settings.KINERJA_LOGIN_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear(username)
        return cleaned


# Django's own Indonesian message repeats the field name ("Masukkan nama pengguna nama
# pengguna dan sandi..."); ours names it once and gives no hint which of the two was wrong.
INVALID_LOGIN = _(
    "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
)


class ThrottledLoginForm(ThrottleMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}


class ThrottledAdminLoginForm(ThrottleMixin, AdminAuthenticationForm):
    pass


class SettingsForm(forms.Form):
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        required=False,
        help_text=_("Ke alamat ini pengingat dan pemberitahuan dikirim."),
    )
    email_reminders = forms.BooleanField(
        label=_("Kirim pengingat dan pemberitahuan lewat e-mail"),
        required=False,
        help_text=_(
            "Pengingat 7, 3 dan 1 hari sebelum jadwal pengisian ditutup, dan pemberitahuan "
            "bila laporan Anda dikembalikan atau disetujui."
        ),
    )

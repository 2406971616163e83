"""The login form is Django's with our message; failed logins are counted and locked by
django-axes (its authentication backend and middleware, settings ``AXES_*``): five
failures for one user name from one address lock that combination for the window, the
admin login too. And the user's own settings form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

# Django's own Indonesian message repeats the field name ("Masukkan nama pengguna nama
# pengguna dan sandi..."); ours names it once and gives no hint which of the two was wrong.
INVALID_LOGIN = _(
    "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
)


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}


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

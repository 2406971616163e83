from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import LoginForm, SettingsForm
from .models import UserSettings


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_http_methods(["GET", "POST"])
def user_settings(request):
    """The signed-in user's own settings: e-mail address and e-mail reminders."""
    user = request.user
    prefs = UserSettings.objects.filter(user=user).first()
    initial = {"email": user.email, "email_reminders": prefs is None or prefs.email_reminders}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_settings(
            user,
            email=form.cleaned_data["email"],
            email_reminders=form.cleaned_data["email_reminders"],
        )
        messages.success(request, _("Pengaturan disimpan."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a locked user name and address (``AXES_LOCKOUT_CALLABLE``):
    the login page's look, in Indonesian, HTTP 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = settings.KINERJA_LOGIN_WINDOW_MINUTES
    return render(request, "accounts/locked.html", {"lock_minutes": minutes}, status=429)

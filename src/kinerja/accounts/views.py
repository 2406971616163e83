from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a locked user name and address (``AXES_LOCKOUT_CALLABLE``):
    the login page's look, in Indonesian, HTTP 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = settings.KINERJA_LOGIN_WINDOW_MINUTES
    return render(request, "accounts/locked.html", {"lock_minutes": minutes}, status=429)

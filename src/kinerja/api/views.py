"""The user's own API tokens: create (the secret is shown once, on the page that
answers the form) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import tokens
from .forms import TokenForm
from .models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request):
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    secret = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            try:
                token = tokens.revoke_token(request.user, int(request.POST.get("token", "")))
            except (ValueError, ApiToken.DoesNotExist):
                raise Http404 from None
            messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
            return redirect("apiweb:tokens")
        if action == "create" and form.is_valid():
            try:
                token, secret = tokens.create_token(
                    request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["days"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )

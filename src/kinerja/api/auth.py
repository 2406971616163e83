"""Who is calling: a personal API token (``Authorization: Bearer knj_…``) or, for the
web's own pages, the signed-in session (with Django's CSRF check on writes).

A token acts as its user: the rights are the user's, from org/access.py, per unit. Its
scope narrows them: a read token may only read (403 on any write). A token is limited
to KINERJA_API_RATE requests (429 past it), counted in the cache like the survey's
limit. Unknown, revoked and expired tokens are a 401."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer, SessionAuth

from kinerja.audit.context import set_actor

from .errors import ApiError
from .tokens import token_for

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _token_key(group, request) -> str:
    return str(request.api_token.pk)


def _rate_limited(request) -> bool:
    usage = get_usage(
        request,
        group="api-token",
        key=_token_key,
        rate=settings.KINERJA_API_RATE,
        method=get_usage.ALL,
        increment=True,
    )
    # None: the cache cannot be reached (RATELIMIT_FAIL_OPEN): the API keeps answering.
    return usage is not None and usage["should_limit"]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = token_for(token)
        if found is None:
            return None
        request.api_token = found
        request.user = found.user
        set_actor(user_id=found.user.pk, username=found.user.get_username(), source="api")
        if _rate_limited(request):
            raise ApiError(
                429,
                _("Terlalu banyak permintaan dengan token ini; coba lagi sebentar lagi."),
            )
        if request.method not in SAFE_METHODS and not found.may_write:
            raise ApiError(403, _("Token ini hanya untuk membaca; menulis perlu cakupan tulis."))
        return found.user


class WebSession(SessionAuth):
    """The signed-in user of the web app (CSRF token required on writes)."""

    def authenticate(self, request, key):
        request.api_token = None
        return super().authenticate(request, key)


AUTH = [TokenAuth(), WebSession()]

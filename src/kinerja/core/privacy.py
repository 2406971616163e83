"""Pages for a signed-in user are never kept by a browser or a shared proxy cache, and
a session left alone ends.

Everything a signed-in user sees belongs to a unit's private work: figures not yet
approved, evidence, the audit trail. ``PrivatePagesMiddleware`` marks every response
to an authenticated request ``Cache-Control: no-store`` (with Django's
``add_never_cache_headers``: also ``no-cache, must-revalidate, private, max-age=0``),
unless the view set its own Cache-Control. Public pages (the transparency page, the
survey) and static files are left alone: the first are public by purpose, and WhiteNoise
answers the second before this middleware runs.

Idle sessions: a session lives ``SESSION_COOKIE_AGE`` (``KINERJA_SESSION_IDLE_MINUTES``)
from its last save. Saving it on every request (``SESSION_SAVE_EVERY_REQUEST``) would
cost a database write per page; instead the middleware renews it once half of that age
has passed since the last renewal (the time is kept in the session). A session
therefore ends between half the idle time and the whole of it after the last request,
never while a user is at work.
"""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers

RENEWED = "_kinerja_renewed"  # seconds since the epoch of the session's last renewal


def mark_renewed(sender, request, user, **kwargs):
    """At login (``user_logged_in``): the session was just saved with a fresh expiry."""
    request.session[RENEWED] = int(time.time())


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in:
            _renew(request.session)
        response = self.get_response(request)
        if signed_in and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


def _renew(session) -> None:
    now = int(time.time())
    last = session.get(RENEWED)
    if not isinstance(last, int) or now - last >= settings.SESSION_COOKIE_AGE // 2:
        session[RENEWED] = now  # modified: the session middleware saves it, expiry anew

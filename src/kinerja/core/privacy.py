"""Pages for a signed-in user are never kept by a browser or a shared proxy cache.

Everything a signed-in user sees belongs to a unit's private work: figures not yet
approved, evidence, the audit trail. ``PrivatePagesMiddleware`` marks every response
to an authenticated request ``Cache-Control: no-store`` (with Django's
``add_never_cache_headers``: also ``no-cache, must-revalidate, private, max-age=0``),
unless the view set its own Cache-Control. Public pages (the transparency page, the
survey) and static files are left alone: the first are public by purpose, and WhiteNoise
answers the second before this middleware runs.
"""

from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

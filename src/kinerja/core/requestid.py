"""A request id on every log line of a request, and in the response's ``X-Request-ID``.

The id comes from the incoming ``X-Request-ID`` header only when the request arrives
from a trusted reverse proxy (``KINERJA_TRUSTED_PROXIES``: nginx sets it, so its access
log and ours share the id); anyone else could choose ids to confuse the logs, so they
get a fresh one. ``RequestIdFilter`` puts the current id on every log record
(``request_id``, ``-`` outside a request), which both log formats print
(settings.LOGGING; ``KINERJA_LOG_FORMAT=json`` for one JSON object per line).
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings

HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: ContextVar[str] = ContextVar("kinerja_request_id", default="-")


def current() -> str:
    return _current.get()


def _from(request) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    trusted = request.META.get("REMOTE_ADDR") in settings.KINERJA_TRUSTED_PROXIES
    if trusted and _ACCEPTED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = _from(request)
        # Kept until the response is closed (request_finished): Django logs a 4xx/5xx
        # response after the middleware chain has returned.
        _current.set(request.id)
        response = self.get_response(request)
        response[HEADER] = request.id
        return response


def forget(**kwargs) -> None:
    """The request is over (``request_finished``): later lines belong to no request."""
    _current.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True

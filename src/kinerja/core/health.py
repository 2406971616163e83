"""Health and readiness endpoints for a load balancer or a process supervisor.

- ``GET /healthz``: the process is alive and answers. Touches nothing else, not even the
  database: a database outage must not make the supervisor restart healthy workers.
- ``GET /readyz``: the instance can serve real requests: the checks it cannot serve
  without (``REQUIRED``: the database; the file storage, a small file written, read back
  and deleted, core/storage.py) pass. 503 while any fails, so the load balancer sends the
  traffic elsewhere. The message broker is checked and reported too, but its outage
  answers 200 with ``"status": "degraded"``: pages still serve (starting a background
  job says it is unavailable), and taking every app node out of the load balancer
  because the broker is down would turn a partial outage into a full one.

Both answer JSON (``{"status": "ok", ...}``), need no login and are never cached.

They are answered by a middleware at the very top of ``settings.MIDDLEWARE`` rather than
by a view, because everything below it is wrong for a probe: a load balancer calls a
backend by its address (``Host: 10.0.0.5:8000``, refused by the host check) over plain
HTTP (redirected to HTTPS by ``KINERJA_SECURE``), and a probe every few seconds must not
start sessions, set cookies, be sent to the login page or enter the audit context.
"""

import logging
from collections.abc import Callable

from django.db import connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


def database() -> None:
    """The default database answers a query (a fresh connection if the old one broke)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def broker() -> None:
    """The message broker of the background jobs accepts a connection (2 s at most):
    without it no job can be started (pages still serve; starting one says so)."""
    from kinerja.jobs.broker import check

    check()


def storage() -> None:
    """The file storage (local folder or S3 bucket) writes, reads and deletes a file."""
    from kinerja.core.storage import probe

    probe()


# name → a function that returns when the dependency is usable and raises otherwise.
CHECKS: dict[str, Callable[[], None]] = {
    "database": database,
    "storage": storage,
    "broker": broker,
}
# Without these the instance cannot serve pages; the others degrade it (see above).
REQUIRED = frozenset({"database", "storage"})


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; ``(every REQUIRED check passed, {name: "ok" | "unavailable"})``.
    Why a check failed goes to the log, not to the anonymous caller."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("readiness check %r failed", name, exc_info=True)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return all(results[name] == "ok" for name in REQUIRED if name in results), results


def _json(request, payload: dict, status: int = 200) -> HttpResponse:
    response = JsonResponse(payload, status=status)
    response["Cache-Control"] = "no-store"
    if request.method == "HEAD":
        response.content = b""
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path not in (HEALTH_PATH, READY_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _json(request, {"status": "method not allowed"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        if path == HEALTH_PATH:
            return _json(request, {"status": "ok"})
        ready, checks = readiness()
        if not ready:
            status = "unavailable"
        elif all(value == "ok" for value in checks.values()):
            status = "ok"
        else:
            status = "degraded"
        return _json(request, {"status": status, "checks": checks}, 200 if ready else 503)

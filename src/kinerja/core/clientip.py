"""The visitor's address, read the same way everywhere: the failed-login lock
(django-axes, ``AXES_CLIENT_IP_CALLABLE``), the survey's rate limit and the login records.

Behind nginx every request reaches gunicorn from nginx's address; a request whose
``REMOTE_ADDR`` is one of ``settings.KINERJA_TRUSTED_PROXIES`` names the visitor in
``X-Real-IP`` (which nginx overwrites, docs/deploy.md). A header from anyone else is never
believed: a client sets whatever it likes there, and trusting it would let anyone dodge
a per-address limit."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    if remote in settings.KINERJA_TRUSTED_PROXIES:
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(real))
        except ValueError:
            return remote  # a proxy that did not say: count it as the proxy
    return remote


def ratelimit_key(group, request) -> str:
    """django-ratelimit's key: the visitor's address as above."""
    return client_address(request) or ""

"""Failed-login throttling: after too many failures for one user name, or from one
address, within the window, further attempts are refused until the window has passed.
Kept in the database so it holds across processes and restarts."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(minutes=settings.KINERJA_LOGIN_WINDOW_MINUTES)


def is_locked(username: str, address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    limit = settings.KINERJA_LOGIN_MAX_FAILURES
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return address is not None and recent.filter(address=address).count() >= limit


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], address=address)
    # Old rows are useless once outside the window; drop them as we go.
    LoginFailure.objects.filter(at__lt=_window_start() - timedelta(days=1)).delete()


def clear(username: str) -> None:
    """A successful login forgets the user name's failures (not the address's)."""
    LoginFailure.objects.filter(username__iexact=username).delete()


def client_address(request) -> str | None:
    """REMOTE_ADDR, unless it is one of settings.KINERJA_TRUSTED_PROXIES: then the
    visitor's address that proxy put in X-Real-IP. Never a header from anyone else: a
    client sets whatever it likes there, and trusting it would let anyone dodge the
    address limit; but behind nginx every REMOTE_ADDR is nginx's, and one limit for all
    visitors would let five wrong guesses lock everybody out."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote in settings.KINERJA_TRUSTED_PROXIES:
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(real))
        except ValueError:
            return remote  # a proxy that did not say: count it as the proxy
    return remote

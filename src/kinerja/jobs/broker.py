"""Is the message broker there? Asked before a job is recorded (so a request while the
broker is down records nothing and says so) and by the readiness probe."""

from django.conf import settings
from kombu import Connection

# Seconds: a page waiting on a dead broker must answer quickly.
CONNECT_TIMEOUT = 2.0


class BrokerUnavailable(Exception):
    """Background work cannot be queued: the broker does not answer."""


def check(url: str | None = None, timeout: float = CONNECT_TIMEOUT) -> None:
    """Return when the broker accepts a connection within ``timeout``; raise
    ``BrokerUnavailable`` (with the transport's reason) otherwise."""
    url = url or settings.CELERY_BROKER_URL
    try:
        with Connection(url, connect_timeout=timeout, transport_options={"max_retries": 0}) as c:
            c.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as exc:  # every transport raises its own kinds
        raise BrokerUnavailable(f"{type(exc).__name__}: {exc}") from exc


def available(url: str | None = None, timeout: float = CONNECT_TIMEOUT) -> bool:
    try:
        check(url, timeout)
    except BrokerUnavailable:
        return False
    return True

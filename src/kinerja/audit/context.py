"""Who is changing data, and why: set once per request or command, read by the audit
signal handlers. A contextvar, so concurrent requests never see each other's actor."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None = None
    username: str = ""
    source: str = ""  # "web", "admin", "cli:load", …
    reason: str = ""


_EMPTY = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("kinerja_audit", default=_EMPTY)  # noqa: B039 (frozen)


def current() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(**changes):
    """Set the actor, source or reason for the changes made inside the block."""
    token = _current.set(replace(_current.get(), **changes))
    try:
        yield
    finally:
        _current.reset(token)

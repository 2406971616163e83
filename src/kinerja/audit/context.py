"""Who is changing data, and why: set once per request or command, read by the audit
signal handlers. A contextvar, so concurrent requests never see each other's actor."""

import getpass
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
# Which unit a parent row belongs to, remembered for one request or command so that a
# load saving hundreds of rows under the same indicator asks the database once. Never
# process-wide: a rolled-back row's id can be reused (SQLite), and a request is short.
_unit_lookups: ContextVar[dict | None] = ContextVar("kinerja_audit_units", default=None)


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


def set_actor(*, user_id: int, username: str, source: str) -> None:
    """Name the actor after the request middleware has opened its block: the API
    recognises a token inside the view, later than the middleware. The middleware's
    ``audit_context`` puts back the value it found when its block ends, so this lasts
    for the rest of the request only."""
    _current.set(replace(_current.get(), user_id=user_id, username=username, source=source))


def unit_lookups() -> dict | None:
    """The cache of the enclosing ``lookup_scope``, or None outside one."""
    return _unit_lookups.get()


@contextmanager
def lookup_scope():
    """Remember unit lookups until the block ends (nested scopes share the outer one)."""
    if _unit_lookups.get() is not None:
        yield
        return
    token = _unit_lookups.set({})
    try:
        yield
    finally:
        _unit_lookups.reset(token)


def os_username() -> str:
    """The operating-system account running a command; "cli" when it has no name
    (containers often run as a uid without a passwd entry)."""
    try:
        return getpass.getuser() or "cli"
    except (KeyError, OSError):
        return "cli"


@contextmanager
def command_context(name: str):
    """Attribute the changes a management command makes to ``cli:<name>`` and the OS
    user. Usable as a decorator on ``handle``."""
    with audit_context(source=f"cli:{name}", username=os_username()), lookup_scope():
        yield

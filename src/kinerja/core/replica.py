"""Reading from a PostgreSQL read replica (docs/scaling.md): with ``KINERJA_REPLICA_URL``
set, settings.py adds the database alias ``replica`` and this router. Only code run
inside ``reading_from_replica()`` (the dashboards and the public pages, through the
``reads_from_replica`` view decorator) reads there; every write, and every other read,
goes to ``default``. Without the setting nothing changes.

A replica lags its primary by a moment, so only pages that show data (never a form that
is about to change it) read from it; the login and the session are read before the view
runs (``login_required`` wraps the decorator), always from the primary."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
_reading = ContextVar("kinerja_read_replica", default=False)


def configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reading_from_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """A read-only view whose queries go to the replica (when one is configured)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and configured():
            return REPLICA
        return None  # default

    def db_for_write(self, model, **hints):
        return "default"  # never the replica

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two doors

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication

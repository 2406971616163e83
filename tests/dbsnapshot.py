"""Expensive test data built once per test process and replayed as rows afterwards.

Loading the demo datasets runs the whole loader (schema validation, reference checks,
upserts, recomputation of every computed indicator, the audit trail) and takes seconds;
hundreds of tests ask for it. ``replay_or_build(key, build)`` runs ``build`` the first
time a process needs ``key``, records every row it added (per model, by primary key,
through the ORM so that every field type converts the same way on SQLite and
PostgreSQL), and on later calls inserts exactly those rows again with plain INSERTs.
The test's own transaction is rolled back as usual afterwards, so each test still sees
precisely the state the builder would have produced — the same rows, the same primary
keys, the same audit trail — and nothing else.

A replay is only valid on the database state the rows were recorded on: the row count of
every table, and the rows themselves of the tables that were not empty (content types
and permissions, which the recorded rows may point to). When a later call finds another
state (a test created rows before asking for the data, a flush recreated the content
types), the builder runs again and its rows are recorded from that state.
The same holds when the build changed rows that existed before it (then nothing is
recorded).

A flush (the end of every transactional test: the browser tests, backup and restore;
the end of a module with ``module_demo``) leaves the tables empty and lets Django make
the content types and permissions again, with new primary keys: no recording would
match that state, and the next test asking for the demo would load it for real again.
``restore_base()`` puts back the rows the migrated database had, with their keys, so
the usual recordings replay after a flush as well.

This is a test-suite device, not application code: the loader itself stays tested by
the tests that call it directly (tests/datasets, tests/demo, tests/audit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class _Recording:
    state_before: tuple
    rows: list[tuple[type, list[dict[str, Any]]]] = field(default_factory=list)
    inserts: list[tuple[str, str, list[tuple]]] = field(default_factory=list)
    result: Any = None


_RECORDINGS: dict[str, list[_Recording] | None] = {}
KEEP = 3  # recordings per key, from different starting states


def _models() -> list[type]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _counts() -> dict[str, int]:
    tables = sorted({model._meta.db_table for model in _models()})
    with connection.cursor() as cursor:
        # One statement for all tables: a few milliseconds on either database.
        parts = [
            f"SELECT {i}, COUNT(*) FROM {connection.ops.quote_name(t)}"
            for i, t in enumerate(tables)
        ]
        cursor.execute(" UNION ALL ".join(parts))
        by_index = dict(cursor.fetchall())
    return {table: by_index[i] for i, table in enumerate(tables)}


def _field_names(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _snapshot(model) -> dict[Any, tuple]:
    names = _field_names(model)
    return {row[0]: row for row in model._base_manager.order_by().values_list("pk", *names)}


def _state() -> tuple[dict[str, int], dict[type, dict[Any, tuple]]]:
    counts = _counts()
    rows = {model: _snapshot(model) for model in _models() if counts[model._meta.db_table]}
    return counts, rows


_BASE: list[tuple[type, list[tuple]]] | None = None


def _base_models() -> list[type]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return [ContentType, Permission]  # referenced first, referencing after


def _base_rows() -> list[tuple[type, list[tuple]]]:
    return [
        (model, list(model._base_manager.order_by("pk").values_list(*_field_names(model))))
        for model in _base_models()
    ]


def remember_base() -> None:
    """Keep the content types and permissions of the freshly migrated test database."""
    global _BASE
    _BASE = _base_rows()


def restore_base() -> None:
    """After a flush: the content types and permissions again exactly as remembered (the
    same keys), when nothing else is in the database; otherwise nothing is touched."""
    from django.contrib.contenttypes.models import ContentType

    if _BASE is None or _base_rows() == _BASE:
        return
    base_tables = {model._meta.db_table for model in _base_models()}
    if any(n for table, n in _counts().items() if table not in base_tables):
        return  # not a flushed database: leave it as it is
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(_base_models()):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        for model, rows in _BASE:
            fields = model._meta.concrete_fields
            columns = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",
                [
                    tuple(
                        f.get_db_prep_save(value, connection)
                        for f, value in zip(fields, row, strict=True)
                    )
                    for row in rows
                ],
            )
        for sql in connection.ops.sequence_reset_sql(no_style(), _base_models()):
            cursor.execute(sql)
    ContentType.objects.clear_cache()


def replay_or_build(key: str, build: Callable[[], Any]) -> Any:
    """The result of ``build()``, with its rows in the database; built for real the
    first time (and whenever the database is not in the recorded starting state)."""
    recordings = _RECORDINGS.setdefault(key, [])
    if recordings is None:  # the build changes existing rows: never replayed
        return build()
    state = _state()
    for recording in recordings:
        if state == recording.state_before:
            _insert(recording)
            return recording.result

    # First use, or another starting state (a flush recreated the content types, a test
    # made rows of its own first): build for real and record from this state.
    state_before = state
    before = state_before[1]
    models = _models()
    result = build()
    recording = _Recording(state_before=state_before, result=result)
    for model in models:
        names = _field_names(model)
        old = before.get(model, {})
        added = []
        for row in model._base_manager.order_by("pk").values_list("pk", *names):
            previous = old.get(row[0])
            if previous is None:
                added.append(dict(zip(names, row[1:], strict=True)))
            elif previous != row:
                _RECORDINGS[key] = None  # the build changed existing rows: never replay
                return result
        if added:
            recording.rows.append((model, added))
    _prepare(recording)
    # A few starting states are kept (the usual empty database; the one after a
    # transactional test's flush recreated the content types with new keys).
    recordings[:] = [*recordings[-(KEEP - 1) :], recording]
    return result


def _insert(recording: _Recording) -> None:
    # One transaction (a savepoint inside a test's own): foreign keys are checked at its
    # end, so the tables can be filled in any order, also in transactional tests.
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, copy, params in recording.inserts:
            if connection.vendor == "postgresql":
                # COPY: several times faster than even psycopg's pipelined executemany.
                with cursor.cursor.copy(copy) as stream:
                    for row in params:
                        stream.write_row(row)
            else:
                cursor.executemany(sql, params)
        # PostgreSQL's sequences do not move for explicit keys; SQLite's do by themselves.
        models = [model for model, _ in recording.rows]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _prepare(recording: _Recording) -> None:
    """One INSERT per model with every value already converted for this database: a
    replay is then a few ``executemany`` calls (tens of milliseconds for the demo's
    twelve thousand rows) instead of the ORM's per-object work."""
    quote = connection.ops.quote_name
    for model, rows in recording.rows:
        fields = model._meta.concrete_fields
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = quote(model._meta.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        copy = f"COPY {table} ({columns}) FROM STDIN"
        params = [
            tuple(f.get_db_prep_save(row[f.attname], connection) for f in fields) for row in rows
        ]
        recording.inserts.append((sql, copy, params))

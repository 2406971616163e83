"""Timing helpers shared by the scenarios. Times are wall-clock seconds (perf_counter)."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def summary(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": len(times)}


def time_calls(fn: Callable[[], Any], repeat: int) -> tuple[dict, Any]:
    """Median and min of ``repeat`` calls of ``fn``, plus the SQL queries of one call.

    The queries are counted in a separate, untimed first call: counting forces Django's
    debug cursor, which must not slow the timed runs. That call doubles as the warm-up
    (database caches, lazy imports), so the timed runs measure the steady state."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {**summary(times), "queries": len(captured.captured_queries)}, result


def time_once(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def time_process(argv: list[str], env: dict, repeat: int, timeout: float = 120) -> tuple[dict, str]:
    """Median and min of ``repeat`` runs of a whole process, after one warm-up run (the
    first run after a build pays for reading files cold). Returns the last stdout."""
    stdout = _run(argv, env, timeout)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        stdout = _run(argv, env, timeout)
        times.append(time.perf_counter() - start)
    return summary(times), stdout


def _run(argv: list[str], env: dict, timeout: float) -> str:
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


POSTGRES_ADMIN_URL = os.environ.get(
    "KINERJA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)


def run_per_database(
    script: str, backend: str, repeat: int, postgres_db: str, env: dict | None = None
) -> dict:
    """Run ``script --worker BACKEND --repeat R`` in a child process on a throw-away
    SQLite file, or on the PostgreSQL database ``postgres_db`` dropped and created anew
    (a ``skipped`` result when PostgreSQL is not reachable); its stdout is JSON."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            return _child(script, backend, url, repeat, env)
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {postgres_db} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {postgres_db}")
    except psycopg.Error as exc:
        return {"skipped": f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}".strip()}
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + postgres_db
    return _child(script, backend, url, repeat, env)


def _child(script: str, backend: str, url: str, repeat: int, env: dict | None) -> dict:
    argv = [sys.executable, script, "--worker", backend, "--repeat", str(repeat)]
    full_env = {**os.environ, **(env or {}), "DATABASE_URL": url}
    proc = subprocess.run(argv, env=full_env, stdout=subprocess.PIPE, text=True, timeout=1800)
    if proc.returncode != 0:
        return {"error": f"worker exited with {proc.returncode}"}
    return json.loads(proc.stdout)


@contextmanager
def demo_database(prefix: str = "kinerja-bench-") -> Iterator[Path]:
    """Django set up on a throw-away SQLite file, migrated, with the demo datasets loaded
    (the set-up of the document and review benchmarks); yields the folder it lives in."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from kinerja.demo.services import load_demo_datasets

        call_command("migrate", verbosity=0)
        load_demo_datasets()
        yield Path(tmp)

"""Timing helpers shared by the scenarios. Times are wall-clock seconds (perf_counter)."""

import statistics
import subprocess
import time
from collections.abc import Callable
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

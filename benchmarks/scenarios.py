"""The benchmark scenarios, run inside one Django process against one database.

Import this module only after ``django.setup()``.
"""

import json
import os
import sys
from pathlib import Path

import synthetic
from django.db import connection
from django.test.utils import CaptureQueriesContext
from timing import time_calls, time_once, time_process

from kinerja.core.numbers import round_half_up
from kinerja.measurement.consolidation import consolidated_measures
from kinerja.measurement.selectors import unit_measures
from kinerja.org.models import Unit

DEMO_UNIT = "bspji-palembang"
DEMO_YEAR = 2023
NAIVE_CAP = 100  # units measured one by one; the rest is extrapolated
SEED = 20231231
# The console script next to this interpreter: the command a user would type.
KINERJA = str(Path(sys.executable).with_name("kinerja"))


def demo(repeat: int) -> dict:
    """`kinerja measures --unit bspji-palembang --year 2023` on the demo data."""
    from kinerja.demo.services import load_demo_datasets

    try:
        load_demo_datasets()
    except Exception as exc:
        # The demo files may be half-written while their author works on them: failing to
        # load means "no demo to measure", not a crashed benchmark.
        return {"skipped": f"demo datasets did not load: {type(exc).__name__}: {exc}"}
    unit = Unit.objects.get(code=DEMO_UNIT)
    selector, measures = time_calls(lambda: unit_measures(unit, DEMO_YEAR), repeat)
    argv = [KINERJA, "measures", "--unit", DEMO_UNIT, "--year", str(DEMO_YEAR), "--json"]
    cli, stdout = time_process(argv, dict(os.environ), repeat)
    # `kinerja version` sets Django up and exits: the start-up share of the CLI figure.
    startup, _ = time_process([KINERJA, "version"], dict(os.environ), repeat)
    assert len(json.loads(stdout)["indicators"]) == len(measures.indicators)
    return {
        "indicators": len(measures.indicators),
        "selector": selector,
        "cli": cli,
        "cli_startup": startup,
    }


def ministry(n_units: int, repeat: int, explain: bool = False) -> dict:
    """Consolidation of N satker units by the database, against the naive per-unit path."""
    build_s, counts = time_once(lambda: synthetic.build(n_units, SEED))
    analyze_s, _ = time_once(_analyze)
    body = Unit.objects.get(code=synthetic.BODY_CODE)
    consolidated, summaries = time_calls(
        lambda: consolidated_measures(body, synthetic.YEAR), repeat
    )
    # Checked once, outside the timing: one summary per unit, every indicator counted.
    assert len(summaries) == n_units, (len(summaries), n_units)
    assert all(s.indicators == synthetic.INDICATORS_PER_UNIT for s in summaries)
    result = {
        "units": n_units,
        "rows": counts,
        "build_s": build_s,
        "analyze_s": analyze_s,
        "consolidated": consolidated,
        "naive": _naive(summaries, n_units),
    }
    if explain:
        result["explain"] = _explain(lambda: consolidated_measures(body, synthetic.YEAR))
    return result


def _analyze() -> None:
    """Refresh the planner statistics after the bulk load. PostgreSQL's autovacuum would do
    it on its own within a minute (possibly in the middle of the timed runs), so doing it
    now makes the figures repeatable; a production database has current statistics too.
    SQLite is left as Django leaves it: it never analyzes by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _explain(fn) -> list[str]:
    """The plan of the slowest query ``fn`` runs, re-run under EXPLAIN. The captured SQL
    has its parameters inlined by the driver, so it is the statement the database ran
    (and can be pasted into psql or sqlite3). Slowest, not longest: the consolidation's
    longest statement is the one for direction-only targets, often empty."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    sql = max(captured.captured_queries, key=lambda query: float(query["time"]))["sql"]
    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    else:
        prefix = "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return [str(row[-1]) for row in cursor.fetchall()]


def _naive(summaries, n_units: int) -> dict:
    """`unit_measures` for each of the first NAIVE_CAP units (timed once, extrapolated to
    all units), compared with the consolidated figures for the same units."""
    sample = list(
        Unit.objects.filter(code__in=[s.unit_code for s in summaries[:NAIVE_CAP]]).order_by("code")
    )
    elapsed, results = time_once(lambda: [unit_measures(u, synthetic.YEAR) for u in sample])
    one_unit, _ = time_calls(lambda: unit_measures(sample[0], synthetic.YEAR), 1)
    agree = sum(_same(s, m) for s, m in zip(summaries, results, strict=False))
    return {
        "units_measured": len(sample),
        "elapsed_s": elapsed,
        "per_unit_s": elapsed / len(sample),
        "extrapolated_s": elapsed / len(sample) * n_units,
        "queries_per_unit": one_unit["queries"],
        "agree_with_consolidated": agree,
    }


def _same(summary, measures) -> bool:
    """Consolidated and per-unit figures agree at the precision the LAKIN prints."""

    def rounded(value):
        return None if value is None else round_half_up(value, 2)

    return (
        summary.unit_code == measures.unit.code
        and summary.achieved == measures.count("achieved")
        and summary.not_computable == measures.count("not_computable")
        and rounded(summary.mean_achievement_pct) == rounded(measures.mean_achievement)
    )

"""The consolidation at national scale: N satker units (default 22,000) on PostgreSQL.

    .venv/bin/python benchmarks/scale.py --database-url postgres://…/DB [--units N]
        [--repeat R] [--sample S] [--explain] [--compare REV] [--serial] [--json]

Builds the synthetic ministry of ``synthetic.py`` (N units × 15 indicators × 4 quarters)
in the given database unless it already holds one of that size, and leaves it there, so
later runs (and ``psql``) reuse it; a different size empties the plan, agreement and
realization tables and builds anew. **Use a throw-away database of your own**: the
script migrates it and writes into it. Then times ``consolidated_measures()`` of the
body (median and minimum of R runs after a warm-up), counts its SQL queries, optionally
prints ``EXPLAIN (ANALYZE, BUFFERS)`` of its slowest query, and checks, outside the
timing, that the figures equal the naive per-unit path (``unit_measures()``) on S units.
``--compare REV`` then times ``consolidated_measures()`` of this tree and of git revision
REV (its ``measurement/consolidation.py``, loaded beside the current one) side by side,
runs alternating in the same process so that a busy machine slows both alike, counts the
queries of each, and checks that both give identical summaries. When PostgreSQL runs on
this machine, the CPU time of the database server process is reported beside the wall
clock: on a machine shared with other work it is the steadier figure. ``--serial`` turns
PostgreSQL's parallel workers off for the session (``max_parallel_workers_per_gather =
0``), so that this CPU time is the whole query's, not only the leader's part.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import astuple
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--units", type=int, default=22_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=200, help="units checked one by one")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--compare", metavar="REV", help="also time git revision REV's code")
    parser.add_argument("--serial", action="store_true", help="no parallel query workers")
    parser.add_argument(
        "--summaries",
        action="store_true",
        help="also time cold (no stored summary), warm, and after one unit's realization changed",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    import scenarios
    import synthetic
    from django.core.management import call_command
    from django.db import connection
    from timing import time_calls, time_once

    from kinerja.measurement.consolidation import consolidated_measures
    from kinerja.measurement.models import Realization
    from kinerja.measurement.selectors import unit_measures
    from kinerja.org.models import Unit

    call_command("migrate", verbosity=0)
    if args.serial:
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
    result = {"units": args.units, "load_average_start": os.getloadavg()[0]}
    body = Unit.objects.filter(code=synthetic.BODY_CODE).first()
    existing = body.children.count() if body else 0
    if existing != args.units:
        if body:
            log(f"dropping the synthetic ministry of {existing} units")
            _drop_synthetic()
        log(f"building {args.units} units")
        result["build_s"], result["rows"] = time_once(
            lambda: synthetic.build(args.units, scenarios.SEED)
        )
        body = Unit.objects.get(code=synthetic.BODY_CODE)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    result["realizations"] = Realization.objects.count()
    log("timing consolidated_measures()")
    result["consolidated"], summaries = time_calls(
        lambda: consolidated_measures(body, synthetic.YEAR), args.repeat
    )
    assert len(summaries) == args.units, (len(summaries), args.units)
    step = max(1, len(summaries) // args.sample)
    sample = summaries[::step][: args.sample]
    units = {u.code: u for u in Unit.objects.filter(code__in=[s.unit_code for s in sample])}
    agree = sum(
        scenarios._same(s, unit_measures(units[s.unit_code], synthetic.YEAR)) for s in sample
    )
    result["sample_agree"] = f"{agree}/{len(sample)}"
    if args.explain:
        result["explain"] = scenarios._explain(lambda: consolidated_measures(body, synthetic.YEAR))
    if args.summaries:
        log("timing the stored summaries: cold, warm, one unit changed")
        result["summaries"] = _summaries(body, synthetic.YEAR, args.repeat)
    if args.compare:
        log(f"comparing with {args.compare}, alternating")
        result["compare"] = _compare(body, synthetic.YEAR, args.repeat, args.compare)
    result["load_average_end"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        for line in result.pop("explain", []):
            print(line)
        c = result["consolidated"]
        print(
            f"{args.units} units, {result['realizations']} realizations:"
            f" consolidated_measures() median {c['median_s']:.3f} s, min {c['min_s']:.3f} s,"
            f" {c['queries']} queries; naive = consolidated on {result['sample_agree']} units;"
            f" load average {result['load_average_start']:.1f} → {result['load_average_end']:.1f}"
        )
        for name, figures in result.get("summaries", {}).items():
            if isinstance(figures, dict):
                print(
                    f"  summaries {name}: median {figures['median_s']:.3f} s,"
                    f" min {figures['min_s']:.3f} s, runs {figures['times']},"
                    f" server CPU {figures['server_cpu_s']}"
                )
            else:
                print(f"  summaries {name}: {figures}")
        if compare := result.get("compare"):
            for name in ("current", compare["revision"]):
                figures = compare[name]
                print(
                    f"  {name}: median {figures['median_s']:.3f} s, min {figures['min_s']:.3f} s,"
                    f" {figures['queries']} queries, runs {figures['times']},"
                    f" server CPU {figures['server_cpu_s']}"
                )
            print(f"  identical summaries: {compare['identical']}")
        if "build_s" in result:
            print(f"built in {result['build_s']:.0f} s: {result['rows']}")
    return 0


def _module_at(revision: str):
    """``kinerja.measurement.consolidation`` as it was at git ``revision``, imported
    under another name in the same package (its relative imports resolve as usual)."""
    path = "src/kinerja/measurement/consolidation.py"
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "-C", str(root), "show", f"{revision}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as file:
        file.write(source)
    name = "kinerja.measurement._consolidation_compared"
    spec = importlib.util.spec_from_file_location(name, file.name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    os.unlink(file.name)
    return module


def _compare(body, year: int, repeat: int, revision: str) -> dict:
    """This tree's ``consolidated_measures`` and ``revision``'s, alternating (current,
    other, current, …) after one untimed call of each, which also counts its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from timing import summary

    from kinerja.measurement import consolidation

    functions = {
        "current": consolidation.consolidated_measures,
        revision: _module_at(revision).consolidated_measures,
    }
    results, queries = {}, {}
    for name, fn in functions.items():
        with CaptureQueriesContext(connection) as captured:
            results[name] = fn(body, year)
        queries[name] = len(captured.captured_queries)
    times: dict[str, list[float]] = {name: [] for name in functions}
    cpu: dict[str, list[float]] = {name: [] for name in functions}
    server = _server_cpu()
    for _ in range(repeat):
        for name, fn in functions.items():
            start, cpu_start = time.perf_counter(), server()
            fn(body, year)
            times[name].append(time.perf_counter() - start)
            if cpu_start is not None:
                cpu[name].append(round(server() - cpu_start, 2))
    out: dict = {
        name: {
            **summary(t),
            "queries": queries[name],
            "times": [round(x, 3) for x in t],
            "server_cpu_s": cpu[name] or "not measurable here",
        }
        for name, t in times.items()
    }
    out["revision"] = revision
    # Field by field: each module has its own UnitSummary class.
    current, other = ([astuple(s) for s in results[name]] for name in functions)
    out["identical"] = current == other
    return out


def _summaries(body, year: int, repeat: int) -> dict:
    """``consolidated_measures`` through the per-unit-year summaries: cold (every summary
    made out of date before each run, so each run computes and stores all), warm (all
    current: one read), and after one unit's realization changed before each run (one
    unit computed again). Each result is checked identical to the cold one."""
    from timing import summary

    from kinerja.measurement.consolidation import consolidated_measures
    from kinerja.measurement.models import Realization
    from kinerja.measurement.summaries import invalidate_all

    server = _server_cpu()

    def timed(prepare):
        times, cpu, result = [], [], None
        for _ in range(repeat):
            prepare()
            start, cpu_start = time.perf_counter(), server()
            result = consolidated_measures(body, year)
            times.append(time.perf_counter() - start)
            if cpu_start is not None:
                cpu.append(round(server() - cpu_start, 2))
        figures = {**summary(times), "times": [round(x, 3) for x in times]}
        figures["server_cpu_s"] = cpu or "not measurable here"
        return figures, [astuple(s) for s in result]

    out = {}
    out["cold"], cold = timed(invalidate_all)
    out["warm"], warm = timed(lambda: None)
    row = Realization.objects.filter(year=year, indicator__version__plan__unit__parent=body).first()
    original = row.value
    steps = iter(range(1, 10**6))

    def change():
        row.value = original + next(steps)
        row.save(update_fields=["value"])

    out["one_unit_changed"], _changed = timed(change)
    row.value = original
    row.save(update_fields=["value"])
    out["after_change_back"], back = timed(lambda: None)
    out["identical"] = cold == warm == back
    return out


def _server_cpu():
    """A function returning the CPU seconds (user + system) the database server process
    of this connection has used, or None when it cannot be read (not PostgreSQL, or the
    server on another machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def read():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / tick

    return read


def _drop_synthetic() -> None:
    from django.db import connection

    tables = [
        "measurement_realization",
        "planning_agreementindicator",
        "planning_agreementversion",
        "planning_agreement",
        "planning_target",
        "planning_indicator",
        "planning_objective",
        "planning_goal",
        "planning_planversion",
        "planning_strategicplan",
    ]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(tables) + " CASCADE")
        cursor.execute("DELETE FROM org_unit WHERE code LIKE 'bench-%%'")


def log(message: str) -> None:
    print(f"[scale] {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())

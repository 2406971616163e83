"""The consolidation at national scale: N satker units (default 22,000) on PostgreSQL.

    .venv/bin/python benchmarks/scale.py --database-url postgres://…/DB [--units N]
        [--repeat R] [--sample S] [--explain] [--json]

Builds the synthetic ministry of ``synthetic.py`` (N units × 15 indicators × 4 quarters)
in the given database unless it already holds one of that size, and leaves it there, so
later runs (and ``psql``) reuse it; a different size empties the plan, agreement and
realization tables and builds anew. **Use a throw-away database of your own**: the
script migrates it and writes into it. Then times ``consolidated_measures()`` of the
body (median and minimum of R runs after a warm-up), counts its SQL queries, optionally
prints ``EXPLAIN (ANALYZE, BUFFERS)`` of its heaviest query, and checks, outside the
timing, that the figures equal the naive per-unit path (``unit_measures()``) on S units.
"""

import argparse
import json
import os
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--units", type=int, default=22_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=200, help="units checked one by one")
    parser.add_argument("--explain", action="store_true")
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
        if "build_s" in result:
            print(f"built in {result['build_s']:.0f} s: {result['rows']}")
    return 0


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

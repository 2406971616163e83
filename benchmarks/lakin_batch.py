"""Batch LAKIN throughput of one process: documents built and rendered per minute.

    .venv/bin/python benchmarks/lakin_batch.py [--synthetic N] [--rounds R]

What a batch job ("every LAKIN of every unit under BSKJI for 2023") costs one worker
process: for each unit, ``build_lakin`` (reading the database, computing every table,
drawing the charts) and then rendering, once each to DOCX, PDF and XLSX. Two data sets, each
on a throw-away SQLite file:

* the demo: every unit of the demo datasets with a 2023 agreement (the real LAKIN, 86
  tables for the largest unit);
* N synthetic satker units (``synthetic.py``: 15 indicators, four quarters, no budget or
  narratives), a small report each, as most regional offices would have.

Prints documents per minute (wall clock, and by the process's CPU time, which a machine
shared with other work changes less) for DOCX and PDF, and the load average. One round
renders every unit once per format; the first round also warms up imports and fonts and
is left out when R > 1. Nothing here is a test; nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import time

from timing import demo_database

YEAR = 2023


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=30, help="synthetic units (0: none)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with demo_database(prefix="kinerja-batch-"):
        import scenarios
        import synthetic

        from kinerja.org.models import Unit
        from kinerja.planning.models import Agreement

        demo_units = list(Unit.objects.filter(agreements__year=YEAR).distinct().order_by("code"))
        sets = [("demo", demo_units)]
        if args.synthetic:
            synthetic.build(args.synthetic, scenarios.SEED)
            body = Unit.objects.get(code=synthetic.BODY_CODE)
            units = list(Unit.objects.filter(parent=body).order_by("code"))
            sets.append((f"synthetic ({args.synthetic} units)", units))
        assert Agreement.objects.filter(year=YEAR).exists()
        print(f"Batch LAKIN {YEAR}, one process, {args.rounds} round(s) per format")
        for label, units in sets:
            for fmt in ("docx", "pdf", "xlsx"):
                figures = throughput(units, fmt, args.rounds)
                print(
                    f"  {label:<24} {fmt:<4} {len(units):3d} documents:"
                    f" {figures['wall_per_min']:6.1f} per minute"
                    f" ({figures['wall_s']:.2f} s each),"
                    f" by CPU {figures['cpu_per_min']:6.1f} per minute"
                    f" ({figures['cpu_s']:.2f} s each); load average {figures['load']:.1f}"
                )
    return 0


def throughput(units, fmt: str, rounds: int) -> dict:
    """Seconds per document (median over the rounds of a round's mean) for build + render."""
    from kinerja.reports import charts
    from kinerja.reports.lakin import build_lakin
    from kinerja.reports.management.commands.lakin import renderer

    render = renderer(fmt)
    walls, cpus, loads = [], [], []
    for _ in range(rounds):
        # A batch draws each unit's charts once: without this, a round after the first
        # would take the demo's charts from the process's memo and measure nothing.
        charts._DRAWN.clear()
        started, cpu = time.perf_counter(), time.process_time()
        for unit in units:
            content = render(build_lakin(unit, YEAR))
            assert content, unit.code
        walls.append((time.perf_counter() - started) / len(units))
        cpus.append((time.process_time() - cpu) / len(units))
        loads.append(os.getloadavg()[0])
    if rounds > 1:  # the first round pays for imports, fonts and caches
        walls, cpus = walls[1:], cpus[1:]
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "wall_per_min": 60 / wall,
        "cpu_per_min": 60 / cpu,
        "load": statistics.mean(loads),
    }


if __name__ == "__main__":
    sys.exit(main())

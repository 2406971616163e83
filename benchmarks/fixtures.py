"""Time the test suite's most common set-up: the demo datasets and the demo users.

    .venv/bin/python benchmarks/fixtures.py [--repeat R] [--only sqlite|postgres]

Side by side in one run, per database: loading the demo for real
(``load_demo_datasets`` + the accounts, what the ``demo``/``users`` fixtures did for
every test before) and replaying the recorded rows (tests/dbsnapshot.py, what they do
now after the first test of a process). Each run happens inside a transaction that is
rolled back, as in a test. Runs on a throw-away SQLite file and on a freshly created
PostgreSQL database `kinerja_bench_fixtures` (skipped with a message when PostgreSQL is
not reachable; server KINERJA_BENCH_POSTGRES as for run.py), one child process each.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from timing import run_per_database

BACKENDS = ("sqlite", "postgres")
POSTGRES_DB = "kinerja_bench_fixtures"
TESTS = Path(__file__).resolve().parents[1] / "tests"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=BACKENDS)
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.repeat)))
        return 0
    failed = False
    print(f"Demo + users set-up of a test; {args.repeat} timed runs each, rolled back")
    for backend in [args.only] if args.only else BACKENDS:
        result = run_backend(backend, args.repeat)
        if "skipped" in result or "error" in result:
            print(f"  {backend}: {result.get('skipped') or result['error']}")
            failed |= "error" in result
            continue
        for label, figures in result["ways"].items():
            print(
                f"  {backend:<8} {label:<22} median {figures['median_s'] * 1000:8.1f} ms"
                f"   min {figures['min_s'] * 1000:8.1f} ms"
            )
        print(
            f"  {backend:<8} {result['rows']} rows replayed; "
            f"load average during the run: {result['load_average']:.1f}"
        )
    return 1 if failed else 0


def run_backend(backend: str, repeat: int) -> dict:
    return run_per_database(__file__, backend, repeat, POSTGRES_DB)


def worker(repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    sys.path.insert(0, str(TESTS))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    import dbsnapshot
    from kinerja.demo.services import ensure_demo_accounts, load_demo_datasets

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    def build():
        load_demo_datasets()
        ensure_demo_accounts("bench-only-password")

    def rolled_back(fn) -> float:
        started = time.perf_counter()
        with transaction.atomic():
            fn()
            transaction.set_rollback(True)
        return time.perf_counter() - started

    load = [rolled_back(build) for _ in range(repeat)]
    rolled_back(lambda: dbsnapshot.replay_or_build("bench", build))  # records
    replay = [
        rolled_back(lambda: dbsnapshot.replay_or_build("bench", build)) for _ in range(repeat)
    ]
    rows = sum(len(r) for _, r in dbsnapshot._RECORDINGS["bench"][0].rows)

    def summary(times):
        return {"median_s": statistics.median(times), "min_s": min(times)}

    return {
        "ways": {"load for real": summary(load), "replay recorded rows": summary(replay)},
        "rows": rows,
        "load_average": os.getloadavg()[0],
    }


if __name__ == "__main__":
    sys.exit(main())

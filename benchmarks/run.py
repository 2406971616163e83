"""kinerja benchmarks: `make bench`, or `.venv/bin/python benchmarks/run.py [options]`.

One Django process can hold only one settings database, so this script runs each backend
in a child process of itself (``--worker sqlite|postgres``); the child prints its figures
as JSON and the parent prints them side by side. See benchmarks/README.md and
docs/performance.md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import report

BACKENDS = ("sqlite", "postgres")
# The server's maintenance database, used to drop and create the benchmark database.
POSTGRES_ADMIN_URL = os.environ.get(
    "KINERJA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_DB = "kinerja_bench"
WORKER_TIMEOUT_S = 3600  # a stuck worker must not keep `make bench` running forever


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="satker units (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--only", choices=BACKENDS, help="run one database only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--explain", action="store_true", help="also print the consolidation's query plan"
    )
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.units < 1 or args.repeat < 1:
        parser.error("--units and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(args)))
        return 0
    results = [run_backend(name, args) for name in ([args.only] if args.only else BACKENDS)]
    document = {"machine": report.machine(), "units": args.units, "repeat": args.repeat}
    document["backends"] = results
    print(json.dumps(document, indent=2) if args.json else report.table(document))
    return 0 if all("error" not in r for r in results) else 1


# -- parent: one fresh database and one child process per backend ----------------------


def run_backend(name: str, args: argparse.Namespace) -> dict:
    log(f"{name}: preparing a fresh database")
    if name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
            return run_child(name, f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args)
    reason = recreate_postgres_db()
    if reason:
        log(f"postgres: skipped — {reason}")
        return {"backend": name, "skipped": reason}
    return run_child(name, postgres_url(POSTGRES_DB), args)


def postgres_url(database: str) -> str:
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


def recreate_postgres_db() -> str | None:
    """Drop and create the benchmark database; the reason it failed, or None. The database
    is left in place afterwards, so its plans can be inspected with EXPLAIN."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            # FORCE ends sessions left over from an interrupted run (PostgreSQL ≥ 13).
            conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {POSTGRES_DB}")
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {str(exc).strip()}"
    return None


def run_child(name: str, database_url: str, args: argparse.Namespace) -> dict:
    argv = [sys.executable, __file__, "--worker", name]
    argv += ["--units", str(args.units), "--repeat", str(args.repeat)]
    argv += ["--explain"] if args.explain else []
    env = {**os.environ, "DATABASE_URL": database_url}
    log(f"{name}: running (units={args.units}, repeat={args.repeat})")
    try:
        # stderr passes through: the child's progress lines reach the console as they come.
        proc = subprocess.run(
            argv, env=env, stdout=subprocess.PIPE, text=True, timeout=WORKER_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return {"backend": name, "error": f"worker timed out after {WORKER_TIMEOUT_S} s"}
    if proc.returncode != 0:
        return {"backend": name, "error": f"worker exited with {proc.returncode}"}
    return json.loads(proc.stdout)


# -- child: everything inside Django, on the database named by DATABASE_URL -------------


def run_worker(args: argparse.Namespace) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    django.setup()
    import scenarios
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = {"backend": args.worker, "versions": report.versions()}
    log(f"{args.worker}: scenario 1, demo measures")
    result["demo"] = scenarios.demo(args.repeat)
    if "skipped" in result["demo"]:
        log(f"{args.worker}: demo skipped — {result['demo']['skipped']}")
    log(f"{args.worker}: scenario 2, synthetic ministry of {args.units} units")
    result["ministry"] = scenarios.ministry(args.units, args.repeat, args.explain)
    return result


def log(message: str) -> None:
    """Progress goes to stderr, so a worker's stdout stays pure JSON."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""Time the dashboards on the demo: the unit dashboard and the parent view.

    .venv/bin/python benchmarks/dashboard.py [--repeat R] [--only sqlite|postgres]

Each page is requested through Django's test client as a logged-in user, so a figure is
the whole request: session, access checks, selectors, charts and template. The SQL
queries of one request are counted in an untimed warm-up call. Besides wall-clock time
the process's CPU time is printed (it leaves out PostgreSQL's own work but is steadier
on a busy machine), and the load average, since other work slows every figure. Runs
on a throw-away SQLite file and on a freshly created PostgreSQL database
`kinerja_bench_dashboard` (skipped with a message when PostgreSQL is not reachable; the
server is KINERJA_BENCH_POSTGRES as for run.py). One child process per database, since a
Django process holds one settings database. Prints median and minimum per page.
"""

import argparse
import json
import os
import statistics
import sys
import time

from timing import run_per_database

BACKENDS = ("sqlite", "postgres")
POSTGRES_DB = "kinerja_bench_dashboard"
PAGES = (
    # label, user, URL name, arguments
    ("unit dashboard bspji-palembang 2023", "kepala", "dashboard:unit", ("bspji-palembang", 2023)),
    ("parent view bskji 2023", "bskji", "dashboard:parent", ("bskji", 2023)),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", choices=BACKENDS)
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.repeat)))
        return 0
    failed = False
    print(f"Dashboards on the demo; {args.repeat} timed requests each, after one warm-up")
    for backend in [args.only] if args.only else BACKENDS:
        result = run_backend(backend, args.repeat)
        if "skipped" in result or "error" in result:
            print(f"  {backend}: {result.get('skipped') or result['error']}")
            failed |= "error" in result
            continue
        for label, figures in result["pages"].items():
            print(
                f"  {backend:<8} {label:<38} median {figures['median_s'] * 1000:6.1f} ms"
                f"   min {figures['min_s'] * 1000:6.1f} ms"
                f"   CPU median {figures['cpu_median_s'] * 1000:6.1f} ms"
                f"   {figures['queries']} queries"
            )
        # Wall-clock figures grow with whatever else runs on the machine.
        print(f"  {backend:<8} (load average during the run: {result['load_average']:.1f})")
    return 1 if failed else 0


def run_backend(backend: str, repeat: int) -> dict:
    # The test client's host name must be allowed, whatever the environment says.
    hosts = os.environ.get("KINERJA_ALLOWED_HOSTS", "127.0.0.1,localhost") + ",testserver"
    return run_per_database(
        __file__, backend, repeat, POSTGRES_DB, {"KINERJA_ALLOWED_HOSTS": hosts}
    )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def worker(repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    from django.test.utils import override_settings

    # Pages name their static files plainly (as in tests): the hashed names need
    # collectstatic, which the served app runs and this timing does not measure.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from timing import summary

    from kinerja.demo.services import ensure_demo_accounts, load_demo_datasets

    call_command("migrate", verbosity=0)
    load_demo_datasets()
    users = {u.username: u for u in ensure_demo_accounts("bench-only-password")}
    pages = {}
    for label, username, name, args in PAGES:
        client = Client()
        client.force_login(users[username])
        url = reverse(name, args=args)

        def get(client=client, url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return response

        # Counted with a wrapper, not CaptureQueriesContext: each request resets
        # Django's query log (request_started), which would hide the request's queries.
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            get()  # also the warm-up: template compilation, lazy imports
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            get()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        pages[label] = {
            **summary(wall),
            "cpu_median_s": statistics.median(cpu),
            "queries": counter.count,
        }
    return {"pages": pages, "load_average": os.getloadavg()[0]}


if __name__ == "__main__":
    sys.exit(main())

"""The real thing: `kinerja demo` serving with a Celery worker beside it, a standalone
`kinerja worker`, both against the Redis on 127.0.0.1:6379, and `kinerja batch … --wait`
running every LAKIN under BSKJI as one job end to end. Processes of their own, with
their own SQLite file database (tests/conftest.py KinerjaProcesses), so the suite's
database backend does not matter; every test run uses queue names of its own, so runs
in parallel (xdist, the SQLite and PostgreSQL suites) never take each other's tasks."""

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
import zipfile

import pytest

from kinerja.jobs import broker

REDIS = "redis://127.0.0.1:6379/0"
WAIT = 300  # seconds, for a batch of two LAKINs on a busy machine


@pytest.fixture(scope="module")
def redis():
    if not broker.available(REDIS):
        pytest.fail(f"the real-worker tests need Redis at {REDIS} (docs/deploy.md)")
    return REDIS


@pytest.fixture(scope="module")
def demo(tmp_path_factory, kinerja_processes, redis):
    folder = tmp_path_factory.mktemp("jobs-demo")
    queue = f"kinerja-test-{uuid.uuid4().hex}"
    env = {"KINERJA_BROKER_URL": redis, "KINERJA_JOBS_QUEUE": queue}
    base, log = kinerja_processes.start(
        folder, "demo", "--lakin=", "--addrport=127.0.0.1:{port}", **env
    )
    return folder, base, log, env


def batch(kinerja_processes, folder, env, *args):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kinerja.cli",
            "batch",
            "lakin",
            "--parent=BSKJI",
            "--year=2023",
            *args,
        ],
        capture_output=True,
        text=True,
        env=kinerja_processes.environment(folder, **env),
        cwd=folder,
        timeout=WAIT,
    )


def _state(folder, job_id) -> str:
    """A job's state read straight from the processes' database file, for the waiting
    loops: each `kinerja jobs` would be a process of its own (seconds of CPU a poll)."""
    with sqlite3.connect(folder / "kinerja.sqlite3", timeout=30) as db:
        row = db.execute("SELECT state FROM jobs_job WHERE id = ?", [job_id])
        return row.fetchone()[0]


def jobs(kinerja_processes, folder, env) -> list[dict]:
    listed = kinerja_processes.run(folder, "jobs", "--json", **env)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def test_the_demo_runs_a_batch_with_the_worker_beside_it(demo, kinerja_processes):
    folder, base, log, env = demo
    assert "Worker latar belakang berjalan di samping server" in log.read_text()
    done = batch(kinerja_processes, folder, env, "--format=xlsx", "--wait", "--out=hasil")
    assert done.returncode == 0, done.stdout + done.stderr
    # the progress bar, one line per change (not a terminal here), to the end
    assert "[##############################] 2/2 selesai" in done.stdout
    assert "2 dari 2 laporan dibuat." in done.stdout
    job = jobs(kinerja_processes, folder, env)[0]
    assert (job["kind"], job["state"], job["done"], job["total"]) == ("batch", "succeeded", 2, 2)
    assert job["units"] == ["bspji-palembang", "bspji-pontianak"]
    assert job["attempts"] == 1
    # The ZIP in the default storage (here the media folder), copied by --out.
    stored = folder / "media" / job["result_file"]
    archive = zipfile.ZipFile(io.BytesIO(stored.read_bytes()))
    assert sorted(archive.namelist()) == [
        "DAFTAR.txt",
        "lakin-bspji-palembang-2023.xlsx",
        "lakin-bspji-pontianak-2023.xlsx",
    ]
    assert (folder / "hasil" / stored.name).read_bytes() == stored.read_bytes()
    # /readyz follows the broker too
    with urllib.request.urlopen(f"{base}/readyz", timeout=30) as response:
        checks = {"database": "ok", "storage": "ok", "broker": "ok"}
        assert json.load(response)["checks"] == checks


def test_kinerja_worker_runs_a_batch(demo, kinerja_processes, redis):
    folder, _base, _log, _env = demo
    queue = f"kinerja-test-{uuid.uuid4().hex}"
    # INFO: the scheduler says it started (the default level, WARNING, keeps it quiet).
    env = {"KINERJA_BROKER_URL": redis, "KINERJA_JOBS_QUEUE": queue, "KINERJA_LOG_LEVEL": "INFO"}
    log_path = folder / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "kinerja.cli", "worker", "--pool=solo"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=kinerja_processes.environment(folder, **env),
            cwd=folder,
        )
        try:
            queued = batch(kinerja_processes, folder, env, "--format=xlsx", "--json")
            assert queued.returncode == 0, queued.stderr
            job_id = json.loads(queued.stdout)["id"]
            deadline = time.monotonic() + WAIT
            while _state(folder, job_id) not in ("succeeded", "failed", "cancelled"):
                assert worker.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    job = next(j for j in jobs(kinerja_processes, folder, env) if j["id"] == job_id)
    assert job["state"] == "succeeded", job["message"]
    assert [u["ok"] for u in job["result"]["units"]] == [True, True]
    output = log_path.read_text()
    assert "Menjalankan worker: antrean " + queue in output
    assert "beat: Starting..." in output  # the scheduler runs inside the worker


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for the pool")
def test_a_job_whose_worker_process_is_killed_runs_again(demo, kinerja_processes, redis):
    """SIGKILL to the process running the job, in the middle of it: the task was not
    acknowledged, so it is given back and the job runs again to the end (attempt 2)."""
    folder, _base, _log, _env = demo
    env = {"KINERJA_BROKER_URL": redis, "KINERJA_JOBS_QUEUE": f"kinerja-test-{uuid.uuid4().hex}"}
    log_path = folder / "worker-killed.log"
    with log_path.open("w") as log:
        # prefork with one child and no scheduler: the only child runs the job
        worker = subprocess.Popen(
            [sys.executable, "-m", "kinerja.cli", "worker", "--concurrency=1", "--no-beat"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=kinerja_processes.environment(folder, **env),
            cwd=folder,
        )
        try:
            queued = batch(kinerja_processes, folder, env, "--format=pdf", "--json")
            assert queued.returncode == 0, queued.stderr
            job_id = json.loads(queued.stdout)["id"]
            deadline = time.monotonic() + WAIT
            killed = False
            while True:
                state = _state(folder, job_id)
                if not killed and state == "running":
                    [child] = _children(worker.pid)
                    os.kill(child, signal.SIGKILL)
                    killed = True
                if state in ("succeeded", "failed", "cancelled"):
                    break
                assert worker.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.05)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    assert killed
    job = next(j for j in jobs(kinerja_processes, folder, env) if j["id"] == job_id)
    output = log_path.read_text()
    assert "WorkerLostError" in output
    assert job["state"] == "succeeded", job["message"] + output
    assert job["attempts"] == 2
    assert [u["ok"] for u in job["result"]["units"]] == [True, True]

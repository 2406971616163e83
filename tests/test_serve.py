"""`kinerja serve`: gunicorn with the production settings, started for real on a free
loopback port (a subprocess, polled, then stopped; every wait is bounded), serving the
health probes and the collected, hashed, compressed static files through WhiteNoise.
The choices it makes (workers, binds, static check) are tested as plain functions."""

import gzip
import json
import re
import sys
import urllib.error
import urllib.request

import pytest
from django_htmx.jinja import htmx_script

from kinerja.core import serving


def fetch(url: str, **headers) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory, kinerja_processes):
    """`kinerja serve` with one worker on a free port, after `kinerja collectstatic`;
    yields (base URL, STATIC_ROOT, path of the server's output)."""
    folder = tmp_path_factory.mktemp("serve")
    collected = kinerja_processes.run(folder, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    base, log = kinerja_processes.start(
        folder, "serve", "--bind=127.0.0.1:{port}", "--workers=1", KINERJA_SECRET_KEY="s" * 50
    )
    return base, folder / "static", log


def test_serve_runs_gunicorn_and_answers_the_probes(served):
    base, _, log = served
    status, headers, body = fetch(f"{base}/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    status, _, body = fetch(f"{base}/readyz")
    # The broker: KINERJA_BROKER_URL's default, the Redis on 127.0.0.1:6379.
    checks = {"database": "ok", "storage": "ok", "broker": "ok"}
    assert (status, json.loads(body)) == (200, {"status": "ok", "checks": checks})
    output = log.read_text()
    assert "Menjalankan gunicorn di 127.0.0.1:" in output
    assert "Booting worker" in output  # gunicorn's own log, not Django's runserver
    assert "Control socket" not in output


def test_serve_delivers_hashed_compressed_static_files(served):
    base, static_root, _ = served
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    # htmx: whichever file django-htmx's {% htmx_script %} names in the pages.
    htmx = re.search(r'src="/static/([^"]+)"', htmx_script()).group(1)
    for name, content_type in [("kinerja/app.css", "text/css"), (htmx, "text/javascript")]:
        hashed = manifest[name]
        assert hashed != name  # the name carries the content's hash
        status, headers, body = fetch(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"})
        assert status == 200, (name, status)
        assert headers["Content-Type"].startswith(content_type)
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
        assert gzip.decompress(body) == (static_root / name).read_bytes()
    assert fetch(f"{base}/static/kinerja/missing.css")[0] == 404


def test_serve_refuses_to_start_before_collectstatic(tmp_path, kinerja_processes):
    result = kinerja_processes.run(
        tmp_path, "serve", "--bind=127.0.0.1:0", KINERJA_SECRET_KEY="s" * 50
    )
    assert result.returncode != 0
    assert "berkas statis belum dikumpulkan" in result.stderr
    assert "kinerja collectstatic" in result.stderr


@pytest.mark.parametrize(
    ("bind", "hosts", "reason"),
    [
        ("0.0.0.0:0", "127.0.0.1", "--bind=0.0.0.0:0 mendengarkan di luar mesin ini"),
        # Behind nginx on the same machine: loopback, but a public name.
        ("127.0.0.1:0", "kinerja.example.go.id", "menjawab nama kinerja.example.go.id"),
    ],
)
def test_serve_refuses_the_development_key_for_other_machines(
    tmp_path, kinerja_processes, bind, hosts, reason
):
    result = kinerja_processes.run(tmp_path, "serve", f"--bind={bind}", KINERJA_ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert reason in result.stderr
    assert "KINERJA_SECRET_KEY belum ditetapkan" in result.stderr


def test_only_loopback_is_served_on_the_development_key():
    assert serving.reachable_by_others("127.0.0.1:8000", ["127.0.0.1", "localhost"]) is None
    assert serving.reachable_by_others("unix:/run/k.sock", ["localhost", "[::1]"]) is None
    assert serving.reachable_by_others("127.0.0.1:8000", ["*"])


@pytest.mark.parametrize(
    ("bind", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("127.0.0.2:80", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("unix:/run/kinerja/gunicorn.sock", True),
        ("0.0.0.0:8000", False),
        ("[::]:8000", False),
        ("10.0.0.5:8000", False),
        ("kinerja.example.go.id:8000", False),
    ],
)
def test_which_binds_are_loopback(bind, loopback):
    assert serving.is_loopback(bind) is loopback


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (8, 17), (0, 3)])
def test_worker_count_follows_the_cores(cores, workers):
    assert serving.default_workers(cores) == workers


def test_gunicorn_command_line():
    argv = serving.gunicorn_argv("127.0.0.1:9000", 5, timeout=90)
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "kinerja.wsgi:application"]
    for option in ["--bind=127.0.0.1:9000", "--workers=5", "--timeout=90", "--access-logfile=-"]:
        assert option in argv


def test_uncollected_static_files_are_named():
    manifest = {"kinerja/app.css": "kinerja/app.0123abcd.css"}
    found = ["kinerja/app.css", "survey/survey.css"]
    assert serving.uncollected_static(found, manifest) == ["survey/survey.css"]

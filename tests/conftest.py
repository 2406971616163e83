"""Shared fixtures: the demo datasets, the named demo users, small real files."""

import functools
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zlib

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from dbsnapshot import remember_base, replay_or_build, restore_base


def pytest_collection_modifyitems(config, items):
    """Tests that run kinerja as processes of their own (``kinerja_processes``) give those
    processes their own SQLite file database, whatever DATABASE_URL the suite runs on:
    they are marked ``own_database``, so that CI's PostgreSQL pass (``.ci/run``) can run
    them once instead of twice (docs/performance.md)."""
    for item in items:
        if "kinerja_processes" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.own_database)
        elif not _may_reach_the_database(item):
            item.add_marker(pytest.mark.no_database)
    # The longest modules first (whole modules keep their order inside): xdist hands out
    # modules in this order (--dist loadscope), so the two workers finish close together
    # instead of one running a long module alone at the end.
    items.sort(key=_long_first)


def _long_first(item) -> int:
    """The place of the item's module in LONG_MODULES (the longest first), the others after."""
    for place, prefix in enumerate(LONG_MODULES):
        if item.nodeid.startswith(prefix):
            return place
    return len(LONG_MODULES)


# The fixtures through which a test reaches the database (pytest-django refuses any other
# way: a test without one of them that touches the database fails).
_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_blocker"}
# Words in a module that let a test depend on DATABASE_URL without a database fixture:
# processes inherit the environment; the settings and the connection read it.
_DATABASE_WORDS = ("subprocess", "DATABASE_URL", "connection", "Popen", "call_command")


def _may_reach_the_database(item) -> bool:
    """Whether ``item`` can reach the database or depend on which one it is. Tests that
    cannot (pure calculations, renderers, parsers) are marked ``no_database``: CI's
    PostgreSQL pass leaves them out, since they run the same on either database."""
    if item.get_closest_marker("django_db") is not None:
        return True
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return True
    for name in item.fixturenames:
        if name in ("db", "transactional_db", "live_server"):
            return True
        for definition in info.name2fixturedefs.get(name, ()):
            if (definition.func.__module__ or "").startswith("pytest_django"):
                continue  # its own autouse fixtures ask for the blocker, to keep it shut
            if set(definition.argnames) & _DATABASE_FIXTURES:
                return True
    source = getattr(item.module, "__file__", None)
    if source is None:
        return True
    text = _module_text(source)
    return any(word in text for word in _DATABASE_WORDS)


@functools.cache
def _module_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# Modules whose tests start real processes (servers, workers, Chromium, LibreOffice,
# kinerja commands) or render every document: minutes of a run each (docs/performance.md).
# The Makefile runs xdist with --no-loadscope-reorder: by default xdist hands out the
# modules with the most tests first, which left these few-but-long ones to the end.
LONG_MODULES = (
    "tests/jobs/test_worker.py",
    "tests/browser/",
    "tests/core/test_logging.py",
    "tests/test_serve.py",
    "tests/api/test_api_permission_matrix.py",
    "tests/test_backup.py",
    "tests/api/test_sync.py",
    "tests/test_settings.py",
    "tests/review/test_review_files.py",
    "tests/api/test_write.py",
    "tests/web/test_http_matrix.py",
    "tests/demo/test_golden.py",
    "tests/reports/test_lakin.py",
    "tests/access/test_permission_matrix.py",
    "tests/review/test_real_corpus.py",
    "tests/review/test_pdf_readers.py",
    "tests/test_examples.py",
    "tests/reports/test_no_leaks.py",
    "tests/test_s3_storage.py",
    "tests/reports/test_tables_fit.py",
)


def pytest_configure(config):
    """Static files without collectstatic: the settings name them through WhiteNoise's
    manifest, which (with DEBUG off, as in tests) refuses any file not collected into
    STATIC_ROOT. Collecting for the suite would take seconds, write into the working tree
    and race between xdist workers, and test nothing a page test cares about; so pages
    name their files plainly and WhiteNoise finds them in the apps (autorefresh: nothing
    is scanned when a test client starts). The collected, hashed, compressed files are
    tested where they are served for real: tests/test_serve.py and
    tests/browser/test_demo_served.py."""
    override_settings(
        # Files the tests write (evidence, final reports, pending uploads) go to a
        # temporary folder of this test process, never the working tree; tests that look
        # at the files use the ``evidence_root`` fixture (a folder of their own).
        MEDIA_ROOT=tempfile.mkdtemp(prefix="kinerja-media-"),
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=True,
        WHITENOISE_AUTOREFRESH=True,
        # Background jobs: an in-process broker, so that no unit test publishes to a real
        # Redis (the readiness probe and starting a job find it answering). The real
        # worker and broker are tested in tests/jobs/test_worker.py, in processes of
        # their own.
        CELERY_BROKER_URL="memory://",
    ).enable()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrated; its content types and permissions are remembered,
    to be put back after every flush (dbsnapshot.restore_base)."""
    with django_db_blocker.unblock():
        remember_base()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush, after which Django makes the content types
    and permissions again under new keys; once the test's fixtures are torn down (the
    flush included) they get their old keys back, so that the demo's recordings replay
    for the next test instead of loading the demo again (dbsnapshot.restore_base)."""
    result = yield
    marker = item.get_closest_marker("django_db")
    flushed = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())) or (
        marker and marker.kwargs.get("transaction")
    )
    if flushed and nextitem is not None:  # at the very end the test database is gone
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_base()
    return result


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Argon2 is slow on purpose; tests hash many demo passwords. The hasher choice itself
    is tested in tests/accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """The survey's rate-limit counters live in the cache (locmem in tests, one per
    process): every test starts without another test's counts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """BSPJI Palembang and BSPJI Pontianak, loaded from the shipped demo datasets."""
    from kinerja.demo.services import load_demo_datasets

    # Loaded for real once per test process, replayed as rows afterwards (dbsnapshot.py).
    return replay_or_build("demo", load_demo_datasets)


@pytest.fixture
def palembang(demo):
    """The demo's BSPJI Palembang unit."""
    from kinerja.org.models import Unit

    return Unit.objects.get(code="bspji-palembang")


DEMO_TEST_PASSWORD = "uji-kinerja-2023"


@pytest.fixture
def users(demo):
    """The demo's named users (admin, perencana, pic, koordinator, kepala, keuangan,
    bskji) plus ``luar``: the planner of another unit (BSPJI Pontianak), for the
    own-unit/other-unit cases. All with DEMO_TEST_PASSWORD."""
    from django.contrib.auth import get_user_model

    from kinerja.demo.services import DEMO_ACCOUNTS

    replay_or_build("users", _create_demo_users)
    names = [account[0] for account in DEMO_ACCOUNTS] + ["luar"]
    found = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    return {name: found[name] for name in names}


def _create_demo_users():
    from django.contrib.auth import get_user_model

    from kinerja.demo.services import ensure_demo_accounts
    from kinerja.org.choices import Role
    from kinerja.org.models import Membership, Unit

    ensure_demo_accounts(DEMO_TEST_PASSWORD)
    outsider = get_user_model().objects.create_user("luar", password=DEMO_TEST_PASSWORD)
    Membership.objects.create(
        user=outsider, unit=Unit.objects.get(code="bspji-pontianak"), role=Role.PLANNER
    )


@pytest.fixture
def demo_quarters(users):
    """The demo with BSPJI Palembang's 2023 quarterly reports filled, submitted, verified
    and approved by the demo accounts, as `kinerja demo` leaves them; returns ``users``.
    Apart from ``demo`` and ``users``, whose tests expect no quarterly entries (the inbox,
    the entry pages, the workflow)."""
    from kinerja.demo.services import load_demo_quarters

    replay_or_build("quarters", load_demo_quarters)
    return users


@pytest.fixture
def regional_demo(db):
    """The regional demo alone (Sekretariat Daerah Provinsi Sumatera Utara, 2021, under
    its province) and its named users, all with DEMO_TEST_PASSWORD; returned as
    {username: user}. Apart from ``demo`` so that the BSPJI fixtures keep their content."""
    from django.contrib.auth import get_user_model

    from kinerja.demo.services import REGIONAL_ACCOUNTS

    replay_or_build("regional", _build_regional_demo)
    names = [account[0] for account in REGIONAL_ACCOUNTS]
    found = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    return {name: found[name] for name in names}


def _build_regional_demo():
    from kinerja.demo.services import ensure_regional_accounts, load_regional_demo

    load_regional_demo()
    ensure_regional_accounts(DEMO_TEST_PASSWORD)


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker):
    """The demo and its users, loaded once for a whole test module and committed; each
    test still runs in its own rolled-back transaction, and the module's data is flushed
    at the end so the next module starts from an empty database. For modules with many
    read-mostly tests (loading the demo takes seconds)."""
    from django.db import transaction
    from django.test import override_settings

    from kinerja.demo.services import load_demo_datasets

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        replay_or_build("demo", load_demo_datasets)
        replay_or_build("users", _create_demo_users)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        restore_base()


@pytest.fixture
def module_users(module_demo, db):
    """The same named users as ``users``, fresh objects per test (no cached rights carried
    from one test to the next)."""
    from django.contrib.auth import get_user_model

    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def evidence_root(settings, tmp_path):
    """The file storage (evidence, final reports, pending uploads) in a temporary folder
    of this test; evidence files land under its ``evidence/`` folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def tiny_pdf() -> bytes:
    """A valid one-page PDF (catalog, pages, page, cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    return out + b"%%EOF\n"


def tiny_png() -> bytes:
    """A valid 1×1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def windows_exe() -> bytes:
    """The start of a Windows executable: MZ header and DOS stub."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
        + b"\x00" * 50
        + b"This program cannot be run in DOS mode.\r\n"
    )


@pytest.fixture
def files():
    """Small real files by kind: pdf, png, exe."""
    return {"pdf": tiny_pdf(), "png": tiny_png(), "exe": windows_exe()}


class KinerjaProcesses:
    """``kinerja`` commands run as separate processes in a folder of their own, with the
    settings a deployment has (no test overrides: the manifest storage, DEBUG off) and
    their own SQLite database there, never the suite's (even when the suite runs on
    PostgreSQL). ``start`` launches a server and waits until its /healthz answers; every
    wait is bounded and every server is stopped when the module ends."""

    # seconds: `kinerja demo` migrates and loads first; on a busy machine, with other demo
    # processes loading beside it (tests/jobs/test_worker.py, xdist), that took over 120 s
    START_WITHIN = 240
    STOP_WITHIN = 30

    def __init__(self):
        self.started = []

    @staticmethod
    def environment(folder, **extra) -> dict[str, str]:

        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("KINERJA_", "GUNICORN_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        }
        env.update(
            DJANGO_SETTINGS_MODULE="kinerja.settings",
            DATABASE_URL=f"sqlite:///{folder / 'kinerja.sqlite3'}",
            KINERJA_STATIC_ROOT=str(folder / "static"),
            KINERJA_MEDIA_ROOT=str(folder / "media"),
            KINERJA_EVIDENCE_ROOT=str(folder / "evidence"),
            # A queue of its own on the shared Redis: a worker started here (the demo's)
            # never takes another run's jobs, nor a run's jobs another's worker.
            KINERJA_JOBS_QUEUE=f"kinerja-test-{uuid.uuid4().hex}",
        )
        env.update(extra)
        return env

    def run(self, folder, *args, **env):

        return subprocess.run(
            [sys.executable, "-m", "kinerja.cli", *args],
            capture_output=True,
            text=True,
            env=self.environment(folder, **env),
            cwd=folder,
            timeout=self.START_WITHIN,
        )

    def start(self, folder, *args, **env):
        """Run ``kinerja ARGS`` (``{port}`` in them becomes a free loopback port) and
        return ``(base URL, path of its output)`` once /healthz answers 200."""

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log_path = folder / "server.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "kinerja.cli", *(a.format(port=port) for a in args)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=self.environment(folder, **env),
            cwd=folder,
        )
        self.started.append((process, log))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + self.START_WITHIN
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"kinerja {args[0]} exited ({process.returncode}):\n{log_path.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return base, log_path
            except OSError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                pytest.fail(
                    f"kinerja {args[0]} silent for {self.START_WITHIN} s:\n{log_path.read_text()}"
                )
            time.sleep(0.25)

    def stop_all(self):

        for process, log in self.started:
            process.terminate()
            try:
                process.wait(timeout=self.STOP_WITHIN)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=self.STOP_WITHIN)
            log.close()


@pytest.fixture(scope="module")
def kinerja_processes():
    processes = KinerjaProcesses()
    yield processes
    processes.stop_all()


# Background jobs run in the calling process (Celery's eager mode) with an in-memory
# broker that always answers: the tests of the pages that queue jobs (jobs, reports,
# planning, web). The real worker against the real Redis is tests/jobs/test_worker.py.
@pytest.fixture
def eager(settings, tmp_path):
    from kinerja.celery import app

    settings.CELERY_BROKER_URL = "memory://"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates, app.conf.broker_url)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False
    app.conf.broker_url = "memory://"
    yield tmp_path / "media"
    app.conf.task_always_eager, app.conf.task_eager_propagates, app.conf.broker_url = saved


@pytest.fixture
def english_messages():
    """The test checks the wording of messages in English (the language switch): located
    import messages (Indonesian by default is checked in tests/datasets/test_load_dump.py,
    tests/budget/test_budget.py and tests/sources/test_records_commands.py), the commands'
    refusals and output (tests/test_command_language.py and beside each command's
    Indonesian test). Modules of such tests use it with
    ``pytestmark = pytest.mark.usefixtures("english_messages")``, single tests by name."""
    from django.utils import translation

    with translation.override("en"):
        yield

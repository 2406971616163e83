"""How ``kinerja serve`` runs gunicorn: the worker count, the command line, and the checks
made before it starts (the command itself is core/management/commands/serve.py; the
deployment around it is docs/deploy.md)."""

import ipaddress
import os
import sys
from collections.abc import Iterable

from django.utils.translation import gettext as _

# A LAKIN issued as a final version renders every format; a PDF takes up to 20 s on a slow
# 2-core machine (docs/performance.md). A worker is only killed when it has been silent
# for longer than this.
DEFAULT_TIMEOUT = 120
# On stop or reload, requests in flight get this long to finish.
GRACEFUL_TIMEOUT = 30
# Behind nginx on the same host; kept short so idle connections do not hold workers.
KEEP_ALIVE = 5
# A worker is replaced after about this many requests (spread by the jitter, so they do
# not all restart at once): report rendering (Typst, matplotlib) grows a process's
# memory, and a fresh worker gives it back.
MAX_REQUESTS = 1000
MAX_REQUESTS_JITTER = 100


def usable_cores() -> int:
    """Cores this process may run on (a container or ``taskset`` may allow fewer than the
    machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def default_workers(cores: int) -> int:
    """Gunicorn's rule for synchronous workers: two per core, plus one, so a core is
    never idle while a worker waits on the database or the disk."""
    return 2 * max(cores, 1) + 1


def is_loopback(bind: str) -> bool:
    """Whether ``bind`` (gunicorn's ``HOST:PORT``, ``[IPv6]:PORT`` or ``unix:PATH``) is
    reachable only from this machine."""
    if bind.startswith("unix:"):
        return True
    host = bind.rsplit(":", 1)[0] if ":" in bind and not bind.endswith("]") else bind
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: may resolve to anything
        return False


LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def reachable_by_others(bind: str, allowed_hosts: Iterable[str]) -> str | None:
    """Why a server bound to ``bind`` and answering to ``allowed_hosts`` would be used
    from other machines (a reason to name), or None when it serves this machine only:
    listening beyond loopback, or answering to a name other than loopback's (the case
    behind a reverse proxy on the same machine)."""
    if not is_loopback(bind):
        return _("--bind=%(bind)s mendengarkan di luar mesin ini") % {"bind": bind}
    public = sorted(host for host in allowed_hosts if host not in LOCAL_HOSTS)
    if public:
        return _("KINERJA_ALLOWED_HOSTS menjawab nama %(hosts)s") % {"hosts": ", ".join(public)}
    return None


def gunicorn_argv(bind: str, workers: int, timeout: int = DEFAULT_TIMEOUT) -> list[str]:
    """The command line that runs kinerja's WSGI application under gunicorn, with the
    Python of this virtualenv. More gunicorn options: the ``GUNICORN_CMD_ARGS`` variable."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "kinerja.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        f"--timeout={timeout}",
        f"--graceful-timeout={GRACEFUL_TIMEOUT}",
        f"--keep-alive={KEEP_ALIVE}",
        f"--max-requests={MAX_REQUESTS}",
        f"--max-requests-jitter={MAX_REQUESTS_JITTER}",
        "--access-logfile=-",
        "--error-logfile=-",
        # gunicorn ≥ 25.1 opens a control socket at one path per user (~/.gunicorn/),
        # shared by every instance that user runs; systemd's signals are our control.
        "--no-control-socket",
    ]


def uncollected_static(found: Iterable[str], manifest: dict[str, str]) -> list[str]:
    """The static files the finders know that ``collectstatic`` has not put in the
    manifest: pages naming them would fail with DEBUG off."""
    return sorted(name for name in found if name not in manifest)


# --- kinerja worker: Celery -------------------------------------------------------------
def default_concurrency(cores: int) -> int:
    """Worker processes for background jobs: one per core. Report rendering (Typst,
    matplotlib) keeps a core busy; more processes would only wait for each other."""
    return max(cores, 1)


def worker_argv(
    concurrency: int,
    queue: str,
    *,
    beat: bool = True,
    pool: str = "prefork",
    schedule: str = "",
    loglevel: str = "INFO",
) -> list[str]:
    """The command line that runs kinerja's Celery worker with the Python of this
    virtualenv; with ``beat`` its periodic scheduler runs inside it (one worker per
    installation may have it: two would run every periodic task twice)."""
    argv = [
        sys.executable,
        "-m",
        "celery",
        "--app=kinerja.celery",
        "worker",
        f"--concurrency={concurrency}",
        f"--pool={pool}",
        f"--queues={queue}",
        f"--loglevel={loglevel}",
        # A worker name unique on the machine (several workers may share a host).
        f"--hostname=kinerja-{os.getpid()}@%h",
        # A worker never needs its own remote-control mailbox or other workers' news.
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        argv += ["--beat", f"--schedule={schedule}"] if schedule else ["--beat"]
    return argv


def _die_with_parent() -> None:
    """In a child before exec (Linux): be sent SIGTERM when the parent ends, so a worker
    started beside the server never outlives it, however the server is stopped."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: Ctrl-C still reaches the whole group
        pass


def start_worker_beside(concurrency: int = 1):
    """``kinerja worker`` as a child of this process (which then becomes the server by
    exec, keeping its process id): the demo's background jobs. The child ends with it."""
    import subprocess

    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kinerja.cli",
            "worker",
            f"--concurrency={concurrency}",
            # the server's terminal: the worker speaks only of problems
            "--loglevel=WARNING",
        ],
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 (no threads yet in this process)
    )

"""Following a job from the command line: a progress bar on a terminal, one line per
change otherwise (a log file), until the job has finished."""

from __future__ import annotations

import time

from .models import Job

POLL_SECONDS = 0.5
WIDTH = 30


def bar(done: int, total: int, width: int = WIDTH) -> str:
    """``[##########--------------------]  1/3``"""
    filled = width * done // total if total else 0
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>{len(str(total))}}/{total}"


def follow(job: Job, out, *, tty: bool, timeout: float | None = None) -> Job:
    """Poll the job until it has finished (or ``timeout`` seconds have passed) and show
    how far it is; returns the job as last read."""
    started = time.monotonic()
    shown = None
    while True:
        job.refresh_from_db()
        line = f"{bar(job.done, job.total)} {job.get_state_display()}"
        if job.message and not job.finished:
            line += f": {job.message}"
        if line != shown:
            # ``out``: a management command's OutputWrapper
            out.write(f"\r\033[K{line}" if tty else line, ending="" if tty else "\n")
            out.flush()
            shown = line
        if job.finished or (timeout is not None and time.monotonic() - started > timeout):
            if tty:
                out.write("")
            return job
        time.sleep(POLL_SECONDS)

"""Writing one built ``Document`` in several formats, for the report commands.

The rendering loop of ``kinerja lakin`` made reusable: each renderer is looked up through
``commands.lakin.renderer`` when asked for, a missing or failing renderer is reported and
the other formats are still written; the caller turns the failed formats into exit
status 1 (``raise_if_failed``).
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError

from kinerja.reports.management.commands import lakin as lakin_command

from .document import Document

__all__ = ["output_directory", "raise_if_failed", "write_formats"]


def output_directory(out: str | Path) -> Path:
    """The directory for the files, created if needed (``CommandError`` when it cannot be)."""
    directory = Path(out)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create {directory}: {exc.strerror}") from None
    return directory


def write_formats(
    document: Document, basename: str, formats: list[str], directory: Path, stdout, stderr=None
) -> list[str]:
    """Render ``document`` in each format to ``directory/basename.<fmt>``; one line per
    file written on ``stdout``, one per failure on ``stderr`` (default: ``stdout``).
    Returns the formats that could not be written."""
    stderr = stderr or stdout
    failed = []
    for fmt in formats:
        path = Path(directory) / f"{basename}.{fmt}"
        started = time.perf_counter()
        try:
            render = lakin_command.renderer(fmt)
        except (ImportError, AttributeError) as exc:
            failed.append(fmt)
            stderr.write(f"{fmt}: renderer not available ({exc})")
            continue
        try:
            data = render(document)
        except Exception as exc:  # a renderer's bug must not cost the other formats
            failed.append(fmt)
            stderr.write(f"{fmt}: rendering failed: {type(exc).__name__}: {exc}")
            continue
        path.write_bytes(data)
        elapsed = time.perf_counter() - started
        stdout.write(f"{fmt}: {path} ({lakin_command._size(len(data))}) in {elapsed:.2f} s")
    return failed


def raise_if_failed(failed: list[str], formats: list[str]) -> None:
    if failed:
        raise CommandError(
            f"{len(failed)} of {len(formats)} formats not written: {', '.join(failed)}"
        )

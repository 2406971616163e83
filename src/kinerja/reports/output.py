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
from django.utils.translation import gettext as _

from kinerja.reports.management.commands import lakin as lakin_command

from .document import Document

__all__ = ["output_directory", "raise_if_failed", "write_formats"]


def output_directory(out: str | Path) -> Path:
    """The directory for the files, created if needed (``CommandError`` when it cannot be)."""
    directory = Path(out)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(
            _("tidak dapat membuat %(path)s: %(error)s")
            % {"path": directory, "error": exc.strerror}
        ) from None
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
            stderr.write(lakin_command.not_available(fmt, exc))
            continue
        try:
            data = render(document)
        except Exception as exc:  # a renderer's bug must not cost the other formats
            failed.append(fmt)
            stderr.write(lakin_command.rendering_failed(fmt, exc))
            continue
        path.write_bytes(data)
        elapsed = time.perf_counter() - started
        stdout.write(lakin_command.written(fmt, path, len(data), elapsed))
    return failed


def raise_if_failed(failed: list[str], formats: list[str]) -> None:
    if failed:
        raise CommandError(lakin_command.not_written(failed, formats))

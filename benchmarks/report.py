"""Describing the machine and printing the figures of all backends side by side."""

import os
import platform
import sqlite3
import sys
from collections.abc import Callable


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
        "memory": _proc_field("/proc/meminfo", "MemTotal"),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def _proc_field(path: str, key: str) -> str | None:
    """A ``key: value`` line of a Linux /proc file; None elsewhere."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def versions() -> dict:
    """Versions inside a worker, once Django is set up."""
    import django
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    return {"python": sys.version.split()[0], "django": django.get_version(), "database": database}


# -- the table -----------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def sec(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def num(value) -> str:
    return f"{value:,}"


def _rows(units: int, repeat: int) -> list[tuple[str, Callable[[dict], str]]]:
    """(label, cell) per line; a cell reads one backend's result. Section titles have no
    cell."""
    return [
        ("1. Demo: measures bspji-palembang 2023", None),
        ("   indicators", lambda r: num(r["demo"]["indicators"])),
        (f"   unit_measures() median of {repeat}", lambda r: ms(r["demo"]["selector"]["median_s"])),
        ("   unit_measures() min", lambda r: ms(r["demo"]["selector"]["min_s"])),
        ("   unit_measures() SQL queries", lambda r: num(r["demo"]["selector"]["queries"])),
        ("   CLI process, median (with start-up)", lambda r: ms(r["demo"]["cli"]["median_s"])),
        ("   of which start-up (`kinerja version`)", lambda r: ms(r["demo"]["cli_startup"]["median_s"])),
        (f"2. Synthetic ministry, {units:,} units", None),
        ("   realization rows", lambda r: num(r["ministry"]["rows"]["realization"])),
        ("   build (bulk_create)", lambda r: sec(r["ministry"]["build_s"])),
        (f"   consolidated_measures() median of {repeat}", lambda r: ms(r["ministry"]["consolidated"]["median_s"])),
        ("   consolidated_measures() min", lambda r: ms(r["ministry"]["consolidated"]["min_s"])),
        ("   consolidated_measures() SQL queries", lambda r: num(r["ministry"]["consolidated"]["queries"])),
        ("   naive unit_measures() loop, units timed", lambda r: num(r["ministry"]["naive"]["units_measured"])),
        ("   naive loop, per unit", lambda r: ms(r["ministry"]["naive"]["per_unit_s"])),
        ("   naive loop, SQL queries per unit", lambda r: num(r["ministry"]["naive"]["queries_per_unit"])),
        (f"   naive loop, extrapolated to {units:,} units", lambda r: sec(r["ministry"]["naive"]["extrapolated_s"])),
        ("   naive = consolidated (units agreeing)", lambda r: num(r["ministry"]["naive"]["agree_with_consolidated"])),
    ]  # fmt: skip


def _cell(result: dict, cell: Callable[[dict], str]) -> str:
    """A figure, or why there is none (backend or scenario skipped or failed)."""
    for key in ("skipped", "error"):
        if key in result:
            return key
    try:
        return cell(result)
    except KeyError:
        return "skipped"


def table(document: dict) -> str:
    backends = document["backends"]
    header = ["", *(b["backend"] for b in backends)]
    lines = [header]
    for label, cell in _rows(document["units"], document["repeat"]):
        lines.append([label, *(("" if cell is None else _cell(b, cell)) for b in backends)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "  ".join([line[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(line[1:], widths[1:]))])
        for line in lines
    ]
    text.insert(1, "-" * len(text[0]))
    return "\n".join([_machine_line(document), "", *text, "", *_notes(document)])


def _machine_line(document: dict) -> str:
    m = document["machine"]
    return f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory']} RAM, {m['platform']}"


def _notes(document: dict) -> list[str]:
    notes = []
    for b in document["backends"]:
        name = b["backend"]
        if "versions" in b:
            v = b["versions"]
            notes.append(f"{name}: {v['database']}, Python {v['python']}, Django {v['django']}")
        for key in ("skipped", "error"):
            if key in b:
                notes.append(f"{name}: {key}: {b[key]}")
        if "skipped" in b.get("demo", {}):
            notes.append(f"{name}: scenario 1 skipped: {b['demo']['skipped']}")
    notes += [
        "Times are wall clock. Each in-process figure follows one untimed warm-up call, which",
        "also counts the SQL queries. The CLI figure is a whole `kinerja` process, so it",
        "includes Python and Django start-up (shown separately).",
        "The naive loop is timed once over the first units only and extrapolated linearly.",
    ]
    return notes

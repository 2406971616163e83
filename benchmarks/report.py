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
        "memory": _memory(),
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


def _memory() -> str | None:
    total = _proc_field("/proc/meminfo", "MemTotal")  # "24684092 kB"
    if total is None or not total.endswith(" kB"):
        return total
    return f"{int(total.split()[0]) / 2**20:.1f} GiB"


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


def _at(path: str, fmt: Callable) -> Callable[[dict], str]:
    """A cell: the value at a dotted path of one backend's result, formatted."""

    def cell(result: dict) -> str:
        value = result
        for key in path.split("."):
            value = value[key]
        return fmt(value)

    return cell


def _rows(units: int, repeat: int) -> list[tuple[str, Callable[[dict], str] | None]]:
    """(label, cell) per line of the table; section titles have no cell."""
    return [
        ("1. Demo: measures bspji-palembang 2023", None),
        ("   indicators", _at("demo.indicators", num)),
        (f"   unit_measures() median of {repeat}", _at("demo.selector.median_s", ms)),
        ("   unit_measures() min", _at("demo.selector.min_s", ms)),
        ("   unit_measures() SQL queries", _at("demo.selector.queries", num)),
        ("   CLI process, median (with start-up)", _at("demo.cli.median_s", ms)),
        ("   of which start-up (`kinerja version`)", _at("demo.cli_startup.median_s", ms)),
        (f"2. Synthetic ministry, {units:,} units", None),
        ("   realization rows", _at("ministry.rows.realization", num)),
        ("   build (bulk_create)", _at("ministry.build_s", sec)),
        (
            f"   consolidated_measures() median of {repeat}",
            _at("ministry.consolidated.median_s", ms),
        ),
        ("   consolidated_measures() min", _at("ministry.consolidated.min_s", ms)),
        ("   consolidated_measures() SQL queries", _at("ministry.consolidated.queries", num)),
        ("   naive unit_measures() loop, units timed", _at("ministry.naive.units_measured", num)),
        ("   naive loop, per unit", _at("ministry.naive.per_unit_s", ms)),
        ("   naive loop, SQL queries per unit", _at("ministry.naive.queries_per_unit", num)),
        (
            f"   naive loop, extrapolated to {units:,} units",
            _at("ministry.naive.extrapolated_s", sec),
        ),
        ("   naive = consolidated (units agreeing)", _at("ministry.naive", _agree)),
    ]


def _agree(naive: dict) -> str:
    return f"{naive['agree_with_consolidated']}/{naive['units_measured']}"


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
    lines = [["", *(b["backend"] for b in backends)]]
    for label, cell in _rows(document["units"], document["repeat"]):
        lines.append([label, *(("" if cell is None else _cell(b, cell)) for b in backends)])
    text = _align(lines)
    text.insert(1, "-" * len(text[0]))
    return "\n".join([_machine_line(document), "", *text, "", *_notes(document), *_plans(document)])


def _align(lines: list[list[str]]) -> list[str]:
    """Labels left-aligned, figures right-aligned, so the digits line up."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    label, figures = widths[0], widths[1:]
    return ["  ".join([line[0].ljust(label), *map(str.rjust, line[1:], figures)]) for line in lines]


def _plans(document: dict) -> list[str]:
    """The query plans asked for with --explain, one block per backend."""
    blocks = []
    for b in document["backends"]:
        plan = b.get("ministry", {}).get("explain")
        if plan:
            blocks += ["", f"Plan of the consolidation query on {b['backend']}:", *plan]
    return blocks


def _machine_line(document: dict) -> str:
    m = document["machine"]
    cpus = f"{m['cpus']} CPUs ({m['cpu_model']})"
    return f"Machine: {cpus}, {m['memory']} RAM, {m['platform']}"


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

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One reason a dataset is rejected, with its place in the file."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DatasetInvalid(Exception):
    """The dataset has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_natural_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _natural_order(problem: Problem) -> tuple:
    # objectives[10] after objectives[2]: compare digit runs as numbers.
    import re

    parts = re.split(r"(\d+)", problem.path)
    return tuple(int(p) if p.isdigit() else p for p in parts), problem.message


def path_str(parts) -> str:
    """``['objectives', 2, 'indicators', 0, 'targets', '2023']`` →
    ``objectives[2].indicators[0].targets.2023``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def import_refused(file, exc: DatasetInvalid):
    """The ``CommandError`` of an import command whose file has problems: the file, how
    many problems, that nothing was imported, then each problem on a line of its own."""
    from django.core.management.base import CommandError
    from django.utils.translation import ngettext

    count = len(exc.problems)
    heading = ngettext(
        "%(file)s: %(count)s masalah, tidak ada yang diimpor:",
        "%(file)s: %(count)s masalah, tidak ada yang diimpor:",
        count,
    ) % {"file": file, "count": count}
    return CommandError(heading + "\n" + "\n".join(f"  {p}" for p in exc.problems))

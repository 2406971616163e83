"""The extracted-report model: tables as rows of cell text, sentences as text, both with
where they were printed; and the finding a review gives. Plain data, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass
class SourceTable:
    """A table as the file printed it: every cell as text, merged cells already spread
    over the columns they span (a header "2022" over three columns is "2022" in each)."""

    caption: str  # "Tabel 3.15 Capaian Kinerja …", or "" when none was found
    rows: list[list[str]]
    page: int | None = None  # PDF page (1-based); None for DOCX
    index: int = 0  # the table's place in the file, 1-based
    merged: set[tuple[int, int]] = field(default_factory=set)  # (row, column) continuing a merge

    @property
    def name(self) -> str:
        return self.caption or f"Tabel ke-{self.index} (tanpa judul)"


@dataclass
class SourceText:
    """A paragraph (DOCX) or a page's running text outside tables (PDF)."""

    text: str
    page: int | None = None


@dataclass
class Extraction:
    file: str
    pages: int  # PDF pages; for DOCX the page count is unknown: 0
    tables: list[SourceTable] = field(default_factory=list)
    texts: list[SourceText] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was not read, and why


class Kind(StrEnum):
    """What kind of slip a finding is, when the arithmetic can tell."""

    WRONG = "wrong"  # does not follow, and no known slip explains it
    TRUNCATED = "truncated"  # cut instead of rounded (105,569 printed 105,56)
    MEAN_OF_PERCENTAGES = "mean_of_percentages"  # total % = mean of the rows' %, not Σ/Σ
    MISSING_X100 = "missing_x100"  # a ratio printed as a percentage without × 100
    DOUBLE_X100 = "double_x100"  # × 100 applied twice
    ROUNDED_INTERMEDIATE = "rounded_intermediate"  # computed from a rounded input
    SUM_MISMATCH = "sum_mismatch"  # a total that is not the sum of its rows
    DATA_MISMATCH = "data_mismatch"  # differs from the figure kinerja holds (--unit)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Slips of rounding only: the figure is off in its last digit.
WARNING_KINDS = frozenset({Kind.TRUNCATED, Kind.ROUNDED_INTERMEDIATE})


@dataclass(frozen=True)
class ReviewFinding:
    table: str
    page: int | None
    row: str
    column: str
    printed: str  # as the report printed it
    expected: str  # what follows, shown at the printed precision
    kind: Kind
    message: str
    severity: Severity = Severity.ERROR


@dataclass
class Review:
    file: str
    pages: int
    tables: int  # tables read
    figures_checked: int
    findings: list[ReviewFinding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    recognised: int = 0  # tables with at least one checkable figure

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

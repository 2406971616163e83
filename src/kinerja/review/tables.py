"""What a table's columns and rows hold, read from its header and cells.

A LAKIN prints the same few kinds of table (PermenPANRB 53/2014): indicator – target –
realization – achievement, per year or side by side for several years; ceiling –
spending – absorption; amounts per year with a growth column; shares of a total; and
total or mean rows. ``analyse`` turns a ``SourceTable`` (cells as text) into columns with
a role and a group (the year or quarter a header puts over them) and rows of numbers,
so that the checks in ``arithmetic`` can say which figure should follow from which.

A column is read with one decimal convention: a cell that proves it ("105.56" is
dot-decimal, "95,27" Indonesian) decides for the ambiguous ones ("1.667") of the same
column; a column with no proof is Indonesian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from kinerja.core.numbers import Convention, PrintedNumber, read_number

from .model import SourceTable


class Role(StrEnum):
    TEXT = "text"
    ORDINAL = "ordinal"  # "No": row numbers, never added up
    YEAR = "year"  # a column of years ("Tahun")
    TARGET = "target"  # an indicator's target, or a receipts target
    REALIZATION = "realization"  # an indicator's realization, receipts, spending
    CEILING = "ceiling"  # pagu, anggaran, alokasi
    ACHIEVEMENT = "achievement"  # capaian (%): realization against target
    PERCENT = "percent"  # penyerapan, % realisasi: one amount of another in the row
    SHARE = "share"  # porsi, proporsi, % dari total: an amount of the column's total
    GROWTH = "growth"  # pertumbuhan, peningkatan, perubahan: B against A
    BEFORE = "before"  # sebelum (A)
    AFTER = "after"  # sesudah (B)
    WEIGHT = "weight"  # bobot
    COST_TARGET = "cost_target"  # IBT, indeks biaya target: ceiling / target
    COST_REALIZATION = "cost_realization"  # IBR, indeks biaya realisasi: spending / realization
    EFFICIENCY = "efficiency"  # efisiensi: (IBT − IBR) / IBT × 100, or (A − B) / A × 100
    NUMBER = "number"  # any other numeric column


class RowKind(StrEnum):
    DATA = "data"
    TOTAL = "total"  # jumlah, total
    MEAN = "mean"  # rata-rata, rerata
    TOTAL_MEAN = "total_mean"  # "Jumlah / rata-rata": sums and means in one row


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
_QUARTER = re.compile(r"\b(?:tw|triwulan|semester|smt)\.?\s*(i{1,3}v?|iv|[1-4])\b", re.I)
_TOTAL = re.compile(r"^\s*(?:sub\s*-?\s*total|grand\s+total|total|jumlah)\b", re.I)
_MEAN = re.compile(r"^\s*(?:rata\s*-?\s*rata|rerata|nilai\s+rata\s*-?\s*rata)\b", re.I)
_PLACEHOLDER = re.compile(r"^[\s\-\u2013\u2014.]*$|^(?:n/?a|t/?a|nihil|-+)$", re.I)
# A unit printed under a header on a line of its own: "(Rp.)", "(%)", "Rp juta".
_UNIT = re.compile(
    r"^\(?\s*(?:rp\.?|idr|%|persen|(?:rp\.?\s*)?\(?(?:juta|ribu|miliar)\)?)\s*\)?$", re.I
)
# Column numbers printed under the header ("1 2 3 4 5 6", "(1) (2) (3)").
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2})\s*\)?$")
# The two years a comparison prints as "Tahun N-1" and "Tahun N".
_PREVIOUS_N = re.compile(r"\bn\s*-\s*1\b", re.I)
_CURRENT_N = re.compile(r"(?:\btahun|\bth\.?|\()\s*n\s*\)?\s*$", re.I)


def _words(text: str) -> str:
    return " ".join(text.lower().replace("\u00a0", " ").split())


def role_of(label: str) -> Role:
    """The role a header names (see ``_role_of``)."""
    return read_header(label)[1]


def read_header(label: str) -> tuple[str, Role]:
    """The header and its role. A header broken inside a word by a narrow PDF column
    ("Targ et", "Pertumb uhan") is read glued when only the glued text names a role."""
    role = _role_of(label)
    # A "%" names a percentage of some kind: "Perubaha n %" glued is a change.
    if role in (Role.TEXT, Role.NUMBER, Role.PERCENT) and " " in label.strip():
        glued = re.sub(r"(?<=[a-z]) (?=[a-z])", "", label, flags=re.I)
        glued_role = _role_of(glued)
        if glued_role not in (Role.TEXT, Role.NUMBER, role):
            return glued, glued_role
    return label, role


def _role_of(label: str) -> Role:
    """The role a header names. Order matters: "realisasi (%)" is a percentage, not a
    realization; "capaian penerimaan" an achievement; "realisasi anggaran" spending."""
    text = _words(_YEAR.sub(" ", label))
    text = _QUARTER.sub(" ", text).strip()
    if re.fullmatch(r"n[o0]\.?|nomor|no\.? urut|urut", text):  # "N0" as typed
        return Role.ORDINAL
    if re.fullmatch(r"tahun|tahun anggaran|ta\.?|periode", text):
        return Role.YEAR
    if re.fullmatch(r"ibt|indeks biaya target(?: \(ibt\))?(?: \(rp\))?", text):
        return Role.COST_TARGET
    if re.fullmatch(r"ibr|indeks biaya realisasi(?: \(ibr\))?(?: \(rp\))?", text):
        return Role.COST_REALIZATION
    if re.fullmatch(r"(?:% |persentase |nilai )?efisiensi(?: anggaran)?(?: \(%\)| %)?", text):
        return Role.EFFICIENCY
    if re.search(
        r"porsi|proporsi|kontribusi|% (?:dari|thd|terhadap) (?:total|jumlah)|"
        r"persentase (?:dari|terhadap) (?:total|jumlah)|share",
        text,
    ):
        return Role.SHARE
    if re.search(r"\bbobot\b", text):
        return Role.WEIGHT
    if re.search(r"pertumbuhan|peningkatan|kenaikan|perubahan|penurunan|growth", text):
        return Role.GROWTH
    if re.search(r"\bcapaian\b|tingkat capaian|% capaian|persentase capaian", text):
        return Role.ACHIEVEMENT
    if re.search(r"penyerapan|serapan|\(%\)|%|persentase|persen\b", text):
        return Role.PERCENT
    if re.search(r"sebelum|\(a\)$", text):
        return Role.BEFORE
    if re.search(r"sesudah|setelah|\(b\)$", text):
        return Role.AFTER
    if re.search(r"\btarget\b", text):
        return Role.TARGET
    if re.search(r"\brealisasi\b|\bpenerimaan\b|\bbelanja\b", text):
        return Role.REALIZATION
    if re.search(r"\bpagu\b|\banggaran\b|\balokasi\b|\bdipa\b", text):
        return Role.CEILING
    if not text and _YEAR.search(label):
        return Role.NUMBER  # a bare year over a column of values
    return Role.TEXT


@dataclass
class Column:
    index: int
    label: str
    role: Role
    group: str = ""  # the year or quarter over it: "2022", "TW I"
    year: int | None = None
    numeric: bool = False  # most of its data cells are numbers


@dataclass
class Row:
    index: int  # 0-based in the source table's rows
    label: str
    texts: list[str]
    numbers: list[PrintedNumber | None]
    kind: RowKind = RowKind.DATA


@dataclass
class AnalysedTable:
    source: SourceTable
    columns: list[Column]
    rows: list[Row]
    header_rows: int
    transposed: bool = False
    notes: list[str] = field(default_factory=list)

    def row_name(self, row: Row) -> str:
        return row.label or f"baris {row.index + 1}"


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text or ""))


def _is_year_cell(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:(?:tahun|ta\.?)\s*)?(19[5-9]\d|20\d\d|2100)\s*", text, re.I))


def _is_header_row(cells: list[str], first: bool) -> bool:
    """A header row holds words (or years) and no other number. A row after the first is a
    header only when it names a known column (a second header line under merged cells)."""
    words = [c for c in cells if c.strip() and not is_placeholder(c)]
    if not words:
        return False
    for cell in words:
        if read_number(cell) is not None and not _is_year_cell(cell):
            return False
    if all(_is_year_cell(c) for c in words):
        return not first or len(words) > 1
    if first:
        return True
    if all(_UNIT.match(c) for c in words):
        return True  # "(Rp.)  (Rp.)  (%)" under the header names the units
    if all(_UNIT.match(c) or _PREVIOUS_N.search(c) or _CURRENT_N.search(c) for c in words):
        return True  # "Tahun N-1  Tahun N" under a merged "Capaian Kinerja"
    return any(role_of(c) not in (Role.TEXT, Role.NUMBER) for c in words)


def _rectangular(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [[(c or "").strip() for c in r] + [""] * (width - len(r)) for r in rows]


def _header_count(rows: list[list[str]]) -> int:
    count = 0
    for i, cells in enumerate(rows[:3]):
        if not _is_header_row(cells, i == 0):
            break
        count += 1
    return count


def _is_column_numbers(cells: list[str]) -> bool:
    """A row that numbers the columns under the header ("1 2 3 4 5 6", "(1) (2) (3)"):
    at least three cells, the numbers 1, 2, 3 … from the first filled cell on."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 3 or len(filled) * 2 < len(cells):
        return False
    numbers = []
    for cell in filled:
        m = _COLUMN_NUMBER.match(cell.strip())
        if m is None:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] == 1


def _column_labels(rows: list[list[str]], count: int) -> list[str]:
    labels = []
    for j in range(len(rows[0]) if rows else 0):
        parts: list[str] = []
        for i in range(count):
            cell = " ".join(rows[i][j].split())
            if cell and cell not in parts:
                parts.append(cell)
        labels.append(" ".join(parts))
    return labels


def _group(label: str) -> tuple[str, int | None]:
    years = _YEAR.findall(label)
    quarter = _QUARTER.search(label)
    group = " ".join(years)
    if quarter:
        group = f"{group} TW {quarter.group(1).upper()}".strip()
    year = int(years[0]) if len(years) == 1 else None
    return group, year


def _transpose(rows: list[list[str]]) -> list[list[str]] | None:
    """A table with years across and quantities down (seed Tabel 3.25: "Target
    Penerimaan", "Realisasi Penerimaan", "%" as rows) turned to a row per year, when its
    first row is years and its first column names at least two known quantities."""
    if len(rows) < 3:
        return None
    years = [c for c in rows[0][1:] if c.strip()]
    if len(years) < 2 or not all(_is_year_cell(c) for c in years):
        return None
    roles = [role_of(r[0]) for r in rows[1:]]
    known = [r for r in roles if r not in (Role.TEXT, Role.NUMBER, Role.ORDINAL, Role.YEAR)]
    if len(known) < 2 or len(known) * 2 <= len(roles):
        return None  # a quantity per row is the table's subject, not two or three rows
    head = ["Tahun"] + [r[0] for r in rows[1:]]
    out = [head]
    for j in range(1, len(rows[0])):
        out.append([rows[0][j]] + [r[j] for r in rows[1:]])
    return out


# Where a row's name is read: a program/activity column first (its indicator cell is often
# merged down over the program's rows), then the indicator or description.
_NAME_COLUMNS = (re.compile(r"^\s*program\b", re.I), re.compile(r"indikator|uraian", re.I))
_CODE = re.compile(r"^[A-Z]{1,4}\s?\d+(?:\.\d+)*$")


def _row_kind(cells: list[str], columns: list[Column]) -> tuple[RowKind, str]:
    """The row's kind (a "Jumlah" or "Rata-rata" cell anywhere among its words) and the
    name a finding gives it: its code and indicator, or its first words."""
    words = [
        (c, col)
        for c, col in zip(cells, columns, strict=True)
        if (not col.numeric or col.role == Role.ORDINAL)
        and c
        and not is_placeholder(c)
        and read_number(c) is None
    ]
    code = next((c for c, _col in words if _CODE.match(c)), "")
    # A row numbered in the "No" column is a data row ("4 | Jumlah inovasi layanan").
    numbered = any(
        col.role == Role.ORDINAL and read_number(c) is not None
        for c, col in zip(cells, columns, strict=True)
    )
    for cell, _col in words:
        if numbered:
            break
        # A total's label is short and its row has no indicator code: "Rata-rata indeks
        # profesionalitas ASN" beside SK6.1 is an indicator, "Rata-rata capaian" a mean.
        if code or len(cell.split()) > 5:
            break
        total, mean = _TOTAL.match(cell), _MEAN.search(cell)
        if total and re.search(r"rata\s*-?\s*rata|rerata", cell, re.I):
            return RowKind.TOTAL_MEAN, cell
        if total:
            return RowKind.TOTAL, cell
        if mean:
            return RowKind.MEAN, cell
    name = ""
    for pattern in _NAME_COLUMNS:
        name = next((c for c, col in words if pattern.search(col.label) and c != code), "")
        if name:
            break
    if not name:
        name = next((c for c, _col in words if c != code), "")
    if len(name) > 60:
        name = name[:57].rstrip() + "…"
    return RowKind.DATA, " ".join(x for x in (code, name) if x)


def _read_column(cells: list[str]) -> list[PrintedNumber | None]:
    """The column's numbers under its own convention (see the module's docstring)."""
    first = [read_number(c) for c in cells]
    proven = {n.convention for n in first if n is not None and n.convention is not None}
    if proven == {Convention.EN}:
        return [read_number(c, Convention.EN) for c in cells]
    return first


def _comparison_years(columns: list[Column]) -> None:
    """ "Tahun N-1" and "Tahun N" beside a change column (Perubahan, Peningkatan) are the
    before and after of that change, whatever they hold (a realization, an achievement)."""
    if not any(c.numeric and c.role == Role.GROWTH for c in columns):
        return
    before = [c for c in columns if c.numeric and _PREVIOUS_N.search(c.label)]
    after = [
        c
        for c in columns
        if c.numeric and not _PREVIOUS_N.search(c.label) and _CURRENT_N.search(c.label)
    ]
    if len(before) == 1 and len(after) == 1 and before[0].index < after[0].index:
        before[0].role, after[0].role = Role.BEFORE, Role.AFTER


def analyse(table: SourceTable) -> AnalysedTable | None:
    """The table's columns and rows, or None when it has no header or no numbers."""
    rows = _rectangular(table.rows)
    # A cell continuing a merge repeats its text: kept in the header (a year over three
    # columns), blanked in the body (a ceiling merged over three rows is printed once).
    for i, j in table.merged:
        if i < len(rows) and j < len(rows[i]) and i >= 1 and read_number(rows[i][j]):
            rows[i][j] = ""
    rows = [r for r in rows if any(c for c in r)]
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    transposed = False
    flipped = _transpose(rows)
    if flipped is not None:
        rows, transposed = _rectangular(flipped), True
    count = _header_count(rows)
    if count == 0:
        return None
    labels = _column_labels(rows, count)
    while count < len(rows) and _is_column_numbers(rows[count]):
        count += 1
    body = rows[count:]
    if not body:
        return None
    columns_numbers = [_read_column([r[j] for r in body]) for j in range(len(labels))]
    columns = []
    for j, label in enumerate(labels):
        label, role = read_header(label)
        group, year = _group(label)
        numbers = [n for n, r in zip(columns_numbers[j], body, strict=True) if n is not None]
        filled = [r[j] for r in body if r[j].strip() and not is_placeholder(r[j])]
        numeric = bool(filled) and len(numbers) >= max(1, len(filled) * 2 // 3)
        if role == Role.TEXT and numeric:
            role = Role.NUMBER
        if role == Role.YEAR or (role == Role.NUMBER and all(_is_year_cell(c) for c in filled)):
            role, numeric = Role.YEAR, False
        columns.append(Column(j, label, role, group, year, numeric))
    _comparison_years(columns)
    out_rows = []
    for i, cells in enumerate(body):
        texts = list(cells)
        numbers = [columns_numbers[j][i] if columns[j].numeric else None for j in range(len(cells))]
        kind, label = _row_kind(cells, columns)
        if not label:
            year_cols = [c for c, col in zip(cells, columns, strict=True) if col.role == Role.YEAR]
            label = year_cols[0] if year_cols else ""
        out_rows.append(Row(i + count, label, texts, numbers, kind))
    if not any(c.numeric for c in columns):
        return None
    return AnalysedTable(table, columns, out_rows, count, transposed)

"""The checks that need no model: does each printed figure follow from the others printed
beside it? Pure functions over an ``AnalysedTable``; ``Decimal`` throughout.

Precision first. A printed figure stands for every value that rounds to it: "53,33"
is anything in [53,325; 53,335], "177,78 %" anything in [177,775; 177,785]. A figure
is flagged only when no values its inputs stand for give a value it stands for — the
interval of the computed figure and the printed figure's own do not meet. So "53,33"
realized against "30" with "177,78 %" (from 53,3333…) is right, and "177,67 %" beside
it is flagged as computed from a rounded intermediate (53,3). Whole numbers without a
percent sign (targets of 2 companies, rupiah) are exact; targets and ceilings are exact
as printed (they are set, not measured).

The checks:

- ratio: a percentage column and the two amounts it relates in the same row and group
  (capaian = realisasi / target × 100; penyerapan = realisasi / pagu × 100). An
  achievement whose polarity is not known passes when it follows from any formula
  kinerja knows (higher is better R/T; lower is better (2T − R)/T or T/R, PermenPANRB
  8/2021); with ``polarities`` it must follow from its own.
- growth: (B − A) / A × 100 between two years (or before/after) in the row, or between a
  year's row and the previous year's in a table with a row per year.
- share: an amount's share of the column's total (porsi, % dari total).
- total: a "Jumlah"/"Total" row against the sum of the rows above it (since the previous
  total), a table of groups with their items, or the sum of the subtotals; a total's
  percentage against the ratio of the summed amounts.
- mean: a "Rata-rata" row against the mean of the rows.

When a figure does not follow, the finding says which slip explains it, if one does: cut
instead of rounded, × 100 forgotten or applied twice, the mean of the rows' percentages
instead of the ratio of the sums, a rounded input, a row left out or counted twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kinerja.core.numbers import PrintedNumber, format_id, round_half_up, truncate
from kinerja.measurement import calc
from kinerja.measurement.calc import LowerFormula, Polarity

from .model import WARNING_KINDS, Kind, ReviewFinding, Severity
from .tables import AnalysedTable, Column, Role, Row, RowKind

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)

AMOUNT_ROLES = frozenset({Role.TARGET, Role.REALIZATION, Role.CEILING, Role.NUMBER})
PCT_ROLES = frozenset(
    {Role.ACHIEVEMENT, Role.PERCENT, Role.SHARE, Role.GROWTH, Role.WEIGHT, Role.EFFICIENCY}
)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def exact(value: Decimal) -> Interval:
    return Interval(value, value)


def stands_for(n: PrintedNumber, exact_figure: bool = False) -> Interval:
    """Every value a printed figure stands for: itself when it is exact (a target, a
    ceiling, a count), else everything that rounds to it at its printed places."""
    if exact_figure:
        return exact(n.value)
    h = n.half_unit
    return Interval(n.value - h, n.value + h)


def printed_interval(n: PrintedNumber, role: Role) -> Interval:
    """What a printed figure stands for (see the module's docstring)."""
    return stands_for(
        n,
        (n.places == 0 and not n.percent and role not in PCT_ROLES)
        or role in (Role.TARGET, Role.CEILING),
    )


def agrees(n: PrintedNumber, value: Decimal, exact_figure: bool = False) -> bool:
    """Whether a computed ``value`` is a value the printed figure stands for."""
    return stands_for(n, exact_figure).meets(exact(value))


def _div(a: Interval, b: Interval) -> Interval | None:
    """a / b for positive b."""
    if b.lo <= 0:
        return None
    ends = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
    return Interval(min(ends), max(ends))


def _scale(a: Interval, k: Decimal) -> Interval:
    return Interval(min(a.lo * k, a.hi * k), max(a.lo * k, a.hi * k))


def _add(items: Iterable[Interval]) -> Interval:
    lo = hi = _ZERO
    for i in items:
        lo, hi = lo + i.lo, hi + i.hi
    return Interval(lo, hi)


# --- showing figures -------------------------------------------------------------------


def shown(value: Decimal, places: int, percent: bool) -> str:
    text = format_id(value, places)
    return f"{text} %" if percent else text


def _full(value: Decimal, places: int) -> str:
    """The computed figure with two more places than the print (whole rupiah stay whole)."""
    if places == 0 and value == value.to_integral_value():
        return format_id(value, 0)
    return format_id(value, places + 2)


# --- slip classification ---------------------------------------------------------------


def classify(
    printed: PrintedNumber,
    expected: Decimal,
    rounded_inputs: Iterable[Decimal] = (),
    mean_of_rows: Decimal | None = None,
) -> Kind:
    """Which known slip turns ``expected`` into the printed figure, if any."""
    p, v = printed.places, printed.value

    def same(x: Decimal) -> bool:
        return round_half_up(x, p) == v

    if mean_of_rows is not None and same(mean_of_rows):
        return Kind.MEAN_OF_PERCENTAGES
    if expected > 0 and truncate(expected, p) == v and not same(expected):
        return Kind.TRUNCATED
    if expected != 0 and same(expected / _HUNDRED):
        return Kind.MISSING_X100
    if expected != 0 and same(expected * _HUNDRED):
        return Kind.DOUBLE_X100
    if any(same(x) for x in rounded_inputs):
        return Kind.ROUNDED_INTERMEDIATE
    return Kind.WRONG


KIND_TEXT = {
    Kind.TRUNCATED: "angka dipotong, bukan dibulatkan",
    Kind.MEAN_OF_PERCENTAGES: (
        "yang tercetak adalah rata-rata persentase baris, bukan rasio jumlahnya"
    ),
    Kind.MISSING_X100: "rasio tercetak tanpa dikali 100",
    Kind.DOUBLE_X100: "dikali 100 dua kali",
    Kind.ROUNDED_INTERMEDIATE: "dihitung dari angka antara yang sudah dibulatkan",
    Kind.SUM_MISMATCH: "jumlah tidak sama dengan penjumlahan barisnya",
    Kind.WRONG: "",
}


def _roundings(n: PrintedNumber) -> list[Decimal]:
    """The printed input rounded to fewer places (53,33 → 53,3 and 53)."""
    return [round_half_up(n.value, k) for k in range(n.places)]


# --- the collector ---------------------------------------------------------------------


@dataclass
class Context:
    table: AnalysedTable
    findings: list[ReviewFinding]
    checked: set[tuple[int, int]]  # (row index, column index) of figures compared

    def finding(
        self,
        row: Row,
        column: Column,
        printed: PrintedNumber,
        expected: Decimal,
        kind: Kind,
        basis: str,
    ) -> None:
        source = self.table.source
        places = printed.places
        expected_text = shown(expected, places, printed.percent)
        why = KIND_TEXT.get(kind, "")
        message = (
            f"{column.label or 'Kolom ' + str(column.index + 1)} tercetak {printed.text}, "
            f"sedangkan {basis} = {_full(expected, places)}"
            f"{' %' if printed.percent else ''} (dibulatkan {expected_text})"
        )
        if why:
            message += f"; {why}"
        self.findings.append(
            ReviewFinding(
                table=source.name,
                page=source.page,
                row=self.table.row_name(row),
                column=column.label,
                printed=printed.text,
                expected=expected_text,
                kind=kind,
                message=message + ".",
                severity=Severity.WARNING if kind in WARNING_KINDS else Severity.ERROR,
            )
        )


def _num(row: Row, column: Column | None) -> PrintedNumber | None:
    if column is None:
        return None
    return row.numbers[column.index]


def _f(n: PrintedNumber) -> str:
    return shown(n.value, n.places, n.percent)


# --- pairing columns -------------------------------------------------------------------


def _same_group(a: Column, b: Column) -> bool:
    return not a.group or not b.group or a.group == b.group


def _left(table: AnalysedTable, of: Column, roles: set[Role]) -> Column | None:
    """The nearest numeric column left of ``of`` with one of ``roles`` in its group."""
    for col in reversed(table.columns[: of.index]):
        if col.numeric and col.role in roles and _same_group(col, of):
            return col
    return None


def ratio_pairs(table: AnalysedTable) -> list[tuple[Column, Column, Column]]:
    """(percentage, part, base) column triples: capaian with realisasi and target,
    penyerapan with realisasi and pagu. The part is the nearest realization-like column
    left of the percentage, the base the nearest target-like column left of the part."""
    out = []
    for col in table.columns:
        if not col.numeric or col.role not in (Role.ACHIEVEMENT, Role.PERCENT):
            continue
        part = _left(table, col, {Role.REALIZATION})
        if part is None:
            continue
        bases = {Role.TARGET, Role.CEILING}
        base = _left(table, part, bases) or _right_base(table, part, col, bases)
        if base is not None:
            out.append((col, part, base))
    return out


def _right_base(table, part: Column, pct: Column, roles) -> Column | None:
    """A base printed between the part and the percentage (rare: Realisasi | Target | %)."""
    for col in table.columns[part.index + 1 : pct.index]:
        if col.numeric and col.role in roles and _same_group(col, pct):
            return col
    return None


# --- 1. ratio (achievement, absorption) ------------------------------------------------

Formula = Callable[[Interval, Interval], Interval | None]


def _higher(part: Interval, base: Interval) -> Interval | None:
    """part / base × 100: an absorption, a share, a ratio of sums."""
    r = _div(part, base)
    return None if r is None else _scale(r, _HUNDRED)


def _by_rule(polarity: Polarity, lower_formula: LowerFormula = LowerFormula.TWO_MINUS_RATIO):
    """An achievement as kinerja computes it (``measurement.calc.achievement``, the one
    implementation of the rules in docs/measurement-rules.md), over every value a
    printed realization and target stand for. Each formula is monotone in the
    realization and in the target, so its extremes are at the corners."""

    def formula(part: Interval, base: Interval) -> Interval | None:
        if base.lo <= 0:
            return None
        values = []
        for r in (part.lo, part.hi):
            for t in (base.lo, base.hi):
                pct = calc.achievement(
                    calc.TargetValue(t), r, polarity, lower_formula=lower_formula
                ).pct
                if pct is None:
                    return None
                values.append(pct)
        return Interval(min(values), max(values))

    formula.polarity = polarity  # type: ignore[attr-defined]
    return formula


_ACHIEVED_HIGHER = _by_rule(Polarity.HIGHER_IS_BETTER)
_LOWER_TWO_MINUS = _by_rule(Polarity.LOWER_IS_BETTER, LowerFormula.TWO_MINUS_RATIO)
_LOWER_INVERSE = _by_rule(Polarity.LOWER_IS_BETTER, LowerFormula.TARGET_OVER_REALIZATION)


def achievement_formulas(polarity: str | None) -> list[Formula]:
    """The formulas an achievement may follow: its polarity's (both lower-is-better
    formulas a plan may choose, PermenPANRB 8/2021), or, when the polarity is not known,
    any of them, higher-is-better first."""
    if polarity == Polarity.HIGHER_IS_BETTER:
        return [_ACHIEVED_HIGHER]
    if polarity == Polarity.LOWER_IS_BETTER:
        return [_LOWER_TWO_MINUS, _LOWER_INVERSE]
    return [_ACHIEVED_HIGHER, _LOWER_TWO_MINUS, _LOWER_INVERSE]


def is_lower(formula: Formula) -> bool:
    return getattr(formula, "polarity", None) == Polarity.LOWER_IS_BETTER


def _formulas(column: Column, polarity: str | None, base: Column | None = None) -> list[Formula]:
    # A share of a budget ("capaian realisasi anggaran") is spending over the ceiling,
    # never a lower-is-better achievement.
    budget = base is not None and base.role == Role.CEILING
    if column.role != Role.ACHIEVEMENT or budget:
        return [_higher]
    return achievement_formulas(polarity)


def _polarity(row: Row, polarities: Mapping[str, str]) -> str | None:
    for text in row.texts:
        code = text.strip()
        if code in polarities:
            return polarities[code]
    return None


def _point(formula: Formula, part: Decimal, base: Decimal) -> Decimal | None:
    result = formula(exact(part), exact(base))
    return None if result is None else result.lo


def check_ratios(ctx: Context, polarities: Mapping[str, str]) -> None:
    table = ctx.table
    for pct_col, part_col, base_col in ratio_pairs(table):
        data = [r for r in table.rows if r.kind == RowKind.DATA]
        for i, row in enumerate(table.rows):
            pct, part, base = _num(row, pct_col), _num(row, part_col), _num(row, base_col)
            if row.kind != RowKind.DATA and (part is None or base is None) and pct is not None:
                _check_total_ratio(ctx, row, data, pct_col, part_col, base_col)
                continue
            if pct is not None and part is None and base is None and _is_program(row):
                group = _program_rows(table.rows[i + 1 :], part_col, base_col)
                if len(group) >= 2:
                    _check_total_ratio(ctx, row, group, pct_col, part_col, base_col)
                continue
            if pct is None or part is None or base is None or base.value <= 0:
                continue
            ctx.checked.add((row.index, pct_col.index))
            formulas = _formulas(pct_col, _polarity(row, polarities), base_col)
            printed = printed_interval(pct, pct_col.role)
            part_i = printed_interval(part, part_col.role)
            base_i = printed_interval(base, base_col.role)
            # A negative realization: kinerja floors the achievement at 0 % (docs/
            # measurement-rules.md, rule 3); a report that prints R / T × 100 literally
            # (−47,61 % for −33,33 against 70) has not miscomputed.
            literal = [_higher] if part.value < 0 and not is_lower(formulas[0]) else []
            if any(
                (c := f(part_i, base_i)) is not None and c.meets(printed)
                for f in formulas + literal
            ):
                continue
            expected = _point(formulas[0], part.value, base.value)
            if expected is None:
                continue
            rounded = [
                x for p in _roundings(part) if (x := _point(formulas[0], p, base.value)) is not None
            ]
            mean = None
            if row.kind != RowKind.DATA:
                mean = _mean_of(data, pct_col)
            kind = classify(pct, expected, rounded, mean)
            basis = f"{part_col.label} {_f(part)} / {base_col.label} {_f(base)} × 100"
            if is_lower(formulas[0]):
                basis = f"rumus indikator yang semakin kecil semakin baik atas {basis}"
            ctx.finding(row, pct_col, pct, expected, kind, basis)


_PROGRAM = re.compile(r"^\s*(?:\d+[.)]?\s*)?program\b", re.I)


def _is_program(row: Row) -> bool:
    """A program's row in a Program > Kegiatan > Sub Kegiatan table (PermenPANRB 53/2014
    budget tables): it prints the program's percentage, its amounts are its rows'."""
    return row.kind == RowKind.DATA and any(_PROGRAM.match(t) for t in row.texts)


def _program_rows(rows: list[Row], part_col: Column, base_col: Column) -> list[Row]:
    """The rows under a program up to the next program or total: those printing both
    amounts (its activities or sub-activities, each counted once)."""
    out = []
    for row in rows:
        if row.kind != RowKind.DATA or _is_program(row):
            break
        if _num(row, part_col) is not None and _num(row, base_col) is not None:
            out.append(row)
    return out


def _mean_of(rows: list[Row], column: Column) -> Decimal | None:
    values = [n.value for r in rows if (n := r.numbers[column.index]) is not None]
    if len(values) < 2:
        return None
    return sum(values, _ZERO) / len(values)


def _check_total_ratio(ctx, row, data, pct_col, part_col, base_col) -> None:
    """A total row that prints the percentage but not its amounts: the ratio of the
    rows' summed amounts (or, in a mean row, the mean of the rows' percentages)."""
    pct = _num(row, pct_col)
    if row.kind == RowKind.MEAN:
        return  # the mean row check compares it with the rows' mean
    parts = [_num(r, part_col) for r in data]
    bases = [_num(r, base_col) for r in data]
    if not data or any(n is None for n in parts + bases):
        return
    base_sum = sum((n.value for n in bases), _ZERO)
    if base_sum <= 0:
        return
    ctx.checked.add((row.index, pct_col.index))
    part_i = _add(printed_interval(n, part_col.role) for n in parts)
    base_i = _add(printed_interval(n, base_col.role) for n in bases)
    computed = _higher(part_i, base_i)
    mean = _mean_of(data, pct_col)
    printed = printed_interval(pct, pct_col.role)
    if computed is not None and computed.meets(printed):
        return
    # A mean is what a "Rata-rata" row says; an achievement's total row may mean it too
    # (indicators of different units have no sum), an absorption's may not.
    # Amounts of money always add up: a budget's total percentage is never a mean.
    mean_allowed = row.kind == RowKind.TOTAL_MEAN or (
        pct_col.role == Role.ACHIEVEMENT and base_col.role != Role.CEILING
    )
    if mean_allowed and mean is not None and _mean_interval(data, pct_col).meets(printed):
        return
    if mean_allowed and mean is not None:
        expected, basis = mean, f"rata-rata {pct_col.label} {len(data)} baris di atasnya"
        kind = classify(pct, expected)
    else:
        expected = sum((n.value for n in parts), _ZERO) / base_sum * _HUNDRED
        kind = classify(pct, expected, (), mean)
        basis = f"jumlah {part_col.label} / jumlah {base_col.label} × 100"
    ctx.finding(row, pct_col, pct, expected, kind, basis)


def _mean_interval(rows: list[Row], column: Column) -> Interval:
    values = [printed_interval(n, column.role) for r in rows if (n := r.numbers[column.index])]
    total = _add(values)
    k = Decimal(len(values))
    return Interval(total.lo / k, total.hi / k)


def check_row_ratios(ctx: Context) -> None:
    """Quantities printed down a column instead of across (seed Tabel 3.69: "Total
    Penerimaan", "Target", "%Realisasi" as the last rows): a row whose label names a
    percentage against the nearest rows above naming the realization and its base."""
    from .tables import role_of

    table = ctx.table
    base_row = part_row = None
    for row in table.rows:
        role = role_of(row.label) if row.label else Role.TEXT
        if role in (Role.TARGET, Role.CEILING):
            base_row = row
        elif role == Role.REALIZATION or (row.kind == RowKind.TOTAL and role != Role.PERCENT):
            part_row = row
        elif role in (Role.PERCENT, Role.ACHIEVEMENT) and base_row and part_row:
            for col in table.columns:
                pct, part, base = _num(row, col), _num(part_row, col), _num(base_row, col)
                if pct is None or part is None or base is None or base.value <= 0:
                    continue
                if (row.index, col.index) in ctx.checked:
                    continue
                ctx.checked.add((row.index, col.index))
                computed = _higher(exact(part.value), exact(base.value))
                if computed.meets(printed_interval(pct, Role.PERCENT)):
                    continue
                expected = part.value / base.value * _HUNDRED
                basis = f"{part_row.label} {_f(part)} / {base_row.label} {_f(base)} × 100"
                ctx.finding(row, col, pct, expected, classify(pct, expected), basis)


# --- 2. growth -------------------------------------------------------------------------

_DECREASE = re.compile(r"efisiensi|penurunan|turun|berkurang", re.I)


def _growth_inputs(table: AnalysedTable, col: Column) -> tuple[Column, Column] | None:
    before = _left(table, col, {Role.BEFORE})
    after = _left(table, col, {Role.AFTER})
    if before is not None and after is not None:
        return before, after
    years = [
        c
        for c in table.columns[: col.index]
        if c.numeric and c.year is not None and c.role in AMOUNT_ROLES and _same_group(c, col)
    ]
    if len(years) >= 2 and years[-2].year < years[-1].year:
        return years[-2], years[-1]
    return None


def _growth_interval(a: Interval, b: Interval) -> Interval | None:
    r = _div(b, a)
    return None if r is None else Interval((r.lo - 1) * _HUNDRED, (r.hi - 1) * _HUNDRED)


def _decrease_interval(a: Interval, b: Interval) -> Interval | None:
    r = _div(b, a)
    return None if r is None else Interval((1 - r.hi) * _HUNDRED, (1 - r.lo) * _HUNDRED)


def _check_growth_value(ctx, row, col, g, a_n, a_col, b_n, b_col, decrease_ok) -> None:
    if a_n.value <= 0:
        return
    ctx.checked.add((row.index, col.index))
    a_i, b_i = printed_interval(a_n, a_col.role), printed_interval(b_n, b_col.role)
    printed = printed_interval(g, col.role)
    options = [_growth_interval(a_i, b_i)]
    if decrease_ok:
        options.append(_decrease_interval(a_i, b_i))
    if any(o is not None and o.meets(printed) for o in options):
        return
    expected = (b_n.value / a_n.value - 1) * _HUNDRED
    if decrease_ok and g.value >= 0 > expected:
        expected = -expected
    rounded = [(b / a_n.value - 1) * _HUNDRED for b in _roundings(b_n)]
    kind = classify(g, expected, rounded)
    basis = f"({b_col.label or 'B'} {_f(b_n)} − {a_col.label or 'A'} {_f(a_n)}) / {_f(a_n)} × 100"
    ctx.finding(row, col, g, expected, kind, basis)


def _word_set(label: str) -> set[str]:
    stop = {"di", "tahun", "rp", "dan", "yang", "ta", "persen"}
    return {w for w in re.findall(r"[a-z]+", label.lower()) if w not in stop and len(w) > 2}


def check_growth(ctx: Context) -> None:
    table = ctx.table
    year_col = next((c for c in table.columns if c.role == Role.YEAR), None)
    for col in table.columns:
        if not col.numeric or col.role not in (Role.GROWTH, Role.EFFICIENCY):
            continue
        inputs = _growth_inputs(table, col)
        # An efficiency is a decrease (A − B) / A only in a before/after table; in an
        # efficiency table it is (IBT − IBR) / IBT (``check_efficiency``).
        if col.role == Role.EFFICIENCY and (
            _efficiency_inputs(table) is not None or _left(table, col, {Role.BEFORE}) is None
        ):
            continue
        if inputs is not None:
            a_col, b_col = inputs
            for row in table.rows:
                g, a_n, b_n = _num(row, col), _num(row, a_col), _num(row, b_col)
                if g is None or a_n is None or b_n is None:
                    continue
                decrease_ok = bool(_DECREASE.search(col.label + " " + " ".join(row.texts)))
                _check_growth_value(ctx, row, col, g, a_n, a_col, b_n, b_col, decrease_ok)
            continue
        if year_col is None:
            continue
        # A row per year: the quantity the growth column names, this year against last.
        words = _word_set(col.label)
        candidates = [
            c
            for c in table.columns
            if c.numeric and c.role in AMOUNT_ROLES and c.index != col.index
        ]
        best = max(candidates, key=lambda c: len(words & _word_set(c.label)), default=None)
        if best is None or not words & _word_set(best.label):
            continue
        by_year = {}
        for row in table.rows:
            year = _year(row.texts[year_col.index])
            if year is not None:
                by_year[year] = row
        for year, row in by_year.items():
            g, prev = _num(row, col), by_year.get(year - 1)
            if g is None or prev is None:
                continue
            a_n, b_n = _num(prev, best), _num(row, best)
            if a_n is None or b_n is None:
                continue
            decrease_ok = bool(_DECREASE.search(col.label))
            a_col = Column(best.index, f"{best.label} {year - 1}", best.role)
            b_col = Column(best.index, f"{best.label} {year}", best.role)
            _check_growth_value(ctx, row, col, g, a_n, a_col, b_n, b_col, decrease_ok)


def _year(text: str) -> int | None:
    m = re.search(r"(19[5-9]\d|20\d\d)", text or "")
    return int(m.group(1)) if m else None


# --- 2b. the efficiency table ---------------------------------------------------------


@dataclass(frozen=True)
class _EfficiencyColumns:
    target: Column | None
    realization: Column | None
    ceiling: Column | None
    spending: Column | None
    ibt: Column | None
    ibr: Column | None
    efficiency: Column | None


def _efficiency_inputs(table: AnalysedTable) -> _EfficiencyColumns | None:
    """The columns of an efficiency table (seed Tabel 3.72: Target, Realisasi, Capaian,
    Pagu, Realisasi anggaran, Penyerapan, IBT, IBR, Efisiensi), or None when the table
    prints no IBT, IBR or efficiency beside a ceiling."""

    def first(role: Role, after: Column | None = None, before: Column | None = None):
        for c in table.columns:
            if not c.numeric or c.role != role:
                continue
            if after is not None and c.index <= after.index:
                continue
            if before is not None and c.index >= before.index:
                continue
            return c
        return None

    ceiling = first(Role.CEILING)
    ibt, ibr, eff = first(Role.COST_TARGET), first(Role.COST_REALIZATION), first(Role.EFFICIENCY)
    if ceiling is None or (ibt is None and ibr is None and eff is None):
        return None
    target = first(Role.TARGET, before=ceiling)
    realization = first(Role.REALIZATION, after=target, before=ceiling) if target else None
    spending = first(Role.REALIZATION, after=ceiling)
    return _EfficiencyColumns(target, realization, ceiling, spending, ibt, ibr, eff)


def _measured(n: PrintedNumber) -> Interval:
    """An indicator's realization or a cost index: measured, so a whole figure stands
    for everything that rounds to it (53 for 53,3; IBT 1.034.867 for 1.034.866,67)."""
    return stands_for(n, exact_figure=False)


def check_efficiency(ctx: Context) -> None:
    """IBT = pagu / target, IBR = realisasi anggaran / realisasi, efisiensi = (IBT − IBR)
    / IBT × 100 (DESIGN, budget.calc.efficiency), row by row; the efficiency from the
    printed IBT and IBR when both are printed, else from the four amounts."""
    table = ctx.table
    cols = _efficiency_inputs(table)
    if cols is None:
        return
    for row in table.rows:
        if row.kind != RowKind.DATA:
            continue
        t, r = _num(row, cols.target), _num(row, cols.realization)
        c, sp = _num(row, cols.ceiling), _num(row, cols.spending)
        ibt_i = ibr_i = None
        ibt_v = ibr_v = None
        if c is not None and t is not None and t.value > 0:
            ibt_i, ibt_v = _div(exact(c.value), exact(t.value)), c.value / t.value
        if sp is not None and r is not None and r.value > 0:
            ibr_i, ibr_v = _div(exact(sp.value), _measured(r)), sp.value / r.value
        ibt_text = f"pagu {_f(c)} / target {_f(t)}" if ibt_i is not None else ""
        ibr_text = f"realisasi anggaran {_f(sp)} / realisasi {_f(r)}" if ibr_i is not None else ""
        for col, interval, value, basis in (
            (cols.ibt, ibt_i, ibt_v, ibt_text),
            (cols.ibr, ibr_i, ibr_v, ibr_text),
        ):
            printed = _num(row, col)
            if printed is None or interval is None:
                continue
            ctx.checked.add((row.index, col.index))
            if interval.meets(_measured(printed)):
                continue
            ctx.finding(row, col, printed, value, classify(printed, value), basis)
        printed = _num(row, cols.efficiency)
        if printed is None:
            continue
        ibt_n, ibr_n = _num(row, cols.ibt), _num(row, cols.ibr)
        if ibt_n is not None and ibr_n is not None and ibt_n.value > 0:
            ibt_i, ibr_i = _measured(ibt_n), _measured(ibr_n)
            ibt_v, ibr_v = ibt_n.value, ibr_n.value
            basis = f"(IBT {_f(ibt_n)} − IBR {_f(ibr_n)}) / IBT {_f(ibt_n)} × 100"
        else:
            basis = "(IBT − IBR) / IBT × 100 dari pagu, target, realisasi anggaran dan realisasi"
        if ibt_i is None or ibr_i is None or ibt_v is None or ibr_v is None:
            continue
        ratio = _div(ibr_i, ibt_i)
        if ratio is None:
            continue
        ctx.checked.add((row.index, cols.efficiency.index))
        computed = Interval((1 - ratio.hi) * _HUNDRED, (1 - ratio.lo) * _HUNDRED)
        if computed.meets(printed_interval(printed, Role.EFFICIENCY)):
            continue
        expected = (ibt_v - ibr_v) / ibt_v * _HUNDRED
        rounded = [(round_half_up(ibt_v, 0) - round_half_up(ibr_v, 0)) / ibt_v * _HUNDRED]
        ctx.finding(
            row, cols.efficiency, printed, expected, classify(printed, expected, rounded), basis
        )


# --- 3. share of the total ---------------------------------------------------------------


def _share_amount(table: AnalysedTable, col: Column) -> Column | None:
    """The amount a share column divides: the nearest amount column to its left whose
    header shares a word with it ("Porsi pagu" → "Pagu akhir"), else the nearest one."""
    left = [
        c
        for c in reversed(table.columns[: col.index])
        if c.numeric and c.role in AMOUNT_ROLES and _same_group(c, col)
    ]
    words = _word_set(col.label) - {
        "porsi",
        "proporsi",
        "kontribusi",
        "persentase",
        "dari",
        "terhadap",
        "total",
        "jumlah",
        "share",
    }
    named = [c for c in left if words & _word_set(c.label)]
    return (named or left or [None])[0]


def check_shares(ctx: Context) -> None:
    table = ctx.table
    for col in table.columns:
        if not col.numeric or col.role != Role.SHARE:
            continue
        amount = _share_amount(table, col)
        if amount is None:
            continue
        data = [r for r in table.rows if r.kind == RowKind.DATA]
        totals = [r for r in table.rows if r.kind in (RowKind.TOTAL, RowKind.TOTAL_MEAN)]
        total_n = _num(totals[-1], amount) if totals else None
        if total_n is not None:
            whole = printed_interval(total_n, amount.role)
            whole_value, whole_text = total_n.value, f"jumlah {amount.label} {_f(total_n)}"
        else:
            parts = [_num(r, amount) for r in data]
            if not parts or any(p is None for p in parts):
                continue
            whole = _add(printed_interval(p, amount.role) for p in parts)
            whole_value = sum((p.value for p in parts), _ZERO)
            whole_text = f"jumlah {amount.label} {format_id(whole_value)}"
        if whole_value <= 0:
            continue
        for row in table.rows:
            share, part = _num(row, col), _num(row, amount)
            if share is None or part is None:
                continue
            ctx.checked.add((row.index, col.index))
            computed = _higher(printed_interval(part, amount.role), whole)
            if computed is not None and computed.meets(printed_interval(share, col.role)):
                continue
            expected = part.value / whole_value * _HUNDRED
            kind = classify(share, expected)
            basis = f"{amount.label} {_f(part)} / {whole_text} × 100"
            ctx.finding(row, col, share, expected, kind, basis)


# --- 4. totals and means -----------------------------------------------------------------


def _top_level(values: list[Interval]) -> list[Interval] | None:
    """The rows of a table that lists groups and their items (seed Tabel 3.26: "Pelayanan
    Teknis Sertifikasi" and its six kinds): a row that equals the sum of the rows right
    after it is a group, and its items are not counted again. None when no group is found."""
    out, i, grouped = [], 0, False
    while i < len(values):
        end = _group_end(values, i)
        out.append(values[i])
        if end is not None:
            grouped, i = True, end
        else:
            i += 1
    return out if grouped else None


def _group_end(values: list[Interval], i: int) -> int | None:
    acc = Interval(_ZERO, _ZERO)
    for j in range(i + 1, len(values)):
        acc = Interval(acc.lo + values[j].lo, acc.hi + values[j].hi)
        if j - i >= 2 and acc.meets(values[i]):
            return j + 1
        if acc.lo > values[i].hi:
            return None
    return None


def _sum_explanation(rows: list[Row], column: Column, total: Decimal, summed: Decimal) -> str:
    diff = total - summed
    for r in rows:
        n = r.numbers[column.index]
        if n is None or n.value == 0:
            continue
        name = r.label or r.index + 1
        if n.value == -diff:
            return f"; selisihnya sama dengan baris {name}: baris itu tidak terhitung"
        if n.value == diff:
            return f"; selisihnya sama dengan baris {name}: baris itu terhitung dua kali"
    return ""


def _sum_column(column: Column) -> bool:
    """Columns whose total row is a sum: amounts, and weights. An achievement or a
    growth column is never added up; a share's total is checked as the total's share."""
    return column.numeric and column.role in AMOUNT_ROLES | {Role.WEIGHT}


def check_totals(ctx: Context) -> None:
    table = ctx.table
    paired = {p.index for p, _a, _b in ratio_pairs(table)}
    block: list[Row] = []
    subtotals: list[Row] = []
    all_data: list[Row] = []
    for row in table.rows:
        if row.kind == RowKind.DATA:
            block.append(row)
            all_data.append(row)
            continue
        for col in table.columns:
            printed = _num(row, col)
            if printed is None or (col.index in paired and row.kind != RowKind.MEAN):
                continue
            if row.kind == RowKind.MEAN:
                _check_mean(ctx, row, col, printed, block)
            elif row.kind == RowKind.TOTAL_MEAN:
                _check_sum_or_mean(ctx, row, col, printed, block)
            elif _sum_column(col):
                _check_sum(ctx, row, col, printed, block, subtotals, all_data)
        if row.kind in (RowKind.TOTAL, RowKind.TOTAL_MEAN):
            subtotals.append(row)
        block = []


_OUTLINE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s*$")


def _outline_top(rows: list[Row], columns: list[Column]) -> list[Row] | None:
    """The top level of rows numbered as an outline ("4.1.", "4.1.4.", "4.2.", "4.2.1."):
    the rows whose number has the fewest parts, when the rows' numbers differ in depth.
    A group printed with a single item (4.1. and 4.1.4.) counts once."""
    depths = []
    for row in rows:
        code = next(
            (
                m.group(1)
                for t, c in zip(row.texts, columns, strict=True)
                if not c.numeric and (m := _OUTLINE.match(t))
            ),
            None,
        )
        if code is None:
            return None
        depths.append(code.count(".") + 1)
    if not depths or len(set(depths)) < 2:
        return None
    top = min(depths)
    return [r for r, d in zip(rows, depths, strict=True) if d == top]


def _check_sum(ctx, row, col, printed, block, subtotals, all_data) -> None:
    # A heading inside the block ("4. PENDAPATAN", "Sub-Kegiatan :") prints no figure in
    # any column: it is not a row of the sum.
    block = [r for r in block if any(n is not None for n in r.numbers)]
    outline = _outline_top(block, ctx.table.columns)
    candidates = [block] if outline is None else [outline, block]
    if subtotals:
        candidates += [subtotals, all_data]
    total_i = printed_interval(printed, col.role)
    first_sum = None
    for rows in candidates:
        numbers = [r.numbers[col.index] for r in rows]
        if sum(1 for n in numbers if n is not None) < 2:
            continue
        if any(n is None for n in numbers):
            # A blank or "–" may be nil or not known: the total can hide anything there,
            # but amounts are never negative, so a total below the known parts is wrong.
            _check_sum_with_blanks(ctx, row, col, printed, rows)
            return
        values = [printed_interval(n, col.role) for n in numbers]
        summed = sum((n.value for n in numbers), _ZERO)
        if first_sum is None:
            first_sum = (rows, summed)
        if _add(values).meets(total_i):
            ctx.checked.add((row.index, col.index))
            return
        top = _top_level(values)
        if top is not None and _add(top).meets(total_i):
            ctx.checked.add((row.index, col.index))
            return
    if first_sum is None:
        return
    ctx.checked.add((row.index, col.index))
    rows, summed = first_sum
    why = _sum_explanation(rows, col, printed.value, summed)
    ctx.finding(
        row,
        col,
        printed,
        summed,
        Kind.SUM_MISMATCH,
        f"penjumlahan {len(rows)} baris di atasnya{why}",
    )


def _check_sum_with_blanks(ctx, row, col, printed, rows) -> None:
    numbers = [r.numbers[col.index] for r in rows if r.numbers[col.index] is not None]
    if any(n.value < 0 for n in numbers) or col.role in PCT_ROLES:
        return
    ctx.checked.add((row.index, col.index))
    known = _add(printed_interval(n, col.role) for n in numbers)
    if known.lo <= printed_interval(printed, col.role).hi:
        return
    summed = sum((n.value for n in numbers), _ZERO)
    why = _sum_explanation(rows, col, printed.value, summed)
    ctx.finding(
        row,
        col,
        printed,
        summed,
        Kind.SUM_MISMATCH,
        f"penjumlahan angka yang tercetak di {len(numbers)} baris di atasnya{why}",
    )


def _check_sum_or_mean(ctx, row, col, printed, block) -> None:
    """ "Jumlah / rata-rata": each figure is either the column's sum or its mean. Flagged
    only when it is neither; the expected figure shown is the mean for a percentage and
    the sum for an amount."""
    numbers = [r.numbers[col.index] for r in block]
    if len(numbers) < 2 or any(n is None for n in numbers):
        return
    ctx.checked.add((row.index, col.index))
    printed_i = printed_interval(printed, col.role)
    total_i = _add(printed_interval(n, col.role) for n in numbers)
    k = Decimal(len(numbers))
    if total_i.meets(printed_i) or Interval(total_i.lo / k, total_i.hi / k).meets(printed_i):
        return
    total = sum((n.value for n in numbers), _ZERO)
    if printed.percent or col.role in PCT_ROLES:
        ctx.finding(
            row,
            col,
            printed,
            total / k,
            classify(printed, total / k),
            f"rata-rata {len(numbers)} baris di atasnya",
        )
    else:
        ctx.finding(
            row,
            col,
            printed,
            total,
            Kind.SUM_MISMATCH,
            f"penjumlahan {len(numbers)} baris di atasnya",
        )


def _check_mean(ctx, row, col, printed, block) -> None:
    numbers = [r.numbers[col.index] for r in block]
    numbers = [n for n in numbers if n is not None]
    if len(numbers) < 2:
        return
    ctx.checked.add((row.index, col.index))
    mean_i = _mean_interval([r for r in block if r.numbers[col.index] is not None], col)
    if mean_i.meets(printed_interval(printed, col.role)):
        return
    expected = sum((n.value for n in numbers), _ZERO) / len(numbers)
    kind = classify(printed, expected, [])
    ctx.finding(row, col, printed, expected, kind, f"rata-rata {len(numbers)} baris di atasnya")


# --- running every check ----------------------------------------------------------------


def check_table(
    table: AnalysedTable, polarities: Mapping[str, str] | None = None
) -> tuple[list[ReviewFinding], int]:
    """Every check over one table: its findings and how many printed figures were compared."""
    ctx = Context(table, [], set())
    check_ratios(ctx, polarities or {})
    check_row_ratios(ctx)
    check_growth(ctx)
    check_efficiency(ctx)
    check_shares(ctx)
    check_totals(ctx)
    return ctx.findings, len(ctx.checked)

"""Indicators computed from a unit's own data elements by a formula (docs/formulas.md).

``Values`` reads a unit's element values once and answers the formula's lookups: an
element's quarter, or its year (the year row, else the quarters by the element's
aggregation), and another indicator's value for the same period (a formula indicator
evaluated in turn, any other indicator's stored realization). ``evaluate_indicator``
gives a ``methods.Computed`` whose inputs list every value read, which
``services.refresh_computed`` stores as the realization's provenance.

``formula_problems`` is the one check of a formula against the elements and indicators
it names (unknown code, a cycle through other indicators, a parse error), shared by the
dataset loader and ``services.set_formula``.
"""

from decimal import Decimal

from kinerja.core.models import MEASURE_DIGITS, MEASURE_PLACES
from kinerja.core.numbers import decimal_str, round_half_up
from kinerja.planning.choices import Method
from kinerja.planning.models import Indicator

from . import calc
from .choices import QUARTERS, Period
from .formula import (
    Binary,
    Call,
    Element,
    FormulaError,
    Node,
    Unary,
    cycle,
    evaluate,
    parse,
    references,
)
from .methods import Computed
from .models import DataElement, ElementValue, Realization

_LIMIT = Decimal(10) ** (MEASURE_DIGITS - MEASURE_PLACES)


def formula_of(indicator: Indicator) -> str:
    return (indicator.method_params or {}).get("formula", "")


# -- checks -------------------------------------------------------------------------------
def formula_problems(
    formulas: dict[str, str], element_codes: set[str], indicator_codes: set[str]
) -> dict[str, list[str]]:
    """Problems of each formula of one plan version, keyed by indicator code.

    ``formulas``: indicator code → formula text (the version's formula indicators);
    ``element_codes``: the unit's data elements; ``indicator_codes``: every indicator of
    the version. Names the place (character) and the reason."""
    problems: dict[str, list[str]] = {}
    graph: dict[str, set[str]] = {}
    for code, text in formulas.items():
        try:
            node = parse(text)
        except FormulaError as exc:
            problems.setdefault(code, []).append(str(exc))
            continue
        elements, indicators = references(node)
        for name in sorted(elements - element_codes):
            known = ", ".join(sorted(element_codes)) or "none"
            problems.setdefault(code, []).append(
                f"unknown data element {name!r} (the unit has: {known})"
            )
        for name in sorted(indicators - indicator_codes):
            problems.setdefault(code, []).append(f'unknown indicator ind("{name}")')
        graph[code] = indicators & set(formulas)
    loop = cycle(graph)
    if loop:
        path = " → ".join(loop)
        for code in dict.fromkeys(loop):
            problems.setdefault(code, []).append(f"refers to itself through {path}")
    return problems


def indicator_formula_problems(indicator: Indicator, text: str) -> list[str]:
    """Why ``indicator`` cannot be given the formula ``text``: checked against the unit's
    data elements and the other formula indicators of its plan version (a cycle through
    them counts). Empty when it can."""
    version_indicators = list(Indicator.objects.filter(version_id=indicator.version_id))
    formulas = {
        i.code: formula_of(i)
        for i in version_indicators
        if i.method == Method.FORMULA and i.pk != indicator.pk
    }
    formulas[indicator.code] = text
    codes = {i.code for i in version_indicators} | {indicator.code}
    unit_id = indicator.version.plan.unit_id
    elements = set(DataElement.objects.filter(unit_id=unit_id).values_list("code", flat=True))
    return formula_problems(formulas, elements, codes).get(indicator.code, [])


# -- reading values -----------------------------------------------------------------------
class Values:
    """A unit's element values and formula indicators, read once for many evaluations."""

    def __init__(self, unit):
        self.unit = unit
        self.elements = {e.code: e for e in DataElement.objects.filter(unit=unit)}
        self.stored: dict[tuple[str, int, str], Decimal] = {
            (code, year, period): value
            for code, year, period, value in ElementValue.objects.filter(
                element__unit=unit
            ).values_list("element__code", "year", "period", "value")
        }
        self._trees: dict[int, Node] = {}
        self._evaluating: set[tuple[int, int, str]] = set()

    def element(self, code: str, year: int, period: str) -> tuple[Decimal | None, dict]:
        if period != Period.YEAR or (code, year, period) in self.stored:
            return self.stored.get((code, year, period)), {}
        quarters = {q.value: self.stored.get((code, year, q.value)) for q in QUARTERS}
        element = self.elements.get(code)
        if element is None or all(v is None for v in quarters.values()):
            return None, {}
        value = calc.aggregate(list(quarters.values()), element.aggregation)
        detail = {
            "aggregation": element.aggregation,
            "quarters": {q: decimal_str(v) for q, v in quarters.items() if v is not None},
        }
        return value, detail

    def indicator(
        self, owner: Indicator, code: str, year: int, period: str
    ) -> tuple[Decimal | None, dict]:
        other = Indicator.objects.filter(version_id=owner.version_id, code=code).first()
        if other is None:
            return None, {}
        if other.method == Method.FORMULA:
            result = self.evaluate(other, year, period)
            return result.value, {"formula": formula_of(other)}
        rows = {
            r.period: r.value
            for r in Realization.objects.filter(indicator=other, year=year).only("period", "value")
        }
        if period in rows or period != Period.YEAR:
            return rows.get(period), {}
        quarters = [rows.get(q.value) for q in QUARTERS]
        return calc.aggregate(quarters, other.aggregation), {"aggregation": other.aggregation}

    def evaluate(self, indicator: Indicator, year: int, period: str) -> Computed:
        text = formula_of(indicator)
        inputs: dict = {"formula": text, "period": period}
        key = (indicator.pk, year, period)
        if key in self._evaluating:  # refused when defined; a guard for rows edited by hand
            return Computed(None, inputs, "the formula refers to itself")
        if indicator.pk not in self._trees:
            try:
                self._trees[indicator.pk] = parse(text)
            except FormulaError as exc:
                return Computed(None, inputs, f"formula: {exc}")
        self._evaluating.add(key)
        try:

            def lookup(kind, code, y, p):
                if kind == "element":
                    return self.element(code, y, p)
                return self.indicator(indicator, code, y, p)

            outcome = evaluate(self._trees[indicator.pk], year, period, lookup)
        finally:
            self._evaluating.discard(key)
        inputs["values"] = outcome.inputs
        if outcome.value is None:
            return Computed(None, inputs, outcome.reason)
        if abs(outcome.value) >= _LIMIT:
            return Computed(None, inputs, "the result is too large to store")
        return Computed(round_half_up(outcome.value, MEASURE_PLACES), inputs)


def evaluate_indicator(indicator: Indicator, year: int, period: str, values=None) -> Computed:
    """The formula indicator's value for one period of ``year`` (``q1``…``q4``, ``year``)."""
    unit = indicator.version.plan.unit
    return (values or Values(unit)).evaluate(indicator, year, period)


def element_codes(text: str) -> list[str]:
    """The elements a formula reads, in the order they appear (none if it does not parse)."""
    try:
        node = parse(text)
    except FormulaError:
        return []
    order: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Element):
            order.append(n.code)
        elif isinstance(n, Unary):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call):
            for arg in n.args:
                walk(arg)

    walk(node)
    return list(dict.fromkeys(order))

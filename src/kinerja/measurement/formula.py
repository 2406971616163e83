"""The small expression language of indicators computed from a unit's data elements.

Pure code: no database, no ``eval``. ``parse`` turns a formula into a tree or raises
``FormulaError`` with the character position and the reason; ``evaluate`` computes the
tree for one period with exact ``Decimal`` arithmetic through a ``lookup`` the caller
supplies, and never raises: a missing value, a division by zero or an overflow gives
``Outcome(value=None, reason=…)`` (shown as not computable, never as 0 %). The grammar,
functions and errors are documented in docs/formulas.md.

    formula  := sum
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | atom
    atom     := NUMBER | ELEMENT | call | "(" sum ")"
    call     := NAME "(" [argument ("," argument)*] ")"
    argument := sum | STRING          (a STRING only as the argument of ind)

Functions: ``prev(e)`` e one year earlier (same period); ``ytd(e)`` e summed over the
quarters from Q1 to the period evaluated (the year: Q1–Q4); ``min``, ``max`` (one or more
arguments), ``abs(e)``; ``ind("CODE")`` another indicator's value for the same period.
"""

import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.core.numbers import decimal_str

MAX_LENGTH = 1000  # characters of a formula
MAX_DEPTH = 40  # nesting of parentheses, operators and calls
PERIODS = ("q1", "q2", "q3", "q4", "year")
QUARTERS = PERIODS[:4]
FUNCTIONS = {"prev": (1, 1), "ytd": (1, 1), "abs": (1, 1), "min": (1, None), "max": (1, None)}
INDICATOR_FUNCTION = "ind"

# A Decimal context of our own: 34 significant digits, errors trapped (and turned into
# "not computable" by evaluate), independent of whatever context the caller has set.
_CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class FormulaError(ValueError):
    """A formula that does not parse: ``position`` is the 0-based character index."""

    def __init__(self, position: int, message: str):
        super().__init__(f"at character {position + 1}: {message}")
        self.position = position
        self.message = message


# -- the tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Element:
    code: str
    position: int


@dataclass(frozen=True)
class IndicatorRef:
    code: str
    position: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: "Node"


@dataclass(frozen=True)
class Binary:
    op: str
    left: "Node"
    right: "Node"
    position: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple["Node", ...]
    position: int


Node = Number | Element | IndicatorRef | Unary | Binary | Call


# -- tokens -----------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>"[^"\n]*")
  | (?P<op>[-+*/(),])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, string, op, end
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    out, i = [], 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if match is None:
            char = text[i]
            if char == '"':
                raise FormulaError(i, "a quoted code is not closed")
            raise FormulaError(i, f"unexpected character {char!r}")
        kind = match.lastgroup
        if kind != "space":
            out.append(_Token(kind, match.group(), i))
        i = match.end()
    out.append(_Token("end", "", len(text)))
    return out


# -- parsing ----------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, text: str) -> _Token:
        if self.token.text != text or self.token.kind not in ("op",):
            raise FormulaError(self.token.position, f"expected '{text}', found {_show(self.token)}")
        return self.advance()

    def nested(self, position: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(position, f"nested more than {MAX_DEPTH} levels deep")

    def sum(self) -> Node:
        self.nested(self.token.position)
        node = self.product()
        while self.token.kind == "op" and self.token.text in "+-":
            op = self.advance()
            node = Binary(op.text, node, self.product(), op.position)
        self.depth -= 1
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.token.kind == "op" and self.token.text in "*/":
            op = self.advance()
            node = Binary(op.text, node, self.unary(), op.position)
        return node

    def unary(self) -> Node:
        if self.token.kind == "op" and self.token.text in "+-":
            op = self.advance()
            self.nested(op.position)
            operand = self.unary()
            self.depth -= 1
            return Unary(op.text, operand)
        return self.atom()

    def atom(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.advance()
            if len(token.text) > 30:
                raise FormulaError(token.position, "a number has more than 30 digits")
            return Number(Decimal(token.text))
        if token.kind == "name":
            self.advance()
            if self.token.kind == "op" and self.token.text == "(":
                return self.call(token)
            return Element(token.text, token.position)
        if token.kind == "op" and token.text == "(":
            self.advance()
            node = self.sum()
            self.expect(")")
            return node
        if token.kind == "string":
            raise FormulaError(
                token.position, f'a quoted code stands only in {INDICATOR_FUNCTION}("CODE")'
            )
        raise FormulaError(
            token.position, f"expected a number, a code or '(', found {_show(token)}"
        )

    def call(self, name: _Token) -> Node:
        self.expect("(")
        if name.text == INDICATOR_FUNCTION:
            code = self.token
            if code.kind != "string" or not code.text.strip('"').strip():
                raise FormulaError(
                    code.position, f"{INDICATOR_FUNCTION} takes an indicator code in quotes"
                )
            self.advance()
            self.expect(")")
            return IndicatorRef(code.text[1:-1].strip(), name.position)
        if name.text not in FUNCTIONS:
            known = ", ".join([*FUNCTIONS, INDICATOR_FUNCTION])
            raise FormulaError(name.position, f"unknown function {name.text!r} (known: {known})")
        self.nested(name.position)
        args = []
        if not (self.token.kind == "op" and self.token.text == ")"):
            args.append(self.sum())
            while self.token.kind == "op" and self.token.text == ",":
                self.advance()
                args.append(self.sum())
        self.expect(")")
        self.depth -= 1
        low, high = FUNCTIONS[name.text]
        if len(args) < low or (high is not None and len(args) > high):
            wanted = f"{low}" if low == high else f"at least {low}"
            raise FormulaError(
                name.position, f"{name.text} takes {wanted} argument(s), got {len(args)}"
            )
        return Call(name.text, tuple(args), name.position)


def _show(token: _Token) -> str:
    return "the end" if token.kind == "end" else repr(token.text)


def parse(text: str) -> Node:
    """The formula's tree; FormulaError (position, reason) when it does not parse."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(0, "the formula is empty")
    if len(text) > MAX_LENGTH:
        raise FormulaError(MAX_LENGTH, f"longer than {MAX_LENGTH} characters")
    parser = _Parser(text)
    node = parser.sum()
    if parser.token.kind != "end":
        hint = " (decimals are written with a point: 12.5)" if parser.token.text == "," else ""
        raise FormulaError(parser.token.position, f"unexpected {_show(parser.token)}{hint}")
    return node


def references(node: Node) -> tuple[set[str], set[str]]:
    """The element codes and the indicator codes a formula reads."""
    elements: set[str] = set()
    indicators: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Element):
            elements.add(n.code)
        elif isinstance(n, IndicatorRef):
            indicators.add(n.code)
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack += [n.left, n.right]
        elif isinstance(n, Call):
            stack += list(n.args)
    return elements, indicators


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in indicator → indicators-it-reads, as a path [a, b, …, a]; None if none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        iters = [iter(sorted(graph.get(start, ())))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt in graph and not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(graph[nxt])))
    return None


# -- evaluation -------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    value: Decimal | None
    reason: str | None = None  # why there is no value
    # Every value read, JSON-ready: {"element"|"indicator", "year", "period", "value", …}
    inputs: list[dict] = field(default_factory=list)


class _NotComputable(Exception):
    pass


# lookup(kind, code, year, period) -> (value or None, detail dict for the provenance)
Lookup = Callable[[str, str, int, str], tuple[Decimal | None, dict]]


def evaluate(node: Node, year: int, period: str, lookup: Lookup) -> Outcome:
    """The formula's value for one period (``q1``…``q4`` or ``year``) of ``year``."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    seen: dict[tuple, dict] = {}

    def read(kind: str, code: str, y: int, p: str) -> Decimal:
        key = (kind, code, y, p)
        if key not in seen:
            value, detail = lookup(kind, code, y, p)
            seen[key] = {
                kind: code,
                "year": y,
                "period": p,
                "value": None if value is None else _text(value),
                **detail,
            }
        text = seen[key]["value"]
        if text is None:
            label = code if kind == "element" else f'ind("{code}")'
            raise _NotComputable(f"no value of {label} for {y} {_period_label(p)}")
        return Decimal(text)

    def walk(n: Node, y: int, p: str) -> Decimal:
        if isinstance(n, Number):
            return n.value
        if isinstance(n, Element):
            return read("element", n.code, y, p)
        if isinstance(n, IndicatorRef):
            return read("indicator", n.code, y, p)
        if isinstance(n, Unary):
            value = walk(n.operand, y, p)
            return _CONTEXT.minus(value) if n.op == "-" else _CONTEXT.plus(value)
        if isinstance(n, Binary):
            left, right = walk(n.left, y, p), walk(n.right, y, p)
            if n.op == "+":
                return _CONTEXT.add(left, right)
            if n.op == "-":
                return _CONTEXT.subtract(left, right)
            if n.op == "*":
                return _CONTEXT.multiply(left, right)
            if right == 0:
                raise _NotComputable(
                    f"division by zero at character {n.position + 1} ({y} {_period_label(p)})"
                )
            return _CONTEXT.divide(left, right)
        # Call
        if n.name == "prev":
            return walk(n.args[0], y - 1, p)
        if n.name == "ytd":
            last = 4 if p == "year" else int(p[1])
            total = Decimal(0)
            for q in QUARTERS[:last]:
                total = _CONTEXT.add(total, walk(n.args[0], y, q))
            return total
        if n.name == "abs":
            return _CONTEXT.abs(walk(n.args[0], y, p))
        values = [walk(a, y, p) for a in n.args]
        return min(values) if n.name == "min" else max(values)

    try:
        value = walk(node, year, period)
        reason = None
    except _NotComputable as exc:
        value, reason = None, str(exc)
    except (decimal.Overflow, decimal.InvalidOperation, decimal.DivisionByZero):
        value, reason = None, "the result is too large to compute"
    except RecursionError:  # pragma: no cover - parse limits the depth
        value, reason = None, "the formula is nested too deeply"
    return Outcome(value, reason, list(seen.values()))


def _text(value: Decimal) -> str:
    """A plain decimal string, trailing zeros dropped ("158", "85.5"), never an exponent."""
    return decimal_str(value)


def _period_label(period: str) -> str:
    return "(year)" if period == "year" else period.upper()

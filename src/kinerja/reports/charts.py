"""Charts for reports: the same picture as SVG (HTML, PDF) and PNG (DOCX).

matplotlib draws with the Agg canvas only (no pyplot, no global backend, safe in a web
process). Output is deterministic so that a report built twice from the same data is
byte-identical: a fixed ``svg.hashsalt`` for the element ids, no dates or software
versions in the metadata, DejaVu Sans (shipped with matplotlib) and text drawn as paths so
every viewer shows the same glyphs. Every label is formatted the Indonesian way through
``core.numbers`` (15.507.847.000; 99,83 %), as the tables next to the chart are.

Values come in as ``Decimal`` (or int); they are converted to float only to be drawn.
``None`` is "no data": no bar, a gap in a line.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kinerja.core.numbers import format_id, format_pct_id, to_decimal

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import FuncFormatter


@functools.cache
def _mpl() -> SimpleNamespace:
    """matplotlib, imported when the first chart is drawn: importing it costs about a
    second of CPU, which every process that imports this module (the URLconf of every
    command's system checks, the web workers) would otherwise pay without drawing."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle
    from matplotlib.ticker import FuncFormatter

    return SimpleNamespace(
        rc_context=rc_context,
        FigureCanvasAgg=FigureCanvasAgg,
        Figure=Figure,
        FancyBboxPatch=FancyBboxPatch,
        Rectangle=Rectangle,
        FuncFormatter=FuncFormatter,
    )


__all__ = [
    "ChartImage",
    "bar_chart",
    "format_value",
    "hbar_chart",
    "line_chart",
    "org_chart",
    "pie_chart",
    "strategy_map",
    "svg_only",
    "web_svg",
]

Number = Decimal | int | None

# What the values are, and so how axes and labels print them.
MONEY, PERCENT, NUMBER = "money", "percent", "number"

_RC = {
    "svg.hashsalt": "kinerja",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "legend.frameon": False,
}
_SIZE = (8.0, 4.5)  # inches: a landscape half page
_DPI = 150
# Colour-blind-safe (Okabe–Ito) palette, fixed order so a category keeps its colour.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#999999",
    "#000000",
)


def format_value(value: Number, kind: str = NUMBER, places: int = 2) -> str:
    """A value as the chart prints it: money whole rupiah, percent with a space before
    the sign, other numbers with ``places`` decimals (trailing zeros dropped)."""
    number = to_decimal(value)
    if number is None:
        return "–"
    if kind == MONEY:
        return format_id(number, 0)
    if kind == PERCENT:
        return format_pct_id(number, places)
    text = format_id(number, places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _axis_formatter(kind: str) -> FuncFormatter:
    def fmt(x: float, _pos) -> str:
        number = Decimal(str(float(x)))
        if kind == PERCENT:
            return format_pct_id(number, 0 if number == number.to_integral_value() else 1)
        return format_value(number, kind, 2)

    return _mpl().FuncFormatter(fmt)


def _float(value: Number) -> float:
    number = to_decimal(value)
    return float("nan") if number is None else float(number)


_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'((?:xlink:)?href)="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")


def _scope_ids(svg: str) -> str:
    """Prefix every element id with one derived from the chart's content, so that several
    charts inlined in one HTML page (the PDF) never share an id ("figure_1", "patch_1" …)
    and a reference always reaches its own chart's element. Deterministic."""
    prefix = "c" + hashlib.sha256(svg.encode()).hexdigest()[:10]
    ids = set(_ID.findall(svg))
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _HREF.sub(
        lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"' if m.group(2) in ids else m.group(0),
        svg,
    )
    return _URL.sub(
        lambda m: f"url(#{prefix}-{m.group(1)})" if m.group(1) in ids else m.group(0), svg
    )


_SVG_ONLY: ContextVar[bool] = ContextVar("kinerja_charts_svg_only", default=False)


@contextmanager
def svg_only() -> Iterator[None]:
    """Charts drawn inside this block come without their PNG (``b""``): a web page shows
    the SVG only and need not pay for the raster."""
    token = _SVG_ONLY.set(True)
    try:
        yield
    finally:
        _SVG_ONLY.reset(token)


class ChartImage:
    """A drawn chart, turned into SVG (HTML, PDF) and PNG (DOCX) when first asked for.

    Writing the picture out is most of a chart's cost, and the renderers do not all need
    it: the PDF and the web read the SVG only, the DOCX the PNG only, the XLSX neither.
    So each output is made when first read and at most once, under a lock (a figure is
    not safe to draw from two threads).

    Saving a figure lays it out again for that output's resolution, so a second output
    saved from the same figure differs (by rounding) from the same output saved first.
    Each output is therefore written from a figure that was never saved: the one drawn,
    for the first output asked for, and the same chart drawn again (``redraw``, set by
    ``_memoized``: the same arguments and language give the same picture) for the other.
    The bytes are then the same whichever renderer comes first, and a DOCX pays for the
    PNG only. Drawing is the cheap part (about a sixth of writing an SVG or a PNG).
    A figure holds about 0.7 MB, and a process keeps up to ``_DRAWN_MAX`` charts, so
    once saved it is let go. A chart without ``redraw`` (made without ``_memoized``)
    keeps its one figure for both outputs, the SVG before the PNG.

    ``svg, png = chart`` still gives both, and ``chart[0]`` the SVG. Under ``svg_only()``
    the SVG is written at once and there is no PNG (``b""``), as a web page needs no
    raster."""

    __slots__ = ("_figure", "_lock", "_png", "_svg", "redraw")

    def __init__(self, figure: MplFigure):
        self._figure = figure  # drawn and never saved; None once saved and let go
        self._lock = threading.Lock()
        self._svg: str | None = None
        self._png: bytes | None = None
        self.redraw = None  # () -> a new figure of the same chart
        if _SVG_ONLY.get():
            self._png = b""
            self.svg  # noqa: B018 - written now: no PNG will ever be asked for

    def _save(self, figure: MplFigure, kind: str) -> str | bytes:
        # The file-writing rcParams (svg.hashsalt, svg.fonttype) are read now, when the
        # figure is saved, not when it was drawn.
        with _mpl().rc_context(_RC):
            if kind == "svg":
                text = io.StringIO()
                figure.savefig(text, format="svg", metadata={"Date": None, "Creator": None})
                return _scope_ids(text.getvalue())
            raster = io.BytesIO()
            figure.savefig(raster, format="png", dpi=_DPI, metadata={"Software": None})
            return raster.getvalue()

    def _write(self, kind: str) -> str | bytes:
        """``kind`` written out, from a figure never saved before (under the lock)."""
        if self.redraw is not None:
            figure = self._figure if self._figure is not None else self.redraw()
            self._figure = None
            return self._save(figure, kind)
        # Without redraw: one figure for both outputs, the SVG always first.
        if kind == "png" and self._svg is None:
            self._svg = self._save(self._figure, "svg")
        written = self._save(self._figure, kind)
        if kind == "png" or self._png is not None:
            self._figure = None  # nothing more will be written from it
        return written

    @property
    def svg(self) -> str:
        with self._lock:
            if self._svg is None:
                self._svg = self._write("svg")
            return self._svg

    @property
    def png(self) -> bytes:
        with self._lock:
            if self._png is None:
                self._png = self._write("png")
            return self._png

    def __iter__(self) -> Iterator:
        yield self.svg
        yield self.png

    def __getitem__(self, index: int) -> str | bytes:
        return (self.svg, self.png)[index] if index else self.svg

    def __reduce__(self):
        # Pickled or deep-copied (a document sent to another process): as its written
        # SVG and PNG; a figure, its lock and its redraw do not travel.
        return (_written_chart, (self.svg, self.png))


def _written_chart(svg: str, png: bytes) -> ChartImage:
    chart = ChartImage.__new__(ChartImage)
    chart._figure, chart._lock, chart.redraw = None, threading.Lock(), None
    chart._svg, chart._png = svg, png
    return chart


@contextmanager
def _no_svg_only() -> Iterator[None]:
    token = _SVG_ONLY.set(False)
    try:
        yield
    finally:
        _SVG_ONLY.reset(token)


def _render(fig: MplFigure) -> ChartImage:
    _mpl().FigureCanvasAgg(fig)
    return ChartImage(fig)


_DRAWN: OrderedDict[str, ChartImage] = OrderedDict()
_DRAWN_LOCK = threading.Lock()
_DRAWN_MAX = 128  # charts kept per process (an SVG and a PNG of tens of KB each)


def _memoized(draw):
    """A chart is a pure function of its arguments: the same figures give the same SVG
    and PNG bytes (no date, no random ids: ``_scope_ids`` derives them from the content).
    A process keeps the last ``_DRAWN_MAX`` charts it drew, keyed by the function, the
    ``repr`` of its arguments (Decimals, strings and their sequences; an object without
    a value repr never matches another), the language and whether the PNG is wanted, so a
    dashboard shown again or a LAKIN built again from unchanged data does not draw its
    charts again (matplotlib's SVG and PNG output is most of a chart's cost)."""

    @functools.wraps(draw)
    def drawn(*args, **kwargs) -> ChartImage:
        key = repr((draw.__name__, args, sorted(kwargs.items()), get_language(), _SVG_ONLY.get()))
        with _DRAWN_LOCK:
            image = _DRAWN.get(key)
            if image is not None:
                _DRAWN.move_to_end(key)
                return image
        image = draw(*args, **kwargs)
        if image.redraw is None:
            language = get_language()

            def redraw(draw=draw, args=args, kwargs=kwargs, language=language):
                with translation.override(language), _no_svg_only():
                    again = draw(*args, **kwargs)
                return again._figure

            image.redraw = redraw
        with _DRAWN_LOCK:
            _DRAWN[key] = image
            while len(_DRAWN) > _DRAWN_MAX:
                _DRAWN.popitem(last=False)
        return image

    return drawn


def _new_figure(title: str) -> tuple[MplFigure, object]:
    fig = _mpl().Figure(figsize=_SIZE, layout="constrained")
    ax = fig.add_subplot()
    if title:
        ax.set_title(title)
    return fig, ax


@_memoized
def bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    *,
    title: str = "",
    ylabel: str = "",
    kind: str = MONEY,
    stacked: bool = True,
    show_totals: bool = True,
    show_values: bool = False,
) -> ChartImage:
    """Bars per category (x axis), one colour per series; stacked by default (PNBP
    receipts by service per year), the totals printed on top. Side by side
    (``stacked=False``) ``show_values`` prints each bar's value on it, and a missing
    value as "–". A series without any value is left out (not drawn as an empty legend
    entry)."""
    names = [n for n in series if any(to_decimal(v) is not None for v in series[n])]
    with _mpl().rc_context(_RC):
        fig, ax = _new_figure(title)
        positions = list(range(len(categories)))
        width = 0.6 if stacked else 0.8 / max(len(names), 1)
        bottoms = [0.0] * len(categories)
        for i, name in enumerate(names):
            heights = [0.0 if to_decimal(v) is None else _float(v) for v in series[name]]
            x = positions if stacked else [p - 0.4 + width * (i + 0.5) for p in positions]
            ax.bar(
                x,
                heights,
                width,
                bottom=bottoms if stacked else None,
                label=name,
                color=PALETTE[i % len(PALETTE)],
            )
            if show_values and not stacked:
                for xi, v, h in zip(x, series[name], heights, strict=True):
                    ax.annotate(
                        format_value(v, kind, 0),
                        (xi, h),
                        xytext=(0, 2),
                        textcoords="offset points",
                        ha="center",
                        va="bottom",
                        fontsize=7,
                    )
            if stacked:
                bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        if stacked and show_totals:
            totals = [
                sum((to_decimal(series[n][j]) or Decimal(0) for n in names), Decimal(0))
                for j in range(len(categories))
            ]
            for p, total in zip(positions, totals, strict=True):
                ax.annotate(
                    format_value(total, kind),
                    (p, float(total)),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
        ax.set_xticks(positions, list(categories))
        ax.yaxis.set_major_formatter(_axis_formatter(kind))
        ax.margins(y=0.12)
        if ylabel:
            ax.set_ylabel(ylabel)
        if len(names) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        return _render(fig)


def _is_dip(ys: list[float], j: int) -> bool:
    """A point lower than its neighbours gets its label underneath, off the line."""
    neighbours = [ys[k] for k in (j - 1, j + 1) if 0 <= k < len(ys) and ys[k] == ys[k]]
    return bool(neighbours) and all(ys[j] < n for n in neighbours)


@_memoized
def line_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    *,
    title: str = "",
    ylabel: str = "",
    kind: str = PERCENT,
    label_points: bool = True,
) -> ChartImage:
    """One line per series over the categories (budget absorption per year, %), each
    point labelled with its value."""
    with _mpl().rc_context(_RC):
        fig, ax = _new_figure(title)
        positions = list(range(len(categories)))
        for i, (name, values) in enumerate(series.items()):
            ys = [_float(v) for v in values]
            ax.plot(positions, ys, marker="o", label=name, color=PALETTE[i % len(PALETTE)])
            if label_points:
                for j, (p, v) in enumerate(zip(positions, values, strict=True)):
                    if to_decimal(v) is None:
                        continue
                    below = _is_dip(ys, j)
                    ax.annotate(
                        format_value(v, kind),
                        (p, _float(v)),
                        xytext=(0, -14 if below else 6),
                        textcoords="offset points",
                        ha="center",
                        fontsize=8,
                    )
        ax.set_xticks(positions, list(categories))
        ax.yaxis.set_major_formatter(_axis_formatter(kind))
        ax.margins(x=0.08, y=0.2)
        if ylabel:
            ax.set_ylabel(ylabel)
        if len(series) > 1:
            ax.legend(loc="best", fontsize=8)
        return _render(fig)


@_memoized
def pie_chart(
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    title: str = "",
    kind: str = MONEY,
    unit: str = "",
) -> ChartImage:
    """Shares of a whole (ceiling by spending type, staff by status). Shares are computed
    in Decimal and printed with the amount and its ``unit`` ("58 orang"); empty or zero
    slices are left out."""
    pairs = [(label, to_decimal(v)) for label, v in zip(labels, values, strict=True)]
    pairs = [(label, v) for label, v in pairs if v is not None and v > 0]
    total = sum((v for _, v in pairs), Decimal(0))
    with _mpl().rc_context(_RC):
        fig, ax = _new_figure(title)
        if total > 0:
            texts = [
                f"{label}\n{format_value(v, kind)}{' ' + unit if unit else ''} "
                f"({format_pct_id(v * 100 / total, 2)})"
                for label, v in pairs
            ]
            ax.pie(
                [float(v) for _, v in pairs],
                labels=texts,
                colors=[PALETTE[i % len(PALETTE)] for i in range(len(pairs))],
                startangle=90,
                counterclock=False,
                wedgeprops={"linewidth": 1, "edgecolor": "white"},
                textprops={"fontsize": 8},
            )
            ax.set_aspect("equal")
        else:
            ax.text(0.5, 0.5, "Tidak ada data", ha="center", va="center")
            ax.set_axis_off()
        return _render(fig)


@_memoized
def strategy_map(rows: Sequence[tuple[str, Sequence[str]]]) -> ChartImage:
    """A strategy map: one band per row (the goal, then each balanced-scorecard
    perspective from the top), its label on the left and its items as boxes side by
    side, the text wrapped to fit. Rows without items are left out."""
    rows = [(label, list(items)) for label, items in rows if items]
    height = 0.35 + 1.15 * len(rows)
    with _mpl().rc_context(_RC):
        fig = _mpl().Figure(figsize=(_SIZE[0], height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 8)
        ax.set_ylim(0, height)
        ax.set_axis_off()
        for r, (label, items) in enumerate(rows):
            top = height - 0.2 - 1.15 * r
            ax.add_patch(
                _mpl().Rectangle(
                    (0.05, top - 1.05), 7.9, 1.05, facecolor="#eef3f8", edgecolor="none"
                )
            )
            ax.text(
                0.6,
                top - 0.525,
                textwrap.fill(label, 12),
                ha="center",
                va="center",
                fontsize=8,
                weight="bold",
            )
            span = 6.7 / len(items)
            chars = max(12, int((span - 0.2) / 0.06))  # ~6.5 pt DejaVu Sans per inch
            for i, item in enumerate(items):
                left = 1.2 + span * i + 0.06
                ax.add_patch(
                    _mpl().FancyBboxPatch(
                        (left, top - 0.95),
                        span - 0.12,
                        0.85,
                        boxstyle="round,pad=0,rounding_size=0.08",
                        facecolor="white",
                        edgecolor=PALETTE[r % len(PALETTE)],
                        linewidth=1.2,
                    )
                )
                ax.text(
                    left + (span - 0.12) / 2,
                    top - 0.525,
                    textwrap.fill(item, chars, max_lines=6, placeholder=" …"),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                )
        return _render(fig)


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


@_memoized
def hbar_chart(
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    colors: Sequence[str] | None = None,
    notes: Sequence[str] | None = None,
    reference: Number = None,
    xmax: Number = None,
    kind: str = PERCENT,
    title: str = "",
    label_chars: int = 32,
) -> ChartImage:
    """Horizontal bars from the top, one per label (achievement per indicator, per unit),
    each value printed at the end of its bar; a value of ``None`` gets its note (or "–")
    instead of a bar. ``reference`` is a dashed line kept in view (100 %); ``xmax`` fixes
    the scale and caps the bars at it (a gauge from 0 to 100 %). Labels longer than
    ``label_chars`` are cut with an ellipsis."""
    numbers = [to_decimal(v) for v in values]
    colors = list(colors or [PALETTE[0]] * len(numbers))
    notes = list(notes or [""] * len(numbers))
    ref = to_decimal(reference)
    cap = to_decimal(xmax)
    if cap is not None:
        limit = cap * Decimal("1.18")  # room for the value beyond a full bar
    else:
        top = max([v for v in numbers if v is not None] + [ref or Decimal(0), Decimal(1)])
        limit = top * Decimal("1.22")
    with _mpl().rc_context(_RC):
        fig = _mpl().Figure(
            figsize=(_SIZE[0], 0.75 + 0.3 * max(len(numbers), 1)), layout="constrained"
        )
        ax = fig.add_subplot()
        if title:
            ax.set_title(title)
        positions = list(range(len(numbers)))
        for y, value, colour, note in zip(positions, numbers, colors, notes, strict=True):
            if value is None:
                ax.text(0, y, f" {note or '–'}", va="center", style="italic", fontsize=8)
                continue
            shown = max(value, Decimal(0))
            if cap is not None:
                shown = min(shown, cap)
            ax.barh(y, float(shown), height=0.62, color=colour)
            ax.annotate(
                format_value(value, kind),
                (float(shown), y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        if ref is not None:
            ax.axvline(float(ref), color="#4a4a4a", linestyle=(0, (4, 3)), linewidth=1.2)
            ax.annotate(
                format_value(ref, kind, 0),
                (float(ref), 1),
                xycoords=("data", "axes fraction"),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.set_yticks(positions, [_shorten(label, label_chars) for label in labels])
        ax.set_ylim(len(numbers) - 0.5, -0.5)  # the first label on top
        ax.set_xlim(0, float(limit))
        if cap is not None:
            ax.set_xticks([0, float(cap) / 2, float(cap)])
        ax.xaxis.set_major_formatter(_axis_formatter(kind))
        return _render(fig)


@_memoized
def org_chart(elements: Sequence[tuple[str, str, str | None]]) -> ChartImage:
    """An organisation chart: ``(key, name, parent key)`` per element, parents before
    their children (the profile's order). Each level of the tree is a row of boxes, the
    children kept in their parents' order, joined to their parent by elbow lines. An
    element whose parent is not in the list is drawn as a top element."""
    keys = {key for key, _, _ in elements}
    depth: dict[str, int] = {}
    for key, _, parent in elements:
        depth[key] = depth[parent] + 1 if parent in keys and parent in depth else 0
    levels: list[list[tuple[str, str, str | None]]] = []
    for element in elements:
        while len(levels) <= depth[element[0]]:
            levels.append([])
        levels[depth[element[0]]].append(element)
    # children follow their parents' order, so the lines do not cross
    for index in range(1, len(levels)):
        order = {key: i for i, (key, _, _) in enumerate(levels[index - 1])}
        levels[index].sort(key=lambda e: order.get(e[2], -1))
    width = _SIZE[0]
    wrapped, heights = [], []
    for level in levels:
        span = (width - 0.2) / max(len(level), 1)
        chars = max(10, min(44, int((span - 0.15) / 0.056)))  # ~4 pt a character
        texts = [textwrap.fill(name, chars, max_lines=8, placeholder=" …") for _, name, _ in level]
        wrapped.append(texts)
        heights.append(0.25 + 0.13 * max((t.count("\n") + 1 for t in texts), default=1))
    gap = 0.45
    height = 0.2 + sum(heights) + gap * max(len(levels) - 1, 0)
    centres: dict[str, tuple[float, float, float]] = {}  # key -> (x, top y, bottom y)
    with _mpl().rc_context(_RC):
        fig = _mpl().Figure(figsize=(width, max(height, 0.8)))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, max(height, 0.8))
        ax.set_axis_off()
        top = max(height, 0.8) - 0.1
        for r, (level, texts) in enumerate(zip(levels, wrapped, strict=True)):
            span = (width - 0.2) / max(len(level), 1)
            box_w = min(span - 0.12, 3.2)
            box_h = heights[r]
            for i, ((key, _, parent), text) in enumerate(zip(level, texts, strict=True)):
                x = 0.1 + span * i + span / 2
                ax.add_patch(
                    _mpl().FancyBboxPatch(
                        (x - box_w / 2, top - box_h),
                        box_w,
                        box_h,
                        boxstyle="round,pad=0,rounding_size=0.06",
                        facecolor="#eef3f8" if r == 0 else "white",
                        edgecolor=PALETTE[0],
                        linewidth=1.1,
                    )
                )
                ax.text(
                    x,
                    top - box_h / 2,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7 if r == 0 else 6.5,
                    weight="bold" if r == 0 else "normal",
                )
                centres[key] = (x, top, top - box_h)
                if parent in centres:
                    px, _, pbottom = centres[parent]
                    middle = pbottom - (pbottom - top) / 2
                    ax.plot(
                        [px, px, x, x],
                        [pbottom, middle, middle, top],
                        color="#4a4a4a",
                        linewidth=0.9,
                    )
            top -= box_h + gap
        return _render(fig)


_XML_HEAD = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>\s*", re.S)
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def _declarations(css: str) -> str:
    pairs = (part.split(":", 1) for part in css.split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def web_svg(image: ChartImage | str, *, chart_id: str, title: str, desc: str) -> SafeString:
    """A chart's SVG made ready to sit inline in a web page under a Content-Security-Policy
    without ``'unsafe-inline'``: matplotlib's style attributes become presentation
    attributes (``fill="#0072B2"``), its one style sheet (``*{stroke-linejoin: round …}``)
    becomes attributes of the root that every element inherits, the XML prologue and the
    metadata go. The comments stay: matplotlib writes each text drawn as paths there,
    escaped. The root gets ``role="img"`` and a title and description for screen
    readers (``aria-labelledby``); title, description and id are escaped."""
    svg = image if isinstance(image, str) else image.svg
    svg = _METADATA.sub("", _XML_HEAD.sub("", svg, count=1))
    inherited = ""
    sheet = _STYLE_ELEMENT.search(svg)
    if sheet:
        rule = re.search(r"\*\s*\{([^}]*)\}", sheet.group(1))
        inherited = _declarations(rule.group(1)) if rule else ""
        svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTR.sub(lambda m: _declarations(m.group(1)), svg)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)
    ident = escape(chart_id)
    head = (
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    svg = _SVG_OPEN.sub(
        lambda m: (
            f'<svg{m.group(1)} id="{ident}" role="img"'
            f' aria-labelledby="{ident}-title {ident}-desc"{inherited}>{head}'
        ),
        svg,
        count=1,
    )
    return mark_safe(svg.strip())  # markup from matplotlib; our own texts escaped above

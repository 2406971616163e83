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

import hashlib
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from decimal import Decimal

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.ticker import FuncFormatter

from kinerja.core.numbers import format_id, format_pct_id, to_decimal

__all__ = ["ChartImage", "bar_chart", "line_chart", "pie_chart", "strategy_map", "format_value"]

ChartImage = tuple[str, bytes]  # (svg_text, png_bytes), ready for document.Figure
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

    return FuncFormatter(fmt)


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


def _render(fig: MplFigure) -> ChartImage:
    FigureCanvasAgg(fig)
    svg = io.StringIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=_DPI, metadata={"Software": None})
    return _scope_ids(svg.getvalue()), png.getvalue()


def _new_figure(title: str) -> tuple[MplFigure, object]:
    fig = MplFigure(figsize=_SIZE, layout="constrained")
    ax = fig.add_subplot()
    if title:
        ax.set_title(title)
    return fig, ax


def bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    *,
    title: str = "",
    ylabel: str = "",
    kind: str = MONEY,
    stacked: bool = True,
    show_totals: bool = True,
) -> ChartImage:
    """Bars per category (x axis), one colour per series; stacked by default (PNBP
    receipts by service per year), the totals printed on top. A series without any value
    is left out (not drawn as an empty legend entry)."""
    names = [n for n in series if any(to_decimal(v) is not None for v in series[n])]
    with rc_context(_RC):
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
    with rc_context(_RC):
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


def pie_chart(
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    title: str = "",
    kind: str = MONEY,
) -> ChartImage:
    """Shares of a whole (ceiling by spending type). Shares are computed in Decimal and
    printed with the amount; empty or zero slices are left out."""
    pairs = [(label, to_decimal(v)) for label, v in zip(labels, values, strict=True)]
    pairs = [(label, v) for label, v in pairs if v is not None and v > 0]
    total = sum((v for _, v in pairs), Decimal(0))
    with rc_context(_RC):
        fig, ax = _new_figure(title)
        if total > 0:
            texts = [
                f"{label}\n{format_value(v, kind)} ({format_pct_id(v * 100 / total, 2)})"
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


def strategy_map(rows: Sequence[tuple[str, Sequence[str]]]) -> ChartImage:
    """A strategy map: one band per row (the goal, then each balanced-scorecard
    perspective from the top), its label on the left and its items as boxes side by
    side, the text wrapped to fit. Rows without items are left out."""
    rows = [(label, list(items)) for label, items in rows if items]
    height = 0.35 + 1.15 * len(rows)
    with rc_context(_RC):
        fig = MplFigure(figsize=(_SIZE[0], height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 8)
        ax.set_ylim(0, height)
        ax.set_axis_off()
        for r, (label, items) in enumerate(rows):
            top = height - 0.2 - 1.15 * r
            ax.add_patch(
                Rectangle((0.05, top - 1.05), 7.9, 1.05, facecolor="#eef3f8", edgecolor="none")
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
                    FancyBboxPatch(
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

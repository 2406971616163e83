"""Server-side SVG charts for the dashboards: pure functions from values to markup.

No JavaScript and no chart library: a chart is a few rectangles and labels. Every text
that reaches the markup is escaped here (names come from users' data). Each chart is an
image with a title and a description for screen readers (role="img", aria-labelledby);
the page next to it holds the same figures as a table, so nothing is only in the picture.
Geometry is computed in Decimal and printed with one decimal.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kinerja.core.numbers import format_pct_id, round_half_up

WIDTH = 640
COLOURS = {
    "achieved": "#1e6b34",
    "not-achieved": "#b3261e",
    "na": "#8a8a8a",
    "target": "#9bb8d3",
    "realized": "#0b4f8a",
    "track": "#e3e7eb",
    "axis": "#4a4a4a",
    "text": "#1b1b1b",
}
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Bar:
    label: str  # short, e.g. the indicator code
    value: Decimal | None  # None: drawn as a note instead of a bar
    status: str = "na"  # a COLOURS key: achieved, not-achieved, na
    note: str = ""  # shown when there is no value


def _n(value: Decimal | int) -> str:
    """A coordinate: one decimal, no exponent, no trailing zeros."""
    text = format(round_half_up(Decimal(value), 1), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _attrs(attrs: dict) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not None
    )


def _el(tag: str, content: str = "", **attrs) -> str:
    if content:
        return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"
    return f"<{tag}{_attrs(attrs)}/>"


def _text(text: str, **attrs) -> str:
    return _el("text", escape(str(text)), **attrs)


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    head = _el("title", escape(str(title)), id=f"{chart_id}-title") + _el(
        "desc", escape(str(desc)), id=f"{chart_id}-desc"
    )
    markup = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"{_attrs({"id": chart_id})}'
        f' aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc"'
        f' viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' font-size="12" fill="{COLOURS["text"]}">' + head + "".join(body) + "</svg>"
    )
    return mark_safe(markup)  # every value above went through escape()


def _scale_max(values: Sequence[Decimal | None]) -> Decimal:
    """At least 100 %, else the largest value rounded up to a multiple of 50."""
    top = max([v for v in values if v is not None] + [_HUNDRED])
    return (top / 50).to_integral_value(rounding="ROUND_CEILING") * 50


def achievement_bars(
    bars: Sequence[Bar], *, chart_id: str, title: str, desc: str, label_width: int = 70
) -> SafeString:
    """Horizontal bars of achievement (per indicator, per unit) with a reference line at
    100 %. Labels longer than the label column are cut with an ellipsis."""
    label_w, value_w, top, row_h, gap = label_width, 110, 26, 20, 6
    max_chars = max(label_w // 7, 4)  # about 7 px per character at 12 px
    area = WIDTH - label_w - value_w
    scale = _scale_max([b.value for b in bars])
    height = top + len(bars) * (row_h + gap) + 8
    x_ref = label_w + area * _HUNDRED / scale
    body = [
        _el(
            "line",
            x1=_n(label_w),
            y1=top - 6,
            x2=_n(label_w),
            y2=height - 4,
            stroke=COLOURS["axis"],
        )
    ]
    for index, bar in enumerate(bars):
        y = top + index * (row_h + gap)
        middle = _n(y + row_h / Decimal(2) + 4)
        label = bar.label if len(bar.label) <= max_chars else bar.label[: max_chars - 1] + "…"
        body.append(_text(label, x=label_w - 6, y=middle, text_anchor="end"))
        if bar.value is None:
            body.append(_text(bar.note or "–", x=label_w + 6, y=middle, font_style="italic"))
            continue
        width = max(area * max(bar.value, Decimal(0)) / scale, Decimal(0))
        body.append(
            _el(
                "rect",
                x=label_w,
                y=y,
                width=_n(width),
                height=row_h,
                fill=COLOURS.get(bar.status, COLOURS["na"]),
            )
        )
        body.append(_text(format_pct_id(bar.value), x=_n(label_w + width + 6), y=middle))
    # drawn last so it stays visible across the bars
    body.append(
        _el(
            "line",
            x1=_n(x_ref),
            y1=top - 6,
            x2=_n(x_ref),
            y2=height - 4,
            stroke=COLOURS["axis"],
            stroke_dasharray="4 3",
            stroke_width=2,
        )
    )
    body.append(_text("100 %", x=_n(x_ref), y=top - 10, text_anchor="middle"))
    return _svg(chart_id, title, desc, height, body)


@dataclass(frozen=True)
class QuarterBar:
    label: str  # "TW I"
    target: Decimal | None
    realized: Decimal | None


def quarter_progress(
    quarters: Sequence[QuarterBar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    target_label: str,
    realized_label: str,
) -> SafeString:
    """Per quarter two columns: the action plan's target and the realization (%)."""
    height, top, bottom, left = 240, 34, 30, 44
    plot_h = height - top - bottom
    scale = _scale_max([q.target for q in quarters] + [q.realized for q in quarters])
    slot = Decimal(WIDTH - left - 10) / max(len(quarters), 1)
    col_w = min(slot / 3, Decimal(48))
    baseline = top + plot_h
    body = []
    for tick in (0, 50, 100):
        if tick > scale:
            continue
        y = _n(baseline - plot_h * tick / scale)
        body.append(_el("line", x1=left, y1=y, x2=WIDTH - 10, y2=y, stroke=COLOURS["track"]))
        body.append(
            _text(f"{tick} %", x=left - 6, y=y, text_anchor="end", dominant_baseline="middle")
        )
    # legend: colour plus words
    body.append(_el("rect", x=left, y=6, width=12, height=12, fill=COLOURS["target"]))
    body.append(_text(target_label, x=left + 18, y=16))
    body.append(_el("rect", x=left + 200, y=6, width=12, height=12, fill=COLOURS["realized"]))
    body.append(_text(realized_label, x=left + 218, y=16))
    for index, quarter in enumerate(quarters):
        x0 = left + slot * index + (slot - 2 * col_w) / 2
        for offset, value, colour in (
            (0, quarter.target, COLOURS["target"]),
            (1, quarter.realized, COLOURS["realized"]),
        ):
            x = x0 + offset * col_w
            centre = _n(x + col_w / 2)
            if value is None:
                body.append(_text("–", x=centre, y=baseline - 4, text_anchor="middle"))
                continue
            h = plot_h * max(value, Decimal(0)) / scale
            body.append(
                _el(
                    "rect",
                    x=_n(x),
                    y=_n(baseline - h),
                    width=_n(col_w - 2),
                    height=_n(h),
                    fill=colour,
                )
            )
            body.append(
                _text(
                    format_pct_id(value, 0),
                    x=centre,
                    y=_n(baseline - h - 4),
                    text_anchor="middle",
                    font_size=11,
                )
            )
        body.append(_text(quarter.label, x=_n(x0 + col_w), y=height - 10, text_anchor="middle"))
    body.append(
        _el("line", x1=left, y1=baseline, x2=WIDTH - 10, y2=baseline, stroke=COLOURS["axis"])
    )
    return _svg(chart_id, title, desc, height, body)


def absorption_gauge(
    pct: Decimal | None, *, chart_id: str, title: str, desc: str, empty: str
) -> SafeString:
    """A bar from 0 to 100 % filled to ``pct`` (spending over ceiling)."""
    height, left, top, bar_h = 64, 20, 10, 24
    area = Decimal(WIDTH - 2 * left - 100)
    body = [_el("rect", x=left, y=top, width=_n(area), height=bar_h, fill=COLOURS["track"])]
    if pct is None:
        body.append(_text(empty, x=left + 8, y=top + 17, font_style="italic"))
    else:
        filled = area * min(max(pct, Decimal(0)), _HUNDRED) / _HUNDRED
        body.append(
            _el("rect", x=left, y=top, width=_n(filled), height=bar_h, fill=COLOURS["realized"])
        )
        body.append(
            _text(format_pct_id(pct), x=_n(left + area + 8), y=top + 17, font_weight="bold")
        )
    for tick in (0, 50, 100):
        x = _n(left + area * tick / _HUNDRED)
        body.append(_text(f"{tick} %", x=x, y=height - 6, text_anchor="middle", font_size=11))
    return _svg(chart_id, title, desc, height, body)

"""Charts are drawn once per process for the same arguments (reports/charts.py _memoized)."""

from decimal import Decimal

from django.utils import translation

from kinerja.reports import charts


def test_the_same_figures_are_not_drawn_again(monkeypatch):
    calls = []
    real = charts._render

    def counting(fig):
        calls.append(fig)
        return real(fig)

    monkeypatch.setattr(charts, "_render", counting)
    charts._DRAWN.clear()
    args = (["2022", "2023"], {"Realisasi": [Decimal("90.5"), Decimal("99.79")]})
    first = charts.line_chart(*args, title="Serapan")
    again = charts.line_chart(*args, title="Serapan")
    assert again is first and len(calls) == 1
    # Any difference in a figure, a keyword, the language or the PNG wish draws anew.
    other = charts.line_chart(
        ["2022", "2023"], {"Realisasi": [Decimal("90.5"), Decimal("99.80")]}, title="Serapan"
    )
    assert other != first and len(calls) == 2
    charts.line_chart(*args, title="Penyerapan")
    with charts.svg_only():
        svg, png = charts.line_chart(*args, title="Serapan")
    assert png == b"" and svg == first.svg
    with translation.override("en"):
        charts.line_chart(*args, title="Serapan")
    assert len(calls) == 5


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(charts, "_DRAWN_MAX", 3)
    charts._DRAWN.clear()
    for i in range(5):
        charts.pie_chart(["a", "b"], [Decimal(i + 1), Decimal(2)], unit="orang")
    assert len(charts._DRAWN) == 3

"""Status badges for the dashboards: always a colour class and words together."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.numbers import format_id, format_pct_id
from kinerja.measurement.calc import Reason, Status
from kinerja.measurement.choices import EntryStatus

from ..calc import Trend

register = template.Library()

REASONS = {
    Reason.NO_TARGET: gettext_lazy("tidak ada target"),
    Reason.TARGET_NA: gettext_lazy("target N/A"),
    Reason.TARGET_ZERO: gettext_lazy("target nol"),
    Reason.NO_REALIZATION: gettext_lazy("belum ada realisasi"),
    Reason.REALIZATION_ZERO: gettext_lazy("realisasi nol"),
    Reason.INVALID_RANGE: gettext_lazy("rentang target tidak sah"),
}
TRENDS = {
    Trend.UP: ("↑", gettext_lazy("membaik")),
    Trend.DOWN: ("↓", gettext_lazy("memburuk")),
    Trend.SAME: ("=", gettext_lazy("tetap")),
}


def _badge(css: str, label) -> str:
    return format_html('<span class="status status-{}">{}</span>', css, label)


@register.simple_tag
def achievement_badge(achievement):
    if achievement.status == Status.ACHIEVED:
        return _badge("achieved", _("Tercapai"))
    if achievement.status == Status.NOT_ACHIEVED:
        return _badge("not-achieved", _("Tidak tercapai"))
    reason = REASONS.get(achievement.reason, "")
    label = _("Tidak dapat dihitung")
    return _badge("na", f"{label} ({reason})" if reason else label)


@register.simple_tag
def quarter_badge(cell):
    """The quarter report's workflow state, with lateness first: that is what to act on."""
    parts = []
    if cell.missing:
        parts.append(_badge("missing", _("Belum diisi, tenggat lewat")))
    elif cell.late:
        parts.append(_badge("late", _("Terlambat")))
    if cell.entry_status:
        parts.append(_badge(cell.entry_status, EntryStatus(cell.entry_status).label))
    if not parts:
        return format_html('<span class="muted">{}</span>', _("belum ada laporan"))
    return format_html_join(" ", "{}", ((p,) for p in parts))


@register.simple_tag
def trend_badge(row):
    if row.trend == Trend.NONE:
        return format_html('<span class="muted">{}</span>', _("tidak ada pembanding"))
    arrow, label = TRENDS[row.trend]
    change = row.change
    sign = "+" if change > 0 else ""
    return format_html(
        '<span class="trend trend-{}"><span aria-hidden="true">{}</span> {} ({}{})</span>',
        row.trend,
        arrow,
        label,
        sign,
        format_id(change, 2),
    )


@register.simple_tag
def attention_reasons(row, quarter_labels):
    """Why a row is highlighted, in words (the highlight alone is only a colour)."""
    reasons = []
    if row.achievement.status == Status.NOT_ACHIEVED:
        reasons.append(_("tidak tercapai"))
    elif row.achievement.status == Status.NOT_COMPUTABLE:
        reason = REASONS.get(row.achievement.reason)
        reasons.append(_("capaian tidak dapat dihitung") + (f" ({reason})" if reason else ""))
    for cell in row.quarters:
        label = quarter_labels[cell.quarter - 1]
        if cell.missing:
            reasons.append(_("%(q)s belum diisi") % {"q": label})
        elif cell.late:
            reasons.append(_("%(q)s terlambat") % {"q": label})
        if cell.behind:
            reasons.append(
                _("%(q)s fisik %(real)s di bawah target %(target)s")
                % {
                    "q": label,
                    "real": format_pct_id(cell.realized_pct, 0),
                    "target": format_pct_id(cell.target_pct, 0),
                }
            )
    return "; ".join(str(r) for r in reasons)

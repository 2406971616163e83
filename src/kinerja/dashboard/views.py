"""The dashboards: one unit's year, and a parent unit's units side by side. Read-only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.numbers import format_pct_id
from kinerja.core.replica import reads_from_replica
from kinerja.measurement.calc import Status
from kinerja.measurement.selectors import MeasuresUnavailable
from kinerja.org.access import Action, can, unit_for
from kinerja.org.selectors import latest_year_below
from kinerja.planning.choices import AgreementStatus
from kinerja.reports import charts

from .selectors import agreement_years, parent_overview, unit_dashboard

QUARTER_LABELS = ("TW I", "TW II", "TW III", "TW IV")
# Colour-blind-safe (the charts' palette), and the table next to every chart names the status.
ACHIEVED, NOT_ACHIEVED, NOT_COMPUTABLE = "#009E73", "#D55E00", "#999999"
_BAR_COLOUR = {
    Status.ACHIEVED: ACHIEVED,
    Status.NOT_ACHIEVED: NOT_ACHIEVED,
    Status.NOT_COMPUTABLE: NOT_COMPUTABLE,
}


def _mean_colour(pct) -> str:
    if pct is None:
        return NOT_COMPUTABLE
    return ACHIEVED if pct >= 100 else NOT_ACHIEVED


def _year_links(url_name: str, unit_code: str, years) -> list[tuple[int, str]]:
    return [(y, reverse(url_name, args=[unit_code, y])) for y in years]


def _unit_charts(dashboard) -> dict:
    """The unit's three charts, drawn by the same functions as the documents' figures
    (reports.charts) and made ready for the page (inline SVG, no inline style)."""
    rows = dashboard.indicators
    absorption = dashboard.budget.absorption_pct if dashboard.budget else None
    with charts.svg_only():
        achievement = charts.hbar_chart(
            [row.code for row in rows],
            [row.achievement.pct for row in rows],
            colors=[_BAR_COLOUR[row.achievement.status] for row in rows],
            notes=[_("tidak dapat dihitung")] * len(rows),
            reference=100,
        )
        quarters = charts.bar_chart(
            [QUARTER_LABELS[q.quarter - 1] for q in dashboard.quarters],
            {
                _("Target fisik"): [q.target_pct for q in dashboard.quarters],
                _("Realisasi fisik"): [q.realized_pct for q in dashboard.quarters],
            },
            kind=charts.PERCENT,
            stacked=False,
            show_values=True,
        )
        gauge = charts.hbar_chart(
            [_("Penyerapan")],
            [absorption],
            notes=[_("Belum ada data anggaran")],
            xmax=100,
        )
    return {
        "achievement": charts.web_svg(
            achievement,
            chart_id="grafik-capaian",
            title=_("Capaian indikator kinerja %(year)s") % {"year": dashboard.year},
            desc=_(
                "Batang per indikator; garis putus-putus menandai 100 %%. %(achieved)s dari "
                "%(total)s indikator tercapai. Angka lengkap ada di tabel Capaian indikator."
            )
            % {"achieved": dashboard.achieved, "total": dashboard.total},
        ),
        "quarters": charts.web_svg(
            quarters,
            chart_id="grafik-triwulan",
            title=_("Kemajuan fisik rata-rata per triwulan"),
            desc=_(
                "Rata-rata target dan realisasi fisik rencana aksi (kumulatif) semua "
                "indikator per triwulan. Angka per indikator ada di tabel Kemajuan triwulan."
            ),
        ),
        "absorption": charts.web_svg(
            gauge,
            chart_id="grafik-anggaran",
            title=_("Penyerapan anggaran %(year)s") % {"year": dashboard.year},
            desc=(
                dashboard.budget.words.page_absorption % {"pct": format_pct_id(absorption)}
                if absorption is not None
                else _("Belum ada data anggaran.")
            ),
        ),
    }


@login_required
@reads_from_replica
def unit(request, unit_code: str, year: int):
    """A unit's year: every indicator, its quarters, budget and PNBP."""
    unit = unit_for(request.user, unit_code, Action.VIEW)
    context = {"unit": unit, "year": year, "nav": "dashboard"}
    try:
        dashboard = unit_dashboard(unit, year, timezone.localdate())
    except MeasuresUnavailable:
        # A year without an agreement (or a parent body, which has none): say so and
        # offer the years that exist instead of an error page.
        context["years"] = _year_links("dashboard:unit", unit.code, agreement_years(unit))
        context["may_review"] = can(request.user, Action.REVIEW, unit)
        return render(request, "dashboard/no_agreement.html", context)
    context.update(
        dashboard=dashboard,
        charts=_unit_charts(dashboard),
        years=_year_links("dashboard:unit", unit.code, dashboard.years),
        quarter_labels=QUARTER_LABELS,
        agreement_status=AgreementStatus(dashboard.agreement_status).label,
    )
    return render(request, "dashboard/unit.html", context)


@login_required
def parent_latest(request, unit_code: str):
    """The parent view of the latest year any unit below has an agreement for (this year
    when none has): where the menu's "Unit di bawah" link leads."""
    unit = unit_for(request.user, unit_code, Action.REVIEW)
    return redirect("dashboard:parent", unit.code, latest_year_below(unit))


@login_required
@reads_from_replica
def parent(request, unit_code: str, year: int):
    """Every unit below a parent for one year, ranked, with a link into each. Only a
    reviewer of the parent (who reads every unit below it) gets here."""
    unit = unit_for(request.user, unit_code, Action.REVIEW)
    overview = parent_overview(unit, year)
    units = [ranked.item for ranked in overview.units]
    chart = None
    if units:
        with charts.svg_only():
            image = charts.hbar_chart(
                [item.short_name or item.name for item in units],
                [item.mean_achievement_pct for item in units],
                colors=[_mean_colour(item.mean_achievement_pct) for item in units],
                notes=[_("tidak dapat dihitung")] * len(units),
                reference=100,
            )
        chart = charts.web_svg(
            image,
            chart_id="grafik-unit",
            title=_("Rata-rata capaian per unit %(year)s") % {"year": year},
            desc=_(
                "Batang per unit dalam urutan peringkat; garis putus-putus menandai 100 %%. "
                "Angka lengkap ada di tabel Peringkat capaian."
            ),
        )
    return render(
        request,
        "dashboard/parent.html",
        {
            "unit": unit,
            "year": year,
            "nav": "parent",
            "overview": overview,
            "chart": chart,
            "years": _year_links("dashboard:parent", unit.code, overview.years),
        },
    )

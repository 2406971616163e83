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

from . import svg
from .selectors import agreement_years, parent_overview, unit_dashboard

QUARTER_LABELS = ("TW I", "TW II", "TW III", "TW IV")
_BAR_STATUS = {
    Status.ACHIEVED: "achieved",
    Status.NOT_ACHIEVED: "not-achieved",
    Status.NOT_COMPUTABLE: "na",
}


def _mean_status(pct) -> str:
    if pct is None:
        return "na"
    return "achieved" if pct >= 100 else "not-achieved"


def _year_links(url_name: str, unit_code: str, years) -> list[tuple[int, str]]:
    return [(y, reverse(url_name, args=[unit_code, y])) for y in years]


def _unit_charts(dashboard) -> dict:
    bars = [
        svg.Bar(
            label=row.code,
            value=row.achievement.pct,
            status=_BAR_STATUS[row.achievement.status],
            note=_("tidak dapat dihitung"),
        )
        for row in dashboard.indicators
    ]
    quarters = [
        svg.QuarterBar(QUARTER_LABELS[q.quarter - 1], q.target_pct, q.realized_pct)
        for q in dashboard.quarters
    ]
    absorption = dashboard.budget.absorption_pct if dashboard.budget else None
    return {
        "achievement": svg.achievement_bars(
            bars,
            chart_id="grafik-capaian",
            title=_("Capaian indikator kinerja %(year)s") % {"year": dashboard.year},
            desc=_(
                "Batang per indikator; garis putus-putus menandai 100 %%. %(achieved)s dari "
                "%(total)s indikator tercapai. Angka lengkap ada di tabel Capaian indikator."
            )
            % {"achieved": dashboard.achieved, "total": dashboard.total},
        ),
        "quarters": svg.quarter_progress(
            quarters,
            chart_id="grafik-triwulan",
            title=_("Kemajuan fisik rata-rata per triwulan"),
            desc=_(
                "Rata-rata target dan realisasi fisik rencana aksi (kumulatif) semua "
                "indikator per triwulan. Angka per indikator ada di tabel Kemajuan triwulan."
            ),
            target_label=_("Target fisik"),
            realized_label=_("Realisasi fisik"),
        ),
        "absorption": svg.absorption_gauge(
            absorption,
            chart_id="grafik-anggaran",
            title=_("Penyerapan anggaran %(year)s") % {"year": dashboard.year},
            desc=(
                dashboard.budget.words.page_absorption % {"pct": format_pct_id(absorption)}
                if absorption is not None
                else _("Belum ada data anggaran.")
            ),
            empty=_("Belum ada data anggaran"),
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
    bars = [
        svg.Bar(
            label=ranked.item.short_name or ranked.item.name,
            value=ranked.item.mean_achievement_pct,
            status=_mean_status(ranked.item.mean_achievement_pct),
            note=_("tidak dapat dihitung"),
        )
        for ranked in overview.units
    ]
    chart = svg.achievement_bars(
        bars,
        chart_id="grafik-unit",
        title=_("Rata-rata capaian per unit %(year)s") % {"year": year},
        desc=_(
            "Batang per unit dalam urutan peringkat; garis putus-putus menandai 100 %%. "
            "Angka lengkap ada di tabel Peringkat capaian."
        ),
        label_width=190,
    )
    return render(
        request,
        "dashboard/parent.html",
        {
            "unit": unit,
            "year": year,
            "nav": "parent",
            "overview": overview,
            "chart": chart if overview.units else None,
            "years": _year_links("dashboard:parent", unit.code, overview.years),
        },
    )

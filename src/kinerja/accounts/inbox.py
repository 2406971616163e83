""" "Tugas saya": what a user has to do now, across the units they hold a role in.

Computed from the existing records, never stored: quarterly entries and their workflow
status, the entry windows, the Perjanjian Kinerja versions and the issued final reports.
The whole inbox is read in a fixed number of queries whatever the number of units,
indicators or entries (tests assert it).

What counts as a task, by right (``org.access``):
- ENTER: the indicators of the year's agreement the user may enter, in a quarter whose
  entry window is open today, not yet handed in (no entry, a draft) — "to fill", with
  the days left before the window closes; and entries returned to them — "returned".
- VERIFY: entries submitted and waiting for verification.
- APPROVE: entries verified and waiting for approval.
- FINALIZE: an agreement draft waiting for signature; a quarterly report whose quarter
  is approved for every agreement indicator and not yet issued as final, and the LAKIN
  once the fourth quarter is, for a signed agreement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.measurement.choices import EntryStatus
from kinerja.measurement.models import EntryWindow, QuarterEntry
from kinerja.org.access import Action, rights_by_unit
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import AgreementIndicator, AgreementVersion
from kinerja.reports.models import FinalReport, ReportKind

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Task:
    unit: Unit
    title: str
    url: str
    year: int
    quarter: int | None = None
    closes_on: date | None = None
    days_left: int | None = None

    @property
    def period_label(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return _("TW %(q)s %(year)s") % {"q": ROMAN[self.quarter], "year": self.year}


@dataclass
class Inbox:
    to_fill: list[Task] = field(default_factory=list)
    returned: list[Task] = field(default_factory=list)
    to_verify: list[Task] = field(default_factory=list)
    to_approve: list[Task] = field(default_factory=list)
    to_sign: list[Task] = field(default_factory=list)
    to_issue: list[Task] = field(default_factory=list)
    to_follow_up: list[Task] = field(default_factory=list)

    def sections(self) -> list[tuple[str, str, list[Task]]]:
        """(key, heading, tasks) of the non-empty sections, in the order of urgency."""
        all_sections = [
            ("returned", _("Dikembalikan kepada saya"), self.returned),
            ("to_fill", _("Perlu diisi sebelum jadwal ditutup"), self.to_fill),
            ("to_verify", _("Perlu diverifikasi"), self.to_verify),
            ("to_approve", _("Perlu disetujui"), self.to_approve),
            ("to_sign", _("Perjanjian Kinerja perlu ditandatangani"), self.to_sign),
            ("to_issue", _("Laporan final siap diterbitkan"), self.to_issue),
            (
                "to_follow_up",
                _("Rekomendasi evaluasi SAKIP yang perlu ditindaklanjuti"),
                self.to_follow_up,
            ),
        ]
        return [s for s in all_sections if s[2]]

    @property
    def count(self) -> int:
        return sum(len(tasks) for _key, _heading, tasks in self.sections())


def _window_end(window: EntryWindow, today: date) -> date | None:
    """The last day ``window`` is open, when it is open ``today``."""
    if window.opens_on <= today <= window.closes_on:
        return window.closes_on
    if window.reopened_until is not None and today <= window.reopened_until:
        return window.reopened_until
    return None


def _in_force(versions: list[dict]) -> dict | None:
    """The highest signed version, else the highest (Agreement.version_in_force)."""
    ordered = sorted(versions, key=lambda v: -v["number"])
    signed = [v for v in ordered if v["status"] == AgreementStatus.SIGNED]
    return (signed or ordered or [None])[0]


def _entry_url(unit_code: str, year: int, quarter: int, code: str) -> str:
    return reverse("measurement:entry", args=[unit_code, year, quarter, code])


def inbox(user, today: date) -> Inbox:
    """The tasks of ``user`` on ``today``."""
    out = Inbox()
    scope = rights_by_unit(user)
    if not scope:
        return out
    units = {u.pk: u for u in Unit.objects.filter(pk__in=scope)}

    def may(unit_id: int, action: Action) -> bool:
        return action in scope[unit_id][0]

    def may_enter(unit_id: int, code: str) -> bool:
        actions, codes = scope[unit_id]
        return Action.ENTER in actions and (codes is None or code in codes)

    enter_units = [u for u in scope if may(u, Action.ENTER)]
    finalize_units = [u for u in scope if may(u, Action.FINALIZE)]

    # Agreements: versions of the years with an open window, and of every year of the
    # units whose head signs and issues.
    open_windows = {
        (w.unit_id, w.year, w.quarter): end
        for w in EntryWindow.objects.filter(unit_id__in=enter_units).filter(
            Q(opens_on__lte=today, closes_on__gte=today) | Q(reopened_until__gte=today)
        )
        if (end := _window_end(w, today)) is not None
    }
    window_years = {(u, y) for u, y, _q in open_windows}
    version_filter = Q(agreement__unit_id__in=finalize_units)
    for unit_id, year in window_years:
        version_filter |= Q(agreement__unit_id=unit_id, agreement__year=year)
    by_agreement: dict[tuple[int, int], list[dict]] = defaultdict(list)
    if window_years or finalize_units:
        for v in AgreementVersion.objects.filter(version_filter).values(
            "pk", "number", "status", "agreement__unit_id", "agreement__year"
        ):
            by_agreement[(v["agreement__unit_id"], v["agreement__year"])].append(v)
    in_force = {key: _in_force(versions) for key, versions in by_agreement.items()}
    items: dict[int, list[dict]] = defaultdict(list)
    wanted_versions = [
        v["pk"]
        for key, v in in_force.items()
        if v is not None and (key in window_years or key[0] in finalize_units)
    ]
    for item in (
        AgreementIndicator.objects.filter(version_id__in=wanted_versions)
        .order_by("position")
        .values("version_id", "indicator_id", "indicator__code", "indicator__name")
    ):
        items[item["version_id"]].append(item)

    # Entries: those of the open windows' indicators, and every entry waiting for
    # somebody (returned, submitted, verified), in one query.
    window_indicators = [
        i["indicator_id"]
        for key in window_years
        if in_force.get(key)
        for i in items[in_force[key]["pk"]]
    ]
    waiting = [EntryStatus.RETURNED, EntryStatus.SUBMITTED, EntryStatus.VERIFIED]
    entries = list(
        QuarterEntry.objects.filter(
            Q(indicator_id__in=window_indicators, year__in={y for _u, y in window_years})
            | Q(status__in=waiting, indicator__version__plan__unit_id__in=list(scope))
        ).values(
            "indicator_id",
            "indicator__code",
            "indicator__name",
            "indicator__version__plan__unit_id",
            "year",
            "quarter",
            "status",
        )
    )
    status_of = {(e["indicator_id"], e["year"], e["quarter"]): e["status"] for e in entries}

    # To fill, by window (the nearest closing first).
    for (unit_id, year, quarter), end in sorted(open_windows.items(), key=lambda kv: kv[1]):
        version = in_force.get((unit_id, year))
        if version is None:
            continue
        unit = units[unit_id]
        for item in items[version["pk"]]:
            code = item["indicator__code"]
            status = status_of.get((item["indicator_id"], year, quarter), EntryStatus.DRAFT)
            if status != EntryStatus.DRAFT or not may_enter(unit_id, code):
                continue
            out.to_fill.append(
                Task(
                    unit=unit,
                    title=f"{code} {item['indicator__name']}",
                    url=_entry_url(unit.code, year, quarter, code),
                    year=year,
                    quarter=quarter,
                    closes_on=end,
                    days_left=(end - today).days,
                )
            )

    # Waiting for somebody.
    for e in sorted(entries, key=lambda e: (e["year"], e["quarter"], e["indicator__code"])):
        unit_id = e["indicator__version__plan__unit_id"]
        if unit_id not in scope:
            continue
        unit = units[unit_id]
        code = e["indicator__code"]
        task = Task(
            unit=unit,
            title=f"{code} {e['indicator__name']}",
            url=_entry_url(unit.code, e["year"], e["quarter"], code),
            year=e["year"],
            quarter=e["quarter"],
        )
        if e["status"] == EntryStatus.RETURNED and may_enter(unit_id, code):
            out.returned.append(task)
        elif e["status"] == EntryStatus.SUBMITTED and may(unit_id, Action.VERIFY):
            out.to_verify.append(task)
        elif e["status"] == EntryStatus.VERIFIED and may(unit_id, Action.APPROVE):
            out.to_approve.append(task)

    if finalize_units:
        _head_tasks(out, units, finalize_units, by_agreement, in_force, items)
    _recommendation_tasks(out, user, units, [u for u in scope if may(u, Action.SELF_ASSESS)])
    return out


def _recommendation_tasks(out: Inbox, user, units, assess_units) -> None:
    """Open recommendations of the SAKIP evaluation: the unit's planning team and the
    recommendation's owner follow them up (one query)."""
    from kinerja.evaluation.choices import RecommendationStatus
    from kinerja.evaluation.models import Recommendation

    open_ = Recommendation.objects.filter(status=RecommendationStatus.OPEN).filter(
        Q(evaluation__unit_id__in=assess_units) | Q(owner=user)
    )
    for rec in open_.select_related("evaluation__unit").order_by("due_date", "pk"):
        unit = rec.evaluation.unit
        out.to_follow_up.append(
            Task(
                unit=unit,
                title=rec.text,
                url=reverse("evaluation:worksheet", args=[unit.code, rec.evaluation.year]),
                year=rec.evaluation.year,
                closes_on=rec.due_date,
            )
        )


def _head_tasks(out: Inbox, units, finalize_units, by_agreement, in_force, items) -> None:
    """Agreements to sign and final reports to issue, for the units whose head this is."""
    approved = {
        (r["indicator__version__plan__unit_id"], r["year"], r["quarter"]): r["n"]
        for r in QuarterEntry.objects.filter(
            status=EntryStatus.APPROVED,
            indicator__version__plan__unit_id__in=finalize_units,
        )
        .values("indicator__version__plan__unit_id", "year", "quarter")
        .annotate(n=Count("pk"))
    }
    issued = set(
        FinalReport.objects.filter(unit_id__in=finalize_units).values_list(
            "unit_id", "year", "kind", "period"
        )
    )
    for (unit_id, year), versions in sorted(by_agreement.items(), key=lambda kv: kv[0][1]):
        if unit_id not in finalize_units:
            continue
        unit = units[unit_id]
        top = max(versions, key=lambda v: v["number"])
        if top["status"] != AgreementStatus.SIGNED:
            out.to_sign.append(
                Task(
                    unit=unit,
                    title=_("Perjanjian Kinerja %(year)s versi %(number)s")
                    % {"year": year, "number": top["number"]},
                    url=reverse("planning:agreement_sign", args=[unit.code, year]),
                    year=year,
                )
            )
        version = in_force.get((unit_id, year))
        if version is None or version["status"] != AgreementStatus.SIGNED:
            continue
        count = len(items[version["pk"]])
        if not count:
            continue
        reports = reverse("reports:index", args=[unit.code, year])
        for quarter in (1, 2, 3, 4):
            done = approved.get((unit_id, year, quarter), 0) >= count
            if done and (unit_id, year, ReportKind.QUARTERLY, f"q{quarter}") not in issued:
                out.to_issue.append(
                    Task(
                        unit=unit,
                        title=_("Laporan triwulan %(q)s %(year)s")
                        % {"q": ROMAN[quarter], "year": year},
                        url=reports,
                        year=year,
                        quarter=quarter,
                    )
                )
        if approved.get((unit_id, year, 4), 0) >= count and (
            (unit_id, year, ReportKind.LAKIN, "") not in issued
        ):
            out.to_issue.append(
                Task(
                    unit=unit,
                    title=_("Laporan Akuntabilitas Kinerja %(year)s") % {"year": year},
                    url=reports,
                    year=year,
                )
            )

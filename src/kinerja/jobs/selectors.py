"""Who may see and start which jobs (rights from org/access.py only).

A job is readable by whoever may read every unit it covers (``Action.VIEW``: the same
right as downloading those units' reports), and by superusers. Starting one needs the
right of the work it does: a report (VIEW), a final version (FINALIZE), an import
(PLAN), a batch over the units below a parent (REVIEW of the parent, which reads them
all)."""

from __future__ import annotations

from django.db.models import QuerySet

from kinerja.org.access import Action, can, visible_unit_ids
from kinerja.org.models import Unit

from .choices import JobKind
from .models import Job

REQUIRED: dict[str, Action] = {
    JobKind.RENDER: Action.VIEW,
    JobKind.FINALIZE: Action.FINALIZE,
    JobKind.IMPORT_REALIZATIONS: Action.PLAN,
    JobKind.BATCH: Action.REVIEW,
}


def may_request(user, kind: str, unit: Unit) -> bool:
    return can(user, REQUIRED[JobKind(kind)], unit)


def _readable(job: Job, visible: set[int] | None, codes: dict[str, int]) -> bool:
    if visible is None:
        return True
    if job.unit_id not in visible:
        return False
    return all(codes.get(code) in visible for code in job.unit_codes)


def jobs_for(user, unit: Unit | None = None, limit: int = 50) -> list[Job]:
    """The newest jobs ``user`` may read (of ``unit`` when given), newest first."""
    visible = visible_unit_ids(user)
    jobs: QuerySet[Job] = Job.objects.select_related("unit", "requested_by")
    if unit is not None:
        jobs = jobs.filter(unit=unit)
    if visible is not None:
        jobs = jobs.filter(unit_id__in=visible)
    rows = list(jobs[: limit * 2])
    codes = _codes(rows)
    return [job for job in rows if _readable(job, visible, codes)][:limit]


def may_read(user, job: Job) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    visible = visible_unit_ids(user)
    return _readable(job, visible, _codes([job]))


def _codes(jobs: list[Job]) -> dict[str, int]:
    wanted = {code for job in jobs for code in job.unit_codes}
    return dict(Unit.objects.filter(code__in=wanted).values_list("code", "pk"))


def batch_units(parent: Unit, year: int) -> list[Unit]:
    """The units a batch over ``parent`` covers: every unit below it (any depth) that has
    a Perjanjian Kinerja for ``year`` (the others have no report to make), by code."""
    from kinerja.planning.models import Agreement

    below = Unit.objects.descendants_of(parent)
    with_agreement = Agreement.objects.filter(year=year).values("unit_id")
    return list(below.filter(pk__in=with_agreement).order_by("code"))

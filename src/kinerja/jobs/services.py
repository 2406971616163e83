"""Every change of a job's state, one function each: requested (recorded and queued, or
nothing at all), started, progressed, succeeded, failed, cancelled. The web pages, the
commands and the tasks call these; nothing else writes a ``Job``.

State changes are saved rows, hence in the audit trail (audit/tracking.py tracks
``jobs.Job``); progress ticks are plain updates and are not.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.context import audit_context
from kinerja.org.models import Unit

from . import broker
from .choices import FINISHED_STATES, JobKind, JobState
from .models import Job

logger = logging.getLogger(__name__)

# A job whose worker vanished is given back to the queue (acks_late); after this many
# starts it is marked failed instead of being tried again.
MAX_ATTEMPTS = 3


class BackgroundUnavailable(Exception):
    """The broker does not answer: nothing was recorded."""

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason

    @property
    def user_message(self) -> str:
        return _(
            "Pekerjaan latar belakang sedang tidak tersedia (antrean tidak menjawab). "
            "Tidak ada yang dicatat; coba lagi nanti atau hubungi pengelola sistem."
        )


def request_job(
    kind: str,
    unit: Unit,
    year: int,
    *,
    user=None,
    unit_codes: list[str] | None = None,
    parameters: dict | None = None,
) -> Job:
    """Record a job and put it on the queue, or neither: with the broker down (asked with
    a short timeout first, and again by the publish itself) the transaction is rolled back
    and ``BackgroundUnavailable`` raised. Rights are the caller's to check
    (``jobs.selectors.may_request``)."""
    from .tasks import enqueue

    kind = JobKind(kind)
    try:
        broker.check()
    except broker.BrokerUnavailable as exc:
        logger.warning("job %s for %s %s not queued: %s", kind, unit.code, year, exc)
        raise BackgroundUnavailable(str(exc)) from None
    codes = list(unit_codes) if unit_codes else [unit.code]
    requester = user if user is not None and user.is_authenticated else None
    actor = {"user_id": requester.pk, "username": requester.get_username()} if requester else {}
    try:
        with transaction.atomic(), audit_context(**actor):
            job = Job.objects.create(
                kind=kind,
                unit=unit,
                year=year,
                unit_codes=codes,
                parameters=parameters or {},
                total=len(codes),
                requested_by=requester,
            )
            # Inside the transaction: a publish that fails rolls the row back. A worker
            # that takes the task before the commit waits for the row (tasks.run_job).
            enqueue(job)
    except broker.BrokerUnavailable as exc:
        raise BackgroundUnavailable(str(exc)) from None
    return job


def start_job(job_id: int) -> Job | None:
    """The worker takes the job: running, one more attempt. None when there is nothing
    to do (finished or cancelled already: a task delivered twice). A job found running
    is one whose worker died; after ``MAX_ATTEMPTS`` it fails with that reason."""
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("unit").get(pk=job_id)
        if job.state in FINISHED_STATES:
            return None
        if job.state == JobState.RUNNING and job.attempts >= MAX_ATTEMPTS:
            _end(
                job,
                JobState.FAILED,
                _("Pekerjaan terhenti %(n)s kali (proses pekerja berhenti di tengah jalan).")
                % {"n": job.attempts},
            )
            return None
        job.state = JobState.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["state", "attempts", "started_at"])
        return job


def mark_progress(job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """How far the job has come (not audited: a tick per unit). Written in its own
    statement, so that pages polling the job see it at once."""
    fields = {"done": done, "message": message}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def finish_job(
    job: Job, *, result: dict | None = None, result_file: str = "", message: str = ""
) -> bool:
    """Succeeded, with its outcome and result file (already in storage). False when the
    job had ended otherwise meanwhile (cancelled): that state stays."""
    with transaction.atomic():
        if not _still_open(job):
            return False
        job.result = result if result is not None else job.result
        job.result_file = result_file or job.result_file
        job.done = job.total
        _end(job, JobState.SUCCEEDED, message, extra=["result", "result_file", "done"])
    return True


def fail_job(job: Job, reason: str, *, result: dict | None = None) -> bool:
    """Failed, with the reason a user can read (the traceback goes to the worker's log).
    False when the job had already ended (cancelled, or succeeded by an earlier run)."""
    with transaction.atomic():
        if not _still_open(job):
            return False
        if result is not None:
            job.result = result
        _end(job, JobState.FAILED, reason, extra=["result"])
    return True


def _still_open(job: Job) -> bool:
    state = Job.objects.select_for_update().filter(pk=job.pk).values_list("state", flat=True)
    return bool(state) and state[0] not in FINISHED_STATES


def cancel_job(job: Job) -> bool:
    """Cancelled before it finished: a queued job is never started, a running batch stops
    after the unit it is working on. False when it had already finished."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state in FINISHED_STATES:
            return False
        _end(job, JobState.CANCELLED, _("Dibatalkan."))
    return True


def is_cancelled(job: Job) -> bool:
    return Job.objects.filter(pk=job.pk, state=JobState.CANCELLED).exists()


def _end(job: Job, state: str, message: str, extra: list[str] | None = None) -> None:
    job.state = state
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "finished_at", *(extra or [])])

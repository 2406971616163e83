"""The Celery task: thin, as every task in kinerja is. The broker carries a job's id; the
job's row says what to do (jobs/runners.py does it).

Retries: a lost database connection or a row not yet committed is retried with
exponential backoff (2, 4, 8 … s, at most 5 min, jittered); any other error ends the job
as failed, with its reason. Time limits: soft 15 min for one report (the runner then
fails the job with a clear reason), hard a minute later; a batch gets an hour plus a
minute per unit.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from kinerja.celery import app

from . import broker
from .choices import JobKind
from .models import Job

logger = logging.getLogger(__name__)

RETRY_ON = (OperationalError, InterfaceError, Job.DoesNotExist)
MAX_RETRIES = 5


class JobTask(app.Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Retries exhausted (or an error the runner let through): the job must not stay
        # "running" for ever.
        from .services import fail_job

        job = Job.objects.filter(pk=args[0] if args else kwargs.get("job_id")).first()
        if job is not None:
            fail_job(
                job,
                _("Gagal setelah %(n)s percobaan: %(error)s")
                % {"n": self.request.retries + 1, "error": f"{type(exc).__name__}: {exc}"},
            )


@app.task(
    bind=True,
    base=JobTask,
    name="kinerja.jobs.run",
    autoretry_for=RETRY_ON,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def run_job(self, job_id: int) -> None:
    from .runners import run

    run(job_id)


def time_limits(job: Job) -> tuple[int, int]:
    """(soft, hard) seconds for the job."""
    if job.kind == JobKind.BATCH:
        soft = 60 * 60 + 60 * len(job.unit_codes)
        return soft, soft + 60
    return 15 * 60, 16 * 60


def enqueue(job: Job) -> None:
    """Publish "run job N" once, without the long reconnect loop a publish does by
    default; ``broker.BrokerUnavailable`` when it cannot be sent."""
    soft, hard = time_limits(job)
    try:
        run_job.apply_async(
            args=[job.pk],
            soft_time_limit=soft,
            time_limit=hard,
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception as exc:  # kombu's OperationalError and the transport's own
        if app.conf.task_always_eager:
            raise
        raise broker.BrokerUnavailable(f"{type(exc).__name__}: {exc}") from exc

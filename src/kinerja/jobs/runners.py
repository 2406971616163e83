"""What each kind of job does, through the same services as the pages and commands:
``finals.build_document`` and ``finals.render`` for reports, ``finals.finalize`` for a
final version, ``planning.services.apply_realizations`` (with the recomputation of the
formula indicators) for an XLSX import. Files go to Django's default storage.

Run twice, a job does its work once: a finished job is not started again, and a final
version is issued in the same transaction that records it on the job, so a second run
(a task delivered again after its worker died) finds it there and issues nothing.
"""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.utils.translation import gettext as _

from kinerja.audit.context import audit_context, lookup_scope
from kinerja.org.models import Unit

from . import services
from .choices import JobKind
from .models import Job

logger = logging.getLogger(__name__)


def run(job_id: int) -> None:
    job = services.start_job(job_id)
    if job is None:
        return
    user = job.requested_by
    context = {
        "source": f"worker:{job.kind}",
        "user_id": user.pk if user else None,
        "username": user.get_username() if user else "",
    }
    try:
        with audit_context(**context), lookup_scope():
            RUNNERS[job.kind](job)
    except SoftTimeLimitExceeded:
        services.fail_job(job, _("Waktu pengerjaan habis; pekerjaan dihentikan."))
    except (OperationalError, InterfaceError):
        raise  # the database went away: the task retries with backoff
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        services.fail_job(job, reason(exc))


def reason(exc: Exception) -> str:
    """Why a report could not be made, in words a user can act on."""
    from kinerja.measurement.selectors import MeasuresUnavailable
    from kinerja.planning.services import ImportRefused
    from kinerja.reports.finals import FinalizeError
    from kinerja.reports.perkin import AgreementUnavailable
    from kinerja.reports.render.pdf import TypesetError

    if isinstance(exc, MeasuresUnavailable | AgreementUnavailable):
        return _("Tidak ada Perjanjian Kinerja untuk tahun ini (%(detail)s).") % {"detail": exc}
    if isinstance(exc, FinalizeError):
        from kinerja.reports.forms import FINALIZE_MESSAGES

        return str(FINALIZE_MESSAGES.get(exc.code) or exc)
    if isinstance(exc, TypesetError):
        return _(
            'PDF tidak dapat disusun (bagian "%(section)s"): %(message)s. Tidak ada berkas '
            "yang disimpan; beri tahu administrator."
        ) % {"section": exc.section or "–", "message": exc.message}
    if isinstance(exc, ImportRefused):
        return _("Berkas tidak disimpan: %(problems)s") % {"problems": exc}
    if isinstance(exc, PermissionDenied):
        return _("Yang meminta pekerjaan ini tidak berhak melakukannya di unit ini.")
    return f"{type(exc).__name__}: {exc}"


def result_path(job: Job, filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


def _store(job: Job, filename: str, content) -> str:
    """Write the result file (replacing a file left by an earlier attempt); its name in
    storage."""
    path = result_path(job, filename)
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, content)


def _spec(job: Job):
    from kinerja.reports.selectors import DOCUMENTS

    slug = job.parameters.get("document", "lakin")
    for spec in DOCUMENTS:
        if spec.slug == slug:
            return spec
    raise ValueError(_("Dokumen tidak dikenal: %(slug)s") % {"slug": slug})


def render_report(job: Job) -> None:
    from kinerja.reports.services import build_file

    fmt = job.parameters.get("format", "pdf")
    content, filename, _type = build_file(job.unit, job.year, _spec(job), fmt)
    path = _store(job, filename, ContentFile(content))
    services.finish_job(job, result_file=path, result={"size": len(content)})


def finalize_report(job: Job) -> None:
    from kinerja.reports import finals
    from kinerja.reports.services import FINAL_FORMATS

    spec = _spec(job)
    reason_text = job.parameters.get("reason", "")
    try:
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=job.pk)
            if "final_report" in locked.result:
                report_id = locked.result["final_report"]  # issued by an earlier run
            else:
                with audit_context(reason=reason_text.strip()):
                    report = finals.finalize(
                        job.unit,
                        job.year,
                        kind=spec.kind,
                        quarter=spec.quarter,
                        reason=reason_text,
                        user=job.requested_by,
                        formats=job.parameters.get("formats") or FINAL_FORMATS,
                        show_findings=bool(job.parameters.get("show_findings")),
                    )
                report_id = report.pk
                # Recorded in the same transaction as the final version and its files:
                # both are there, or neither.
                locked.result = {"final_report": report.pk, "version": report.version}
                locked.save(update_fields=["result"])
    except Exception:
        # A run that raced an earlier one (the same task delivered twice) may fail here
        # although the job's final version exists: then the job succeeded.
        job.refresh_from_db(fields=["result"])
        if "final_report" not in job.result:
            raise
        report_id = job.result["final_report"]
    job.refresh_from_db(fields=["result"])
    services.finish_job(
        job,
        result=job.result,
        message=_("Versi final %(version)s diterbitkan.") % {"version": job.result["version"]},
    )
    logger.info("job %s: final report %s", job.pk, report_id)


def import_realizations(job: Job) -> None:
    from kinerja.planning.services import apply_realizations

    path = job.parameters["upload"]
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    review = apply_realizations(
        job.unit, job.year, data, user=job.requested_by, reason=job.parameters.get("reason", "")
    )
    if job.parameters.get("pending"):
        # A pending upload of the review page (planning/spreadsheet.py): applied, gone.
        from kinerja.core import storage

        storage.delete_quietly(path)
    services.finish_job(
        job,
        result={"rows": review.rows, "changes": len(review.changes)},
        message=_("%(n)s nilai diubah.") % {"n": len(review.changes)},
    )


def batch_reports(job: Job) -> None:
    """One report per unit into one ZIP; a unit that fails is listed with its reason
    (in the job and in the ZIP's DAFTAR.txt) and the batch goes on."""
    from kinerja.reports.services import build_file

    spec = _spec(job)
    fmt = job.parameters.get("format", "pdf")
    units = {u.code: u for u in Unit.objects.filter(code__in=job.unit_codes)}
    outcomes: list[dict] = []
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            for index, code in enumerate(job.unit_codes):
                if services.is_cancelled(job):
                    return
                services.mark_progress(
                    job, index, message=_("Mengerjakan %(unit)s") % {"unit": code}
                )
                unit = units.get(code)
                try:
                    if unit is None:
                        raise LookupError(_("unit %(unit)s tidak ada lagi") % {"unit": code})
                    content, filename, _type = build_file(unit, job.year, spec, fmt)
                except SoftTimeLimitExceeded:
                    raise
                except (OperationalError, InterfaceError):
                    raise
                except Exception as exc:
                    logger.warning("job %s: %s failed: %s", job.pk, code, exc)
                    outcomes.append({"unit": code, "ok": False, "reason": reason(exc)})
                    continue
                archive.writestr(filename, content)
                outcomes.append({"unit": code, "ok": True, "file": filename})
            archive.writestr("DAFTAR.txt", _listing(job, outcomes))
        failed = [o for o in outcomes if not o["ok"]]
        result = {"units": outcomes, "succeeded": len(outcomes) - len(failed)}
        if len(failed) == len(outcomes):
            services.fail_job(job, _("Tidak satu pun laporan dapat dibuat."), result=result)
            return
        spool.seek(0)
        name = f"{spec.slug}-{job.unit.code}-{job.year}-{fmt}.zip"
        path = _store(job, name, File(spool, name=name))
    message = _("%(ok)s dari %(n)s laporan dibuat.") % {
        "ok": len(outcomes) - len(failed),
        "n": len(outcomes),
    }
    if failed:
        message += " " + _("%(n)s unit gagal (alasannya tercantum).") % {"n": len(failed)}
    services.finish_job(job, result=result, result_file=path, message=message)


def _listing(job: Job, outcomes: list[dict]) -> str:
    out = io.StringIO()
    out.write(f"{job.get_kind_display()} {job.unit.code} {job.year}\n\n")
    for o in outcomes:
        out.write(f"{o['unit']}\t{'OK ' + o['file'] if o['ok'] else 'GAGAL: ' + o['reason']}\n")
    return out.getvalue()


RUNNERS = {
    JobKind.RENDER: render_report,
    JobKind.FINALIZE: finalize_report,
    JobKind.IMPORT_REALIZATIONS: import_realizations,
    JobKind.BATCH: batch_reports,
}

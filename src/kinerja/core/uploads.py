"""Stop storing an uploaded file once it is larger than kinerja ever accepts.

Django's own handlers write a whole upload to memory or to a temporary file before any
form sees it, so a 2 GB "evidence file" would cost 2 GB of disk before being refused.
``SizeLimitedUploadHandler`` runs first (``settings.FILE_UPLOAD_HANDLERS``): it passes the
chunks of a file on to Django's handlers until the file exceeds
``KINERJA_UPLOAD_MAX_BYTES``, then stops passing them (the rest of the request is read and
dropped, never stored) and hands the form an empty ``OversizeUpload`` whose ``size`` is
the file's real size. Every upload form and service already refuses a file by its size,
so the user gets the usual message ("… berukuran 2,0 GB; batasnya 10,0 MB") and nothing
is written. The proxy in front of kinerja should still cap the request size
(docs/web.md); this is the application's own guard.

The one check of an evidence file (a quarter's, an LKE criterion's, a recommendation's
follow-up) is here too: ``check_evidence`` (size, not empty, PDF / PNG / JPEG / WebP by
its first bytes, a safe shown name, SHA-256), ``evidence_name`` (where it is stored: a
random name under ``evidence/<unit>/<year>/<part>/``), ``store_evidence`` (the check, the
refusal of a file already there, the write and the row, for every kind of evidence row)
and ``download`` (the response that hands a stored file back, after the caller checked
the reader's rights).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _g

from kinerja.core import storage

__all__ = [
    "EVIDENCE_PREFIX",
    "EXTENSIONS",
    "CheckedUpload",
    "OversizeUpload",
    "SizeLimitedUploadHandler",
    "UploadRefused",
    "check_evidence",
    "clean_name",
    "download",
    "evidence_name",
    "sniff",
    "store_evidence",
]


class OversizeUpload(UploadedFile):
    """A file refused for its size: no content, the size the client actually sent."""

    oversize = True

    def __init__(self, name: str, content_type: str, size: int, charset: str | None):
        super().__init__(BytesIO(), name, content_type, size, charset)


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = settings.KINERJA_UPLOAD_MAX_BYTES
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the handlers after this one never see the rest
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received > self.limit:
            # Django's handler holds at most `limit` bytes of it; answering here means
            # its partial file is never completed and is dropped with the request.
            return OversizeUpload(self.file_name, self.content_type, self.received, self.charset)
        return None  # within the limit: Django's own handler completes the file


# -- evidence files ------------------------------------------------------------------------
EVIDENCE_PREFIX = "evidence"

# Decided by the first bytes of the file: a name or a browser's content type says nothing
# about what a file is.
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
}
ACCEPT = ",".join(EXTENSIONS)  # for <input type="file" accept="…">
_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first 12 bytes, or None if not accepted."""
    for magic, content_type in _SIGNATURES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def clean_name(name: str, content_type: str | None = None) -> str:
    """The uploader's file name, safe to show and to offer back on download: no folders,
    no control characters, at most 255 characters, and an extension that matches the
    content (a PNG called "laporan.pdf" is kept as "laporan.pdf.png")."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .") or "bukti"
    suffix = ""
    if content_type is not None:
        extensions = EXTENSIONS[content_type]
        if os.path.splitext(name)[1].lower() not in extensions:
            suffix = extensions[0]
    return name[: 255 - len(suffix)] + suffix


class UploadRefused(Exception):
    """Why an evidence file is refused, for the person who sent it (names the file)."""


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str  # safe to show, extension matching the content
    content_type: str
    size: int
    sha256: str


def shown_name(uploaded_file) -> str:
    return clean_name(getattr(uploaded_file, "name", "") or "")


def check_evidence(uploaded_file, limit: int | None = None) -> CheckedUpload:
    """Check an evidence file before it is stored: at most ``limit`` bytes
    (``KINERJA_EVIDENCE_MAX_BYTES``), not empty, a PDF, PNG, JPEG or WebP by its content.
    Raises ``UploadRefused`` (naming the file) and reads nothing more once refused."""
    shown = shown_name(uploaded_file)
    limit = settings.KINERJA_EVIDENCE_MAX_BYTES if limit is None else limit
    size = uploaded_file.size or 0
    if size > limit:
        raise UploadRefused(
            _g("Berkas “%(name)s” berukuran %(size)s; batasnya %(limit)s.")
            % {"name": shown, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise UploadRefused(_g("Berkas “%(name)s” kosong.") % {"name": shown})
    uploaded_file.seek(0)
    content_type = sniff(uploaded_file.read(12))
    if content_type is None:
        raise UploadRefused(
            _g(
                "Berkas “%(name)s” ditolak: isinya bukan PDF, PNG, JPEG atau WebP. "
                "Jenis berkas diperiksa dari isinya, bukan dari namanya."
            )
            % {"name": shown}
        )
    sha, size = hashlib.sha256(), 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        sha.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return CheckedUpload(
        clean_name(uploaded_file.name or "", content_type), content_type, size, sha.hexdigest()
    )


def storage_refused(uploaded_file, exc: storage.StorageUnavailable) -> str:
    """What the uploader reads when the storage did not take the file."""
    return _g(
        "Berkas “%(name)s” tidak dapat disimpan: penyimpanan berkas tidak "
        "tersedia (%(reason)s). Tidak ada yang berubah; coba lagi nanti atau "
        "hubungi pengelola sistem."
    ) % {"name": shown_name(uploaded_file), "reason": exc}


def store_evidence(
    written: storage.WrittenFiles,
    uploaded_file,
    *,
    siblings,
    new_row,
    upload_to,
    refuse,
    logger: logging.Logger,
    log_message: str,
):
    """Check ``uploaded_file``, store it and save the row that names it; the row.

    ``siblings``: the evidence rows beside which it would sit (a file with the same
    content is refused); ``new_row(**fields)``: the unsaved row with the checked fields
    (original name, content type, size, SHA-256); ``upload_to(row, name)``: the storage
    name for it; ``refuse(message)``: the caller's exception for a refused file;
    ``logger`` and ``log_message`` (with one ``%s`` for the reason): how a storage
    failure is logged. The file is written
    through ``written`` (``storage.files_then_rows``): the caller's block deletes it
    again when anything after it fails."""
    try:
        checked = check_evidence(uploaded_file)
    except UploadRefused as exc:
        raise refuse(str(exc)) from None
    same = siblings.filter(sha256=checked.sha256).first()
    if same is not None:
        raise refuse(
            _g("Berkas “%(name)s” sama isinya dengan bukti “%(other)s”.")
            % {"name": shown_name(uploaded_file), "other": same.original_name}
        )
    row = new_row(
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # The stored name comes from upload_to (random); the one given here is unused.
    uploaded_file.seek(0)
    try:
        name = written.save(upload_to(row, "bukti"), uploaded_file)
    except storage.StorageUnavailable as exc:
        logger.error(log_message, exc)
        raise refuse(storage_refused(uploaded_file, exc)) from exc
    row.file.name = name
    row.save()
    return row


def evidence_name(unit_code: str, year: int, part: str) -> str:
    """The storage name of a new evidence file: ours (a random token), never the
    uploader's, so no path tricks and no clashes; the original name is kept in a field
    for display and download. ``part`` is the quarter (``q3``) or ``lke``."""
    return storage.unique_name(f"{EVIDENCE_PREFIX}/{unit_code}/{year}/{part}")


def download(field_file, filename: str, content_type: str):
    """A stored evidence file as a download (404 when the storage has lost it). The
    caller has checked that the reader may read it."""
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly anyway, the file runs no script and reaches nothing of ours.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

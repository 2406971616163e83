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
"""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

__all__ = ["OversizeUpload", "SizeLimitedUploadHandler"]


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

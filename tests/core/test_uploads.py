"""Uploads larger than kinerja accepts stop being stored at the limit (core/uploads.py)."""

from io import BytesIO

from django.core.files.uploadedfile import TemporaryUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory

from kinerja.core.uploads import OversizeUpload, SizeLimitedUploadHandler

BOUNDARY = "kinerjaBoundary"


def multipart(fields: dict[str, tuple[str, bytes]]) -> bytes:
    parts = []
    for name, (filename, content) in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def parse(body: bytes, settings, limit: int):
    settings.KINERJA_UPLOAD_MAX_BYTES = limit
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # Django's handler writes to a temporary file
    request = RequestFactory().post(
        "/", data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    handlers = [SizeLimitedUploadHandler(request)]
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    storing = TemporaryFileUploadHandler(request)
    written = []
    original = storing.receive_data_chunk

    def receive(raw_data, start):
        written.append(len(raw_data))
        return original(raw_data, start)

    storing.receive_data_chunk = receive
    handlers.append(storing)
    parser = MultiPartParser(request.META, BytesIO(body), handlers)
    _post, files = parser.parse()
    return files, sum(written)


def test_a_file_within_the_limit_is_stored_as_usual(settings):
    content = b"%PDF-1.4 " + b"x" * 5000
    files, written = parse(multipart({"file": ("ba.pdf", content)}), settings, limit=10_000)
    upload = files["file"]
    assert isinstance(upload, TemporaryUploadedFile)
    assert upload.read() == content and upload.size == len(content)
    assert written == len(content)


def test_an_oversized_file_stops_being_stored_at_the_limit(settings):
    content = b"%PDF-1.4 " + b"x" * 300_000  # several chunks of 64 KiB
    files, written = parse(multipart({"file": ("besar.pdf", content)}), settings, limit=70_000)
    upload = files["file"]
    assert isinstance(upload, OversizeUpload) and upload.oversize
    assert upload.size == len(content)  # the real size, for the form's message
    assert upload.read() == b"" and upload.name == "besar.pdf"
    # Django's handler got at most the chunks up to the limit, never the whole file.
    assert written <= 70_000 < len(content)


def test_each_file_of_a_request_is_judged_on_its_own(settings):
    small = b"%PDF-1.4 kecil"
    big = b"%PDF-1.4 " + b"y" * 200_000
    files, _written = parse(
        multipart({"a": ("kecil.pdf", small), "b": ("besar.pdf", big)}), settings, limit=70_000
    )
    assert files["a"].read() == small
    assert isinstance(files["b"], OversizeUpload) and files["b"].size == len(big)


def test_the_handler_is_the_first_configured():
    from django.conf import settings

    assert settings.FILE_UPLOAD_HANDLERS[0] == "kinerja.core.uploads.SizeLimitedUploadHandler"
    assert settings.KINERJA_UPLOAD_MAX_BYTES >= settings.KINERJA_EVIDENCE_MAX_BYTES

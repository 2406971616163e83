"""Files through Django's storage: write first, then commit the row that names them.

Every file kinerja keeps (evidence, a pending XLSX upload between its dry run and its
confirmation, the files of a final report) goes through ``default_storage``: a local
folder (``KINERJA_MEDIA_ROOT``) or an S3-compatible bucket (``KINERJA_S3_BUCKET``), see
settings.py. Two rules keep the database and the storage in step:

- The file is written before the row that names it is saved, inside the same guarded
  block (``files_then_rows``): if the storage refuses the file, nothing is saved and the
  caller gets a ``StorageUnavailable`` that says which file and which storage; if the
  transaction rolls back after the file was written, the file is deleted again.
- A file is deleted only once the deletion of its row is committed
  (``transaction.on_commit``).

So the database never points at a file that was not written.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """The file storage could not write or read a file. The message names the file and
    the storage, for the person who must fix it."""

    def page_message(self) -> str:
        """What a page says: nothing was stored, and who can help (one wording for every
        upload page)."""
        return _(
            "Penyimpanan berkas tidak tersedia (%(reason)s); berkas tidak disimpan. Coba "
            "lagi nanti atau hubungi pengelola sistem."
        ) % {"reason": self}


def describe(storage: Storage | None = None) -> str:
    """Where files go, in words for an error message (never a key)."""
    storage = storage or default_storage
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        endpoint = getattr(storage, "endpoint_url", None)
        if endpoint:
            return _("bucket S3 %(bucket)s di %(endpoint)s") % {
                "bucket": repr(bucket),
                "endpoint": endpoint,
            }
        return _("bucket S3 %(bucket)s") % {"bucket": repr(bucket)}
    location = getattr(storage, "location", None)
    if location:
        return _("folder %(location)s") % {"location": location}
    return _("penyimpanan berkas (%(kind)s)") % {"kind": type(storage).__name__}


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text


def save(name: str, content: bytes | File, storage: Storage | None = None) -> str:
    """Write ``content`` under ``name`` (or a free name like it); the name written."""
    storage = storage or default_storage
    if isinstance(content, bytes | bytearray):
        content = ContentFile(bytes(content))
    try:
        return storage.save(name, content)
    except Exception as exc:
        raise StorageUnavailable(
            _("%(name)s tidak dapat ditulis ke %(storage)s: %(reason)s")
            % {"name": name, "storage": describe(storage), "reason": _reason(exc)}
        ) from exc


def read(name: str, storage: Storage | None = None) -> bytes:
    storage = storage or default_storage
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise
    except Exception as exc:
        raise StorageUnavailable(
            _("%(name)s tidak dapat dibaca dari %(storage)s: %(reason)s")
            % {"name": name, "storage": describe(storage), "reason": _reason(exc)}
        ) from exc


def delete_quietly(name: str, storage: Storage | None = None) -> None:
    """Delete a file, logging (not raising) a failure: an orphan file costs space, not
    correctness."""
    storage = storage or default_storage
    try:
        storage.delete(name)
    except Exception:
        logger.warning("could not delete %s from %s", name, describe(storage), exc_info=True)


def delete_on_commit(name: str, storage: Storage | None = None, using=DEFAULT_DB_ALIAS) -> None:
    """Delete the file once the current transaction commits (now, outside one)."""
    storage = storage or default_storage
    transaction.on_commit(lambda: delete_quietly(name, storage), using=using)


class WrittenFiles:
    """The files written inside a ``files_then_rows`` block."""

    def __init__(self) -> None:
        self.names: list[tuple[Storage, str]] = []

    def save(self, name: str, content: bytes | File, storage: Storage | None = None) -> str:
        storage = storage or default_storage
        written = save(name, content, storage)
        self.names.append((storage, written))
        return written

    def add(self, storage: Storage, name: str) -> None:
        """A file written by other means (``FieldFile.save``)."""
        self.names.append((storage, name))

    def delete_all(self) -> None:
        for storage, name in self.names:
            delete_quietly(name, storage)
        self.names.clear()


@contextmanager
def files_then_rows(using=DEFAULT_DB_ALIAS) -> Iterator[WrittenFiles]:
    """A transaction in which files are written (``written.save``) before the rows that
    name them. Any exception inside — the storage refusing a file, a constraint, the
    audit trail — rolls the rows back and deletes every file written so far.

    Called inside a transaction of the caller's, this block is a savepoint: a rollback of
    the caller's transaction after the block succeeded cannot be seen here, and leaves
    the written files behind as orphans (never a row without its file)."""
    written = WrittenFiles()
    try:
        with transaction.atomic(using=using):
            yield written
    except BaseException:
        written.delete_all()
        raise


def unique_name(prefix: str, suffix: str = "") -> str:
    """A fresh storage name under ``prefix``: ours, random, no path from the user."""
    return f"{prefix.strip('/')}/{uuid.uuid4().hex}{suffix}"


# -- readiness ----------------------------------------------------------------------------
PROBE_PREFIX = "readiness-probe"


def probe() -> None:
    """Write, read back and delete a small file; raises when the storage cannot."""
    payload = uuid.uuid4().hex.encode()
    name = default_storage.save(unique_name(PROBE_PREFIX, ".txt"), ContentFile(payload))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise StorageUnavailable(
                    _("%(storage)s mengembalikan bita yang lain untuk %(name)s")
                    % {"storage": describe(), "name": name}
                )
    finally:
        default_storage.delete(name)


def walk(storage: Storage | None = None, top: str = "") -> Iterator[str]:
    """Every file name in the storage under ``top``, depth first, sorted."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for name in sorted(dirs):
        yield from walk(storage, f"{top}/{name}" if top else name)

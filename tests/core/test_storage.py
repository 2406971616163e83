"""core/storage.py: files written before the rows that name them, deleted again on a
rollback; a storage that fails gives a located message and leaves no row behind."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection
from django.utils import translation

from kinerja.core import storage
from kinerja.planning import spreadsheet

FULL = {"BACKEND": "storage_doubles.FullStorage"}


def files_under(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_a_rolled_back_block_deletes_the_files_it_wrote(evidence_root):
    with pytest.raises(IntegrityError), storage.files_then_rows() as written:
        name = written.save("x/a.txt", b"one")
        assert (evidence_root / name).read_bytes() == b"one"
        with connection.cursor() as cursor:  # the row that would name it fails
            cursor.execute("INSERT INTO org_unit (id) VALUES (NULL)")
    assert files_under(evidence_root) == []


@pytest.mark.django_db
def test_a_committed_block_keeps_its_files(evidence_root):
    with storage.files_then_rows() as written:
        name = written.save("x/a.txt", b"one")
    assert default_storage.open(name).read() == b"one"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "evidence/x.pdf tidak dapat ditulis ke folder {folder}: No space left on device"),
        ("en", "could not write evidence/x.pdf to the folder {folder}: No space left on device"),
    ],
)
def test_a_full_storage_is_named_in_the_error(settings, tmp_path, language, message):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": FULL}
    with translation.override(language), pytest.raises(storage.StorageUnavailable) as caught:
        storage.save("evidence/x.pdf", b"%PDF")
    assert str(caught.value) == message.format(folder=tmp_path)


@pytest.mark.django_db
def test_a_pending_upload_refused_by_the_storage_is_not_named_in_the_session(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": FULL}
    session = SessionStore()
    with pytest.raises(storage.StorageUnavailable, match="No space left on device"):
        spreadsheet.stash_upload(session, purpose="targets:x:1", data=b"PK", filename="a.xlsx")
    assert session.get(spreadsheet.SESSION_KEY, {}) == {}


@pytest.mark.django_db
def test_a_pending_upload_is_kept_in_the_storage_for_any_node(evidence_root):
    session = SessionStore()
    token = spreadsheet.stash_upload(session, purpose="p", data=b"PK-data", filename="a.xlsx")
    assert files_under(evidence_root) == [f"pending-uploads/{token}.xlsx"]
    # Another node: another session object over the same stored session, same storage.
    session.save()
    other = SessionStore(session_key=session.session_key)
    assert spreadsheet.fetch_upload(other, token, purpose="p").data == b"PK-data"
    spreadsheet.discard_upload(other, token)
    assert files_under(evidence_root) == []

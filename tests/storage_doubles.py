"""File storages that fail, for the tests of what happens when the storage is down or
full (named in settings.STORAGES by their dotted path)."""

import errno

from django.core.files.storage import FileSystemStorage


class FullStorage(FileSystemStorage):
    """Every write fails as on a full disk; reading and deleting work."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


class UnreachableStorage(FileSystemStorage):
    """Nothing works: an object store that does not answer."""

    def _save(self, name, content):
        raise ConnectionError("Could not connect to the endpoint URL: http://10.0.0.7:9000")

    def _open(self, name, mode="rb"):
        raise ConnectionError("Could not connect to the endpoint URL: http://10.0.0.7:9000")

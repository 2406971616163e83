"""The static files' storage: WhiteNoise's compressed files with hashed names, except
that a name it cannot hash (missing from the manifest and from disk) gets its plain URL
instead of raising.

A page, and above all an error page (404, 500), must never fail because a stylesheet was
not collected (a process run without ``collectstatic``, such as a one-off ``kinerja
shell``); ``kinerja serve`` still refuses to start without the collected files
(core/serving.py), so production always has the hashed names."""

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            return FileSystemStorage.url(self, name)

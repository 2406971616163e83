"""Rendered PDFs kept by what they were made from, so the same report is laid out once.

WeasyPrint needs seconds for a LAKIN (about 60 pages of tables, see docs/performance.md),
while the report model is built in well under a second. A PDF is a pure function of its
HTML source, the fonts and the engine, so a PDF rendered before is reused when all of
them are the same: downloading the LAKIN again, or issuing it final right after checking
the download, costs no second layout. Any change to the data changes the page (figures,
narratives, the build date on the cover), hence the key, so a stored PDF can never be
served for other data. The key is a SHA-256 of everything that goes into the PDF; nobody
can ask for a key without having built the very same page, i.e. without having read the
unit's data.

The store is the Django cache named by ``settings.KINERJA_RENDER_CACHE`` (``"renders"``: a
file cache under ``KINERJA_CACHE_DIR``, shared by the web workers and the commands);
``None`` switches it off. DOCX and XLSX take a fraction of a second and are not stored.
"""

from __future__ import annotations

import hashlib
import logging
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.core.cache import caches

from kinerja.reports.document import Document

__all__ = ["cached_pdf", "pdf_key"]

logger = logging.getLogger(__name__)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # running from a source tree without metadata
        return "unknown"


def pdf_key(html_source: str) -> str:
    """The store's key for the PDF of ``html_source``: the page, the fonts (files and
    rules), and the versions of kinerja, WeasyPrint and pydyf."""
    from kinerja.reports.render.pdf import font_face_css

    digest = hashlib.sha256()
    for part in (
        _version("kinerja"),
        _version("weasyprint"),
        _version("pydyf"),
        font_face_css(),
        html_source,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return f"pdf:{digest.hexdigest()}"


def _store():
    alias = getattr(settings, "KINERJA_RENDER_CACHE", None)
    return caches[alias] if alias else None


def cached_pdf(document: Document) -> bytes:
    """``render_pdf(document)``, reusing a PDF rendered before from the same page. A store
    that fails (disk full, unreadable) is logged and bypassed: rendering never depends on
    the cache."""
    from kinerja.reports.render.pdf import pdf_from_html, pdf_source

    html_source = pdf_source(document)
    store = _store()
    if store is None:
        return pdf_from_html(html_source)
    key = pdf_key(html_source)
    try:
        content = store.get(key)
    except Exception:  # noqa: BLE001 - a broken cache must not break the download
        logger.warning("render cache: reading %s failed", key, exc_info=True)
        content = None
    if content is not None:
        return content
    content = pdf_from_html(html_source)
    try:
        store.set(key, content)
    except Exception:  # noqa: BLE001
        logger.warning("render cache: storing %s failed", key, exc_info=True)
    return content

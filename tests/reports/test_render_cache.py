"""Rendered PDFs reused by the hash of their source page (reports/render/cache.py)."""

import logging

import pytest

from kinerja.reports import finals
from kinerja.reports.document import Document, Paragraph, Section
from kinerja.reports.render import cache, pdf

STORE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renders": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-renders",
    },
}


def small_document(text: str = "Capaian 177,78 %.") -> Document:
    return Document(
        title="Laporan Akuntabilitas Kinerja",
        unit_name="Balai Contoh",
        year=2023,
        sections=[Section("Pendahuluan", [Paragraph(text)])],
    )


@pytest.fixture
def store(settings):
    settings.CACHES = STORE
    settings.KINERJA_RENDER_CACHE = "renders"
    from django.core.cache import caches

    caches["renders"].clear()
    yield caches["renders"]
    caches["renders"].clear()


@pytest.fixture
def renders(monkeypatch):
    """Counts the real layouts, returning a fake PDF per page to stay fast."""
    calls = []

    def fake_pdf_from_html(html_source: str) -> bytes:
        calls.append(html_source)
        return f"%PDF-fake {len(calls)}".encode()

    monkeypatch.setattr(pdf, "pdf_from_html", fake_pdf_from_html)
    return calls


def test_the_same_page_is_laid_out_once(store, renders):
    first = cache.cached_pdf(small_document())
    second = cache.cached_pdf(small_document())
    assert first == second == b"%PDF-fake 1"
    assert len(renders) == 1


def test_other_data_is_rendered_anew(store, renders):
    cache.cached_pdf(small_document("Capaian 177,78 %."))
    other = cache.cached_pdf(small_document("Capaian 100,00 %."))
    assert other == b"%PDF-fake 2"
    assert "100,00" in renders[1]


def test_a_new_engine_or_kinerja_version_misses(store, renders, monkeypatch):
    cache.cached_pdf(small_document())
    monkeypatch.setattr(cache, "_version", lambda package: f"{package}-99")
    cache.cached_pdf(small_document())
    assert len(renders) == 2


def test_the_key_covers_the_fonts(monkeypatch):
    source = pdf.pdf_source(small_document())
    before = cache.pdf_key(source)
    monkeypatch.setattr(pdf, "font_face_css", lambda: "@font-face { src: url(other.ttf) }")
    assert cache.pdf_key(source) != before
    assert cache.pdf_key(source + " ") != cache.pdf_key(source)


def test_switched_off_renders_every_time(renders, settings):
    settings.KINERJA_RENDER_CACHE = None
    cache.cached_pdf(small_document())
    cache.cached_pdf(small_document())
    assert len(renders) == 2


class BrokenCache:
    def get(self, key):
        raise OSError("disk gone")

    def set(self, key, value):
        raise OSError("disk full")


def test_a_broken_store_never_breaks_rendering(renders, monkeypatch, caplog):
    monkeypatch.setattr(cache, "_store", lambda: BrokenCache())
    with caplog.at_level(logging.WARNING, logger="kinerja.reports.render.cache"):
        assert cache.cached_pdf(small_document()) == b"%PDF-fake 1"
    assert "reading" in caplog.text and "storing" in caplog.text


def test_finals_and_downloads_go_through_the_store(store, renders):
    document = small_document()
    assert finals.render(document, "pdf") == finals.render(document, "pdf")
    assert len(renders) == 1


def test_a_stored_pdf_is_the_real_render(store):
    """Without fakes: what comes back from the store is byte for byte what WeasyPrint made."""
    document = small_document()
    fresh = cache.cached_pdf(document)
    assert fresh.startswith(b"%PDF-")
    assert cache.cached_pdf(document) == fresh
    assert store.get(cache.pdf_key(pdf.pdf_source(document))) == fresh

"""A report ``Document`` as PDF: WeasyPrint on the page of ``render/html.py``.

The page layout (A4, margins, running header "title · unit · year", footer "Halaman N",
page numbers in the table of contents) is in ``reports/static/reports/report.css``.
This module adds the ``@font-face`` rules that make every PDF use, and embed, the same
DejaVu Serif and DejaVu Sans files, whatever fonts the machine has installed.

Font files are looked up portably, file by file, in this order:

1. a copy shipped inside an installed PyPI package: matplotlib, a dependency of kinerja
   for the charts, ships DejaVu Sans and DejaVu Serif in ``mpl-data/fonts/ttf``;
2. Debian's ``fonts-dejavu-core``/``fonts-dejavu-extra``: ``/usr/share/fonts/truetype/dejavu``.

A style found in neither is left to fontconfig ("DejaVu Serif", then ``serif``) with a
warning; WeasyPrint embeds (a subset of) whatever font it uses in any case.

PDF metadata come from the HTML head: title (``<title>``), author (the unit's name),
language (``<html lang>``), creation date (``generated_on``).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib.util
import logging
from pathlib import Path

from kinerja.reports.document import Document
from kinerja.reports.render.html import STATIC_DIR, render_html

__all__ = ["FONT_FACES", "font_dirs", "font_face_css", "pdf_from_html", "pdf_source", "render_pdf"]

logger = logging.getLogger(__name__)

SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# (CSS family, weight, style) → file name. The families have kinerja's own names so that a
# system font of the same name can never be picked by mistake instead of these files.
FONT_FACES: dict[tuple[str, str, str], str] = {
    ("Kinerja Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("Kinerja Serif", "bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("Kinerja Serif", "normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("Kinerja Serif", "bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
    ("Kinerja Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("Kinerja Sans", "bold", "normal"): "DejaVuSans-Bold.ttf",
    ("Kinerja Sans", "normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("Kinerja Sans", "bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


def _package_font_dirs() -> list[Path]:
    """Font folders inside installed PyPI packages, found without importing them."""
    dirs = []
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            dirs.append(Path(location) / "mpl-data" / "fonts" / "ttf")
    return dirs


def font_dirs() -> list[Path]:
    """Where font files are looked for, in order of preference."""
    return [*_package_font_dirs(), SYSTEM_FONT_DIR]


@functools.cache
def _font_files() -> dict[tuple[str, str, str], Path]:
    dirs = [d for d in font_dirs() if d.is_dir()]
    found = {}
    for face, name in FONT_FACES.items():
        path = next((d / name for d in dirs if (d / name).is_file()), None)
        if path is None:
            logger.warning("font %s not found in %s; fontconfig chooses instead", name, dirs)
        else:
            found[face] = path
    return found


def font_face_css() -> str:
    """``@font-face`` rules for the DejaVu files found (absolute ``file:`` URLs)."""
    rules = []
    for (family, weight, style), path in _font_files().items():
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{path.as_uri()}") format("truetype"); }}'
        )
    return "\n".join(rules)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes (A4, fonts embedded, metadata set)."""
    return pdf_from_html(pdf_source(document))


def pdf_source(document: Document) -> str:
    """The HTML page WeasyPrint lays out: everything the PDF's content depends on besides
    the fonts and the engine (``render/cache.py`` keys stored PDFs by it)."""
    # Charts come as <img> of their SVG: the same vector drawing, without WeasyPrint
    # parsing and styling each chart's ~500 elements as HTML.
    return render_html(document, inline_svg=False)


def pdf_from_html(html_source: str) -> bytes:
    """PDF bytes of a page made by ``pdf_source``."""
    # Imported here: WeasyPrint loads Pango and friends, which the rest of kinerja and
    # most of its commands never need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # Only local files (fonts, the app's static folder) and data: URLs are read; a URL in a
    # document's content can never make the server fetch from the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    # Relative URLs in the page (there are none now) resolve against the app's static
    # folder, where report.css lives.
    html = HTML(string=html_source, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    with _cyclic_gc_paused():
        return html.write_pdf(stylesheets=[fonts], font_config=font_config)


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Layout creates hundreds of thousands of boxes; Python's cyclic garbage collector
    re-scans them again and again as they pile up, which costs ~20 % of a 100-page
    render. Reference counting still frees what it can meanwhile, and the cycles are
    collected as usual once the collector runs again (peak memory measured +3 %)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

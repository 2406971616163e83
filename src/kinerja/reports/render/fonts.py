"""The font files every report is typeset and measured with: DejaVu, as shipped by PyPI.

matplotlib, a dependency of kinerja for the charts, ships DejaVu Sans and DejaVu Serif in
``mpl-data/fonts/ttf``. The PDF (``render/pdf.py``) is typeset with exactly these files
and embeds them, never with a font installed on the machine, so the same report gives
the same PDF everywhere; the table layout (``render/layout.py``) measures text with the
same files. The folder is found without importing matplotlib.

A missing file is a start-up error (``check_fonts``, called when Django starts), not a
silent fallback to another font.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "FONT_FILES",
    "FontsMissing",
    "SANS",
    "SERIF",
    "check_fonts",
    "font_dir",
    "font_file",
]

SERIF = "DejaVu Serif"
SANS = "DejaVu Sans"

# (family, bold, italic) → file name in matplotlib's font folder.
FONT_FILES: dict[tuple[str, bool, bool], str] = {
    (SERIF, False, False): "DejaVuSerif.ttf",
    (SERIF, True, False): "DejaVuSerif-Bold.ttf",
    (SERIF, False, True): "DejaVuSerif-Italic.ttf",
    (SERIF, True, True): "DejaVuSerif-BoldItalic.ttf",
    (SANS, False, False): "DejaVuSans.ttf",
    (SANS, True, False): "DejaVuSans-Bold.ttf",
    (SANS, False, True): "DejaVuSans-Oblique.ttf",
    (SANS, True, True): "DejaVuSans-BoldOblique.ttf",
}


class FontsMissing(ImproperlyConfigured):
    """A font file the reports need is not where the installed packages should have it."""


def _package_font_dir() -> Path | None:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@functools.cache
def font_dir() -> Path:
    """matplotlib's font folder, checked to hold every file of ``FONT_FILES``."""
    directory = _package_font_dir()
    if directory is None:
        raise FontsMissing(
            "the report fonts (DejaVu) ship with matplotlib, which is not installed: "
            "pip install matplotlib"
        )
    missing = [name for name in FONT_FILES.values() if not (directory / name).is_file()]
    if missing:
        raise FontsMissing(
            f"font file(s) {', '.join(missing)} missing in {directory}: the PDF reports "
            "cannot be typeset with their fonts. Reinstall matplotlib "
            "(pip install --force-reinstall matplotlib)."
        )
    return directory


def font_file(family: str, bold: bool = False, italic: bool = False) -> Path:
    return font_dir() / FONT_FILES[(family, bold, italic)]


def check_fonts() -> None:
    """Raise ``FontsMissing`` (an ``ImproperlyConfigured``) when a font file is missing:
    called as kinerja starts, so a broken installation is told at once rather than with
    the first PDF."""
    font_dir.cache_clear()
    font_dir()

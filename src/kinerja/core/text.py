"""How long a narrative may be. One limit, checked where text is written — the services
behind the web forms and ``datasets.load.Upserter`` behind every import (YAML/JSON
datasets, XLSX and CSV records, budget workbooks) — so a 1 MB foreword is refused with a
located message instead of making the LAKIN take half a minute to build."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# About ten printed pages: far beyond any narrative of a LAKIN chapter or a quarter.
TEXT_MAX_CHARS = 20_000

TOO_LONG = _("Teks terlalu panjang: %(length)s karakter, paling banyak %(limit)s.")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def text_problem(value, limit: int = TEXT_MAX_CHARS) -> str | None:
    """Why ``value`` is too long (English, for the loaders' problems), or None."""
    if isinstance(value, str) and len(value) > limit:
        return f"text of {len(value):,} characters is too long: at most {limit:,}"
    return None


def check_lengths(error_class=ValidationError, limit: int = TEXT_MAX_CHARS, **texts) -> None:
    """Raise ``error_class({field: message})`` for every text longer than the limit."""
    errors = {
        name: TOO_LONG % {"length": _thousands(len(text)), "limit": _thousands(limit)}
        for name, text in texts.items()
        if isinstance(text, str) and len(text) > limit
    }
    if errors:
        raise error_class(errors)

"""Running a review: read the file, recognise its tables, run the arithmetic checks, and
(with a unit and year) compare the figures with kinerja's own."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from .arithmetic import check_table
from .compare import KnownFigures, compare_table
from .extract import extract
from .model import Extraction, Review
from .sentences import check_sentences
from .tables import analyse

logger = logging.getLogger(__name__)
NO_TABLES = "tidak ada tabel dalam berkas; hanya kalimat yang menyatakan angka yang diperiksa"


def review_extraction(
    extraction: Extraction,
    polarities: Mapping[str, str] | None = None,
    known: KnownFigures | None = None,
) -> Review:
    """The arithmetic checks over every table of an extracted file and over the sentences
    that state a target, realization and achievement together; with ``known`` (a unit's
    year in kinerja) the indicator figures are compared with its data too."""
    if known is not None:
        polarities = {**known.polarities(), **(polarities or {})}
    review = Review(
        file=extraction.file,
        pages=extraction.pages,
        tables=len(extraction.tables),
        figures_checked=0,
        skipped=list(extraction.skipped),
    )
    if not extraction.tables:
        review.skipped.append(NO_TABLES)
    for source in extraction.tables:
        try:
            table = analyse(source)
            if table is None:
                continue
            findings, checked = check_table(table, polarities)
            if known is not None:
                more, compared = compare_table(table, known)
                findings += more
                checked += compared
        except Exception as exc:  # one table kinerja cannot read is skipped, not the file
            logger.exception("review of %s, %s", extraction.file, source.name)
            review.skipped.append(f"{source.name}: tidak dapat diperiksa ({type(exc).__name__})")
            continue
        review.findings += findings
        review.figures_checked += checked
        if checked:
            review.recognised += 1
    # Sentences that state a target, a realization and an achievement together.
    findings, checked = check_sentences(extraction.texts, polarities)
    review.findings += findings
    review.figures_checked += checked
    return review


def review_file(
    data: bytes,
    name: str,
    *,
    max_bytes: int | None = None,
    polarities: Mapping[str, str] | None = None,
    known: KnownFigures | None = None,
) -> Review:
    return review_extraction(extract(data, name, max_bytes), polarities, known)

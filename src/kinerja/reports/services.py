"""Writes and document builds for the report pages: a narrative saved or cleared, a
final version issued, a report rendered on request.

Documents are built by the same functions the commands use (``finals.build_document``:
``build_lakin``, ``build_perkin``, ``build_quarterly``) and rendered by the same renderer
lookup as ``kinerja lakin`` (``finals.render``), in memory: a download never touches the
working directory.
"""

from __future__ import annotations

from django.db import transaction

from kinerja.audit.context import audit_context
from kinerja.core.text import check_lengths
from kinerja.org.models import Unit
from kinerja.planning.models import Indicator

from . import finals
from .models import FinalReport, Narrative, NarrativeKind
from .selectors import CONTENT_TYPES, DocumentSpec

# The formats stored with a final version issued from the web app (tests may narrow it:
# the LAKIN's PDF takes seconds to render).
FINAL_FORMATS = finals.FORMATS


def build_file(unit: Unit, year: int, spec: DocumentSpec, fmt: str) -> tuple[bytes, str, str]:
    """The report rendered now from today's data: ``(content, file name, content type)``.
    Raises the builders' ``MeasuresUnavailable`` / ``AgreementUnavailable`` when the year
    has no agreement, ``ImportError`` when the format's renderer is not installed."""
    document = finals.build_document(spec.kind, unit, year, spec.period)
    content = finals.render(document, fmt)
    return content, f"{spec.basename(unit.code, year)}.{fmt}", CONTENT_TYPES[fmt]


def save_narrative(
    unit: Unit, year: int, kind: str, indicator: Indicator | None, text: str, user
) -> Narrative | None:
    """Store the unit's text for one narrative slot. Blank text removes the stored one, so
    the report goes back to the sentence kinerja generates from the data; report builders
    only read narratives (``narratives.narrative_text``), so a typed text is never
    replaced by a generated one."""
    kind = NarrativeKind(kind)
    text = text.strip()
    check_lengths(text=text)
    with transaction.atomic():
        existing = (
            Narrative.objects.select_for_update()
            .filter(unit=unit, year=year, kind=kind, indicator=indicator)
            .first()
        )
        if not text:
            if existing is not None:
                existing.delete()
            return None
        narrative = existing or Narrative(unit=unit, year=year, kind=kind, indicator=indicator)
        if narrative.pk is not None and narrative.text == text:
            return narrative  # nothing changed: keep who wrote it and when
        narrative.text = text
        narrative.updated_by = user
        narrative.save()
        return narrative


def issue_final(
    unit: Unit, year: int, spec: DocumentSpec, reason: str, user, *, show_findings: bool = False
) -> FinalReport:
    """A new final version of the document (``finals.finalize``: the first needs no
    reason, every later one does; open consistency findings are stored with it, they do
    not block it; a Perjanjian Kinerja must be signed)."""
    with audit_context(reason=reason.strip()):
        return finals.finalize(
            unit,
            year,
            kind=spec.kind,
            quarter=spec.quarter,
            reason=reason,
            user=user,
            formats=FINAL_FORMATS,
            show_findings=show_findings,
        )

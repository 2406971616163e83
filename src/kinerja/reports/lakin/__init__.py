"""The LAKIN (Laporan Akuntabilitas Kinerja, PermenPANRB 53/2014) of one unit's year,
built as a ``document.Document`` that the DOCX, PDF and XLSX renderers turn into files.

The chapters follow the hand-made LAKIN of the demo (DESIGN §7), one module each:

- ``data``: everything the report needs, read once by ``load`` (``LakinData``);
- ``common``: building blocks the chapters share (cells, labels, keys, paragraphs);
- ``front``: cover lines, foreword, executive summary;
- ``introduction``: BAB I (the unit, tasks and functions, services, organisation, staff);
- ``planning``: BAB II (Renstra, agreement, budget plan, action plan);
- ``accountability``: BAB III (overview, every indicator with its history, Renstra and
  peer comparison, Renstra achievement), with ``details`` (the detail of a realization)
  and ``finance`` (financial accountability and efficiency);
- ``closing``: BAB IV conclusion and the annex.

Every number goes into the tables as ``Decimal`` or ``int`` with a column kind: formatting
is the renderers' job (``document.cell_text``), so a figure reads the same in every format.
Sentences are written from the same numbers (``narratives``); the unit's stored narratives
are used as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.utils import translation

from kinerja.org.models import Unit
from kinerja.org.services import logo_bytes

from ..document import Document, Figure, Paragraph, Section, Table, walk
from .accountability import INDICATOR_NARRATIVES, chapter_accountability
from .closing import annex, chapter_closing
from .common import (
    NA,
    choice_label,
    date_text,
    decimal_places,
    generated_paragraph,
    indicator_scale,
    optional,
    target_cell,
    target_kind_text,
)
from .data import load
from .front import cover_lines, foreword, signature, summary
from .images import IMAGE_KEY_PREFIX
from .introduction import chapter_introduction
from .planning import budget_breakdown_table, by_source, chapter_planning

__all__ = [
    "CHAPTERS",
    "INDICATOR_NARRATIVES",
    "NA",
    "budget_breakdown_table",
    "build_lakin",
    "by_source",
    "choice_label",
    "content_hash",
    "cover_lines",
    "date_text",
    "decimal_places",
    "foreword",
    "generated_paragraph",
    "indicator_scale",
    "optional",
    "target_cell",
    "target_kind_text",
]

CHAPTERS = (
    "Kata Pengantar",
    "Ikhtisar Eksekutif",
    "Pendahuluan",
    "Perencanaan dan Perjanjian Kinerja",
    "Akuntabilitas Kinerja",
    "Penutup",
    "Lampiran",
)


def build_lakin(
    unit: Unit, year: int, *, today: dt.date | None = None, findings: bool = False
) -> Document:
    """The LAKIN of ``unit`` for ``year`` as a document (``MeasuresUnavailable`` when the
    unit has no Perjanjian Kinerja for that year). ``findings``: list the open consistency
    findings in the annex (the head's choice when issuing a final version; off by
    default, the findings are the unit's working notes)."""
    with translation.override("id"):
        data = load(unit, year)
        doc = Document(
            title=unit.words.report_title,
            unit_name=unit.name,
            year=year,
            cover_lines=cover_lines(data),
            generated_on=today or dt.date.today(),
            language="id",
            logo=logo_bytes(unit),
        )
        front = foreword(data)
        if block := signature(data.profile):  # the head signs the foreword
            front.add(block)
        doc.sections = [
            front,
            summary(data),
            chapter_introduction(data),
            chapter_planning(data),
            chapter_accountability(data),
            chapter_closing(data),
            annex(data, findings=findings),
        ]
    doc.number_items()
    doc.data_hash = content_hash(doc)
    return doc


def content_hash(doc: Document) -> str:
    """SHA-256 of everything the document says (texts and table values, not the charts
    drawn from them, not the build date; an attached image's own bytes, since no data
    draws it): two builds from the same data share it."""
    digest = hashlib.sha256()
    digest.update(json.dumps([doc.title, doc.unit_name, doc.year, doc.cover_lines]).encode())
    for section in doc.sections:
        digest.update(section.title.encode())
        for block in walk(section):
            if isinstance(block, Section):
                digest.update(block.title.encode())
            elif isinstance(block, Paragraph):
                digest.update(block.text.encode())
            elif isinstance(block, Table):
                payload = [block.key, block.caption, block.rows, block.total, block.note]
                digest.update(json.dumps(payload, default=str).encode())
            elif isinstance(block, Figure):
                digest.update(block.caption.encode())
                if block.key.startswith(IMAGE_KEY_PREFIX):
                    digest.update(hashlib.sha256(block.png).digest())
    return digest.hexdigest()

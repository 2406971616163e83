"""Cover lines, foreword (Kata Pengantar) and executive summary (Ikhtisar Eksekutif)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from kinerja.measurement import calc
from kinerja.org.models import UnitProfile

from ..document import Paragraph, Section
from ..models import NarrativeKind
from ..narratives import join_names, narrative_text
from .common import achievement_facts, add_narrative, budget_facts
from .data import LakinData


def cover_lines(data: LakinData) -> list[str]:
    """The unit, its parents up to the top, the year (also the Perkin's and the quarterly
    report's cover)."""
    lines = [data.unit.name]
    parent = data.unit.parent
    while parent is not None:
        lines.append(parent.name)
        parent = parent.parent
    lines.append(f"Tahun {data.year}")
    return lines


def foreword(data: LakinData) -> Section:
    """The unit's stored foreword, else a generated one. Reads only ``unit``, ``year``,
    ``measures`` and ``stored`` of ``data``: the narratives page calls it with those alone
    (``selectors.generated_text``)."""
    section = Section("Kata Pengantar", numbered=False)
    text, generated = narrative_text(
        data.unit,
        data.year,
        NarrativeKind.FOREWORD,
        generated=lambda: (
            f"{data.unit.words.report_name} {data.unit.name} Tahun {data.year} "
            "disusun sebagai pertanggungjawaban atas pelaksanaan Perjanjian Kinerja tahun "
            f"{data.year}, sesuai Peraturan Menteri PANRB Nomor 53 Tahun 2014. Laporan ini "
            f"memuat perencanaan kinerja, pengukuran dan analisis capaian "
            f"{len(data.measures.indicators)} indikator kinerja, serta akuntabilitas "
            "keuangan. Seluruh angka dalam laporan ini dihitung dari data yang tercatat."
        ),
        stored=data.stored,
    )
    add_narrative(section, text, generated)
    return section


def signing_date_text(value: str) -> str:
    """ "2024-01" → "Januari 2024", "2024-01-31" → "31 Januari 2024" (a date that does not
    exist, e.g. "2024-02-30", keeps only its month)."""
    year, month, *day = (int(part) for part in value.split("-"))
    first = dt.date(year, month, 1)
    if day:
        try:
            return format_date(dt.date(year, month, day[0]), "d MMMM y", locale="id")
        except ValueError:
            pass
    return format_date(first, "MMMM y", locale="id")


def signature(profile: UnitProfile | None) -> Paragraph | None:
    """The signature block closing the foreword: "Palembang, Januari 2024", the head's
    title, room to sign, the name and "NIP. …", each line only when the profile records
    it (nothing is made up); None when it records none of them. One line per text line of
    the paragraph, an empty line is the room for the signature."""
    if profile is None:
        return None
    place_date = ", ".join(
        part
        for part in (
            profile.signing_place,
            signing_date_text(profile.signing_date) if profile.signing_date else "",
        )
        if part
    )
    roots = [s for s in profile.structure_units.all() if s.parent_id is None]
    title = roots[0].head_title if roots else ""
    name = profile.head_name
    nip = f"NIP. {profile.head_nip}" if profile.head_nip else ""
    if not any((place_date, title, name, nip)):
        return None
    lines = [line for line in (place_date, title) if line]
    if name or nip:
        lines += ["", "", *(line for line in (name, nip) if line)]
    return Paragraph("\n".join(lines), style="signature")


def generated_summary(data: LakinData) -> str:
    """The executive summary kinerja writes when the unit wrote none: the year's
    achievement and budget in figures, and the indicators that missed their target."""
    parts = [achievement_facts(data)]
    if facts := budget_facts(data):
        parts.append(facts)
    missed = [m for m in data.measures.indicators if m.achievement.status != calc.Status.ACHIEVED]
    if missed:
        parts.append(
            "Indikator yang belum mencapai target atau belum dapat dihitung: "
            + join_names(f"{m.code} {m.name}" for m in missed)
            + "."
        )
    return "\n".join(parts)


def summary(data: LakinData) -> Section:
    """The unit's Ikhtisar Eksekutif, else the generated one (marked as generated)."""
    section = Section("Ikhtisar Eksekutif", numbered=False)
    text, generated = narrative_text(
        data.unit,
        data.year,
        NarrativeKind.SUMMARY,
        generated=lambda: generated_summary(data),
        stored=data.stored,
    )
    add_narrative(section, text, generated)
    return section

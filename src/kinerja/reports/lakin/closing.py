"""BAB IV Penutup (conclusion, obstacles, recommendations) and the annex: agreement
versions, the open consistency findings, alignment with the parent units."""

from __future__ import annotations

from decimal import Decimal

from kinerja.budget.choices import PnbpCategory
from kinerja.core.numbers import format_id
from kinerja.planning.choices import AgreementStatus

from ..document import Column, Kind, Section, Table
from ..models import INTERNAL_FINDINGS, NarrativeKind
from ..narratives import money_text, narrative_text
from .common import (
    achievement_facts,
    budget_facts,
    choice_label,
    date_text,
    generated_paragraph,
    narrative_paragraph,
)
from .data import LakinData


def chapter_closing(data: LakinData) -> Section:
    chapter = Section("Penutup")
    conclusion = chapter.add(Section("Kesimpulan"))
    conclusion.add(generated_paragraph(achievement_facts(data)))
    if facts := budget_facts(data):
        conclusion.add(generated_paragraph(facts))
    pnbp = data.pnbp.get(data.year)
    if pnbp is not None and pnbp.receipts:
        top = max(pnbp.receipts, key=pnbp.receipts.get)
        bottom = min(pnbp.receipts, key=pnbp.receipts.get)
        conclusion.add(
            generated_paragraph(
                "Penerimaan PNBP terbesar berasal dari layanan "
                f"{choice_label(PnbpCategory, top).lower()} ({money_text(pnbp.receipts[top])}) dan "
                f"terkecil dari layanan {choice_label(PnbpCategory, bottom).lower()} "
                f"({money_text(pnbp.receipts[bottom])})."
            )
        )
    text, generated = narrative_text(
        data.unit, data.year, NarrativeKind.CONCLUSION, stored=data.stored
    )
    if text:
        conclusion.add(narrative_paragraph(text, generated))
    for kind, title in (
        (NarrativeKind.OBSTACLES, "Permasalahan dan Kendala"),
        (NarrativeKind.RECOMMENDATIONS, "Saran dan Rekomendasi"),
    ):
        text, generated = narrative_text(data.unit, data.year, kind, stored=data.stored)
        if text:
            chapter.add(Section(title, blocks=[narrative_paragraph(text, generated)]))
    return chapter


def finding_value(value) -> str | None:
    """A finding's figure as the document prints numbers (Indonesian format)."""
    if value is None:
        return None
    if isinstance(value, Decimal | int):
        exponent = Decimal(value).normalize().as_tuple().exponent
        places = min(max(0, -exponent), 6) if isinstance(exponent, int) else 0
        return format_id(Decimal(value), places)
    return str(value)


def _elsewhere(text: str, source: str) -> str:
    """A printed figure's place is in the unit's hand-made report, not in this document:
    "Tabel 3.69" there reads "laporan manual, tabel 3.69" here."""
    if not source:
        return text
    # no-break spaces: the place stays on one line in every format
    place = f"laporan manual, {source[:1].lower()}{source[1:]}".replace(" ", "\u00a0")
    return text.replace(source, place)


def _consistency_findings(data: LakinData) -> Table:
    """The open findings of the consistency check (reports/checks.py), listed only when
    the head chooses so when issuing the report (``build_lakin(findings=True)``)."""
    from kinerja.reports.checks import consistency_report

    findings = [
        f
        for f in consistency_report(data.unit, data.year).findings
        if f.code not in INTERNAL_FINDINGS
    ]
    severity = {"error": "Kesalahan", "warning": "Perlu diperiksa"}
    return Table(
        key="consistency",
        caption="Temuan Uji Konsistensi Data",
        columns=[
            Column("Tingkat"),
            Column("Letak"),
            Column("Tercatat"),
            Column("Menurut data"),
            Column("Keterangan"),
        ],
        rows=[
            [
                severity.get(str(f.severity), str(f.severity)),
                _elsewhere(f.where, f.source),
                finding_value(f.found),
                finding_value(f.expected),
                _elsewhere(f.message, f.source),
            ]
            for f in findings
        ],
        note="Tidak ada temuan."
        if not findings
        else "Hasil uji konsistensi: angka tercatat yang berbeda dari hitungan data.",
    )


def annex(data: LakinData, *, findings: bool = False) -> Section:
    section = Section("Lampiran", numbered=False)
    versions = list(data.agreement.versions.all())
    section.add(
        Table(
            key="agreement-versions",
            caption=f"Perjanjian Kinerja {data.short_name} Tahun {data.year}",
            columns=[
                Column("Versi", Kind.INTEGER),
                Column("Status"),
                Column("Tanggal tanda tangan"),
                Column("Pihak pertama"),
                Column("Pihak kedua"),
                Column("Alasan perubahan"),
            ],
            rows=[
                [
                    v.number,
                    choice_label(AgreementStatus, v.status),
                    date_text(v.signed_on),
                    v.signatory or None,
                    v.superior or None,
                    v.reason.strip() or None,
                ]
                for v in sorted(versions, key=lambda v: v.number)
            ],
            note=f"Versi yang berlaku dalam laporan ini: versi {data.version.number}.",
        )
    )
    if findings:
        section.add(_consistency_findings(data))
    rows = [
        [item.indicator.code, item.indicator.name, f"{a.unit} {a.code}".strip(), a.name]
        for item in data.items
        for a in _indicator_alignments(data, item.indicator.code)
    ]
    if rows:
        section.add(
            Table(
                key="alignment",
                caption="Keselarasan Indikator Kinerja dengan Unit Kerja Atasan",
                columns=[
                    Column("Kode"),
                    Column("Indikator Kinerja"),
                    Column("Selaras dengan"),
                    Column("Sasaran/indikator unit atasan"),
                ],
                rows=rows,
            )
        )
    return section


def _indicator_alignments(data: LakinData, code: str) -> list:
    indicator = data.indicators[code]
    return list(indicator.alignments.all())

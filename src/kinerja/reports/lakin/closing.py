"""BAB IV Penutup (conclusion, obstacles, recommendations) and the annex: agreement
versions, the open consistency findings, alignment with the parent units."""

from __future__ import annotations

from decimal import Decimal

from kinerja.budget.choices import PnbpCategory
from kinerja.core.numbers import format_id
from kinerja.measurement import calc
from kinerja.planning.choices import AgreementStatus

from ..document import Column, Kind, Section, Table
from ..models import INTERNAL_FINDINGS, NarrativeKind
from ..narratives import join_names, money_text, narrative_text
from .common import (
    achievement_facts,
    add_narrative,
    budget_facts,
    choice_label,
    date_text,
)
from .data import LakinData


def generated_conclusion(data: LakinData) -> str:
    """The conclusion kinerja writes when the unit wrote none: achievement, budget and
    PNBP of the year in figures."""
    parts = [achievement_facts(data)]
    if facts := budget_facts(data):
        parts.append(facts)
    pnbp = data.pnbp.get(data.year)
    if pnbp is not None and pnbp.receipts:
        top = max(pnbp.receipts, key=pnbp.receipts.get)
        bottom = min(pnbp.receipts, key=pnbp.receipts.get)
        parts.append(
            "Penerimaan PNBP terbesar berasal dari layanan "
            f"{choice_label(PnbpCategory, top).lower()} ({money_text(pnbp.receipts[top])}) dan "
            f"terkecil dari layanan {choice_label(PnbpCategory, bottom).lower()} "
            f"({money_text(pnbp.receipts[bottom])})."
        )
    return "\n".join(parts)


def _missed(data: LakinData) -> list:
    return [m for m in data.measures.indicators if m.achievement.status != calc.Status.ACHIEVED]


def generated_obstacles(data: LakinData) -> str:
    missed = _missed(data)
    if not missed:
        return (
            f"Seluruh indikator Perjanjian Kinerja tahun {data.year} mencapai target; "
            "permasalahan dan kendala belum diuraikan oleh unit."
        )
    return (
        "Indikator yang belum mencapai target atau belum dapat dihitung capaiannya: "
        + join_names(f"{m.code} {m.name}" for m in missed)
        + "."
    )


def generated_recommendations(data: LakinData) -> str:
    missed = _missed(data)
    if not missed:
        return (
            f"Capaian seluruh indikator tahun {data.year} dipertahankan pada tahun "
            f"{data.year + 1} sesuai target Rencana Strategis."
        )
    return (
        f"Rencana Aksi tahun {data.year + 1} memprioritaskan indikator yang belum mencapai "
        "target: " + join_names(m.code for m in missed) + "."
    )


GENERATED = {
    NarrativeKind.CONCLUSION: generated_conclusion,
    NarrativeKind.OBSTACLES: generated_obstacles,
    NarrativeKind.RECOMMENDATIONS: generated_recommendations,
}


def chapter_closing(data: LakinData) -> Section:
    """BAB IV: Kesimpulan, Permasalahan dan Kendala, Saran dan Rekomendasi — the unit's
    words where it wrote them, a generated text (marked as such) where it did not."""
    chapter = Section("Penutup")
    for kind, title in (
        (NarrativeKind.CONCLUSION, "Kesimpulan"),
        (NarrativeKind.OBSTACLES, "Permasalahan dan Kendala"),
        (NarrativeKind.RECOMMENDATIONS, "Saran dan Rekomendasi"),
    ):
        text, generated = narrative_text(
            data.unit,
            data.year,
            kind,
            generated=lambda kind=kind: GENERATED[kind](data),
            stored=data.stored,
        )
        add_narrative(chapter.add(Section(title)), text, generated)
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
            caption=f"Versi Perjanjian Kinerja {data.short_name} Tahun {data.year}",
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
    # The signed Perjanjian Kinerja itself: statement, signatures, indicators and targets,
    # built by the agreement's own builder (imported here: perkin imports this package).
    from kinerja.reports.perkin import signed_agreement

    section.add(signed_agreement(data.unit, data.year, data.version.number, key_prefix="annex-"))
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

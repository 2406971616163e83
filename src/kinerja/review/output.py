"""A review as JSON (the stable shape of ``kinerja review --json``, docs/cli.md), as a
readable table, and as a ``reports.document.Document`` for the DOCX/PDF renderers."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from kinerja.reports.document import Column, Document, Paragraph, Section, Table

from .model import Kind, Review, Severity

# Indonesian, as the review document prints them; marked for translation so that the web
# page shows them in the reader's language (``gettext(label)`` in views).
KIND_LABELS = {
    Kind.WRONG: gettext_noop("tidak sesuai"),
    Kind.TRUNCATED: gettext_noop("dipotong, bukan dibulatkan"),
    Kind.MEAN_OF_PERCENTAGES: gettext_noop("rata-rata persentase, bukan rasio jumlah"),
    Kind.MISSING_X100: gettext_noop("lupa dikali 100"),
    Kind.DOUBLE_X100: gettext_noop("dikali 100 dua kali"),
    Kind.ROUNDED_INTERMEDIATE: gettext_noop("dari angka antara yang dibulatkan"),
    Kind.SUM_MISMATCH: gettext_noop("jumlah tidak sesuai"),
    Kind.DATA_MISMATCH: gettext_noop("berbeda dari data kinerja"),
}
SEVERITY_LABELS = {
    Severity.ERROR: gettext_noop("kesalahan"),
    Severity.WARNING: gettext_noop("peringatan"),
}


def as_json(review: Review) -> dict:
    return {
        "file": review.file,
        "pages": review.pages,
        "tables": review.tables,
        "figures_checked": review.figures_checked,
        "findings": [
            {
                "table": f.table,
                "page": f.page,
                "row": f.row,
                "column": f.column,
                "printed": f.printed,
                "expected": f.expected,
                "kind": str(f.kind),
                "severity": str(f.severity),
                "message": f.message,
            }
            for f in review.findings
        ],
        "skipped": list(review.skipped),
    }


def summary(review: Review) -> str:
    pages = f"{review.pages} halaman, " if review.pages else ""
    return (
        f"{review.file}: {pages}{review.tables} tabel dibaca, {review.recognised} dikenali, "
        f"{review.figures_checked} angka diperiksa; {review.count(Severity.ERROR)} kesalahan, "
        f"{review.count(Severity.WARNING)} peringatan."
    )


def as_text(review: Review) -> str:
    out = [f"Reviu {summary(review)}"]
    if review.findings:
        out.append("")
        for i, f in enumerate(review.findings, start=1):
            page = f", hlm. {f.page}" if f.page else ""
            out.append(
                f"{i:>3}. [{SEVERITY_LABELS[f.severity]}: {KIND_LABELS[f.kind]}] "
                f"{f.table}{page} — {f.row} / {f.column}: tercetak {f.printed}, "
                f"seharusnya {f.expected}"
            )
            out.append(f"     {f.message}")
    else:
        out += ["", "Tidak ada angka yang tidak sesuai."]
    if review.skipped:
        out += ["", "Tidak dibaca:"] + [f"  - {s}" for s in review.skipped]
    return "\n".join(out) + "\n"


METHOD = (
    "Setiap angka yang dicetak dihitung ulang dari angka lain di baris atau tabel yang sama: "
    "capaian dari target dan realisasi (termasuk rumus indikator yang semakin kecil semakin "
    "baik), persentase penyerapan dari pagu dan realisasi, pertumbuhan antartahun, porsi "
    "terhadap jumlah, baris jumlah terhadap penjumlahan barisnya, dan baris rata-rata. Angka "
    "dianggap sesuai bila nilai yang diwakilinya pada ketelitian cetaknya (mis. 53,33 untuk "
    "53,325 sampai 53,335) dapat menghasilkan angka tercetak; hanya angka yang sungguh tidak "
    "sesuai yang dicatat."
)


def review_document(review: Review, unit_name: str = "", year: int | None = None) -> Document:
    """The review as a document an inspectorate can attach to its reviu LAKIN."""
    doc = Document(
        title="Hasil Reviu Angka Laporan Kinerja",
        unit_name=unit_name or review.file,
        year=year or dt.date.today().year,
        cover_lines=[f"Berkas: {review.file}"],
        generated_on=dt.date.today(),
    )
    chapter = Section("Hasil Reviu")
    chapter.add(Paragraph(f"Reviu {summary(review)}", style="generated"))
    chapter.add(Paragraph(METHOD))
    if review.findings:
        chapter.add(
            Table(
                key="review-findings",
                caption="Angka yang Tidak Sesuai",
                columns=[
                    Column("No"),
                    Column("Tabel"),
                    Column("Halaman"),
                    Column("Baris"),
                    Column("Kolom"),
                    Column("Tercetak"),
                    Column("Seharusnya"),
                    Column("Jenis"),
                    Column("Keterangan"),
                ],
                rows=[
                    [
                        str(i),
                        f.table,
                        str(f.page) if f.page else None,
                        f.row,
                        f.column,
                        f.printed,
                        f.expected,
                        f"{SEVERITY_LABELS[f.severity]}: {KIND_LABELS[f.kind]}",
                        f.message,
                    ]
                    for i, f in enumerate(review.findings, start=1)
                ],
            )
        )
    else:
        chapter.add(Paragraph("Tidak ada angka yang tidak sesuai."))
    if review.skipped:
        chapter.add(Paragraph("Bagian yang tidak dibaca: " + "; ".join(review.skipped) + "."))
    doc.sections = [chapter]
    doc.number_items()
    return doc


def render(document: Document, fmt: str) -> bytes:
    """Through the report renderers (``render/<fmt>.py``), imported when asked for."""
    import importlib

    module = importlib.import_module(f"kinerja.reports.render.{fmt}")
    return getattr(module, f"render_{fmt}")(document)

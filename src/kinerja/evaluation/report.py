"""The LKE as a document (reports.document): the summary with the score chart and the
worksheet in the evaluators' layout (component / sub-component / criterion rows, answer,
value, weight, score), rendered to XLSX, DOCX and PDF by the reports' renderers."""

import datetime as dt
from decimal import Decimal

from kinerja.reports import charts
from kinerja.reports.document import Column, Document, Figure, Kind, Paragraph, Section, Table

from .models import Evaluation
from .selectors import score_of

N = Kind.NUMBER


def build(evaluation: Evaluation, today: dt.date | None = None) -> Document:
    own, theirs = score_of(evaluation, "self"), score_of(evaluation)
    template = evaluation.template
    unit = evaluation.unit
    doc = Document(
        title="Lembar Kerja Evaluasi SAKIP",
        unit_name=unit.name,
        year=evaluation.year,
        cover_lines=[unit.name, f"Tahun {evaluation.year}", template.regulation],
        generated_on=today or dt.date.today(),
    )
    summary = Section("Ringkasan Hasil Evaluasi")
    summary.add(
        Paragraph(
            f"Nilai akhir {_fmt(theirs.total)} ({theirs.grade}, {theirs.grade_label}); "
            f"penilaian mandiri {_fmt(own.total)} ({own.grade}). "
            f"Status: {evaluation.get_state_display()}."
            + (f" Evaluator: {evaluation.evaluator_name}." if evaluation.evaluator_name else "")
        )
    )
    summary.add(
        Table(
            key="lke-summary",
            caption=f"Nilai Evaluasi SAKIP Tahun {evaluation.year}",
            columns=[
                Column("Komponen"),
                Column("Bobot", N),
                Column("Nilai mandiri", N),
                Column("Nilai evaluator", N),
            ],
            rows=[
                [c.name, c.weight, o.score, c.score]
                for c, o in zip(theirs.components, own.components, strict=True)
            ],
            total=["Nilai akhir", Decimal(100), own.total, theirs.total],
            note=f"Predikat {theirs.grade} ({theirs.grade_label}); {template.regulation}",
        )
    )
    chart = charts.bar_chart(
        [c.name.replace(" Kinerja", "") for c in theirs.components],
        {
            "Nilai evaluator": [c.score for c in theirs.components],
            "Bobot": [c.weight for c in theirs.components],
        },
        title="Nilai per komponen",
        kind=charts.NUMBER,
        stacked=False,
    )
    summary.add(Figure("lke-chart", "Nilai Evaluasi SAKIP per Komponen", chart, chart))
    sheet = Section("Lembar Kerja Evaluasi")
    sheet.add(_worksheet(evaluation, theirs))
    recs = list(evaluation.recommendations.select_related("owner").prefetch_related("files"))
    doc.sections = [summary, sheet]
    evidence = _evidence(evaluation)
    if evidence is not None:
        section = Section("Bukti Dukung")
        section.add(evidence)
        doc.sections.append(section)
    if recs:
        section = Section("Rekomendasi")
        section.add(
            Table(
                key="lke-recommendations",
                caption="Rekomendasi dan Tindak Lanjut",
                columns=[
                    Column("Rekomendasi"),
                    Column("Penanggung jawab"),
                    Column("Batas waktu"),
                    Column("Tindak lanjut"),
                    Column("Bukti tindak lanjut"),
                    Column("Status"),
                ],
                rows=[
                    [
                        r.text,
                        (r.owner.get_full_name() or r.owner.username) if r.owner else None,
                        r.due_date.isoformat() if r.due_date else None,
                        r.follow_up or None,
                        _listed(r.follow_up_evidence, r.files.all()),
                        r.get_status_display(),
                    ]
                    for r in recs
                ],
            )
        )
        doc.sections.append(section)
    doc.number_items()
    return doc


def _fmt(value: Decimal) -> str:
    from kinerja.core.numbers import format_id

    return format_id(value, 2)


def _worksheet(evaluation: Evaluation, result) -> Table:
    answers = {a.criterion.code: a for a in evaluation.answers.select_related("criterion")}
    template = evaluation.template
    rows = []
    comps = template.components.prefetch_related("sub_components__criteria")
    for comp, c in zip(comps, result.components, strict=True):
        rows.append([comp.code, comp.name, None, None, None, comp.weight, c.score])
        for sub, s in zip(comp.sub_components.all(), c.sub_components, strict=True):
            rows.append([sub.code, sub.name, None, None, None, s.max, s.score])
            for crit, k in zip(sub.criteria.all(), s.criteria, strict=True):
                a = answers[crit.code]
                rows.append(
                    [crit.code, crit.text, a.self_answer or None, k.answer, k.value, None, None]
                )
    return Table(
        key="lke-worksheet",
        caption=f"Lembar Kerja Evaluasi {evaluation.year}",
        columns=[
            Column("No"),
            Column("Komponen / Sub Komponen / Kriteria"),
            Column("Jawaban mandiri"),
            Column("Jawaban evaluator"),
            Column("Nilai", N),
            Column("Bobot", N),
            Column("Skor", N),
        ],
        rows=rows,
        total=["", "Nilai akhir", None, None, None, Decimal(100), result.total],
    )


def _listed(links, files) -> str | None:
    """Evidence in words: each link's label (or address) and each file's name."""
    names = [str(e.get("label") or e.get("ref") or "") for e in links or []]
    names += [f"Berkas: {f.original_name}" for f in files]
    return "; ".join(n for n in names if n) or None


def _evidence(evaluation: Evaluation) -> Table | None:
    """Each criterion with evidence: what kinerja holds that it links to, the documents
    elsewhere and the files the unit uploaded (by name; the files themselves are on the
    worksheet page)."""
    answers = (
        evaluation.answers.select_related("criterion")
        .prefetch_related("files")
        .order_by(
            "criterion__sub_component__component__order",
            "criterion__sub_component__order",
            "criterion__order",
        )
    )
    rows = []
    for a in answers:
        listed = _listed(a.evidence, a.files.all())
        if listed:
            rows.append([a.criterion.code, a.criterion.text, listed])
    if not rows:
        return None
    return Table(
        key="lke-evidence",
        caption=f"Bukti Dukung per Kriteria {evaluation.year}",
        columns=[Column("No"), Column("Kriteria"), Column("Bukti")],
        rows=rows,
    )

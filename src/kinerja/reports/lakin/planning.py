"""BAB II Perencanaan dan Perjanjian Kinerja: the Renstra and its targets, the year's
agreement, the budget plan (DIPA) and the action plan (Rencana Aksi)."""

from __future__ import annotations

from decimal import Decimal

from kinerja.budget.choices import SpendingType
from kinerja.budget.selectors import BudgetOverview
from kinerja.org.models import ImagePlacement
from kinerja.planning.choices import Perspective

from .. import charts
from ..document import Column, Figure, Kind, Paragraph, Section, Table
from ..narratives import join_names, money_text
from ..terbilang import terbilang
from .common import (
    QUARTER_LABELS,
    choice_label,
    date_text,
    decimal_places,
    generated_paragraph,
    indicator_scale,
    share,
    target_cell,
)
from .data import LakinData
from .images import placed_images


def chapter_planning(data: LakinData) -> Section:
    chapter = Section("Perencanaan dan Perjanjian Kinerja")
    chapter.add(_strategic_plan(data))
    agreement = chapter.add(_agreement(data))
    chapter.add(_budget_plan(data))
    action_plan = chapter.add(_action_plan(data))
    for placement, section in (
        (ImagePlacement.AGREEMENT, agreement),
        (ImagePlacement.ACTION_PLAN, action_plan),
    ):
        for figure in placed_images(data, placement):
            section.add(figure)
    return chapter


def _strategic_plan(data: LakinData) -> Section:
    section = Section("Rencana Strategis")
    plan, version = data.plan, data.plan_version
    text = (
        f"{plan.name} berlaku untuk tahun {plan.start_year}–{plan.end_year}. Versi yang "
        f"menjadi dasar Perjanjian Kinerja {data.year} adalah versi {version.number}"
    )
    text += f" ({version.title})" if version.title else ""
    text += f", ditetapkan dengan {version.legal_basis}." if version.legal_basis else "."
    section.add(generated_paragraph(text))
    versions = list(plan.versions.order_by("number"))
    if version.reason and len(versions) > 1:
        section.add(Paragraph(f"Alasan perubahan: {version.reason.strip()}"))
    if len(versions) > 1:
        section.add(
            Table(
                key="plan-versions",
                caption=f"Versi {plan.name}",
                columns=[
                    Column("Versi", Kind.INTEGER),
                    Column("Judul"),
                    Column("Dasar hukum"),
                    Column("Tanggal penetapan"),
                    Column("Berlaku"),
                ],
                rows=[
                    [
                        v.number,
                        v.title,
                        v.legal_basis,
                        date_text(v.adopted_on),
                        "Ya" if v.in_force else "Tidak",
                    ]
                    for v in versions
                ],
            )
        )
    if data.goals:  # a plan without goals (common for courts and regional units) has none
        section.add(
            Table(
                key="goals",
                caption="Tujuan",
                columns=[Column("Kode"), Column("Tujuan")],
                rows=[[g.code, g.name] for g in data.goals],
            )
        )
    # The perspective and goal columns only when the plan places its objectives so.
    with_perspective = any(o.perspective for o in data.objectives)
    with_goal = any(o.goal_id for o in data.objectives)
    columns = [Column("Kode"), Column("Sasaran Strategis")]
    columns += [Column("Perspektif")] if with_perspective else []
    columns += [Column("Tujuan")] if with_goal else []
    rows = []
    for o in data.objectives:
        row = [o.code, o.name]
        if with_perspective:
            row.append(choice_label(Perspective, o.perspective) if o.perspective else None)
        if with_goal:
            row.append(o.goal.code if o.goal_id else None)
        row.append("; ".join(f"{a.unit} {a.code}".strip() for a in o.alignments.all()) or None)
        rows.append(row)
    section.add(
        Table(
            key="objectives",
            caption="Sasaran Strategis",
            columns=[*columns, Column("Keselarasan")],
            rows=rows,
        )
    )
    if with_perspective:
        section.add(_strategy_map(data))
    section.add(_renstra_targets(data))
    return section


def _strategy_map(data: LakinData) -> Figure:
    """Peta Strategi: the goals on top, then the objectives by perspective."""
    rows = [("Tujuan", [f"{g.code} {g.name}" for g in data.goals])]
    for value in Perspective.values:
        rows.append(
            (
                choice_label(Perspective, value),
                [f"{o.code} {o.name}" for o in data.objectives if o.perspective == value],
            )
        )
    chart = charts.strategy_map(rows)
    return Figure(
        key="strategy-map", caption=f"Peta Strategi {data.short_name}", svg=chart, png=chart
    )


def _renstra_targets(data: LakinData) -> Table:
    years = list(range(data.plan.start_year, data.plan.end_year + 1))
    rows = []
    all_values = []
    for indicator in data.plan_indicators:
        by_year = {t.year: t for t in indicator.targets.all()}
        cells = []
        scale = indicator_scale(indicator)
        for y in years:
            t = by_year.get(y)
            cell = None if t is None else target_cell(t.target_value, scale)
            cells.append(cell)
            if isinstance(cell, Decimal):
                all_values.append(cell)
        rows.append([indicator.code, indicator.name, indicator.unit_label, *cells])
    places = decimal_places(all_values)
    return Table(
        key="renstra-targets",
        caption=f"Target Kinerja Renstra {data.plan.start_year}–{data.plan.end_year}",
        columns=[
            Column("Kode"),
            Column("Indikator Kinerja"),
            Column("Satuan"),
            *[Column(str(y), Kind.NUMBER, places) for y in years],
        ],
        rows=rows,
        note="N/A: target tidak ditetapkan untuk tahun itu; –: tidak ada data target.",
    )


def _agreement(data: LakinData) -> Section:
    section = Section(f"Perjanjian Kinerja Tahun {data.year}")
    v = data.version
    status = "ditandatangani" if v.is_signed else "masih berupa draf"
    text = f"Perjanjian Kinerja {data.short_name} tahun {data.year} versi {v.number} {status}"
    if v.signed_on:
        text += f" pada {date_text(v.signed_on)}"
    if v.signatory or v.superior:
        text += f" oleh {v.signatory or '–'} (pihak pertama) dan {v.superior or '–'} (pihak kedua)"
    text += f", memuat {len(data.items)} indikator kinerja."
    section.add(generated_paragraph(text))
    has_range = any(item.target_max is not None for item in data.items)
    columns = [
        Column("Sasaran Strategis"),
        Column("Kode"),
        Column("Indikator Kinerja"),
        Column("Target", Kind.NUMBER, decimal_places(item.target for item in data.items)),
    ]
    if has_range:
        columns.append(
            Column(
                "Batas atas", Kind.NUMBER, decimal_places(item.target_max for item in data.items)
            )
        )
    columns.append(Column("Satuan"))
    rows = []
    for item in data.items:
        indicator = item.indicator
        owner = indicator.objective or indicator.goal
        row = [
            f"{owner.code} {owner.name}",
            indicator.code,
            indicator.name,
            target_cell(item.target_value, indicator_scale(item.indicator)),
        ]
        if has_range:
            row.append(item.target_max)
        row.append(indicator.unit_label)
        rows.append(row)
    section.add(
        Table(
            key="agreement",
            caption=f"Perjanjian Kinerja {data.short_name} Tahun {data.year}",
            columns=columns,
            rows=rows,
        )
    )
    return section


def _budget_plan(data: LakinData) -> Section:
    section = Section(f"Rencana Anggaran Tahun {data.year}")
    budget = data.budget
    dipa = data.words.budget_document
    if budget is None:
        section.add(generated_paragraph(f"Data {dipa} tahun {data.year} belum tersedia."))
        return section
    w = budget.words
    ceiling = budget.totals.ceiling
    text = (
        f"{w.final_ceiling} {w.document} {data.short_name} tahun {data.year} adalah "
        f"{money_text(ceiling)}"
    )
    if ceiling is not None:
        text += f" ({terbilang(ceiling)})"
    sources = [
        f"{budget.source_label(key)} {money_text(a.ceiling)}" for key, a in by_source(budget)
    ]
    if sources:
        text += f", terdiri atas {join_names(sources)}"
    text += "."
    types = [
        f"{choice_label(SpendingType, key).lower()} ({key}) {money_text(a.ceiling)}"
        for key, a in sorted(budget.by_type.items())
    ]
    if types:
        text += f" Menurut jenis belanja, {w.ceiling.lower()} terbagi atas {join_names(types)}."
    if budget.totals.initial_ceiling is not None:
        text += f" {w.initial_ceiling} {w.document} {money_text(budget.totals.initial_ceiling)}"
        text += (
            f"; selama tahun {data.year} {w.document} {w.revised_verb} "
            f"{len(budget.revisions)} kali."
            if budget.revisions
            else "."
        )
    section.add(generated_paragraph(text))
    section.add(budget_breakdown_table(budget, "source", data.year))
    section.add(budget_breakdown_table(budget, "type", data.year))
    if budget.revisions:
        section.add(
            Table(
                key="budget-revisions",
                caption=f"{w.revision} Tahun {data.year}",
                columns=[
                    Column(w.revision_number, Kind.INTEGER),
                    Column("Tanggal"),
                    Column(w.revision_kind),
                    Column("Uraian"),
                ],
                rows=[
                    [r.number, date_text(r.date), r.kind or None, r.description or None]
                    for r in budget.revisions
                ],
            )
        )
    return section


def by_source(budget: BudgetOverview) -> list:
    return budget.sources_in_order()


def budget_breakdown_table(budget: BudgetOverview, dimension: str, year: int) -> Table:
    w = budget.words
    if dimension == "source":
        items = [(budget.source_label(k), a) for k, a in by_source(budget)]
        first, key, caption = "Sumber dana", "budget-by-source", "menurut Sumber Dana"
    else:
        items = [
            (f"{choice_label(SpendingType, k)} ({k})", a) for k, a in sorted(budget.by_type.items())
        ]
        first, key, caption = "Jenis belanja", "budget-by-type", "menurut Jenis Belanja"
    caption = f"{w.document_ceiling} {caption}"
    totals = budget.totals
    total_row = [
        "Jumlah",
        totals.initial_ceiling,
        totals.ceiling,
        totals.spending,
        totals.absorption_pct,
        Decimal(100) if totals.ceiling else None,
    ]
    # A stated total its parts contradict (the seed's initial ceiling by source) is not
    # printed as the parts' total: the note states both, the consistency check flags it,
    # and the table itself never contradicts its own rows (reviu LAKIN, kinerja review).
    notes = []
    for position, name, label in (
        (1, "initial_ceiling", w.initial_ceiling.lower()),
        (2, "ceiling", w.final_ceiling.lower()),
        (3, "spending", "realisasi"),
    ):
        stated = getattr(totals, name)
        parts = [getattr(a, name) for _, a in items]
        if stated is None or not parts or any(p is None for p in parts):
            continue
        summed = sum(parts, Decimal(0))
        if summed != stated:
            total_row[position] = None
            notes.append(
                f"Jumlah {label} tidak dicetak: {w.document} mencatat {money_text(stated)}, "
                f"sedangkan jumlah menurut {first.lower()} {money_text(summed)}."
            )
    return Table(
        key=key,
        caption=f"{caption} Tahun {year}",
        columns=[
            Column(first),
            Column(w.initial_ceiling, Kind.MONEY),
            Column(w.final_ceiling, Kind.MONEY),
            Column("Realisasi", Kind.MONEY),
            Column("Penyerapan", Kind.PERCENT),
            Column(f"Porsi {w.ceiling.lower()}", Kind.PERCENT),
        ],
        rows=[
            [
                label,
                a.initial_ceiling,
                a.ceiling,
                a.spending,
                a.absorption_pct,
                share(a.ceiling, totals.ceiling),
            ]
            for label, a in items
        ],
        total=total_row,
        note=" ".join(notes),
    )


def _action_plan(data: LakinData) -> Section:
    section = Section(f"Rencana Aksi Tahun {data.year}")
    if not data.action_plans:
        section.add(generated_paragraph(f"Rencana Aksi tahun {data.year} belum tersedia."))
        return section
    rows = []
    for measure in data.measures.indicators:
        plan = data.action_plans.get(measure.code)
        cells: list = []
        for quarter in range(1, 5):
            activities = (
                sorted(
                    (a for a in plan.activities.all() if a.quarter == quarter),
                    key=lambda a: a.code,
                )
                if plan
                else []
            )
            milestone = activities[-1].milestone_pct if activities else None
            text = "\n".join(f"{a.code} {a.description}" for a in activities) or None
            cells += [milestone, text]
        rows.append([measure.code, measure.name, *cells])
    missing = [m.code for m in data.measures.indicators if m.code not in data.action_plans]
    section.add(
        generated_paragraph(
            "Rencana Aksi menjabarkan setiap indikator Perjanjian Kinerja ke dalam rencana "
            "kegiatan per triwulan dengan target antara (persentase kemajuan pada akhir "
            "triwulan)."
            + (f" Indikator tanpa Rencana Aksi: {join_names(missing)}." if missing else "")
        )
    )
    columns = [Column("Kode"), Column("Indikator Kinerja")]
    for label in QUARTER_LABELS:
        columns += [Column(f"{label} target antara", Kind.PERCENT, 0), Column(f"{label} kegiatan")]
    section.add(
        Table(
            key="action-plan",
            caption=f"Rencana Aksi {data.short_name} Tahun {data.year}",
            columns=columns,
            rows=rows,
            note="Target antara: target kegiatan terakhir triwulan itu.",
        )
    )
    return section

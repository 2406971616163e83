"""BAB III Akuntabilitas Kinerja: the achievement overview and quarterly progress, a section
per objective and per indicator (definition, detail, comparison with earlier years, with
the Renstra and with peer units, the unit's analysis), the Renstra achievement; the
financial accountability comes from ``finance`` and the indicator details from
``details``."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kinerja.measurement import calc
from kinerja.measurement.selectors import IndicatorMeasure
from kinerja.org.models import ImagePlacement, Unit
from kinerja.planning.choices import Method, Perspective, Polarity
from kinerja.planning.models import Indicator, Objective
from kinerja.sources.calc import GRADERS
from kinerja.sources.choices import ScoreKind

from .. import charts
from ..document import Column, Figure, Kind, Paragraph, Section, Table
from ..models import NarrativeKind
from ..narratives import (
    achievement_status_label,
    efficiency_sentence,
    indicator_sentence,
    join_names,
    measure_text,
    narrative_text,
    pct_text,
    satuan,
)
from .common import (
    QUARTER_LABELS,
    SCORED_METHODS,
    achievement_columns,
    achievement_facts,
    add_narrative,
    choice_label,
    decimal_places,
    generated_paragraph,
    table_key,
    target_cell,
)
from .data import HistoryPoint, LakinData
from .details import detail_blocks
from .finance import financial_accountability
from .images import placed_images

# Per-indicator narrative slots in the order of the seed's analysis (items 3–7).
INDICATOR_NARRATIVES = (
    NarrativeKind.SUCCESS_CAUSES,
    NarrativeKind.FAILURE_CAUSES,
    NarrativeKind.EFFICIENCY,
    NarrativeKind.SUPPORTING_PROGRAMS,
    NarrativeKind.OBSTACLES,
    NarrativeKind.RECOMMENDATIONS,
)


def chapter_accountability(data: LakinData) -> Section:
    chapter = Section("Akuntabilitas Kinerja")
    chapter.add(_achievement_overview(data))
    objectives = {o.code: o for o in data.objectives}
    for number, (owner_code, measures) in enumerate(_ordered_measures(data), start=1):
        chapter.add(_objective_section(data, number, objectives.get(owner_code), measures))
    chapter.add(_renstra_achievement(data))
    chapter.add(financial_accountability(data))
    return chapter


def _target_values(targets: Iterable[calc.TargetValue | None]) -> list:
    return [t.value for t in targets if t is not None and t.value is not None]


def _pct(achievement: calc.Achievement) -> Decimal | None:
    return achievement.pct


def _unit_label(unit: Unit) -> str:
    return unit.short_name or unit.name


def _measure_places(measures: list[IndicatorMeasure]) -> tuple[int, int]:
    """Decimals of the target and realization columns: the realization shows at least the
    target's decimals, at most 2."""
    target_places = decimal_places(_target_values(m.target for m in measures))
    value_places = min(2, max(target_places, decimal_places(m.realization for m in measures)))
    return target_places, value_places


def _measure_cells(m: IndicatorMeasure) -> list:
    """Target, realization, unit and achievement of a measure (``achievement_columns``)."""
    return [
        target_cell(m.target, m.scale),
        m.shown(m.realization),
        m.unit_label,
        _pct(m.achievement),
    ]


def _ordered_measures(data: LakinData) -> list[tuple[str, list[IndicatorMeasure]]]:
    """Agreement indicators grouped by objective (or goal), in agreement order."""
    groups: dict[str, list[IndicatorMeasure]] = {}
    for measure in data.measures.indicators:
        groups.setdefault(measure.objective_code, []).append(measure)
    return list(groups.items())


def _achievement_overview(data: LakinData) -> Section:
    section = Section("Capaian Kinerja Organisasi")
    section.add(generated_paragraph(achievement_facts(data)))
    measures = data.measures.indicators
    target_places, value_places = _measure_places(measures)
    rows = []
    for m in measures:
        rows.append(
            [
                f"{m.objective_code} {m.objective_name}",
                m.code,
                m.name,
                *_measure_cells(m),
                achievement_status_label(m.achievement.status),
            ]
        )
    section.add(
        Table(
            key="achievement-summary",
            caption=f"Capaian Kinerja {data.short_name} Tahun {data.year}",
            columns=[
                Column("Sasaran Strategis"),
                Column("Kode"),
                Column("Indikator Kinerja"),
                *achievement_columns(target_places, value_places, unit=True),
                Column("Status"),
            ],
            rows=rows,
            total=[
                "Rata-rata capaian",
                None,
                None,
                None,
                None,
                None,
                data.measures.mean_achievement,
                None,
            ],
        )
    )
    if any(plan.progress.all() for plan in data.action_plans.values()):
        section.add(_quarterly_progress(data))
    else:
        section.add(
            generated_paragraph(
                f"Kemajuan fisik Rencana Aksi per triwulan {data.year} belum dicatat."
            )
        )
    return section


def _quarterly_progress(data: LakinData) -> Table:
    rows = []
    for m in data.measures.indicators:
        plan = data.action_plans.get(m.code)
        progress = {p.quarter: p for p in plan.progress.all()} if plan else {}
        cells = []
        for quarter in range(1, 5):
            p = progress.get(quarter)
            cells += [p.target_pct if p else None, p.realized_pct if p else None]
        rows.append([m.code, m.name, *cells])
    values = [c for r in rows for c in r[2:]]
    places = decimal_places(values)
    columns = [Column("Kode"), Column("Indikator Kinerja")]
    for label in QUARTER_LABELS:
        columns += [
            Column(f"{label} target fisik", Kind.PERCENT, places),
            Column(f"{label} realisasi fisik", Kind.PERCENT, places),
        ]
    return Table(
        key="quarterly-progress",
        caption=f"Capaian Rencana Aksi per Triwulan Tahun {data.year}",
        columns=columns,
        rows=rows,
        note="Persentase kemajuan fisik kumulatif sampai akhir triwulan.",
    )


def _objective_section(
    data: LakinData, number: int, objective: Objective | None, measures: list[IndicatorMeasure]
) -> Section:
    first = measures[0]
    kind = "Sasaran Strategis" if objective is not None else "Tujuan"
    section = Section(f"{kind} {first.objective_code}: {first.objective_name}")
    if objective is not None and (objective.perspective or objective.goal_id):
        parts = []
        if objective.perspective:
            parts.append(
                f"berada pada perspektif {choice_label(Perspective, objective.perspective)}"
            )
        if objective.goal_id:
            parts.append(f"mendukung tujuan {objective.goal.code} {objective.goal.name}")
        section.add(generated_paragraph(f"Sasaran ini {' dan '.join(parts)}."))
    section.add(
        Table(
            key=table_key(first.objective_code, "summary"),
            caption=f"Target dan Realisasi Indikator {kind} {first.objective_code}",
            columns=[
                Column("Kode"),
                Column("Indikator Kinerja"),
                *achievement_columns(*_measure_places(measures), unit=True),
            ],
            rows=[[m.code, m.name, *_measure_cells(m)] for m in measures],
        )
    )
    if len(measures) > 1:
        mean = calc.mean_achievement(m.achievement for m in measures)
        if mean is not None:
            section.add(
                generated_paragraph(f"Rata-rata capaian indikator sasaran ini {pct_text(mean)}.")
            )
    for measure in measures:
        section.add(_indicator_section(data, measure))
    return section


def _indicator_section(data: LakinData, m: IndicatorMeasure) -> Section:
    indicator = data.indicators[m.code]
    section = Section(f"Indikator Kinerja {m.code}: {m.name}")
    section.add(_definition(indicator))
    result = section.add(Section("Hasil yang Dicapai"))
    result.add(generated_paragraph(indicator_sentence(m)))
    for block in detail_blocks(data, m):
        result.add(block)
    for figure in placed_images(data, ImagePlacement.INDICATOR, m.code):
        result.add(figure)
    section.add(_history_section(data, m, indicator))
    section.add(_renstra_section(data, m, indicator))
    if peers := _peer_section(data, m, indicator):
        section.add(peers)
    efficiency = next((r for r in data.efficiency if r.indicator_code == m.code), None)
    for kind in INDICATOR_NARRATIVES:
        generated = None
        if kind == NarrativeKind.EFFICIENCY and efficiency is not None:
            generated = efficiency_sentence(efficiency)
        text, is_generated = narrative_text(
            data.unit, data.year, kind, indicator, generated=generated, stored=data.stored
        )
        if text:
            add_narrative(section.add(Section(str(kind.label))), text, is_generated)
    return section


def _definition(indicator: Indicator) -> Section:
    section = Section("Definisi dan Cara Perhitungan")
    if indicator.definition:
        section.add(Paragraph(f"Definisi: {indicator.definition.strip()}"))
    if indicator.calculation:
        section.add(Paragraph(f"Cara perhitungan: {indicator.calculation.strip()}"))
    if indicator.data_source:
        section.add(Paragraph(f"Sumber data: {indicator.data_source.strip()}"))
    polarity = choice_label(Polarity, indicator.polarity).lower()
    method = choice_label(Method, indicator.method).lower()
    how = (
        "diisi oleh penanggung jawab indikator"
        if indicator.method == Method.MANUAL
        else f"dihitung dari catatan unit ({method})"
    )
    section.add(
        generated_paragraph(
            f"Satuan {satuan(indicator.unit_label)}; polaritas {polarity}; realisasi {how}."
        )
    )
    alignments = list(indicator.alignments.all())
    if alignments:
        section.add(
            generated_paragraph(
                "Indikator ini selaras dengan "
                + join_names(f"{a.unit} {a.code} ({a.name})" for a in alignments)
                + "."
            )
        )
    return section


# -- comparisons --------------------------------------------------------------------------
def _history_section(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Section:
    section = Section(f"Perbandingan dengan Tahun Sebelumnya ({data.history_years[0]}–{data.year})")
    points = data.history[m.code]
    rows = []
    for y in data.history_years:
        p = points[y]
        target = p.target
        before = points[y - 1].value if y - 1 in points else m.previous
        achievement = data.achievement(target, p.value, indicator.polarity, before, m.scale)
        rows.append([str(y), target_cell(target, m.scale), m.shown(p.value), _pct(achievement)])
    values = [r[1] for r in rows] + [r[2] for r in rows]
    places = decimal_places(values)
    section.add(
        Table(
            key=table_key(m.code, "history"),
            caption=f"Realisasi Indikator {m.code} Tahun {data.history_years[0]}–{data.year}",
            columns=[Column("Tahun"), *achievement_columns(places)],
            rows=rows,
            note="N/A: target tidak ditetapkan; –: tidak ada data.",
        )
    )
    if figure := _trend_figure(data, m, indicator):
        section.add(figure)
    earlier = [
        points[y] for y in data.history_years if y < data.year and points[y].value is not None
    ]
    if not earlier:
        section.add(
            generated_paragraph(
                f"Tidak ada realisasi indikator ini sebelum tahun {data.year} yang tercatat; "
                "perbandingan dengan tahun sebelumnya belum dapat dilakukan."
            )
        )
    else:
        last = earlier[-1]
        if m.realization is not None:
            section.add(generated_paragraph(_change_sentence(data.year, m, last)))
    return section


def _trend_figure(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Figure | None:
    """Target and realization of the indicator over the Renstra period: the years the
    data has up to the report's year, then the Renstra targets of the later years. None
    (no figure) when no year has a realization."""
    points = data.history[m.code]
    plan_targets = {t.year: t.target_value for t in indicator.targets.all()}
    years, targets, values = [], [], []
    for y in range(data.plan.start_year, data.plan.end_year + 1):
        point = points.get(y)
        target = point.target if point is not None else plan_targets.get(y)
        value = point.value if point is not None and y <= data.year else None
        target_number = target.value if target is not None else None
        if target_number is None and value is None:
            continue
        years.append(str(y))
        targets.append(target_number)
        values.append(value)
    if not any(v is not None for v in values):
        return None
    unit = satuan(m.unit_label) if m.scale is None else ""
    chart = charts.line_chart(
        years,
        {"Target": targets, "Realisasi": values},
        kind=charts.NUMBER,
        ylabel=unit.capitalize() if unit else "",
    )
    return Figure(
        key=table_key(m.code, "trend"),
        caption=f"Target dan Realisasi Indikator {m.code} Tahun {years[0]}–{years[-1]}",
        svg=chart,
        png=chart,
    )


def _change_sentence(year: int, m: IndicatorMeasure, last: HistoryPoint) -> str:
    change = m.realization - last.value
    if m.scale is not None:  # levels: better or worse, not a distance
        now = f"Realisasi tahun {year} ({m.shown(m.realization)})"
        before = f"tahun {last.year} ({m.shown(last.value)})"
        if change == 0:
            return f"{now} sama dengan realisasi {before}."
        word = "lebih baik" if change > 0 else "lebih rendah"
        return f"{now} {word} daripada realisasi {before}."
    now = f"Realisasi tahun {year} ({measure_text(m.realization)})"
    before = f"tahun {last.year} ({measure_text(last.value)})"
    if change == 0:
        return f"{now} sama dengan realisasi {before}."
    label = satuan(m.unit_label)
    unit = "poin persen" if label == "persen" else label
    direction = "naik" if change > 0 else "turun"
    return f"{now} {direction} {measure_text(abs(change))} {unit} dibandingkan {before}."


def _renstra_section(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Section:
    end = data.plan.end_year
    section = Section(
        f"Perbandingan dengan Target Jangka Menengah Renstra {data.plan.start_year}–{end}"
    )
    target = next(
        (t.target_value for t in indicator.targets.all() if t.year == end),
        None,
    )
    achievement = data.achievement(target, m.realization, indicator.polarity, m.previous, m.scale)
    places = decimal_places([target_cell(target), m.realization])
    section.add(
        Table(
            key=table_key(m.code, "renstra"),
            caption=f"Realisasi {data.year} Indikator {m.code} terhadap Target Renstra {end}",
            columns=[
                Column("Indikator Kinerja"),
                Column(f"Target {end}", Kind.NUMBER, places),
                Column(f"Realisasi {data.year}", Kind.NUMBER, places),
                Column("Capaian", Kind.PERCENT),
            ],
            rows=[
                [m.name, target_cell(target, m.scale), m.shown(m.realization), _pct(achievement)]
            ],
        )
    )
    if target is None or target.value is None:
        section.add(
            generated_paragraph(f"Renstra tidak menetapkan target {end} untuk indikator ini.")
        )
    elif achievement.pct is not None and m.scale is not None:
        section.add(
            generated_paragraph(
                f"Target jangka menengah ({end}) indikator ini {m.shown(target.value)}; "
                f"realisasi {data.year} {m.shown(m.realization)} atau "
                f"{pct_text(achievement.pct)} dari target tersebut."
            )
        )
    elif achievement.pct is not None:
        section.add(
            generated_paragraph(
                f"Target jangka menengah ({end}) indikator ini {measure_text(target.value)} "
                f"{satuan(m.unit_label)}; realisasi {data.year} "
                f"{measure_text(m.realization)} {satuan(m.unit_label)} atau "
                f"{pct_text(achievement.pct)} dari target tersebut."
            )
        )
    return section


def _peer_section(data: LakinData, m: IndicatorMeasure, indicator: Indicator) -> Section | None:
    peers = [(peer.unit, pm) for peer in data.peers for pm in peer.indicators if pm.code == m.code]
    score_kind = (
        (indicator.method_params or {}).get("score") if indicator.method in SCORED_METHODS else None
    )
    ranking = data.scores.get(score_kind, []) if score_kind else []
    if not peers and len(ranking) < 2:
        return None
    section = Section("Perbandingan dengan Unit Kerja Lain")
    if peers:
        rows = [[data.short_name, *_measure_cells(m)]]
        renamed = []
        for unit, pm in peers:
            rows.append([_unit_label(unit), *_measure_cells(pm)])
            if pm.name.strip().lower() != m.name.strip().lower():
                renamed.append(f"{_unit_label(unit)}: {pm.name}")
        places = decimal_places([c for r in rows for c in r[1:3]])
        section.add(
            Table(
                key=table_key(m.code, "peers"),
                caption=f"Perbandingan Indikator {m.code} Tahun {data.year} dengan Unit Kerja Lain",
                columns=[Column("Unit kerja"), *achievement_columns(places, unit=True)],
                rows=rows,
                note=(
                    "Indikator dengan kode sama tetapi rumusan berbeda: " + "; ".join(renamed)
                    if renamed
                    else ""
                ),
            )
        )
    if len(ranking) >= 2:
        section.add(_ranking_table(data, m, score_kind, ranking))
    return section


def _ranking_table(data: LakinData, m: IndicatorMeasure, kind: str, scores: list) -> Table:
    ordered = sorted(
        scores,
        key=lambda s: (s.score is None, -(s.score or 0), _unit_label(s.unit)),
    )
    rows, rank, previous = [], 0, None
    for position, score in enumerate(ordered, start=1):
        if score.score is not None and score.score != previous:
            rank = position
            previous = score.score
        grade = score.grade
        if not grade and score.score is not None and kind in GRADERS:
            grade = GRADERS[kind](score.score)[0]
        rows.append(
            [
                rank if score.score is not None else None,
                _unit_label(score.unit),
                score.score,
                grade or None,
            ]
        )
    own = next((r for r in rows if r[1] == _unit_label(data.unit)), None)
    return Table(
        key=table_key(m.code, "ranking"),
        caption=(
            f"{choice_label(ScoreKind, kind)} Satuan Kerja {_unit_label(data.unit.parent)} "
            f"Tahun {data.year}"
        ),
        columns=[
            Column("Peringkat", Kind.INTEGER),
            Column("Unit kerja"),
            Column("Nilai", Kind.NUMBER, decimal_places(r[2] for r in rows)),
            Column("Predikat"),
        ],
        rows=rows,
        note=(
            f"{data.short_name} berada di peringkat {own[0]} dari {len(rows)} satuan kerja."
            if own and own[0] is not None
            else ""
        ),
    )


# -- Renstra achievement (Tabel 3.64 form) ----------------------------------------------
def _renstra_achievement(data: LakinData) -> Section:
    plan = data.plan
    section = Section(f"Capaian Renstra {plan.start_year}–{plan.end_year}")
    done = [y for y in range(plan.start_year, plan.end_year + 1) if y <= data.year]
    ahead = [y for y in range(plan.start_year, plan.end_year + 1) if y > data.year]
    rows, values = [], []
    for m in data.measures.indicators:
        indicator = data.indicators[m.code]
        targets = {t.year: t.target_value for t in indicator.targets.all()}
        row = [m.code, m.name, m.unit_label]
        for y in done:
            point = data.history[m.code].get(y)
            value = point.value if point else None
            target = targets.get(y)
            before = data.history[m.code].get(y - 1)
            before = before.value if before else m.previous if y == data.year else None
            row += [
                target_cell(target, m.scale),
                m.shown(value),
                _pct(data.achievement(target, value, indicator.polarity, before, m.scale)),
            ]
            values += [target_cell(target, m.scale), m.shown(value)]
        for y in ahead:
            row.append(target_cell(targets.get(y), m.scale))
            values.append(target_cell(targets.get(y), m.scale))
        rows.append(row)
    places = decimal_places(values)
    columns = [Column("Kode"), Column("Indikator Kinerja"), Column("Satuan")]
    for y in done:
        columns += [
            Column(f"Target {y}", Kind.NUMBER, places),
            Column(f"Realisasi {y}", Kind.NUMBER, places),
            Column(f"Capaian {y}", Kind.PERCENT),
        ]
    columns += [Column(f"Target {y}", Kind.NUMBER, places) for y in ahead]
    section.add(
        Table(
            key="renstra-achievement",
            caption=f"Capaian Kinerja Renstra {data.short_name} {plan.start_year}–{plan.end_year}",
            columns=columns,
            rows=rows,
            note="Target menurut Renstra versi yang berlaku; N/A: target tidak ditetapkan.",
        )
    )
    return section

"""Financial accountability (BAB III): budget composition, realization by indicator and
over the years, the output indicators of budget lines, PNBP, and efficiency against the
achievements. The words follow the budget's kind (DIPA or DPA, budget.words)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kinerja.budget.choices import PnbpCategory, SpendingType
from kinerja.budget.words import budget_words
from kinerja.measurement.calc import Status, mean_achievement
from kinerja.sources.choices import ScoreKind

from .. import charts
from ..document import Column, Figure, Kind, Section, Table
from ..narratives import measure_text, money_text, pct_text
from .common import (
    achievement_columns,
    budget_facts,
    choice_label,
    decimal_places,
    generated_paragraph,
    share,
)
from .data import LakinData


def financial_accountability(data: LakinData) -> Section:
    section = Section("Akuntabilitas Keuangan")
    if data.budget is None:
        section.add(generated_paragraph(f"Data anggaran tahun {data.year} belum tersedia."))
    else:
        section.add(_budget_composition(data))
        section.add(_budget_by_indicator(data))
        if data.budget.outputs:
            section.add(_line_outputs(data))
        section.add(_budget_history(data))
    if data.pnbp:
        section.add(_pnbp_section(data))
    if data.efficiency:
        section.add(_efficiency_section(data))
    return section


def _figure(key: str, caption: str, image: charts.ChartImage) -> Figure:
    return Figure(key=key, caption=caption, svg=image, png=image)


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers, Decimal(0)) / len(numbers) if numbers else None


def _yes_no(value: bool | None, yes: str, no: str) -> str | None:
    return None if value is None else yes if value else no


def _words(data: LakinData):
    return budget_words(data.budget.kind if data.budget else None)


def _spending_columns(ceiling: str = "Pagu") -> list[Column]:
    return [
        Column(ceiling, Kind.MONEY),
        Column("Realisasi", Kind.MONEY),
        Column("Penyerapan", Kind.PERCENT),
    ]


def _budget_composition(data: LakinData) -> Section:
    budget = data.budget
    section = Section("Pagu dan Realisasi Anggaran")
    section.add(generated_paragraph(budget_facts(data)))
    items = sorted(budget.by_type.items())
    if items:
        section.add(
            _figure(
                "budget-by-type-pie",
                f"Komposisi {budget.words.ceiling} {data.short_name} menurut Jenis Belanja "
                f"Tahun {data.year}",
                charts.pie_chart(
                    [f"{choice_label(SpendingType, k)} ({k})" for k, _ in items],
                    [a.ceiling for _, a in items],
                ),
            )
        )
    if any(a.spending is not None for _, a in items):  # else the pie says it all
        section.add(
            _figure(
                "budget-by-type-bar",
                f"{budget.words.ceiling} dan Realisasi menurut Jenis Belanja Tahun {data.year}",
                charts.bar_chart(
                    [choice_label(SpendingType, k) for k, _ in items],
                    {
                        budget.words.ceiling: [a.ceiling for _, a in items],
                        "Realisasi": [a.spending for _, a in items],
                    },
                    ylabel="Rupiah",
                    stacked=False,
                ),
            )
        )
    return section


def _budget_by_indicator(data: LakinData) -> Section:
    section = Section("Realisasi Anggaran menurut Indikator Kinerja")
    w = data.budget.words
    rows = data.efficiency
    ceiling = sum((r.ceiling for r in rows), Decimal(0))
    spending = sum((r.spending for r in rows), Decimal(0))
    table = Table(
        key="budget-by-indicator",
        caption=f"Realisasi Anggaran Berdasarkan Perjanjian Kinerja Tahun {data.year}",
        columns=[
            Column("Kode"),
            Column("Indikator Kinerja"),
            *_spending_columns(w.ceiling),
        ],
        rows=[
            [r.indicator_code, r.indicator_name, r.ceiling, r.spending, r.absorption_pct]
            for r in rows
        ],
        total=["Jumlah", None, ceiling, spending, share(spending, ceiling)],
        note=(
            f"{w.ceiling} dan realisasi {w.leaf} {w.document} yang dikaitkan dengan "
            "setiap indikator."
        ),
    )
    section.add(table)
    budget = data.budget
    if rows and budget.totals.ceiling is not None and ceiling != budget.totals.ceiling:
        section.add(
            generated_paragraph(
                f"{w.leaf.capitalize()} yang dikaitkan dengan indikator berjumlah "
                f"{money_text(ceiling)}, sedangkan {w.ceiling.lower()} {w.document} "
                f"{money_text(budget.totals.ceiling)}; selisihnya "
                f"{money_text(budget.totals.ceiling - ceiling)} belum dikaitkan dengan "
                "indikator mana pun."
            )
        )
    return section


def _budget_history(data: LakinData) -> Section:
    history = data.budget.history
    first = history[0][0] if history else data.year
    section = Section(f"Realisasi Anggaran Tahun {first}–{data.year}")
    section.add(
        Table(
            key="budget-history",
            caption=f"Realisasi Anggaran Tahun {first}–{data.year}",
            columns=[
                Column("Tahun"),
                *_spending_columns(data.budget.words.ceiling),
            ],
            rows=[[str(y), a.ceiling, a.spending, a.absorption_pct] for y, a in history],
        )
    )
    if len(history) > 1:
        section.add(
            _figure(
                "budget-history-bar",
                f"{data.budget.words.ceiling} dan Realisasi Anggaran Tahun {first}–{data.year}",
                charts.bar_chart(
                    [str(y) for y, _ in history],
                    {
                        data.budget.words.ceiling: [a.ceiling for _, a in history],
                        "Realisasi": [a.spending for _, a in history],
                    },
                    ylabel="Rupiah",
                    stacked=False,
                ),
            )
        )
        section.add(
            _figure(
                "budget-history-line",
                f"Penyerapan Anggaran Tahun {first}–{data.year}",
                charts.line_chart(
                    [str(y) for y, _ in history],
                    {"Penyerapan anggaran": [a.absorption_pct for _, a in history]},
                ),
            )
        )
        (last_year, last), (prev_year, prev) = history[-1], history[-2]
        if last.absorption_pct is not None and prev.absorption_pct is not None:
            change = last.absorption_pct - prev.absorption_pct
            direction = "naik" if change > 0 else "turun" if change < 0 else "tetap"
            amount = "" if change == 0 else f" {measure_text(abs(change))} poin persentase"
            section.add(
                generated_paragraph(
                    f"Penyerapan anggaran tahun {last_year} {pct_text(last.absorption_pct)}, "
                    f"{direction}{amount} dibandingkan tahun {prev_year} "
                    f"({pct_text(prev.absorption_pct)})."
                )
            )
    return section


def _line_outputs(data: LakinData) -> Section:
    """The output indicators of budget lines: RO volume targets of a DIPA, indicators of
    the sub kegiatan of a DPA, with realization and achievement; each line's money once."""
    w = data.budget.words
    outputs = data.budget.outputs
    section = Section(w.outputs)
    places = decimal_places([v for r in outputs for v in (r.target, r.realization)])
    lines = {r.line_code: r for r in outputs}.values()
    ceilings = [r.ceiling for r in lines if r.ceiling is not None]
    spendings = [r.spending for r in lines if r.spending is not None]
    ceiling = sum(ceilings, Decimal(0)) if ceilings else None
    spending = sum(spendings, Decimal(0)) if spendings else None
    mean = mean_achievement(r.achievement for r in outputs)
    rows, previous = [], None
    for r in outputs:
        first = r.line_code != previous
        previous = r.line_code
        rows.append(
            [
                r.line_code if first else None,
                r.line_name if first else None,
                r.name,
                r.target,
                r.realization,
                r.unit_label,
                r.achievement.pct,
                r.ceiling if first else None,
                r.spending if first else None,
                r.absorption_pct if first else None,
            ]
        )
    section.add(
        Table(
            key="budget-line-outputs",
            caption=f"{w.outputs} Tahun {data.year}",
            columns=[
                Column("Kode"),
                Column(w.output_line),
                Column("Indikator keluaran"),
                *achievement_columns(places, unit=True),
                *_spending_columns(w.ceiling),
            ],
            rows=rows,
            total=[
                "Jumlah / rata-rata",
                None,
                None,
                None,
                None,
                None,
                mean,
                ceiling,
                spending,
                share(spending, ceiling),
            ],
            note=(
                "Capaian dihitung dengan rumus yang sama dengan indikator kinerja; "
                f"{w.ceiling.lower()} dan realisasi setiap {w.output_line.lower()} "
                "dicetak sekali."
            ),
        )
    )
    achieved = [r for r in outputs if r.achievement.pct is not None]
    if achieved:
        reached = sum(1 for r in achieved if r.achievement.status is Status.ACHIEVED)
        section.add(
            generated_paragraph(
                f"{reached} dari {len(outputs)} indikator keluaran mencapai target, dengan "
                f"rata-rata capaian {pct_text(mean)}."
            )
        )
    return section


def _pnbp_categories(data: LakinData) -> list[str]:
    present = {c for p in data.pnbp.values() for c in p.receipts}
    return [c for c in PnbpCategory.values if c in present] + sorted(
        present - set(PnbpCategory.values)
    )


def _pnbp_section(data: LakinData) -> Section:
    section = Section("Penerimaan Negara Bukan Pajak (PNBP)")
    years = sorted(data.pnbp)
    current = data.pnbp.get(data.year)
    if current is not None:
        text = (
            f"Target penerimaan PNBP tahun {data.year} {money_text(current.revenue_target)} "
            f"dengan realisasi {money_text(current.receipts_total)} "
            f"({pct_text(current.receipts_pct_of_target)})."
        )
        if current.permitted_use_pct is not None:
            text += (
                f" Persentase penggunaan yang diizinkan {pct_text(current.permitted_use_pct)}; "
                f"pagu penggunaan {money_text(current.use_ceiling)} terealisasi "
                f"{money_text(current.use_spending)} ({pct_text(current.use_pct)})."
            )
        section.add(generated_paragraph(text))
    section.add(
        Table(
            key="pnbp-history",
            caption=f"Target dan Realisasi PNBP Tahun {years[0]}–{years[-1]}",
            columns=[
                Column("Tahun"),
                Column("Target penerimaan", Kind.MONEY),
                Column("Realisasi penerimaan", Kind.MONEY),
                Column("Capaian penerimaan", Kind.PERCENT),
                Column("Pagu penggunaan", Kind.MONEY),
                Column("Realisasi penggunaan", Kind.MONEY),
                Column("Penyerapan", Kind.PERCENT),
            ],
            rows=[
                [
                    str(y),
                    p.revenue_target,
                    p.receipts_total,
                    p.receipts_pct_of_target,
                    p.use_ceiling,
                    p.use_spending,
                    p.use_pct,
                ]
                for y, p in sorted(data.pnbp.items())
            ],
        )
    )
    if any(p.revenue_target is not None or p.receipts for p in data.pnbp.values()):
        section.add(
            _figure(
                "pnbp-history-bar",
                f"Target dan Realisasi Penerimaan PNBP Tahun {years[0]}–{years[-1]}",
                charts.bar_chart(
                    [str(y) for y in years],
                    {
                        "Target": [data.pnbp[y].revenue_target for y in years],
                        "Realisasi": [data.pnbp[y].receipts_total for y in years],
                    },
                    ylabel="Rupiah",
                    stacked=False,
                ),
            )
        )
    if current is not None and current.receipts:
        section.add(
            Table(
                key="pnbp-by-category",
                caption=f"Penerimaan PNBP menurut Jenis Layanan Tahun {data.year}",
                columns=[
                    Column("Jenis layanan"),
                    Column("Penerimaan", Kind.MONEY),
                    Column("Porsi", Kind.PERCENT),
                ],
                rows=[
                    [choice_label(PnbpCategory, c), current.receipts[c], current.share_pct(c)]
                    for c in _pnbp_categories(data)
                    if c in current.receipts
                ],
                total=["Jumlah", current.receipts_total, Decimal(100)],
            )
        )
    categories = _pnbp_categories(data)
    if categories:
        rows = [
            [choice_label(PnbpCategory, c), *[data.pnbp[y].receipts.get(c) for y in years]]
            for c in categories
        ]
        section.add(
            Table(
                key="pnbp-categories-history",
                caption=f"Penerimaan PNBP menurut Jenis Layanan Tahun {years[0]}–{years[-1]}",
                columns=[Column("Jenis layanan"), *[Column(str(y), Kind.MONEY) for y in years]],
                rows=rows,
                total=["Jumlah", *[data.pnbp[y].receipts_total for y in years]],
            )
        )
        section.add(
            _figure(
                "pnbp-categories-bar",
                f"Penerimaan PNBP menurut Jenis Layanan Tahun {years[0]}–{years[-1]}",
                charts.bar_chart(
                    [str(y) for y in years],
                    {
                        choice_label(PnbpCategory, c): [data.pnbp[y].receipts.get(c) for y in years]
                        for c in categories
                    },
                    ylabel="Rupiah",
                ),
            )
        )
    return section


def _efficiency_section(data: LakinData) -> Section:
    section = Section("Efisiensi Anggaran berdasarkan Capaian Kinerja")
    rows = []
    for r in data.efficiency:
        result = r.result
        rows.append(
            [
                r.indicator_code,
                r.indicator_name,
                r.target,
                r.realization,
                r.achievement_pct,
                _yes_no(result.effective, "Efektif", "Tidak efektif"),
                r.ceiling,
                r.spending,
                r.absorption_pct,
                result.ibt,
                result.ibr,
                result.efficiency_pct,
                _yes_no(result.efficient, "Efisien", "Tidak efisien"),
            ]
        )
    ceiling = sum((r.ceiling for r in data.efficiency), Decimal(0))
    spending = sum((r.spending for r in data.efficiency), Decimal(0))
    mean_efficiency = _mean(r.result.efficiency_pct for r in data.efficiency)
    places = decimal_places([c for row in rows for c in row[2:4]])
    w = _words(data)
    section.add(
        generated_paragraph(
            f"Indeks biaya target (IBT) adalah {w.ceiling.lower()} per satuan target kinerja "
            "dan indeks biaya "
            "realisasi (IBR) adalah realisasi anggaran per satuan realisasi kinerja; "
            "efisiensi = (IBT − IBR) / IBT × 100 %."
        )
    )
    section.add(
        Table(
            key="efficiency",
            caption=f"Efisiensi Anggaran berdasarkan Capaian Indikator Kinerja Tahun {data.year}",
            columns=[
                Column("Kode"),
                Column("Indikator Kinerja"),
                *achievement_columns(places),
                Column("Efektivitas"),
                Column(w.ceiling, Kind.MONEY),
                Column("Realisasi anggaran", Kind.MONEY),
                Column("Penyerapan", Kind.PERCENT),
                Column("IBT", Kind.MONEY),
                Column("IBR", Kind.MONEY),
                Column("Efisiensi", Kind.PERCENT),
                Column("Keterangan"),
            ],
            rows=rows,
            total=[
                "Jumlah / rata-rata",
                None,
                None,
                None,
                data.measures.mean_achievement,
                None,
                ceiling,
                spending,
                share(spending, ceiling),
                None,
                None,
                mean_efficiency,
                None,
            ],
        )
    )
    computed = [r for r in data.efficiency if r.result.efficiency_pct is not None]
    if computed:
        efficient = sum(1 for r in computed if r.result.efficient)
        high = max(computed, key=lambda r: r.result.efficiency_pct)
        low = min(computed, key=lambda r: r.result.efficiency_pct)
        section.add(
            generated_paragraph(
                f"{efficient} dari {len(data.efficiency)} indikator menggunakan anggaran secara "
                f"efisien, dengan rata-rata efisiensi {pct_text(mean_efficiency)}. Efisiensi "
                f"tertinggi pada {high.indicator_code} ({pct_text(high.result.efficiency_pct)}) "
                f"dan terendah pada {low.indicator_code} ({pct_text(low.result.efficiency_pct)})."
            )
        )
    smart = next(
        (s for s in data.scores.get(ScoreKind.SMART_DJA, []) if s.unit_id == data.unit.pk), None
    )
    if smart is not None and smart.score is not None:
        text = f"Nilai Kinerja Anggaran (SMART DJA) tahun {data.year} {measure_text(smart.score)}"
        text += f" dengan kriteria {smart.grade}." if smart.grade else "."
        section.add(generated_paragraph(text))
    return section

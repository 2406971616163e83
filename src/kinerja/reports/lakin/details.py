"""The detail of an indicator's realization, read from its provenance (the inputs the
measurement recorded): before/after measures, facilitated companies, service orders,
growth, ratios, the satisfaction survey, scores."""

from __future__ import annotations

from decimal import Decimal

from kinerja.budget.choices import PnbpCategory
from kinerja.core.numbers import to_decimal
from kinerja.measurement import calc
from kinerja.measurement.selectors import IndicatorMeasure
from kinerja.planning.choices import Method
from kinerja.sources.choices import Direction, RecommendationKind, ServiceType
from kinerja.survey.choices import Element, Grade

from ..document import Block, Column, Kind, Paragraph, Table
from ..narratives import measure_text
from .common import (
    SCORED_METHODS,
    choice_label,
    decimal_places,
    generated_paragraph,
    share,
    table_key,
)
from .data import LakinData


def detail_blocks(data: LakinData, m: IndicatorMeasure) -> list[Block]:
    provenance = m.provenance or {}
    method = provenance.get("method")
    inputs = provenance.get("inputs") or {}
    blocks: list[Block] = []
    if method == Method.BEFORE_AFTER_MEAN:
        blocks += _before_after_blocks(data, m, inputs)
    elif method == Method.COUNT and "companies" in inputs:
        blocks += _companies_blocks(data, m, inputs)
    elif method == Method.COUNT and "by_type" in inputs:
        blocks += _orders_blocks(data, m, inputs)
    elif method == Method.GROWTH:
        blocks += _growth_blocks(data, m, inputs)
    elif method == Method.RATIO:
        blocks += _ratio_blocks(data, m, inputs)
    elif method == Method.SURVEY_INDEX:
        blocks += _survey_blocks(data, m, inputs)
    elif method in SCORED_METHODS:
        blocks += _score_blocks(data, m, inputs)
    elif method == Method.FORMULA:
        blocks += _formula_blocks(data, m, inputs)
    elif method == Method.MANUAL and provenance.get("evidence"):
        blocks.append(Paragraph(f"Bukti dukung: {provenance['evidence']}", style="note"))
    if provenance.get("reason"):
        blocks.append(
            generated_paragraph(
                f"Catatan unit belum menghasilkan nilai realisasi ({provenance['reason']})."
            )
        )
    return blocks


_PERIOD_LABELS = {"year": "Tahunan", "q1": "TW I", "q2": "TW II", "q3": "TW III", "q4": "TW IV"}


def _formula_blocks(data, m, inputs) -> list[Block]:
    """The formula and every value it read (docs/formulas.md, "Provenance")."""
    values = inputs.get("values") or []
    rows = [
        [
            v.get("element") or f'ind("{v.get("indicator")}")',
            str(v.get("year")),
            _PERIOD_LABELS.get(v.get("period"), v.get("period")),
            _dec(v.get("value")),
        ]
        for v in values
    ]
    blocks: list[Block] = [Paragraph(f"Rumus: {inputs.get('formula', '')}", style="note")]
    if rows:
        places = decimal_places(row[3] for row in rows)
        blocks.append(
            Table(
                key=table_key(m.code, "detail"),
                caption=f"Elemen Data Perhitungan {m.code} Tahun {data.year}",
                columns=[
                    Column("Elemen data"),
                    Column("Tahun"),
                    Column("Periode"),
                    Column("Nilai", Kind.NUMBER, places),
                ],
                rows=rows,
            )
        )
    return blocks


def _dec(value) -> Decimal | None:
    """Provenance numbers are decimal strings (JSON); tables want Decimal."""
    if value is None or value == "":
        return None
    return to_decimal(value) if not isinstance(value, Decimal) else value


def _before_after_blocks(data, m, inputs) -> list[Block]:
    rows = []
    for number, company in enumerate(inputs.get("companies", []), start=1):
        record = data.facilitations.get((inputs.get("kind"), company["company"]))
        for measure in company.get("measures", []):
            rows.append(
                [
                    number,
                    company["company"],
                    record.activity if record else None,
                    measure.get("name"),
                    measure.get("unit") or None,
                    _dec(measure.get("A")),
                    _dec(measure.get("B")),
                    choice_label(Direction, measure.get("direction", "")),
                    _dec(measure.get("pct")),
                ]
            )
    values = [r[5] for r in rows] + [r[6] for r in rows]
    table = Table(
        key=table_key(m.code, "detail"),
        caption=f"Rincian Capaian Indikator {m.code} Tahun {data.year}",
        columns=[
            Column("No", Kind.INTEGER),
            Column("Perusahaan"),
            Column("Kegiatan"),
            Column("Ukuran kinerja"),
            Column("Satuan"),
            Column("Sebelum (A)", Kind.NUMBER, decimal_places(values)),
            Column("Sesudah (B)", Kind.NUMBER, decimal_places(values)),
            Column("Jenis"),
            Column("Perubahan", Kind.PERCENT),
        ],
        rows=rows,
        total=[None, "Rata-rata", None, None, None, None, None, None, m.realization],
        note="Produktivitas = (B − A) / A × 100 %; efisiensi = (A − B) / A × 100 %.",
    )
    return [table]


def _companies_blocks(data, m, inputs) -> list[Block]:
    rows = []
    for number, company in enumerate(inputs.get("companies", []), start=1):
        record = data.facilitations.get((inputs.get("kind"), company))
        rows.append(
            [
                number,
                company,
                record.activity if record else None,
                (record.agreement_number or None) if record else None,
            ]
        )
    return [
        Table(
            key=table_key(m.code, "detail"),
            caption=f"Perusahaan yang Difasilitasi (Indikator {m.code}) Tahun {data.year}",
            columns=[
                Column("No", Kind.INTEGER),
                Column("Perusahaan"),
                Column("Kegiatan"),
                Column("Nomor perjanjian"),
            ],
            rows=rows,
            total=[len(rows), "Jumlah perusahaan", None, None],
        )
    ]


def _orders_blocks(data, m, inputs) -> list[Block]:
    by_type = inputs.get("by_type", {})
    rows = [[choice_label(ServiceType, t), int(n)] for t, n in by_type.items()]
    return [
        Table(
            key=table_key(m.code, "detail"),
            caption=f"Order Layanan Jasa (Indikator {m.code}) Tahun {data.year}",
            columns=[Column("Jenis layanan"), Column("Jumlah order", Kind.INTEGER)],
            rows=rows,
            total=["Jumlah", sum(int(n) for n in by_type.values())],
        )
    ]


def _growth_blocks(data, m, inputs) -> list[Block]:
    year = data.year
    before = inputs.get(f"A_{year - 1}") or {}
    after = inputs.get(f"B_{year}") or {}
    orders = inputs.get("records") == "service_orders"
    choices = ServiceType if orders else PnbpCategory
    order = {value: i for i, value in enumerate(choices.values)}
    keys = sorted(set(before) | set(after), key=lambda k: (order.get(k, 99), k))
    kind = Kind.INTEGER if orders else Kind.MONEY

    def value(mapping, key):
        raw = mapping.get(key)
        if raw is None:
            return None
        return int(raw) if orders else _dec(raw)

    rows = []
    for key in keys:
        a, b = value(before, key), value(after, key)
        rows.append([choice_label(choices, key), a, b, calc.growth_pct(a, b)])
    a_total, b_total = _dec(inputs.get("A")), _dec(inputs.get("B"))
    subject = "Order Layanan Jasa" if orders else "Penerimaan PNBP"
    table = Table(
        key=table_key(m.code, "detail"),
        caption=f"{subject} Tahun {year - 1} dan {year}",
        columns=[
            Column("Jenis layanan"),
            Column(str(year - 1), kind),
            Column(str(year), kind),
            Column("Pertumbuhan", Kind.PERCENT),
        ],
        rows=rows,
        total=[
            "Jumlah",
            int(a_total) if orders and a_total is not None else a_total,
            int(b_total) if orders and b_total is not None else b_total,
            m.realization,
        ],
        note="Pertumbuhan = (B − A) / A × 100 %, A = tahun lalu, B = tahun ini.",
    )
    return [table]


def _ratio_blocks(data, m, inputs) -> list[Block]:
    if "by_kind" in inputs:
        rows = [
            [
                choice_label(RecommendationKind, kind),
                counts["total"],
                counts["done"],
                share(counts["done"], counts["total"]),
            ]
            for kind, counts in inputs["by_kind"].items()
        ]
        return [
            Table(
                key=table_key(m.code, "detail"),
                caption=f"Tindak Lanjut Rekomendasi Hasil Pengawasan Tahun {data.year}",
                columns=[
                    Column("Jenis"),
                    Column("Jumlah rekomendasi", Kind.INTEGER),
                    Column("Sudah ditindaklanjuti", Kind.INTEGER),
                    Column("Persentase", Kind.PERCENT),
                ],
                rows=rows,
                total=["Jumlah", inputs.get("total"), inputs.get("followed_up"), m.realization],
            )
        ]
    accounts = inputs.get("accounts") or []
    rows = [
        [a["account"], "Ya" if a["domestic"] else "Tidak", _dec(a["ceiling"]), _dec(a["spending"])]
        for a in accounts
    ]
    return [
        Table(
            key=table_key(m.code, "detail"),
            caption=f"Belanja Produk Dalam Negeri pada Akun Terpilih Tahun {data.year}",
            columns=[
                Column("Akun"),
                Column("Produk dalam negeri"),
                Column("Pagu", Kind.MONEY),
                Column("Realisasi", Kind.MONEY),
            ],
            rows=rows,
            total=[
                "Jumlah",
                None,
                _dec(inputs.get("ceiling")),
                _dec(inputs.get("domestic_spending")),
            ],
        )
    ]


def _survey_blocks(data, m, inputs) -> list[Block]:
    means = inputs.get("element_means") or {}
    rows = []
    for code, mean in means.items():
        nrr = _dec(mean)
        rows.append([choice_label(Element, code), nrr, None if nrr is None else nrr / len(means)])
    index = _dec(inputs.get("index"))
    table = Table(
        key=table_key(m.code, "detail"),
        caption=f"Nilai Rata-rata Unsur Pelayanan (SKM) Tahun {data.year}",
        columns=[
            Column("Unsur pelayanan"),
            Column("Nilai rata-rata (NRR)", Kind.NUMBER, 2),
            Column("NRR tertimbang", Kind.NUMBER, 3),
        ],
        rows=rows,
        total=["Indeks (Σ NRR tertimbang)", None, index],
        note="NRR tertimbang = NRR × 1/9 (PermenPANRB 14/2017).",
    )
    blocks: list[Block] = [table]
    grade = inputs.get("grade")
    text = (
        f"Survei kepuasan masyarakat tahun {data.year} dijawab "
        f"{measure_text(_dec(inputs.get('respondents')), 0)} "
        f"responden. Indeks {measure_text(index)} dikonversi menjadi "
        f"{measure_text(_dec(inputs.get('converted')))} (indeks × 25)"
    )
    if grade:
        text += f" sehingga mutu pelayanan {grade} ({choice_label(Grade, grade).lower()})"
    text += "."
    if inputs.get("required_sample") is not None:
        text += (
            f" Jumlah sampel minimal menurut Krejcie dan Morgan untuk populasi "
            f"{measure_text(_dec(inputs.get('population')), 0)} adalah "
            f"{measure_text(_dec(inputs.get('required_sample')), 0)} responden."
        )
    blocks.append(generated_paragraph(text))
    # Whether the responses were generated from published means (``synthetic``) is the
    # consistency check's business (reports/checks.py), never the document's.
    return blocks


def _score_blocks(data, m, inputs) -> list[Block]:
    blocks: list[Block] = []
    components = inputs.get("components") or []
    if components:
        weighted = any(c.get("weight") is not None for c in components)
        columns = [Column("Komponen"), Column("Nilai", Kind.NUMBER, 2)]
        if weighted:
            columns += [
                Column("Bobot", Kind.PERCENT, 0),
                Column("Nilai tertimbang", Kind.NUMBER, 4),
            ]
        columns.append(Column("Nilai maksimal", Kind.NUMBER, 2))
        rows = []
        for c in components:
            value, weight = _dec(c.get("value")), _dec(c.get("weight"))
            row = [c.get("name"), value]
            if weighted:
                row += [weight, value * weight / 100 if value is not None and weight else None]
            row.append(_dec(c.get("max")))
            rows.append(row)
        total = ["Jumlah", None if weighted else m.realization]
        if weighted:
            total += [Decimal(100), m.realization]
        total.append(None)
        blocks.append(
            Table(
                key=table_key(m.code, "detail"),
                caption=f"Komponen Penilaian Indikator {m.code} Tahun {data.year}",
                columns=columns,
                rows=rows,
                total=total,
            )
        )
    grade = inputs.get("computed_grade") or inputs.get("grade")
    label = inputs.get("computed_grade_label")
    text = f"Nilai {measure_text(m.realization)}"
    if grade:
        text += f" dengan predikat {grade}" + (f" ({label})" if label else "")
    text += "."
    if inputs.get("source"):
        text += f" Sumber: {inputs['source']}."
    blocks.append(generated_paragraph(text))
    return blocks

"""The Perjanjian Kinerja (PermenPANRB 53/2014) of one unit's year, built as a
``document.Document`` for the DOCX, PDF and XLSX renderers.

The layout is the standard one (seed Gambar 2.3 and 2.5): the statement by which the head
of the unit (PIHAK PERTAMA) promises the targets to the superior (PIHAK KEDUA), the
signature block, then the annex with every indicator and its target grouped by Sasaran
Strategis and the year's budget. When the agreement was revised, an unnumbered section
"Riwayat perubahan" lists the versions and what each one changed.

The version shown is the one in force (``Agreement.version_in_force``: the highest signed,
or the highest draft while none is signed) unless a number is asked for; a draft is marked
"DRAF" in the title. Numbers go into the tables as ``Decimal`` with a column kind, as in
``lakin``, whose small helpers this module reuses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation

from kinerja.budget.selectors import BudgetOverview, budget_overview
from kinerja.measurement import calc
from kinerja.measurement.selectors import no_agreement_message
from kinerja.org.models import Unit
from kinerja.planning.choices import AgreementStatus
from kinerja.planning.models import Agreement, AgreementIndicator, AgreementVersion
from kinerja.planning.scales import ScaleDef

from .document import Block, Column, Document, Kind, Paragraph, Section, Table
from .lakin import (
    NA,
    by_source,
    choice_label,
    content_hash,
    cover_lines,
    date_text,
    decimal_places,
    generated_paragraph,
    indicator_scale,
    optional,
    target_cell,
    target_kind_text,
)
from .narratives import join_names, measure_text, money_text, satuan
from .terbilang import terbilang

__all__ = [
    "AgreementUnavailable",
    "Change",
    "agreement_changes",
    "build_perkin",
    "ceiling_table",
    "signed_agreement",
    "target_text",
]

TITLE = "Perjanjian Kinerja"
DRAFT_MARK = "DRAF"
BLANK = "…………………………"  # to be filled in by hand: the place of signing, a missing name
SIGNATURE_LINES = 3  # blank rows left for the signatures
SIGNATURE_SPACE = "\u00a0"  # a no-break space: an empty cell would collapse in HTML/PDF

OPENING = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
PROMISE_FIRST = (
    "PIHAK PERTAMA berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target "
    "kinerja tersebut menjadi tanggung jawab kami."
)
PROMISE_SECOND = (
    "PIHAK KEDUA akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
    "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
    "dalam rangka pemberian penghargaan dan sanksi."
)


class AgreementUnavailable(LookupError):
    """The unit has no Perjanjian Kinerja for the year, or not the version asked for; the
    message names what exists."""


# ======================================================================================
# Data
# ======================================================================================
@dataclass
class PerkinData:
    unit: Unit
    year: int
    agreement: Agreement
    version: AgreementVersion  # the version this document shows
    in_force: AgreementVersion
    versions: list[AgreementVersion]  # all, by number
    items: dict[int, list[AgreementIndicator]]  # by version number, in agreement order
    budget: BudgetOverview | None

    @property
    def short_name(self) -> str:
        return self.unit.short_name or self.unit.name

    @property
    def plan(self):
        return self.agreement.plan_version.plan


def _load(unit: Unit, year: int, number: int | None, *, with_budget: bool = True) -> PerkinData:
    agreement = (
        Agreement.objects.filter(unit=unit, year=year)
        .select_related("plan_version__plan", "unit__parent")
        .first()
    )
    if agreement is None:
        raise AgreementUnavailable(no_agreement_message(unit, year))
    versions = list(agreement.versions.order_by("number"))
    in_force = agreement.version_in_force()
    if in_force is None:
        raise AgreementUnavailable(
            translation.gettext("Perjanjian Kinerja %(year)s %(unit)s tidak mempunyai versi")
            % {"year": year, "unit": unit.code}
        )
    if number is None:
        version = in_force
    else:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            known = ", ".join(str(v.number) for v in versions)
            raise AgreementUnavailable(
                translation.gettext(
                    "Perjanjian Kinerja %(year)s %(unit)s tidak mempunyai versi %(number)s; "
                    "versi yang ada: %(known)s"
                )
                % {"year": year, "unit": unit.code, "number": number, "known": known}
            )
    items: dict[int, list[AgreementIndicator]] = defaultdict(list)
    for item in (
        AgreementIndicator.objects.filter(version__in=versions)
        .select_related("version", "indicator__objective", "indicator__goal", "indicator__scale")
        .order_by("version__number", "position")
    ):
        items[item.version.number].append(item)
    return PerkinData(
        unit=unit,
        year=year,
        agreement=agreement,
        version=version,
        in_force=in_force,
        versions=versions,
        items=items,
        budget=optional(budget_overview, unit, year) if with_budget else None,
    )


# ======================================================================================
# Helpers shared with the quarterly report
# ======================================================================================
def ceiling_table(budget: BudgetOverview, key: str, caption: str, note: str = "") -> Table:
    """The year's DIPA (or DPA) ceiling by source of funds, with the total."""
    return Table(
        key=key,
        caption=caption,
        columns=[Column("Sumber dana"), Column(budget.words.ceiling, Kind.MONEY)],
        rows=[
            [budget.source_label(source), amounts.ceiling] for source, amounts in by_source(budget)
        ],
        total=["Jumlah", budget.totals.ceiling],
        note=note,
    )


def _owner(item: AgreementIndicator):
    """The objective an agreement indicator serves (or its goal, for goal indicators)."""
    return item.indicator.objective or item.indicator.goal


def _grouped(items: list[AgreementIndicator]) -> list[tuple[object, list[AgreementIndicator]]]:
    """Items grouped by objective, groups in order of first appearance (as ``lakin``)."""
    groups: dict[tuple[str, str], tuple[object, list]] = {}
    for item in items:
        owner = _owner(item)
        groups.setdefault((type(owner).__name__, owner.code), (owner, []))[1].append(item)
    return list(groups.values())


def _target(item: AgreementIndicator) -> calc.TargetValue:
    return item.target_value


def target_text(
    target: calc.TargetValue | None, unit_label: str = "", scale: ScaleDef | None = None
) -> str:
    """A target inside a sentence: "30 persen", "20–25 derajat", "N/A", "WTP"."""
    if target is None:
        return "–"
    if target.kind:
        return target_kind_text(target.kind).lower()
    if target.value is None:
        return NA
    if scale is not None:
        return scale.text(target.value)
    text = measure_text(target.value)
    if target.max_value is not None:
        text += f"–{measure_text(target.max_value)}"
    return f"{text} {satuan(unit_label)}".strip()


# ======================================================================================
# What changed between two versions
# ======================================================================================
ADDED, REMOVED, CHANGED = "Ditambahkan", "Dihapus", "Target diubah"


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    unit_label: str
    kind: str  # ADDED | REMOVED | CHANGED
    old: calc.TargetValue | None  # None when added
    new: calc.TargetValue | None  # None when removed
    scale: ScaleDef | None = None  # of an indicator on levels


def agreement_changes(
    older: list[AgreementIndicator], newer: list[AgreementIndicator]
) -> list[Change]:
    """Indicators added and removed, and targets changed, from one version to the next
    (in the newer version's order, removals last in the older one's order)."""
    before = {item.indicator.code: item for item in older}
    after = {item.indicator.code: item for item in newer}
    changes = []
    for code, item in after.items():
        indicator = item.indicator
        if code not in before:
            changes.append(
                Change(
                    code,
                    indicator.name,
                    indicator.unit_label,
                    ADDED,
                    None,
                    _target(item),
                    indicator_scale(indicator),
                )
            )
        elif _target(before[code]) != _target(item):
            changes.append(
                Change(
                    code,
                    indicator.name,
                    indicator.unit_label,
                    CHANGED,
                    _target(before[code]),
                    _target(item),
                    indicator_scale(indicator),
                )
            )
    for code, item in before.items():
        if code not in after:
            indicator = item.indicator
            changes.append(
                Change(
                    code,
                    indicator.name,
                    indicator.unit_label,
                    REMOVED,
                    _target(item),
                    None,
                    indicator_scale(indicator),
                )
            )
    return changes


def _change_sentence(old: AgreementVersion, new: AgreementVersion, changes: list[Change]) -> str:
    head = f"Versi {new.number} dibandingkan versi {old.number}"
    if not changes:
        return f"{head} tidak mengubah indikator maupun target."
    parts = []
    added = [c for c in changes if c.kind == ADDED]
    removed = [c for c in changes if c.kind == REMOVED]
    changed = [c for c in changes if c.kind == CHANGED]
    if added:
        parts.append(
            "indikator ditambahkan: "
            + join_names(
                f"{c.code} {c.name} (target {target_text(c.new, c.unit_label, c.scale)})"
                for c in added
            )
        )
    if removed:
        parts.append("indikator dihapus: " + join_names(f"{c.code} {c.name}" for c in removed))
    if changed:
        parts.append(
            "target diubah: "
            + join_names(
                f"{c.code} {c.name} dari {target_text(c.old, c.unit_label, c.scale)} menjadi "
                f"{target_text(c.new, c.unit_label, c.scale)}"
                for c in changed
            )
        )
    return f"{head}: " + "; ".join(parts) + "."


def _changes_table(old: AgreementVersion, new: AgreementVersion, changes: list[Change]) -> Table:
    targets = [t for c in changes for t in (c.old, c.new) if t is not None]
    places = decimal_places([t.value for t in targets] + [t.max_value for t in targets])
    has_range = any(t.max_value is not None for t in targets)

    def cells(target: calc.TargetValue | None, scale=None) -> list:
        value = target_cell(target, scale)
        return [value, target.max_value if target else None] if has_range else [value]

    columns = [Column("Kode"), Column("Indikator Kinerja"), Column("Perubahan")]
    for number in (old.number, new.number):
        columns.append(Column(f"Target versi {number}", Kind.NUMBER, places))
        if has_range:
            columns.append(Column(f"Batas atas versi {number}", Kind.NUMBER, places))
    columns.append(Column("Satuan"))
    return Table(
        key=f"changes-v{old.number}-v{new.number}",
        caption=f"Perubahan Perjanjian Kinerja Versi {old.number} → Versi {new.number}",
        columns=columns,
        rows=[
            [c.code, c.name, c.kind, *cells(c.old, c.scale), *cells(c.new, c.scale), c.unit_label]
            for c in changes
        ],
        note="–: indikator tidak ada pada versi itu; N/A: target tidak ditetapkan.",
    )


# ======================================================================================
# Sections
# ======================================================================================
def _title(data: PerkinData) -> str:
    title = f"{TITLE} Tahun {data.year}"
    return title if data.version.is_signed else f"{title} ({DRAFT_MARK})"


def _statement(data: PerkinData) -> Section:
    v = data.version
    section = Section(f"{TITLE} {data.short_name} Tahun {data.year}", numbered=False)
    if not v.is_signed:
        section.add(
            Paragraph(
                f"{DRAFT_MARK}: versi {v.number} belum ditandatangani.",
                style="note",
            )
        )
    elif v.pk != data.in_force.pk:
        section.add(
            Paragraph(
                f"Versi {v.number} ini telah diganti oleh versi {data.in_force.number} yang "
                "berlaku.",
                style="note",
            )
        )
    section.add(Paragraph(OPENING))
    section.add(
        Paragraph(
            f"1. {v.signatory or BLANK}, selaku pimpinan {data.unit.name}, selanjutnya "
            "disebut PIHAK PERTAMA;"
        )
    )
    section.add(
        Paragraph(
            f"2. {v.superior or BLANK}, selaku atasan langsung PIHAK PERTAMA, selanjutnya "
            "disebut PIHAK KEDUA."
        )
    )
    section.add(Paragraph(PROMISE_FIRST))
    section.add(Paragraph(PROMISE_SECOND))
    for block in _signature_blocks(data):
        section.add(block)
    return section


def _signature_blocks(data: PerkinData) -> list[Block]:
    """Place and date, then the parties with room to sign, their names and NIPs: what
    is not recorded is a blank line to be written in, never filled with a guess."""
    v = data.version
    date = date_text(v.signed_on) if v.signed_on else f"{BLANK} {data.year}"
    rows = [[SIGNATURE_SPACE, SIGNATURE_SPACE] for _ in range(SIGNATURE_LINES)]
    rows.append([v.superior or BLANK, v.signatory or BLANK])
    if v.superior_nip or v.signatory_nip:
        rows.append(
            [
                f"NIP. {v.superior_nip}" if v.superior_nip else SIGNATURE_SPACE,
                f"NIP. {v.signatory_nip}" if v.signatory_nip else SIGNATURE_SPACE,
            ]
        )
    return [
        Paragraph(f"{v.signed_place or BLANK}, {date}"),
        Table(
            key="signatures",
            caption="Tanda Tangan Para Pihak",
            columns=[Column("PIHAK KEDUA,"), Column("PIHAK PERTAMA,")],
            rows=rows,
        ),
    ]


def _annex(data: PerkinData) -> Section:
    section = Section(f"Lampiran {TITLE} {data.short_name} Tahun {data.year}", numbered=False)
    items = data.items.get(data.version.number, [])
    section.add(_targets_table(data, items))
    budget = data.budget
    if budget is not None:
        ceiling = budget.totals.ceiling
        text = f"Anggaran {data.short_name} tahun {data.year} {money_text(ceiling)}"
        if ceiling is not None:
            text += f" ({terbilang(ceiling)})"
        sources = [
            f"{budget.source_label(k)} {money_text(a.ceiling)}" for k, a in by_source(budget)
        ]
        text += f", terdiri atas {join_names(sources)}." if sources else "."
        section.add(generated_paragraph(text))
        section.add(
            ceiling_table(
                budget,
                "budget",
                f"Anggaran {data.short_name} Tahun {data.year}",
                note=(
                    f"{budget.words.final_ceiling} {budget.words.document} tahun {data.year} "
                    "menurut sumber dana."
                ),
            )
        )
    return section


def _targets_table(data: PerkinData, items: list[AgreementIndicator]) -> Table:
    has_range = any(item.target_max is not None for item in items)
    columns = [
        # A group label (on the row that opens each objective's group), not a figure:
        # the rows under it leave it empty, as the signed agreement prints them.
        Column("No"),
        Column("Sasaran Strategis"),
        Column("Kode"),
        Column("Indikator Kinerja"),
        Column("Target", Kind.NUMBER, decimal_places(item.target for item in items)),
    ]
    if has_range:
        columns.append(
            Column("Batas atas", Kind.NUMBER, decimal_places(item.target_max for item in items))
        )
    columns.append(Column("Satuan"))
    rows = []
    for number, (owner, group) in enumerate(_grouped(items), start=1):
        for index, item in enumerate(group):
            first = index == 0
            row = [
                str(number) if first else "",
                f"{owner.code} {owner.name}" if first else "",
                item.indicator.code,
                item.indicator.name,
                target_cell(item.target_value, indicator_scale(item.indicator)),
            ]
            if has_range:
                row.append(item.target_max)
            row.append(item.indicator.unit_label)
            rows.append(row)
    status = "ditandatangani" if data.version.is_signed else "draf"
    return Table(
        key="agreement",
        caption=f"Sasaran Strategis, Indikator Kinerja dan Target Tahun {data.year}",
        columns=columns,
        rows=rows,
        note=f"Perjanjian Kinerja versi {data.version.number} ({status}); "
        "N/A: target tidak ditetapkan.",
    )


def _history(data: PerkinData) -> Section:
    section = Section("Riwayat perubahan", numbered=False)
    section.add(
        generated_paragraph(
            f"Perjanjian Kinerja {data.short_name} tahun {data.year} memiliki "
            f"{len(data.versions)} versi; versi yang berlaku adalah versi "
            f"{data.in_force.number} dan dokumen ini memuat versi {data.version.number}."
        )
    )
    section.add(
        Table(
            key="agreement-versions",
            caption=f"Versi Perjanjian Kinerja Tahun {data.year}",
            columns=[
                Column("Versi", Kind.INTEGER),
                Column("Status"),
                Column("Tanggal tanda tangan"),
                Column("Alasan perubahan"),
                Column("Keterangan"),
            ],
            rows=[
                [
                    v.number,
                    choice_label(AgreementStatus, v.status),
                    date_text(v.signed_on),
                    v.reason.strip() or None,
                    join_names(
                        label
                        for label, applies in (
                            ("berlaku", v.pk == data.in_force.pk),
                            ("dimuat dalam dokumen ini", v.pk == data.version.pk),
                        )
                        if applies
                    )
                    or None,
                ]
                for v in data.versions
            ],
        )
    )
    for old, new in zip(data.versions, data.versions[1:], strict=False):
        changes = agreement_changes(data.items.get(old.number, []), data.items.get(new.number, []))
        section.add(generated_paragraph(_change_sentence(old, new, changes)))
        if changes:
            section.add(_changes_table(old, new, changes))
    return section


def signed_agreement(unit: Unit, year: int, number: int, *, key_prefix: str) -> Section:
    """The agreement as the parties signed it, for another document's annex (the LAKIN's
    Lampiran): the statement with the signature block and the table of indicators and
    targets, built by the same functions as the Perjanjian Kinerja itself. Table keys get
    ``key_prefix`` so that they do not clash with the host document's own tables."""
    data = _load(unit, year, number, with_budget=False)  # the annex prints no budget
    section = _statement(data)
    section.add(_targets_table(data, data.items.get(data.version.number, [])))
    for block in section.blocks:
        if isinstance(block, Table):
            block.key = f"{key_prefix}{block.key}"
    return section


# ======================================================================================
# The document
# ======================================================================================
def build_perkin(
    unit: Unit, year: int, version: int | None = None, *, today: dt.date | None = None
) -> Document:
    """The Perjanjian Kinerja of ``unit`` for ``year``: the version in force, or version
    number ``version`` (``AgreementUnavailable`` when there is no such agreement or
    version)."""
    with translation.override("id"):
        data = _load(unit, year, version)
        cover = cover_lines(data)
        if len(data.versions) > 1 or not data.version.is_signed:
            cover.insert(-1, f"Versi {data.version.number}")
        doc = Document(
            title=_title(data),
            unit_name=unit.name,
            year=year,
            cover_lines=cover,
            generated_on=today or dt.date.today(),
            language="id",
        )
        doc.sections = [_statement(data), _annex(data)]
        if len(data.versions) > 1:
            doc.sections.append(_history(data))
    doc.number_items()
    doc.data_hash = content_hash(doc)
    return doc

"""BAB I Pendahuluan: the unit, its tasks and functions, services, organisation and staff
(from the unit's profile of the year, when it recorded one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from kinerja.core.numbers import format_id
from kinerja.org.choices import ServiceCategory, StatementKind
from kinerja.org.models import ImagePlacement, StaffBreakdown, UnitProfile

from .. import charts
from ..document import Column, Figure, Kind, Paragraph, Section, Table
from ..narratives import join_names
from .common import choice_label, date_text, generated_paragraph
from .data import LakinData
from .images import placed_images


def chapter_introduction(data: LakinData) -> Section:
    chapter = Section("Pendahuluan")
    unit = data.unit
    parents = []
    parent = unit.parent
    while parent is not None:
        parents.append(parent.name)
        parent = parent.parent
    position = f" yang berada di bawah {join_names(parents[:1])}" if parents else ""
    if len(parents) > 1:
        position += f", {parents[1]}"
    profile = chapter.add(Section("Profil Unit Kerja"))
    profile.add(
        generated_paragraph(
            f"{unit.name} ({data.short_name}) adalah unit kerja{position}. Laporan ini "
            f"mempertanggungjawabkan Perjanjian Kinerja tahun {data.year} yang disusun "
            f"berdasarkan {data.plan.name}."
        )
    )
    if data.profile is None:
        profile.add(
            generated_paragraph(
                "Data profil unit kerja (tugas dan fungsi, struktur organisasi, sumber daya "
                "manusia, sarana dan layanan) belum tersedia sehingga tidak diuraikan "
                "dalam laporan ini."
            )
        )
    version = data.plan_version
    signed = "ditandatangani" if data.version.is_signed else "draf"
    profile.add(
        Table(
            key="unit-profile",
            caption="Data Unit Kerja",
            columns=[Column("Uraian"), Column("Keterangan")],
            rows=[
                ["Nama unit kerja", unit.name],
                ["Nama singkat", data.short_name],
                ["Unit induk", ", ".join(parents) if parents else "–"],
                ["Rencana Strategis", data.plan.name],
                [
                    "Versi Renstra yang berlaku",
                    f"Versi {version.number}" + (f": {version.title}" if version.title else ""),
                ],
                ["Dasar hukum Renstra", version.legal_basis or "–"],
                [
                    f"Perjanjian Kinerja {data.year}",
                    f"Versi {data.version.number} ({signed})",
                ],
                ["Jumlah indikator kinerja", str(len(data.measures.indicators))],
            ],
        )
    )
    if data.profile is not None:
        chapter.add(_tasks_and_functions(data, data.profile))
        services = chapter.add(_services(data, data.profile))
        organisation = chapter.add(_organisation(data, data.profile))
        chapter.add(_staff(data, data.profile))
    else:  # attached images still appear, in the profile's section
        services = organisation = profile
    for placement, section in (
        (ImagePlacement.SERVICES, services),
        (ImagePlacement.INFORMATION_SYSTEMS, services),
        (ImagePlacement.ORGANISATION, organisation),
    ):
        for figure in placed_images(data, placement):
            section.add(figure)
    outline = chapter.add(Section("Sistematika Laporan"))
    contents = (
        "profil unit kerja: tugas dan fungsi, layanan, struktur organisasi dan sumber daya manusia"
        if data.profile is not None
        else "data unit kerja"
    )
    outline.add(
        generated_paragraph(
            f"Bab I memuat {contents}. Bab II menguraikan Rencana Strategis, Perjanjian "
            f"Kinerja, rencana anggaran dan Rencana Aksi tahun {data.year}. Bab III menyajikan "
            "pengukuran dan analisis capaian setiap indikator kinerja serta akuntabilitas "
            "keuangan. Bab IV berisi kesimpulan."
        )
    )
    return chapter


def _numbered(texts: Iterable[str]) -> list[Paragraph]:
    """A numbered list as the unit wrote it, one paragraph per item."""
    return [Paragraph(f"{i}. {text}") for i, text in enumerate(texts, start=1)]


def _not_recorded(what: str, year: int) -> Paragraph:
    return generated_paragraph(f"{what} tahun {year} belum tersedia.")


def _tasks_and_functions(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Tugas dan Fungsi")
    legal_basis = [s.text for s in profile.statements_of(StatementKind.LEGAL_BASIS)]
    if legal_basis:
        section.add(
            generated_paragraph(f"Dasar hukum pembentukan dan organisasi {data.short_name}:")
        )
        section.blocks.extend(_numbered(legal_basis))
    if profile.tasks:
        section.add(Paragraph(profile.tasks))
    functions = [s.text for s in profile.statements_of(StatementKind.FUNCTION)]
    if functions:
        section.add(
            generated_paragraph(
                f"Dalam melaksanakan tugasnya, {data.short_name} menyelenggarakan fungsi:"
            )
        )
        section.blocks.extend(_numbered(functions))
    if not (profile.tasks or functions):
        section.add(_not_recorded("Tugas dan fungsi unit kerja", data.year))
    mission = [s.text for s in profile.statements_of(StatementKind.MISSION)]
    if profile.vision or mission:
        vision_mission = section.add(Section("Visi dan Misi"))
        if profile.vision:
            vision_mission.add(Paragraph(f"Visi: {profile.vision}"))
        if mission:
            vision_mission.add(generated_paragraph("Misi:"))
            vision_mission.blocks.extend(_numbered(mission))
    return section


def _validity(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"berlaku {date_text(start)} s.d. {date_text(end)}"
    if end:
        return f"berlaku hingga {date_text(end)}"
    return f"berlaku sejak {date_text(start)}" if start else ""


def _services(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Peran Strategis dan Layanan")
    roles = [s.text for s in profile.statements_of(StatementKind.STRATEGIC_ROLE)]
    if roles:
        section.add(generated_paragraph(f"Peran strategis {data.short_name}:"))
        section.blocks.extend(_numbered(roles))
    services = list(profile.services.all())
    if services:
        rows = []
        for s in services:
            recognition = "; ".join(
                part
                for part in (
                    s.accreditation,
                    s.accreditation_body,
                    _validity(s.valid_from, s.valid_until),
                )
                if part
            )
            rows.append(
                [
                    s.name,
                    choice_label(ServiceCategory, s.category),
                    s.description or None,
                    recognition or None,
                ]
            )
        accredited = sum(1 for s in services if s.accreditation)
        section.add(
            generated_paragraph(
                f"{data.short_name} mencatat {len(services)} layanan dan sarana, "
                f"{accredited} di antaranya dengan akreditasi, registrasi atau penunjukan."
            )
        )
        section.add(
            Table(
                key="profile-services",
                caption=f"Layanan dan Sarana {data.short_name}",
                columns=[
                    Column("Layanan / sarana"),
                    Column("Kategori"),
                    Column("Uraian"),
                    Column("Akreditasi / pengakuan"),
                ],
                rows=rows,
            )
        )
    else:
        section.add(_not_recorded("Daftar layanan unit kerja", data.year))
    systems = list(profile.information_systems.all())
    if systems:
        section.add(
            Table(
                key="profile-information-systems",
                caption=f"Sistem Informasi {data.short_name}",
                columns=[Column("Sistem informasi"), Column("Alamat"), Column("Uraian")],
                rows=[[s.name, s.url or None, s.description or None] for s in systems],
            )
        )
    return section


def _organisation(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Struktur Organisasi")
    elements = list(profile.structure_units.all())
    if elements:
        for top in (e for e in elements if e.parent_id is None):
            below = [e.name for e in elements if e.parent_id == top.pk]
            text = f"{top.name} dipimpin oleh {top.head_title or data.words.head_title}"
            text += f" yang membawahi {join_names(below)}." if below else "."
            section.add(generated_paragraph(text))
        section.add(_organisation_chart(data, elements))
        section.add(
            Table(
                key="profile-organisation",
                caption=f"Unsur Organisasi {data.short_name} dan Tugasnya",
                columns=[
                    Column("Unsur organisasi"),
                    Column("Pimpinan"),
                    Column("Di bawah"),
                    Column("Tugas"),
                ],
                rows=[
                    [
                        e.name,
                        e.head_title or None,
                        e.parent.name if e.parent else None,
                        e.duties or None,
                    ]
                    for e in elements
                ],
            )
        )
    else:
        section.add(_not_recorded("Struktur organisasi unit kerja", data.year))
    sop_groups = profile.statements_of(StatementKind.SOP_GROUP)
    if sop_groups:
        section.add(
            generated_paragraph(
                f"Standard Operating Procedure (SOP) {data.short_name} terdiri dari "
                f"{len(sop_groups)} kelompok prosedur."
            )
        )
        section.add(
            Table(
                key="profile-sop-groups",
                caption=f"Kelompok SOP {data.short_name}",
                columns=[Column("Kelompok"), Column("Cakupan")],
                rows=[[s.title, s.text or None] for s in sop_groups],
            )
        )
    return section


def _organisation_chart(data: LakinData, elements: list) -> Figure:
    """The organisation chart drawn from the profile's elements (seed Gambar 1.12)."""
    codes = {e.pk: e.code for e in elements}
    chart = charts.org_chart([(e.code, e.name, codes.get(e.parent_id)) for e in elements])
    return Figure(
        key="profile-organisation-chart",
        caption=f"Struktur Organisasi {data.short_name}",
        svg=chart,
        png=chart,
    )


def _staff(data: LakinData, profile: UnitProfile) -> Section:
    section = Section("Sumber Daya Manusia")
    breakdowns = list(profile.staff_breakdowns.all())
    if not breakdowns:
        section.add(_not_recorded("Komposisi pegawai", data.year))
    for number, breakdown in enumerate(breakdowns, start=1):
        section.add(generated_paragraph(_staff_sentence(breakdown)))
        section.add(_staff_table(data, breakdown, number))
        if breakdown.total:
            section.add(_staff_chart(data, breakdown, number))
    return section


def _staff_chart(data: LakinData, breakdown: StaffBreakdown, number: int) -> Figure:
    """The shares of one breakdown as a pie (seed Gambar 1.13-1.15), next to its table."""
    counts = list(breakdown.counts.all())
    chart = charts.pie_chart(
        [c.label for c in counts],
        [c.count for c in counts],
        kind=charts.NUMBER,
        unit="orang",
    )
    return Figure(
        key=f"profile-staff-chart-{number}",
        caption=f"Komposisi Pegawai {data.short_name} berdasarkan {breakdown.name}",
        svg=chart,
        png=chart,
    )


def _staff_sentence(breakdown: StaffBreakdown) -> str:
    parts = [f"{format_id(Decimal(c.count), 0)} orang {c.label}" for c in breakdown.counts.all()]
    return (
        f"Rincian {breakdown.name}: {format_id(Decimal(breakdown.total), 0)} orang, terdiri "
        f"dari {join_names(parts)}."
    )


def _staff_table(data: LakinData, breakdown: StaffBreakdown, number: int) -> Table:
    """Counts with their shares; the total is the sum of the rows, never a typed figure."""
    total = breakdown.total
    rows = [
        [c.label, c.count, Decimal(c.count) * 100 / total if total else None]
        for c in breakdown.counts.all()
    ]
    return Table(
        key=f"profile-staff-{number}",
        caption=f"Komposisi Pegawai {data.short_name}: {breakdown.name}",
        columns=[
            Column(breakdown.name),
            Column("Jumlah (orang)", Kind.INTEGER),
            Column("Persentase", Kind.PERCENT, 2),
        ],
        rows=rows,
        total=["Jumlah", total, Decimal(100) if total else None],
        note=breakdown.note,
    )

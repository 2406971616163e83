"""The words a unit's documents use for itself: the name of its performance report, of its
budget document, of its five-year plan, the title of its head and the name of its parent.

A Ministry of Industry technical unit writes a "Laporan Akuntabilitas Kinerja (LAKIN)"
and spends a DIPA; a regency's department (perangkat daerah) writes a "Laporan Kinerja
Instansi Pemerintah (LKjIP)" and spends a DPA (APBD, Permendagri 77/2020 and 90/2019); a
religious court is led by a "Ketua". Report builders never spell these words themselves:
they ask ``vocabulary(unit)``, which starts from the defaults of the unit's kind and
applies what the unit's dataset overrides (``Unit.vocabulary``).

Pure Python apart from reading the unit's fields; no query.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .choices import REGIONAL_KINDS, UnitKind

__all__ = ["FIELDS", "Vocabulary", "default_vocabulary", "vocabulary"]


@dataclass(frozen=True)
class Vocabulary:
    report_title: str  # "Laporan Akuntabilitas Kinerja"
    report_abbr: str  # "LAKIN"
    budget_document: str  # "DIPA"
    budget_source: str  # "APBN"
    strategic_plan: str  # "Renstra"
    head_title: str  # "Kepala": the title of the unit's head, without the unit's name
    parent_name: str = ""  # the unit the report is addressed to ("" at the top)

    @property
    def report_name(self) -> str:
        """ "Laporan Akuntabilitas Kinerja (LAKIN)"."""
        if not self.report_abbr:
            return self.report_title
        return f"{self.report_title} ({self.report_abbr})"


FIELDS = tuple(f.name for f in fields(Vocabulary))

_CENTRAL = Vocabulary(
    report_title="Laporan Akuntabilitas Kinerja",
    report_abbr="LAKIN",
    budget_document="DIPA",
    budget_source="APBN",
    strategic_plan="Renstra",
    head_title="Kepala",
)
# PermenPANRB 53/2014 names the report "Laporan Kinerja"; regional governments and the
# courts call theirs "Laporan Kinerja Instansi Pemerintah (LKjIP)".
_LKJIP = {"report_title": "Laporan Kinerja Instansi Pemerintah", "report_abbr": "LKjIP"}
_REGIONAL = replace(_CENTRAL, **_LKJIP, budget_document="DPA", budget_source="APBD")

_BY_KIND: dict[str, Vocabulary] = {
    UnitKind.MINISTRY: replace(_CENTRAL, head_title="Menteri"),
    UnitKind.AGENCY: _CENTRAL,
    UnitKind.ECHELON1: _CENTRAL,
    UnitKind.ECHELON2: _CENTRAL,
    UnitKind.SATKER: _CENTRAL,
    UnitKind.COURT: replace(_CENTRAL, **_LKJIP, head_title="Ketua"),
    UnitKind.INDEPENDENT: replace(_CENTRAL, head_title="Ketua"),
    # The five-year plan of a regional government is its RPJMD (Permendagri 86/2017); its
    # departments write a Renstra Perangkat Daerah.
    UnitKind.PROVINCE: replace(_REGIONAL, strategic_plan="RPJMD", head_title="Gubernur"),
    UnitKind.REGENCY: replace(_REGIONAL, strategic_plan="RPJMD", head_title="Bupati"),
    UnitKind.CITY: replace(_REGIONAL, strategic_plan="RPJMD", head_title="Wali Kota"),
    UnitKind.REGIONAL_AGENCY: replace(_REGIONAL, strategic_plan="Renstra Perangkat Daerah"),
}
assert set(_BY_KIND) == set(UnitKind.values), "every unit kind needs its words"
assert all(_BY_KIND[k].budget_source == "APBD" for k in REGIONAL_KINDS)


def default_vocabulary(kind: str) -> Vocabulary:
    """The words of a kind before any override (an unknown kind reads as a satker)."""
    return _BY_KIND.get(kind, _CENTRAL)


def vocabulary(unit) -> Vocabulary:
    """The words of ``unit``'s documents: its kind's defaults, its parent's name, then what
    the unit overrides in ``Unit.vocabulary`` (keys of ``FIELDS``; unknown keys are refused
    when the dataset is loaded, and ignored here)."""
    words = default_vocabulary(unit.kind)
    parent = unit.parent  # cached after the first use; a report reads it anyway (cover)
    if parent is not None:
        words = replace(words, parent_name=parent.name)
    overrides = {k: v for k, v in (unit.vocabulary or {}).items() if k in FIELDS and v}
    return replace(words, **overrides) if overrides else words

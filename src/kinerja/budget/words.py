"""What a budget's documents call things, from the budget's kind: the one place where
"Pagu DIPA" becomes "Anggaran DPA" for a regional unit. Reports, commands and pages take
their budget words from here (``BudgetOverview.words``, ``Amounts.words``).

The words are Indonesian document terms (DIPA, DPA, pagu, sub kegiatan): the reports are
Indonesian documents. ``page_ceiling`` is the label pages show, translated."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import BudgetKind


@dataclass(frozen=True)
class BudgetWords:
    document: str  # "DIPA": the budget document
    budget_source: str  # "APBN": the budget it is part of
    ceiling: str  # "Pagu": the amount a line may spend
    initial_ceiling: str  # "Pagu awal"
    final_ceiling: str  # "Pagu akhir"
    revision: str  # "Revisi DIPA": a change of the document, as a table caption
    revision_number: str  # "Revisi ke": the column of the change's number
    revision_kind: str  # "Jenis revisi"
    revised_verb: str  # "direvisi": "DIPA direvisi 2 kali"
    leaf: str  # "komponen": the lines that carry money and are linked to indicators
    outputs: str  # caption of the table of output indicators on lines
    output_line: str  # "Rincian Output": the line an output indicator belongs to
    page_ceiling: str  # the ceiling's label on pages (translated): "Pagu DIPA"
    page_absorption: str  # "Realisasi belanja %(pct)s dari pagu." (translated)

    @property
    def document_ceiling(self) -> str:
        """ "Pagu DIPA" / "Anggaran DPA"."""
        return f"{self.ceiling} {self.document}"


_APBN = BudgetWords(
    document="DIPA",
    budget_source="APBN",
    ceiling="Pagu",
    initial_ceiling="Pagu awal",
    final_ceiling="Pagu akhir",
    revision="Revisi DIPA",
    revision_number="Revisi ke",
    revision_kind="Jenis revisi",
    revised_verb="direvisi",
    leaf="komponen",
    outputs="Capaian Keluaran (Rincian Output)",
    output_line="Rincian Output / komponen",
    page_ceiling=_("Pagu DIPA"),
    page_absorption=_("Realisasi belanja %(pct)s dari pagu."),
)
_APBD = BudgetWords(
    document="DPA",
    budget_source="APBD",
    ceiling="Anggaran",
    initial_ceiling="Anggaran awal",
    final_ceiling="Anggaran akhir",
    revision="DPA Perubahan (DPPA)",
    revision_number="Perubahan ke",
    revision_kind="Jenis perubahan",
    revised_verb="diubah",
    leaf="sub kegiatan",
    outputs="Capaian Indikator Keluaran Sub Kegiatan",
    output_line="Sub kegiatan",
    page_ceiling=_("Anggaran DPA"),
    page_absorption=_("Realisasi belanja %(pct)s dari anggaran."),
)
_BY_KIND = {BudgetKind.APBN: _APBN, BudgetKind.APBD: _APBD}


def budget_words(kind: str | None) -> BudgetWords:
    """The words of a budget of ``kind`` (``None``: no budget recorded, a DIPA's words)."""
    return _BY_KIND.get(kind or BudgetKind.APBN, _APBN)

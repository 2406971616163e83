"""Claims in running text: a sentence that states an indicator's target, realization and
achievement together ("target 30 persen, realisasi 53,33 persen, sehingga capaian
177,78 %") is held to capaian = realisasi / target × 100, at the precision written.

Only a sentence that states all three unambiguously is read: each of the words target,
realisasi and capaian exactly once, each followed closely (a few words, no other figure
between) by its own figure, the achievement with a percent sign, and no figure of the
sentence an operand of a formula ("Realisasi / Target x 100%", "(50 : 3) x 100 %"):
formula text states nothing and is never flagged. "Realisasi anggaran" (spending) makes
the sentence not an indicator's. Years ("tahun 2023", "TA 2023") and the numbers of
references ("Indikator Kinerja 1.2", "Tabel 3.1") are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from kinerja.core.numbers import PrintedNumber, find_numbers, format_id, round_half_up

from .arithmetic import (
    KIND_TEXT,
    _point,
    achievement_formulas,
    classify,
    exact,
    is_lower,
    stands_for,
)
from .model import WARNING_KINDS, Kind, ReviewFinding, Severity, SourceText

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(\"'])")
_KEYWORDS = {
    "target": re.compile(r"\btarget\b", re.I),
    "realisasi": re.compile(r"\b(?:te)?realisasi(?:nya)?\b", re.I),
    "capaian": re.compile(r"\bcapaian(?:nya)?\b", re.I),
}
_NOT_INDICATOR = re.compile(
    r"\brealisasi\s+(?:anggaran|belanja|penerimaan|pnbp|keuangan|fisik|penyerapan)", re.I
)
_YEAR = re.compile(
    r"\b(?:tahun|ta\.?|t\.a\.?|periode|semester|triwulan|tw)\s*(?:anggaran\s*)?"
    r"(?:[ivx]+|\d{1,4})\b|(?<![\d.,])(?:19[5-9]\d|20\d\d)(?![\d]|[.,]\d|\s?%|\s?persen)",
    re.I,
)
# A number that names something: an indicator ("Indikator Kinerja 1.2", "IKU 3"), a
# table, a figure, a chapter, a page.
_REFERENCE = re.compile(
    r"\b(?:indikator(?:\s+kinerja)?(?:\s+utama)?|iku|ik|sasaran(?:\s+strategis)?(?:\s+kegiatan)?"
    r"|tabel|gambar|grafik|lampiran|bab|hal(?:aman)?|hlm\.?|no\.?|nomor|sk)\s*[\[(]?"
    r"(?=[\w\[(]*\d|[ivxl]+\b)[\w.\[\]()]*",
    re.I,
)
_MAX_GAP = 40  # characters between a keyword and its figure
# The paragraph says which way is better: "semakin kecil nilainya semakin baik", "semakin
# tinggi realisasi menunjukkan semakin tingginya kinerja".
_BETTER = r"semakin\s+(?:baik|tinggi(?:nya)?\s+kinerja)"
_LOWER_PHRASE = re.compile(r"semakin\s+(?:kecil|rendah|sedikit)\b.{0,60}?" + _BETTER, re.I)
_HIGHER_PHRASE = re.compile(r"semakin\s+(?:besar|tinggi|banyak)\b.{0,60}?" + _BETTER, re.I)
_CODE_WORD = re.compile(r"\b[A-Z]{1,4}\s?\d+(?:\.\d+)*\b")


@dataclass(frozen=True)
class SentenceClaim:
    sentence: str
    target: PrintedNumber
    realization: PrintedNumber
    achievement: PrintedNumber


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _masked(sentence: str) -> str:
    """The sentence with years and references blanked (same length, so positions stay)."""
    blank = _YEAR.sub(lambda m: " " * len(m.group(0)), sentence)
    return _REFERENCE.sub(lambda m: " " * len(m.group(0)), blank)


def claim(sentence: str) -> SentenceClaim | None:
    """The target, realization and achievement a sentence states, or None when it does not
    state all three unambiguously (see the module's docstring)."""
    if _NOT_INDICATOR.search(sentence):
        return None
    places = {}
    for name, pattern in _KEYWORDS.items():
        found = list(pattern.finditer(sentence))
        if len(found) != 1:
            return None
        places[name] = found[0].end()
    numbers = list(find_numbers(_masked(sentence)))
    if not numbers or any(n.formula for n in numbers):
        return None
    figures = {}
    for name, end in places.items():
        after = [n for n in numbers if n.start >= end]
        if not after:
            return None
        first = after[0]
        gap = sentence[end : first.start]
        if len(gap) > _MAX_GAP or any(p.search(gap) for p in _KEYWORDS.values()):
            return None
        figures[name] = first
    starts = {f.start for f in figures.values()}
    if len(starts) != 3 or not figures["capaian"].number.percent:
        return None
    return SentenceClaim(
        sentence,
        figures["target"].number,
        figures["realisasi"].number,
        figures["capaian"].number,
    )


def claims(texts: Iterable[SourceText]) -> Iterator[tuple[SourceText, SentenceClaim]]:
    for text in texts:
        for sentence in sentences(text.text):
            found = claim(sentence)
            if found is not None:
                yield text, found


def _excerpt(sentence: str, limit: int = 120) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def polarity_of(sentence: str, paragraph: str, polarities: Mapping[str, str]) -> str | None:
    """The indicator's polarity where the text makes it known: an indicator code of the
    sentence that kinerja knows (``--unit``), else the paragraph's own words ("semakin
    kecil … semakin baik"). None when neither says."""
    for code in _CODE_WORD.findall(sentence):
        key = code.replace(" ", "")
        if key in polarities:
            return polarities[key]
    lower, higher = _LOWER_PHRASE.search(paragraph), _HIGHER_PHRASE.search(paragraph)
    if lower and not higher:
        return "lower_is_better"
    if higher and not lower:
        return "higher_is_better"
    return None


def check_sentences(
    texts: Iterable[SourceText], polarities: Mapping[str, str] | None = None
) -> tuple[list[ReviewFinding], int]:
    """Each sentence claim's achievement against its target and realization, by kinerja's
    own rule (``measurement.calc``) for the indicator's polarity where the text makes it
    known (``polarity_of``), else by any formula kinerja knows: its findings and how many
    claims were compared. The target is exact (it is set); the realization and the
    achievement stand for every value that rounds to them."""
    findings: list[ReviewFinding] = []
    checked = 0
    for source, c in claims(texts):
        t, r, a = c.target, c.realization, c.achievement
        if t.value <= 0 or r.value < 0:
            continue
        checked += 1
        printed = stands_for(a)
        part, base = stands_for(r), exact(t.value)
        formulas = achievement_formulas(polarity_of(c.sentence, source.text, polarities or {}))
        if any((x := f(part, base)) is not None and x.meets(printed) for f in formulas):
            continue
        expected = _point(formulas[0], r.value, t.value)
        if expected is None:
            continue
        rounded = [
            x
            for k in range(r.places)
            if (x := _point(formulas[0], round_half_up(r.value, k), t.value)) is not None
        ]
        kind = classify(a, expected, rounded)
        shown = f"{format_id(expected, a.places)} %"
        why = KIND_TEXT.get(kind, "")
        rule = f"realisasi {r.text} / target {t.text} × 100"
        if is_lower(formulas[0]):
            rule = f"(2 − realisasi {r.text} / target {t.text}) × 100 (semakin kecil semakin baik)"
        message = (
            f"Capaian tertulis {a.text} dalam kalimat, sedangkan {rule} = "
            f"{format_id(expected, a.places + 2)} % (dibulatkan {shown})"
            f"{'; ' + why if why else ''}."
        )
        findings.append(
            ReviewFinding(
                table="Teks",
                page=source.page,
                row=_excerpt(c.sentence),
                column="capaian",
                printed=a.text,
                expected=shown,
                kind=kind,
                message=message,
                severity=Severity.WARNING if kind in WARNING_KINDS else Severity.ERROR,
            )
        )
    return findings, checked


__all__ = ["Kind", "SentenceClaim", "check_sentences", "claim", "sentences"]

"""Ordered scales: targets and realizations that are levels, not numbers.

A BPK audit opinion (WTP, WDP, TW, TMP), a SAKIP grade (AA … D), a maturity level (SPIP
"Terdefinisi", reformasi birokrasi level 1–5) or a unit's own text grades are judged by
their order, not their size. A scale lists its levels; each level has a score, strictly
increasing from the worst level to the best (by default its rank: 1, 2, 3 …). kinerja
stores the score of a level wherever a number would go (``Target.value``,
``Realization.value``), so comparisons, the consolidation in SQL and the quarterly
aggregation work unchanged, and shows the level's code wherever the number would be
shown. The achievement rule is ``calc._on_scale`` (docs/measurement-rules.md, rule 5).

This module is pure: the scales shipped with kinerja, and the ``ScaleDef`` value that
the ``Scale`` model, the dataset checks and the reports share.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja.core.numbers import decimal_str, to_decimal

__all__ = ["BUILTIN", "Level", "ScaleDef", "builtin"]


@dataclass(frozen=True)
class Level:
    code: str  # as written in the dataset and printed in reports: "WTP", "BB", "3"
    label: str  # the full name: "Wajar Tanpa Pengecualian"
    score: Decimal  # what is stored; strictly increasing from worst to best


@dataclass(frozen=True)
class ScaleDef:
    """A scale's levels from the worst to the best. ``best_first`` only says in which
    order the levels are listed to people (a BPK opinion is listed WTP first)."""

    code: str
    name: str
    levels: tuple[Level, ...]
    best_first: bool = True
    note: str = ""  # the source of the scale (regulation)

    def __post_init__(self) -> None:
        if not self.levels:
            raise ValueError(f"scale {self.code} has no levels")
        scores = [level.score for level in self.levels]
        if any(b <= a for a, b in zip(scores, scores[1:], strict=False)) or scores[0] < 0:
            raise ValueError(f"scale {self.code}: scores must rise from 0 or more, got {scores}")

    @property
    def listed(self) -> tuple[Level, ...]:
        """The levels in the order people list them."""
        return tuple(reversed(self.levels)) if self.best_first else self.levels

    @property
    def codes(self) -> list[str]:
        return [level.code for level in self.listed]

    def level(self, written) -> Level | None:
        """The level a dataset or form value names: its code or its label, exactly; a
        whole number is read as the code it spells (maturity level ``3``)."""
        if isinstance(written, bool):
            return None
        if isinstance(written, int | Decimal) and not isinstance(written, bool):
            written = decimal_str(to_decimal(written))
        if not isinstance(written, str):
            return None
        text = written.strip()
        for level in self.levels:
            if text in (level.code, level.label):
                return level
        return None

    def near(self, written) -> Level | None:
        """A level the value names when case and spacing are ignored (for a hint)."""
        if not isinstance(written, str):
            return None
        text = " ".join(written.split()).casefold()
        for level in self.levels:
            if text in (level.code.casefold(), " ".join(level.label.split()).casefold()):
                return level
        return None

    def by_score(self, score) -> Level | None:
        value = to_decimal(score)
        return next((level for level in self.levels if level.score == value), None)

    def text(self, score) -> str | None:
        """The code of the level a stored score stands for; None for None."""
        if score is None:
            return None
        level = self.by_score(score)
        return level.code if level else decimal_str(score)

    def as_data(self) -> dict:
        """The scale as written in a dataset (``scales`` section)."""
        default = all(level.score == i + 1 for i, level in enumerate(self.levels))
        levels = [
            level.code
            if level.label == level.code and default
            else {
                "code": level.code,
                **({"label": level.label} if level.label != level.code else {}),
                **({} if default else {"score": level.score}),
            }
            for level in self.listed
        ]
        out = {"code": self.code, "name": self.name}
        out["order"] = "best_first" if self.best_first else "worst_first"
        out["levels"] = levels
        if self.note:
            out["note"] = self.note
        return out


def from_data(data: dict) -> ScaleDef:
    """A scale from its dataset form (checked by the schema and ``datasets.values``)."""
    best_first = data.get("order", "best_first") == "best_first"
    listed = list(data["levels"])
    worst_first = list(reversed(listed)) if best_first else listed
    levels = []
    for rank, item in enumerate(worst_first, start=1):
        if not isinstance(item, dict):
            levels.append(Level(str(item), str(item), Decimal(rank)))
        else:
            score = item.get("score")
            levels.append(
                Level(
                    str(item["code"]),
                    item.get("label") or str(item["code"]),
                    Decimal(rank) if score is None else to_decimal(score),
                )
            )
    return ScaleDef(
        code=data["code"],
        name=data["name"],
        levels=tuple(levels),
        best_first=best_first,
        note=data.get("note") or "",
    )


def _scale(code, name, worst_first, *, best_first=True, note="", scores=None) -> ScaleDef:
    levels = tuple(
        Level(c, label, Decimal(scores[i] if scores else i + 1))
        for i, (c, label) in enumerate(worst_first)
    )
    return ScaleDef(code, name, levels, best_first, note)


# The scales of SAKIP and of the evaluations most units report on. A unit may define its
# own (dataset section ``scales``); these are available to every unit by their code.
BUILTIN: dict[str, ScaleDef] = {
    s.code: s
    for s in (
        _scale(
            "bpk_opinion",
            "Opini BPK atas laporan keuangan",
            [
                ("TMP", "Tidak Menyatakan Pendapat"),
                ("TW", "Tidak Wajar"),
                ("WDP", "Wajar Dengan Pengecualian"),
                ("WTP", "Wajar Tanpa Pengecualian"),
            ],
            note="UU 15/2004 pasal 16 ayat (1); Peraturan BPK 1/2017 (SPKN)",
        ),
        _scale(
            "sakip_grade",
            "Predikat nilai SAKIP / indeks reformasi birokrasi",
            [
                ("D", "Sangat Kurang"),
                ("C", "Kurang"),
                ("CC", "Cukup"),
                ("B", "Baik"),
                ("BB", "Sangat Baik"),
                ("A", "Memuaskan"),
                ("AA", "Sangat Memuaskan"),
            ],
            note="PermenPANRB 88/2021 (evaluasi AKIP), lampiran",
        ),
        _scale(
            "spip_maturity",
            "Tingkat maturitas SPIP",
            [
                ("0", "Belum Ada"),
                ("1", "Rintisan"),
                ("2", "Berkembang"),
                ("3", "Terdefinisi"),
                ("4", "Terkelola dan Terukur"),
                ("5", "Optimum"),
            ],
            scores=[0, 1, 2, 3, 4, 5],
            note="PP 60/2008; Peraturan BPKP 5/2021 (penilaian maturitas SPIP)",
        ),
        _scale(
            "maturity_level",
            "Tingkat kematangan (level 1–5)",
            [(str(n), f"Level {n}") for n in range(1, 6)],
            note="Tingkat 1–5 penilaian kematangan (reformasi birokrasi, manajemen risiko …)",
        ),
        _scale(
            "kip_qualification",
            "Kualifikasi keterbukaan informasi publik",
            [
                ("Tidak Informatif", "Tidak Informatif"),
                ("Kurang Informatif", "Kurang Informatif"),
                ("Cukup Informatif", "Cukup Informatif"),
                ("Menuju Informatif", "Menuju Informatif"),
                ("Informatif", "Informatif"),
            ],
            note="Peraturan Komisi Informasi 1/2022 (monitoring dan evaluasi)",
        ),
        _scale(
            "ombudsman_zone",
            "Predikat kepatuhan standar pelayanan publik (Ombudsman)",
            [
                ("Merah", "Zona Merah (kepatuhan rendah)"),
                ("Kuning", "Zona Kuning (kepatuhan sedang)"),
                ("Hijau", "Zona Hijau (kepatuhan tinggi)"),
            ],
            note="Penilaian kepatuhan standar pelayanan publik oleh Ombudsman RI (UU 37/2008)",
        ),
    )
}


def builtin(code: str) -> ScaleDef | None:
    return BUILTIN.get(code)

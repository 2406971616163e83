"""Grades of published scores, as the regulations define them (pure, Decimal in)."""

from decimal import Decimal

from kinerja.core.numbers import round_half_up, to_decimal

# PermenPANRB 29/2022, Indeks Pelayanan Publik on 0–5: (lowest value of the band, grade,
# label). Bands are closed at the top (4.51–5.00 is A), so compare with >= on the
# rounded-to-2-places score, as the evaluation publishes it.
_IPP_BANDS = [
    (Decimal("4.51"), "A", "Pelayanan Prima"),
    (Decimal("4.01"), "A-", "Sangat Baik"),
    (Decimal("3.51"), "B", "Baik"),
    (Decimal("3.01"), "B-", "Baik (dengan catatan)"),
    (Decimal("2.51"), "C", "Cukup"),
    (Decimal("2.01"), "C-", "Cukup (dengan catatan)"),
    (Decimal("1.51"), "D", "Buruk"),
    (Decimal("1.01"), "E", "Sangat Buruk"),
    (Decimal("0"), "F", "Gagal"),
]

# PermenPANRB 88/2021, SAKIP evaluation on 0–100, exclusive lower bounds (DESIGN §4).
_SAKIP_BANDS = [
    (Decimal(90), "AA", "Sangat Memuaskan"),
    (Decimal(80), "A", "Memuaskan"),
    (Decimal(70), "BB", "Sangat Baik"),
    (Decimal(60), "B", "Baik"),
    (Decimal(50), "CC", "Cukup"),
    (Decimal(30), "C", "Kurang"),
]


def ipp_grade(score: Decimal | None) -> tuple[str, str] | None:
    """4.97 → ("A", "Pelayanan Prima"); 4.22 → ("A-", "Sangat Baik")."""
    value = to_decimal(score)
    if value is None:
        return None
    value = round_half_up(value, 2)
    if not Decimal(0) <= value <= Decimal(5):
        raise ValueError(f"an IPP score lies between 0 and 5, got {score}")
    return next((grade, label) for low, grade, label in _IPP_BANDS if value >= low)


def sakip_grade(score: Decimal | None) -> tuple[str, str] | None:
    """76.80 → ("BB", "Sangat Baik"); exactly 80 is still BB (bounds are exclusive)."""
    value = to_decimal(score)
    if value is None:
        return None
    for low, grade, label in _SAKIP_BANDS:
        if value > low:
            return grade, label
    return "D", "Sangat Kurang"


GRADERS = {"ipp": ipp_grade, "sakip": sakip_grade}

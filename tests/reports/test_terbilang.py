from decimal import Decimal

import pytest

from kinerja.reports.terbilang import terbilang


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Nol Rupiah"),
        (1, "Satu Rupiah"),
        (11, "Sebelas Rupiah"),
        (1_000, "Seribu Rupiah"),
        (1_100, "Seribu Seratus Rupiah"),
        (1_000_000, "Satu Juta Rupiah"),
        (
            15_507_847_000,
            "Lima Belas Miliar Lima Ratus Tujuh Juta Delapan Ratus Empat Puluh Tujuh Ribu Rupiah",
        ),
        (
            4_147_659_000,
            "Empat Miliar Seratus Empat Puluh Tujuh Juta Enam Ratus Lima Puluh Sembilan Ribu"
            " Rupiah",
        ),
    ],
)
def test_it_spells_whole_rupiah_in_capitalised_words(amount, words):
    assert terbilang(amount) == words


def test_it_accepts_a_whole_decimal_as_stored_in_money_fields():
    assert terbilang(Decimal("15507847000")) == terbilang(15_507_847_000)


@pytest.mark.parametrize("amount", [Decimal("1.5"), -1])
def test_it_refuses_fractions_and_negative_amounts(amount):
    with pytest.raises(ValueError):
        terbilang(amount)

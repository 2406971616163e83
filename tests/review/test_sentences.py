"""Sentence claims: "target X, realisasi Y, capaian Z %" in one sentence is checked only
when the sentence states all three unambiguously; formula text is never flagged."""

from decimal import Decimal as D

import pytest

from kinerja.review.model import Kind, SourceText
from kinerja.review.sentences import check_sentences, claim, sentences


def check(text):
    return check_sentences([SourceText(text, page=7)])


@pytest.mark.parametrize(
    "text",
    [
        "Indikator ini memiliki target 30 persen dengan realisasi 53,33 persen sehingga "
        "capaian 177,78%.",
        "Pada tahun 2023 target sebesar 30%, realisasi 53,3% dan capaiannya 177,67 %.",
        "Capaian 95,00% diperoleh dari realisasi 95 terhadap target 100.",
        # lower is better: (2T − R) / T
        "Target waktu 10 hari, realisasi 8 hari, capaian 120 %.",
        "Target 4, realisasi 4,9712 atau capaian 124,28 %.",
    ],
)
def test_a_claim_that_follows_at_its_written_precision_is_not_flagged(text):
    findings, checked = check(text)
    assert (findings, checked) == ([], 1)


@pytest.mark.parametrize(
    "text",
    [
        # formula text
        "Capaian = Realisasi / Target x 100% sehingga capaian (50 : 3) x 100% = 213%.",
        "Capaian dihitung dengan rumus realisasi dibagi target x 100 %.",
        # not all three
        "Target 30 persen dan realisasi 53,33 persen.",
        # ambiguous: two targets
        "Target 30 dan target 40, realisasi 53, capaian 213 %.",
        # spending, not the indicator
        "Realisasi anggaran 99,83% dari target 100 dengan capaian 80 %.",
        # the achievement without a percent sign
        "Target 30, realisasi 53, capaian 213.",
        # a figure too far from its word
        "Target yang telah ditetapkan dalam perjanjian kinerja tahun ini adalah 30, "
        "realisasi 53, capaian 213 %.",
    ],
)
def test_what_a_sentence_does_not_state_unambiguously_is_not_read(text):
    assert all(claim(s) is None for s in sentences(text))
    assert check(text) == ([], 0)


def test_a_wrong_achievement_in_a_sentence_is_flagged_with_its_slip():
    text = (
        "Kinerja meningkat. Target 30 persen, realisasi 53,33 persen, capaian 213 %. "
        "Target 90, realisasi 95,27, capaian 1,06 %."
    )
    findings, checked = check(text)
    assert checked == 2
    wrong, missing = findings
    assert (wrong.table, wrong.page, wrong.column) == ("Teks", 7, "capaian")
    assert wrong.row == "Target 30 persen, realisasi 53,33 persen, capaian 213 %."
    assert (wrong.printed, wrong.expected, wrong.kind) == ("213 %", "178 %", Kind.WRONG)
    assert wrong.message == (
        "Capaian tertulis 213 % dalam kalimat, sedangkan realisasi 53,33 persen / target 30 persen "
        "× 100 = 177,77 % (dibulatkan 178 %)."
    )
    assert (missing.expected, missing.kind) == ("105,86 %", Kind.MISSING_X100)


def test_a_year_is_not_a_figure():
    [c] = [
        claim(s)
        for s in sentences("Target tahun 2023 sebesar 30, realisasi 53,3, capaian 177,67%.")
    ]
    assert (c.target.value, c.realization.value, c.achievement.value) == (
        D(30),
        D("53.3"),
        D("177.67"),
    )


def test_the_number_of_an_indicator_or_a_table_is_not_a_figure():
    # Seed text: the indicator's number sits between "target" and the target.
    text = (
        "Dari tabel diatas dapat dilihat bahwa target Indikator Kinerja 1.2 adalah 5 persen "
        "dengan realisasi pada TA. 2023 sebesar 18,33%, sehingga capaian pada TA. 2023 "
        "sebesar 366,64%."
    )
    [c] = [claim(s) for s in sentences(text)]
    assert (c.target.value, c.realization.value, c.achievement.value) == (
        D(5),
        D("18.33"),
        D("366.64"),
    )
    assert check(text) == ([], 1)  # 18,33 stands for 18,325 … 18,335: 366,5 … 366,7 %


# --- polarity: kinerja's own rule (measurement.calc) where the text makes it known -------


@pytest.mark.parametrize(
    ("text", "polarities", "expected"),
    [
        # the paragraph says lower is better: (2 − 8 / 10) × 100 = 120 %, not 80 %
        (
            "Indikator ini semakin kecil nilainya semakin baik. Target waktu 10 hari, "
            "realisasi 8 hari, capaian 80 %.",
            {},
            "120 %",
        ),
        # the paragraph says higher is better: 8 / 10 × 100 = 80 %, not 120 %
        (
            "Semakin tinggi realisasi menunjukkan semakin tingginya kinerja. Target 10, "
            "realisasi 8, capaian 120 %.",
            {},
            "80 %",
        ),
        # the indicator's code, with the polarity kinerja holds for it (--unit)
        (
            "Indikator SK7.1 dengan target 10 hari, realisasi 8 hari dan capaian 80 %.",
            {"SK7.1": "lower_is_better"},
            "120 %",
        ),
        (
            "Indikator SK7.1 dengan target 10, realisasi 8 dan capaian 120 %.",
            {"SK7.1": "higher_is_better"},
            "80 %",
        ),
    ],
)
def test_a_claim_is_held_to_its_indicators_polarity_where_known(text, polarities, expected):
    findings, checked = check_sentences([SourceText(text, page=3)], polarities)
    assert checked == 1
    [finding] = findings
    assert finding.expected == expected and finding.kind == Kind.WRONG


@pytest.mark.parametrize(
    ("text", "polarities"),
    [
        ("Indikator ini semakin kecil semakin baik. Target 10, realisasi 8, capaian 120 %.", {}),
        # T / R, the other lower-is-better formula a plan may choose
        (
            "Indikator SK7.1: target 10 hari, realisasi 8 hari, capaian 125 %.",
            {"SK7.1": "lower_is_better"},
        ),
        ("Target 90, terealisasi 95,27 dengan capaian 105,86 %.", {}),
    ],
)
def test_a_claim_that_follows_its_polarity_is_not_flagged(text, polarities):
    assert check_sentences([SourceText(text)], polarities) == ([], 1)


def test_the_lower_is_better_rule_is_kinerjas_own():
    # The sentence check computes with measurement.calc, the implementation every page
    # and report uses: an overshoot of twice the target is floored at 0 % there.
    from kinerja.measurement.calc import Polarity, TargetValue, achievement

    assert achievement(TargetValue(10), D(25), Polarity.LOWER_IS_BETTER).pct == 0
    text = "Semakin kecil semakin baik. Target 10, realisasi 25, capaian 0 %."
    assert check_sentences([SourceText(text)]) == ([], 1)


def test_formula_text_with_a_polarity_is_never_flagged():
    text = (
        "Indikator ini semakin kecil semakin baik, sehingga capaian = (2 - realisasi / "
        "target) x 100% = (2 - 8 : 10) x 100% = 120 %."
    )
    assert check_sentences([SourceText(text)]) == ([], 0)

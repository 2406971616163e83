"""The LKE arithmetic (evaluation.calc): criterion → sub-component → component → total."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.evaluation import calc
from kinerja.evaluation.calc import ComponentInput, CriterionInput, SubComponentInput

YT = {"Y": Decimal(1), "T": Decimal(0)}
AE = {
    "A": Decimal(1),
    "B": Decimal("0.75"),
    "C": Decimal("0.5"),
    "D": Decimal("0.25"),
    "E": Decimal(0),
}


def component(weight, existence, quality, use, code="1"):
    def crits(prefix, answers, scale):
        return [CriterionInput(f"{prefix}.{i}", a, scale) for i, a in enumerate(answers)]

    return ComponentInput(
        code,
        "K",
        Decimal(weight),
        [
            SubComponentInput(
                f"{code}.a", "keberadaan", Decimal(20), crits(f"{code}.a", existence, YT)
            ),
            SubComponentInput(
                f"{code}.b", "kualitas", Decimal(30), crits(f"{code}.b", quality, AE)
            ),
            SubComponentInput(f"{code}.c", "pemanfaatan", Decimal(50), crits(f"{code}.c", use, AE)),
        ],
    )


def test_sub_component_is_the_mean_of_its_criteria_times_its_share_of_the_weight():
    result = calc.score([component(30, "YYYY", "AABBC", "ABCBC")])
    subs = result.components[0].sub_components
    assert [s.max for s in subs] == [Decimal(6), Decimal(9), Decimal(15)]
    assert [s.score for s in subs] == [Decimal(6), Decimal("7.2"), Decimal("10.5")]
    assert result.components[0].score_rounded == Decimal("23.70")


def test_the_seed_total_76_80_is_bb():
    result = calc.score(
        [
            component(30, "YYYY", "AABBC", "ABCBC", "1"),
            component(30, "YYYY", "AAABB", "ABCCD", "2"),
            component(15, "YYYY", "AAAAA", "BBBCD", "3"),
            component(25, "YYYY", "AAABB", "BCCCD", "4"),
        ]
    )
    assert [c.score_rounded for c in result.components] == [
        Decimal("23.70"),
        Decimal("23.10"),
        Decimal("12.00"),
        Decimal("18.00"),
    ]
    assert result.total_rounded == Decimal("76.80")
    assert (result.grade, result.complete) == ("BB", True)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("90.01", "AA"),
        ("90", "A"),
        ("80.5", "A"),
        ("80", "BB"),
        ("70", "B"),
        ("60", "CC"),
        ("50", "C"),
        ("30.01", "C"),
        ("30", "D"),
        ("0", "D"),
    ],
)
def test_grade_bounds_are_exclusive(total, grade):
    assert calc.Result(Decimal(total)).grade == grade


def test_an_answer_off_the_scale_is_refused_naming_the_criterion():
    with pytest.raises(calc.AnswerOutsideScale, match=r"1\.b\.0.*'F'"):
        calc.score([component(30, "YYYY", "FABBC", "ABCBC")])


def test_an_unanswered_criterion_counts_zero_and_marks_the_result_incomplete():
    result = calc.score([component(30, ["Y", "Y", "Y", None], "AAAAA", "AAAAA")])
    assert result.components[0].score == Decimal("28.5")
    assert result.complete is False


@given(
    st.lists(st.sampled_from("YT"), min_size=1, max_size=6),
    st.lists(st.sampled_from("ABCDE"), min_size=1, max_size=6),
    st.lists(st.sampled_from("ABCDE"), min_size=1, max_size=6),
)
def test_a_component_lies_between_zero_and_its_weight_and_all_best_answers_give_the_weight(
    existence, quality, use
):
    result = calc.score([component(25, existence, quality, use)])
    assert Decimal(0) <= result.total <= Decimal(25)
    best = calc.score([component(25, "Y" * len(existence), "A" * len(quality), "A" * len(use))])
    assert best.total == Decimal(25)
    assert result.total == sum(s.score for s in result.components[0].sub_components)

"""Grades of published scores (PermenPANRB 29/2022 for IPP, 88/2021 for SAKIP)."""

from decimal import Decimal as D

import pytest

from kinerja.sources.calc import ipp_grade, sakip_grade


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("4.97", "A"),
        ("4.51", "A"),
        ("4.505", "A"),
        ("4.50", "A-"),
        ("4.22", "A-"),
        ("4.01", "A-"),
        ("4.00", "B"),
        ("3.51", "B"),
        ("3.50", "B-"),
        ("3.01", "B-"),
        ("3.00", "C"),
        ("2.51", "C"),
        ("2.50", "C-"),
        ("2.01", "C-"),
        ("2.00", "D"),
        ("1.51", "D"),
        ("1.50", "E"),
        ("1.01", "E"),
        ("1.00", "F"),
        ("0", "F"),
        ("5", "A"),
    ],
)
def test_ipp_grade_bands(score, grade):
    assert ipp_grade(D(score))[0] == grade


def test_the_seed_ipp_is_pelayanan_prima():
    assert ipp_grade(D("4.9712")) == ("A", "Pelayanan Prima")


def test_ipp_outside_its_scale_is_refused():
    with pytest.raises(ValueError, match="between 0 and 5"):
        ipp_grade(D("5.5"))
    assert ipp_grade(None) is None


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("90.01", "AA"),
        ("90", "A"),
        ("80.01", "A"),
        ("80", "BB"),
        ("76.80", "BB"),
        ("70", "B"),
        ("60.5", "B"),
        ("60", "CC"),
        ("50", "C"),
        ("30.01", "C"),
        ("30", "D"),
        ("0", "D"),
    ],
)
def test_sakip_grades_have_exclusive_lower_bounds(score, grade):
    assert sakip_grade(D(score))[0] == grade


def test_the_seed_sakip_is_bb():
    assert sakip_grade(D("76.80")) == ("BB", "Sangat Baik")

"""A test module of pure calculations: its tests are marked ``no_database`` (tests/conftest.py)."""

from decimal import Decimal

from kinerja.core.numbers import round_half_up


def test_a_pure_test_is_marked_and_left_out_of_the_postgresql_pass(request):
    assert request.node.get_closest_marker("no_database") is not None
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")

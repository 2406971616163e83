"""A stored measure shows at its precision: "30,00", never the column's "30,000000",
and never a digit fewer than it has (a form re-saved must not round it away)."""

from decimal import Decimal

import pytest

from kinerja.audit.selectors import readable
from kinerja.core.numbers import format_measure_id, measure_places
from kinerja.measurement.forms import EntryForm


@pytest.mark.parametrize(
    ("stored", "places", "shown", "in_a_box"),
    [
        ("30.000000", 2, "30,00", "30,00"),
        ("3.625000", 3, "3,625", "3,625"),
        ("1234.500000", 2, "1.234,50", "1234,50"),
        ("-12.5", 2, "-12,50", "-12,50"),
        ("0.000000", 2, "0,00", "0,00"),
        ("15507847000", 2, "15.507.847.000,00", "15507847000,00"),
    ],
)
def test_a_measure_at_its_precision(stored, places, shown, in_a_box):
    assert measure_places(Decimal(stored)) == places
    assert format_measure_id(Decimal(stored)) == shown
    assert format_measure_id(Decimal(stored), grouping=False) == in_a_box
    assert format_measure_id(None) == "–"


def test_the_entry_form_shows_the_stored_value_at_its_precision():
    form = EntryForm(initial={"value": Decimal("30.000000"), "target": Decimal("3.625000")})
    assert 'value="30,00"' in str(form["value"])
    assert 'value="3,625"' in str(form["target"])
    # What a user typed comes back as typed when the form is refused.
    typed = EntryForm(data={"value": "abc"})
    assert not typed.is_valid() and 'value="abc"' in str(typed["value"])


def test_structures_in_the_audit_trail_read_as_labelled_values():
    assert readable({"formula": "a / b", "elements": ["a", "b"], "exact": True}) == (
        "formula: a / b; elements: a, b; exact: ya"
    )
    assert readable({}) == "–" and readable(None) == "–"

"""Records lists are replaced only when stated (issue 15, item 8)."""

import copy

import pytest
from records_data import RECORDS, dataset

from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.sources.models import Facilitation, FacilitationMeasure


def _with(change) -> str:
    records = copy.deepcopy(RECORDS)
    change(records)
    return dataset(records)


def test_a_measure_written_twice_is_refused(unit):
    def twice(records):
        measures = records["facilitations"][1]["measures"]
        measures.append(dict(measures[0]))

    before = FacilitationMeasure.objects.count()
    with pytest.raises(DatasetInvalid) as refused:
        load_text(_with(twice))
    (problem,) = refused.value.problems
    assert problem.path == "facilitations[1].measures"
    assert 'ukuran "Output" tercantum dua kali' in problem.message
    assert FacilitationMeasure.objects.count() == before


def test_absent_measures_are_left_alone_and_stated_empty_ones_removed(unit):
    k2 = Facilitation.objects.get(unit=unit, code="K2")
    assert k2.measures.count() == 2

    def absent(records):
        del records["facilitations"][1]["measures"]

    load_text(_with(absent))
    assert k2.measures.count() == 2

    def empty(records):
        records["facilitations"][1]["measures"] = []

    load_text(_with(empty))
    assert k2.measures.count() == 0

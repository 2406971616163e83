"""The synthetic corpus (tests/review/corpus.py): every slip caught with its kind, and
the corrected twins review clean. The closing figures are printed for the docs."""

import copy

import pytest

from kinerja.review.model import Extraction, SourceTable
from kinerja.review.services import review_extraction

from .corpus import CORPUS


def run(name, tables):
    sources = [
        SourceTable(c, [list(r) for r in rows], None, i) for i, (c, rows) in enumerate(tables, 1)
    ]
    return review_extraction(Extraction(name, 0, sources))


@pytest.mark.parametrize(("name", "tables", "slips", "fixes"), CORPUS, ids=[c[0] for c in CORPUS])
def test_each_slip_is_caught_with_its_kind(name, tables, slips, fixes):
    review = run(name, tables)
    found = {
        (f.table.split(" ", 2)[0] + " " + f.table.split(" ", 2)[1], f.row, f.column, str(f.kind))
        for f in review.findings
    }
    assert found == set(slips)


@pytest.mark.parametrize(("name", "tables", "slips", "fixes"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_corrected_twin_reviews_clean(name, tables, slips, fixes):
    twin = copy.deepcopy(tables)
    for t, r, c, text in fixes:
        twin[t][1][r][c] = text
    assert run(name, twin).findings == []

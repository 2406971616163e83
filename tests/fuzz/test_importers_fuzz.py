"""Bounded property-based fuzz of every importer (issue 15): whatever a file holds, the
answer is either a load or a located refusal (``DatasetInvalid`` whose problems each carry
a message) — never another exception — and a refused file writes nothing.

Bounded (``max_examples`` 40-50, no deadline) so it stays in the ordinary suite."""

import contextlib
import copy
import io
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kinerja.datasets.errors import DatasetInvalid

pytestmark = pytest.mark.django_db

SMALL = yaml.safe_load((Path(__file__).parents[1] / "datasets" / "small.yaml").read_text())
FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Values a hostile or broken file puts where anything else was expected.
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            " ",
            "1.234",
            "1.234,5",
            "1,234,567",
            '=HYPERLINK("http://evil.example")',
            "@SUM(A1)",
            "N/A",
            "2023-02-30",
            "x" * 25_000,
            "\x00",
            "ﾠ",
            "1e40",
            "-0",
        ]
    ),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _counts() -> dict[str, int]:
    """Rows per table of kinerja's apps: what a refused import must leave as it was."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"org", "planning", "measurement", "budget", "sources", "survey", "reports"}
    }


def _refused_cleanly(call) -> None:
    before = _counts()
    try:
        call()
    except DatasetInvalid as exc:
        assert exc.problems, "a refusal names at least one problem"
        for problem in exc.problems:
            assert str(problem.message).strip(), problem
        assert _counts() == before, "a refused import wrote something"


def _paths(node, path=()):
    """Every place in a nested dataset: (path, value)."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


PLACES = [p for p, _ in _paths(SMALL) if p]


def _set(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@FUZZ
@given(
    mutations=st.lists(st.tuples(st.sampled_from(PLACES), HOSTILE), min_size=1, max_size=3),
    cut=st.one_of(st.none(), st.floats(min_value=0.05, max_value=0.95)),
)
def test_the_dataset_loader(mutations, cut):
    from kinerja.datasets.load import load_text

    data = copy.deepcopy(SMALL)
    for path, value in mutations:
        # An earlier mutation may have removed the place.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _set(data, path, value)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if cut is not None:
        text = text[: int(len(text) * cut)]  # a file cut off halfway
    _refused_cleanly(lambda: load_text(text))


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([v if not isinstance(v, list | dict) and v == v else str(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CELL = st.one_of(
    st.none(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(1.7976931348623155e308),  # overflowed int() in the budget import
    st.sampled_from(["1.234", "1.234,5", "x" * 25_000, "=1+1", "", "N/A", "2023-01-31"]),
    st.text(max_size=20).filter(lambda t: not any(ord(c) < 32 for c in t)),
)


@pytest.fixture
def unit(db):
    from kinerja.datasets.load import load_text
    from kinerja.org.models import Unit

    load_text(yaml.safe_dump(SMALL, sort_keys=False))
    return Unit.objects.get(code=SMALL["unit"]["code"])


@FUZZ
@given(
    kind=st.sampled_from(["service_orders", "procurement_lines", "audit_recommendations"]),
    rows=st.lists(st.lists(CELL, min_size=1, max_size=8), max_size=5),
    csv=st.booleans(),
)
def test_the_records_import(unit, kind, rows, csv):
    from kinerja.sources.tabular import export_records, import_records

    exported = load_workbook(io.BytesIO(export_records(kind, unit)))
    columns = [c.value for c in next(exported.worksheets[0].iter_rows(max_row=1))]
    header = ",".join(f'"{c}"' for c in columns)
    if csv:
        body = "\n".join(",".join('"' + str(c).replace('"', '""') + '"' for c in r) for r in rows)
        data = (header + "\n" + body + "\n").encode()
        _refused_cleanly(lambda: import_records(kind, unit, data, fmt="csv"))
    else:
        data = _xlsx([columns, *rows])
        _refused_cleanly(lambda: import_records(kind, unit, data, fmt="xlsx"))


@settings(FUZZ, max_examples=20)  # each example imports a whole DIPA: slower
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=8), max_size=5))
@example(rows=[[None, None, None, 1.7976931348623155e308]])  # overflowed int()
def test_the_budget_import(unit, rows):
    from kinerja.budget.spreadsheet import COLUMNS, SHEET, import_lines

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([title for _, title in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    _refused_cleanly(lambda: import_lines(unit, 2023, buffer.getvalue()))


@FUZZ
@given(
    rows=st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(["1", "2", "3", "4", "", "5", "0", "x"]), st.text(max_size=4)
            ),
            min_size=0,
            max_size=10,
        ),
        max_size=6,
    ),
    replace=st.booleans(),
)
def test_the_survey_csv_import(unit, rows, replace):
    from kinerja.survey.choices import DEFAULT_ELEMENTS
    from kinerja.survey.csv_import import import_responses

    lines = [",".join(DEFAULT_ELEMENTS)] + [",".join(r) for r in rows]
    data = ("\n".join(lines) + "\n").encode()
    _refused_cleanly(lambda: import_responses(unit, 2023, data, replace=replace))


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=8), max_size=5))
def test_the_realizations_workbook(unit, rows):
    from kinerja.planning.spreadsheet import export_realizations, read_realizations

    book = load_workbook(io.BytesIO(export_realizations(unit, 2023, [], {}, {})))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append([v if v == v else None for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    reading = read_realizations(buffer.getvalue(), unit, 2023)
    for problem in reading.problems:
        assert str(problem.message).strip()

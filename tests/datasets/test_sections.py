"""Apps extend the dataset with their own sections: schema, checks, writing, dumping."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kinerja.datasets import sections
from kinerja.datasets.dump import dump_data, find_plan
from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.datasets.schema import _validator
from kinerja.datasets.sections import Problem, Section
from kinerja.org.models import Unit

SMALL = Path(__file__).with_name("small.yaml")
written: list = []


def check(value, context):
    return [
        Problem(f"notes_per_indicator[{i}].indicator", f'unknown indicator "{row["indicator"]}"')
        for i, row in enumerate(value)
        if row["indicator"] not in context.indicator_codes(row["year"])
    ]


EXAMPLE = Section(
    key="notes_per_indicator",
    schema={"type": "array", "items": {"$ref": "#/$defs/notes_per_indicator_row"}},
    defs={
        "notes_per_indicator_row": {
            "type": "object",
            "additionalProperties": False,
            "required": ["indicator", "year"],
            "properties": {"indicator": {"type": "string"}, "year": {"type": "integer"}},
        }
    },
    check=check,
    write=lambda value, writer: written.extend(
        writer.indicator(row["indicator"], row["year"]).code for row in value
    ),
    dump=lambda unit, plan: [{"indicator": "SK1.1", "year": 2023}],
)


@pytest.fixture
def example_section():
    sections.register(EXAMPLE)
    _validator.cache_clear()
    written.clear()
    yield
    sections._registry.pop(EXAMPLE.key)
    _validator.cache_clear()


def with_section(rows) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["notes_per_indicator"] = rows
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.django_db
def test_a_registered_section_is_validated_written_and_dumped(example_section):
    load_text(with_section([{"indicator": "SK1.2", "year": 2023}]))
    assert written == ["SK1.2"]
    unit = Unit.objects.get(code="balai-contoh")
    assert dump_data(unit, find_plan(unit, "2021-2024"))["notes_per_indicator"] == [
        {"indicator": "SK1.1", "year": 2023}
    ]
    with pytest.raises(DatasetInvalid) as info:
        load_text(with_section([{"indicator": "SK9.9", "year": 2023}]))
    assert [str(p) for p in info.value.problems] == [
        'notes_per_indicator[0].indicator: unknown indicator "SK9.9"'
    ]
    with pytest.raises(DatasetInvalid, match="notes_per_indicator\\[0\\]: isian 'x' tidak dikenal"):
        load_text(with_section([{"indicator": "SK1.1", "year": 2023, "x": 1}]))


@pytest.mark.django_db
def test_without_the_section_registered_its_key_is_an_unknown_field():
    with pytest.raises(DatasetInvalid, match="isian 'notes_per_indicator' tidak dikenal"):
        load_text(with_section([]))


def test_schema_command_prints_the_full_schema(example_section):
    out = StringIO()
    call_command("schema", stdout=out)
    printed = json.loads(out.getvalue())
    assert "notes_per_indicator" in printed["properties"]
    assert "notes_per_indicator_row" in printed["$defs"]

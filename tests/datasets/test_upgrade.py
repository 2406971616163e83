"""Dataset format versions: version 1 files load as they are, `kinerja upgrade` converts
them to version 2 keeping their comments, and `kinerja schema` prints either version."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.datasets.upgrade import upgrade_text

SMALL = Path(__file__).with_name("small.yaml")


def test_upgrade_changes_only_the_version_line_and_keeps_the_comments():
    text = SMALL.read_text()
    upgraded = upgrade_text(text)
    assert upgraded.startswith("# A minimal dataset used by the loader tests")
    diff = [(a, b) for a, b in zip(text.splitlines(), upgraded.splitlines(), strict=True) if a != b]
    assert diff == [("kinerja_dataset: 1", "kinerja_dataset: 2")]
    assert upgrade_text(upgraded) == upgraded  # already version 2


@pytest.mark.django_db
def test_a_version_1_file_and_its_upgrade_load_the_same_data():
    text = SMALL.read_text()
    first = load_text(text)
    again = load_text(upgrade_text(text))
    assert first.changed and not again.changed


def test_an_invalid_version_1_file_is_not_upgraded():
    data = yaml.safe_load(SMALL.read_text())
    data["unit"]["kind"] = "regency"  # a version 2 kind
    with pytest.raises(DatasetInvalid) as info:
        upgrade_text(yaml.safe_dump(data))
    assert [p.path for p in info.value.problems] == ["unit.kind"]


def test_the_upgrade_command_writes_in_place_or_to_another_file(tmp_path):
    source = tmp_path / "unit.yaml"
    source.write_text(SMALL.read_text())
    out = tmp_path / "unit-v2.yaml"
    call_command("upgrade", str(source), output=str(out))
    assert "kinerja_dataset: 2" in out.read_text()
    assert "kinerja_dataset: 1" in source.read_text()
    call_command("upgrade", str(source))
    assert source.read_text() == out.read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text("kinerja_dataset: 7\nunit: {}\n")
    with pytest.raises(CommandError, match="seharusnya 1 atau 2, bukan 7"):
        call_command("upgrade", str(bad))


def test_schema_prints_the_current_version_or_an_older_one(capsys):
    call_command("schema")
    current = json.loads(capsys.readouterr().out)
    assert current["properties"]["kinerja_dataset"] == {"enum": [1, 2]}
    assert "scales" in current["properties"]
    call_command("schema", format_version=1)
    old = json.loads(capsys.readouterr().out)
    assert old["properties"]["kinerja_dataset"] == {"const": 1}
    assert "scales" not in old["properties"]
    assert "budgets" in old["properties"]  # the sections of the apps, in both

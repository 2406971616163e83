"""Every example in docs/examples imports without a problem, `review` finds exactly the
slip planted in its example, and the README's commands run as written on the demo."""

import json
import re
import shlex
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinerja.org.models import Unit
from kinerja.planning import services as planning
from kinerja.planning.models import PlanVersion

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
UNIT, YEAR = "bspji-palembang", 2023


def dry_run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, dry_run=True, stdout=out, **options)
    return out.getvalue()


def test_every_example_is_listed_in_its_readme():
    listed = set(re.findall(r"^\| `([^`]+)`", (EXAMPLES / "README.md").read_text(), re.M))
    present = {p.name for p in EXAMPLES.iterdir() if p.name != "README.md"}
    assert listed == present


@pytest.mark.parametrize(
    "kind, name",
    [
        ("service_orders", "catatan-service_orders.csv"),
        ("service_counts", "catatan-service_counts.csv"),
        ("procurement_lines", "catatan-procurement_lines.csv"),
        ("audit_recommendations", "catatan-audit_recommendations.csv"),
        ("facilitations", "catatan-facilitations.xlsx"),
        ("external_scores", "catatan-external_scores.xlsx"),
    ],
)
def test_the_records_examples_import(demo, kind, name):
    out = dry_run("records_import", kind, str(EXAMPLES / name), unit=UNIT)
    # a problem would name its row and column ("baris 7, kolom …") and stop the command
    assert "(uji coba: tidak ada yang ditulis)" in out and "kolom" not in out


def test_the_survey_budget_and_workbook_examples_import(demo):
    out = dry_run(
        "survey_import",
        str(EXAMPLES / "skm-bspji-palembang-2023.csv"),
        unit=UNIT,
        year=YEAR,
        replace=True,  # the demo has imported answers for 2023
    )
    assert "25 jawaban akan diimpor" in out
    out = dry_run(
        "budget_import", str(EXAMPLES / "dipa-bspji-palembang-2023.xlsx"), unit=UNIT, year=YEAR
    )
    assert "103 tetap" in out
    unit = Unit.objects.get(code=UNIT)
    version = PlanVersion.objects.get(plan__unit=unit, in_force=True)
    targets = planning.review_targets(
        version, (EXAMPLES / "target-renstra-bspji-palembang.xlsx").read_bytes()
    )
    assert targets.ok and targets.rows and not targets.changes
    realizations = planning.review_realizations(
        unit, YEAR, (EXAMPLES / "realisasi-bspji-palembang-2023.xlsx").read_bytes()
    )
    assert realizations.ok and realizations.rows and not realizations.changes


def test_the_datasets_load_and_upgrade(db, tmp_path):
    out = StringIO()
    call_command("load", str(EXAMPLES / "inspektorat-kabupaten-contoh.yaml"), stdout=out)
    assert Unit.objects.filter(code="inspektorat-kabupaten-contoh").exists()
    call_command(
        "upgrade",
        str(EXAMPLES / "balai-contoh-format1.yaml"),
        output=str(tmp_path / "v2.yaml"),
        stdout=StringIO(),
    )
    assert "kinerja_dataset: 2" in (tmp_path / "v2.yaml").read_text()
    call_command("load", str(tmp_path / "v2.yaml"), stdout=StringIO())


def test_review_finds_exactly_the_planted_slip(db):
    out = StringIO()
    call_command(
        "review", str(EXAMPLES / "lakin-contoh-dengan-kesalahan.docx"), json=True, stdout=out
    )
    findings = json.loads(out.getvalue())["findings"]
    assert [(f["printed"], f["expected"]) for f in findings] == [("146,39", "146,93")]


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text()
    block = text.split("## Use", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        line = line.split(" # ", 1)[0].strip()
        if line.startswith(".venv/bin/kinerja "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_the_readme_commands_run_as_written(users, tmp_path, monkeypatch):
    commands = readme_commands()
    assert len(commands) >= 15
    shutil.copytree(EXAMPLES, tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    for name, *args in commands:
        # call_command parses the same words as the command line does; the command line's
        # own runner (cli.main) would close the test's database connection after each.
        try:
            call_command(name, *args, stdout=StringIO(), stderr=StringIO())
        except CommandError as exc:
            pytest.fail(f"kinerja {name} {' '.join(args)}: {exc}")
    assert (tmp_path / "out" / "lakin-bspji-palembang-2023.pdf").exists()
    assert (tmp_path / "balai-contoh.yaml").exists()

"""`kinerja measures`: the readable table, the stable --json shape, helpful errors."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.datasets.load import load_text

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"
pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    load_text(SMALL.read_text())


def run(*args, **options) -> str:
    out = StringIO()
    call_command("measures", *args, stdout=out, **options)
    return out.getvalue()


def test_json_lists_every_agreement_indicator_with_decimal_strings(small):
    data = json.loads(run(unit="balai-contoh", year=2023, json=True))
    assert data["unit"] == "balai-contoh" and data["year"] == 2023
    by_code = {row["code"]: row for row in data["indicators"]}
    assert list(by_code) == ["SK1.1", "SK1.2", "SK1.3"]
    # Quarters q1 = 1 and q3 = 2 summed (aggregation: sum) → 3 of 2 → 150 %.
    assert by_code["SK1.1"] | {} == {
        "code": "SK1.1",
        "objective": "SK1",
        "objective_name": "Meningkatnya layanan",
        "name": "Perusahaan yang difasilitasi",
        "unit": "Perusahaan",
        "polarity": "higher_is_better",
        "method": "manual",
        "target": "2",
        "realization": "3",
        "achievement_pct": "150.00",
        "status": "achieved",
        "provenance": {"method": "manual", "quarters": ["q1", "q3"]},
    }
    # Lower is better: (2 × 10 − 8.5) / 10 = 115 %; the printed figure is kept apart.
    assert by_code["SK1.2"]["achievement_pct"] == "115.00"
    assert by_code["SK1.2"]["as_reported"] == "8.4"
    assert by_code["SK1.2"]["provenance"] == {"method": "manual", "evidence": "Laporan TW IV"}
    assert by_code["SK1.3"]["status"] == "not_computable"
    assert by_code["SK1.3"]["reason"] == "no_realization"
    assert by_code["SK1.3"]["achievement_pct"] is None
    assert (by_code["SK1.3"]["target"], by_code["SK1.3"]["target_max"]) == ("20", "25")
    assert data["mean_achievement_pct"] == "132.50"


def test_table_is_readable_and_indonesian(small):
    text = run(unit="balai-contoh", year=2023)
    assert "Capaian kinerja Balai (balai-contoh) tahun 2023" in text
    assert "150,00 %" in text and "115,00 %" in text
    assert "tidak dapat dihitung (no_realization)" in text
    assert "2 dari 3 indikator tercapai; rata-rata capaian 132,50 %" in text


def test_errors_name_what_exists(small):
    with pytest.raises(
        CommandError, match="tidak mempunyai Perjanjian Kinerja tahun 2019; tahun yang ada: 2023"
    ):
        run(unit="balai-contoh", year=2019)
    with pytest.raises(
        CommandError,
        match='unit "nope" tidak dikenal; unit yang mempunyai perjanjian kinerja: balai-contoh',
    ):
        run(unit="nope", year=2023)


def test_the_table_shows_each_indicator_at_its_precision(demo):
    out = StringIO()
    call_command("measures", unit="bspji-palembang", year=2023, stdout=out)
    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line[:2] == "SK"}
    # A computed percentage at two decimals (53,333333… exactly in --json), the target too.
    assert " 30,00      53,33  Persen" in lines["SK1.1"]
    # Counts stay whole.
    assert " 1          1  Perusahaan" in lines["SK2.1"]
    assert "000" not in lines["SK3.2"]  # never the column's six decimals

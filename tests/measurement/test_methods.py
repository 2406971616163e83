"""Computed indicators: each method against hand-computed figures, with provenance."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from kinerja.datasets.errors import DatasetInvalid
from kinerja.datasets.load import load_text
from kinerja.measurement.methods import change_pct
from kinerja.measurement.models import Realization
from kinerja.sources.models import AuditRecommendation

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"
# The module checks the wording of located messages in English (the language switch,
# the english_messages fixture of tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

INDICATORS = [
    ("SK2.1", "count", {"records": "facilitations", "kind": "standardisasi"}, 2),
    ("SK2.2", "growth", {"records": "service_orders"}, 5),
    ("SK2.3", "growth", {"records": "pnbp_receipts"}, 5),
    ("SK2.4", "before_after_mean", {"kind": "kolaborasi"}, 30),
    ("SK2.5", "ratio", {"records": "audit_recommendations"}, 90),
    ("SK2.6", "ratio", {"records": "procurement_lines"}, 45),
    ("SK2.7", "weighted_index", {"score": "ipp"}, 4),
    ("SK2.8", "sum_of_components", {"score": "sakip"}, 75),
    ("SK2.9", "external_score", {"score": "ip_asn"}, 75),
]

RECORDS = {
    "service_orders": [
        {"number": "O-1", "type": "pengujian", "customer": "PT A", "ordered_on": "2023-02-01"},
        {"number": "O-2", "type": "kalibrasi", "customer": "PT B", "ordered_on": "2023-03-01"},
    ],
    "service_counts": [
        {"year": 2022, "type": "pengujian", "count": 2},
        {"year": 2022, "type": "kalibrasi", "count": 1},
        {"year": 2023, "type": "sertifikasi", "count": 2},
    ],
    "facilitations": [
        {
            "code": "K1",
            "year": 2023,
            "kind": "kolaborasi",
            "company": "IKM A",
            "activity": "x",
            "measures": [
                {
                    "name": "Waktu",
                    "unit": "menit",
                    "before": 15,
                    "after": 7,
                    "direction": "efficiency",
                }
            ],
        },
        {
            "code": "K2",
            "year": 2023,
            "kind": "kolaborasi",
            "company": "IKM B",
            "activity": "y",
            "measures": [
                {"name": "Output", "before": 100, "after": 120, "direction": "productivity"},
                {"name": "Output 2", "before": 50, "after": 70, "direction": "productivity"},
            ],
        },
        {"code": "S1", "year": 2023, "kind": "standardisasi", "company": "PT C", "activity": "z"},
        {"code": "S2", "year": 2023, "kind": "standardisasi", "company": "PT C", "activity": "w"},
        {"code": "S3", "year": 2023, "kind": "standardisasi", "company": "PT D", "activity": "v"},
    ],
    "audit_recommendations": [
        {"year": 2023, "report_number": "LHA-1", "number": n, "kind": k, "text": "t", "status": s}
        for n, k, s in [
            (1, "finding", "done"),
            (2, "finding", "done"),
            (3, "suggestion", "done"),
            (4, "suggestion", "in_progress"),
        ]
    ],
    "procurement_lines": [
        {
            "year": 2023,
            "account": "521211",
            "name": "Bahan",
            "domestic": True,
            "ceiling": 1000,
            "spending": 900,
        },
        {
            "year": 2023,
            "account": "532111",
            "name": "Alat impor",
            "domestic": False,
            "ceiling": 1000,
            "spending": 1000,
        },
    ],
    "external_scores": [
        {
            "year": 2023,
            "kind": "ipp",
            "score": 4.97,
            "components": [
                {"name": "Kebijakan", "value": 4.88, "weight": 24},
                {"name": "Profesionalisme SDM", "value": 5, "weight": 25},
                {"name": "Sarana prasarana", "value": 5, "weight": 18},
                {"name": "Sistem informasi", "value": 5, "weight": 11},
                {"name": "Konsultasi dan pengaduan", "value": 5, "weight": 10},
                {"name": "Inovasi", "value": 5, "weight": 12},
            ],
        },
        {
            "year": 2023,
            "kind": "sakip",
            "score": 76.8,
            "grade": "BB",
            "components": [
                {"name": "Perencanaan", "value": 23.7, "max": 30},
                {"name": "Pengukuran", "value": 23.1, "max": 30},
                {"name": "Pelaporan", "value": 12, "max": 15},
                {"name": "Evaluasi internal", "value": 18, "max": 25},
            ],
        },
        {"year": 2023, "kind": "ip_asn", "score": 87.87},
        {"year": 2023, "unit": "agency", "kind": "ip_asn", "score": 80},
    ],
    "pnbp": [
        {"year": 2022, "receipts": [{"category": "pengujian", "amount": 3238083250}]},
        {
            "year": 2023,
            "receipts": [
                {"category": "pengujian", "amount": 4000000000},
                {"category": "pelatihan", "amount": 147659000},
            ],
        },
    ],
}


def dataset(records=RECORDS, indicators=INDICATORS, realizations=()) -> str:
    data = yaml.safe_load(SMALL.read_text())
    version = data["plans"][0]["versions"][1]
    version["objectives"].append(
        {
            "code": "SK2",
            "goal": "T1",
            "perspective": "internal_process",
            "name": "Sasaran 2",
            "indicators": [
                {
                    "code": code,
                    "name": f"Indikator {code}",
                    "unit": "Persen",
                    "method": method,
                    "source": source,
                    "targets": {2023: target},
                }
                for code, method, source, target in indicators
            ],
        }
    )
    data["agreements"][0]["versions"][0]["indicators"] += [
        {"code": code, "target": target} for code, _, _, target in indicators
    ]
    data["realizations"] += list(realizations)
    data.update(records)
    return yaml.safe_dump(data, sort_keys=False)


def measures() -> dict:
    out = StringIO()
    call_command("measures", unit="balai-contoh", year=2023, json=True, stdout=out)
    return {row["code"]: row for row in json.loads(out.getvalue())["indicators"]}


def test_every_method_computes_its_realization_with_provenance():
    load_text(dataset())
    rows = measures()
    expected = {
        "SK2.1": "2",  # PT C twice, PT D: distinct companies
        "SK2.2": "33.333333",  # 2 orders + 2 sertifikasi = 4 vs 3 → 33.33 %
        "SK2.3": "28.089943",  # 4,147,659,000 vs 3,238,083,250 (seed: 28.09 %)
        "SK2.4": "41.666667",  # mean(53.33, mean(20, 40)) = mean(53.33, 30)
        "SK2.5": "75",
        "SK2.6": "45",  # 900 domestic of 2,000 ceiling
        "SK2.7": "4.9712",  # IPP Σ score × weight (seed: 4.97)
        "SK2.8": "76.8",  # SAKIP 23.70 + 23.10 + 12.00 + 18.00
        "SK2.9": "87.87",
    }
    # Stored at 6 decimal places (the column's precision); rounding is for display only.
    assert {code: rows[code]["realization"] for code in expected} == expected
    assert rows["SK2.3"]["achievement_pct"] == "561.80"
    provenance = rows["SK2.4"]["provenance"]
    assert provenance["method"] == "before_after_mean"
    assert provenance["inputs"]["companies"][0] == {
        "company": "IKM A",
        "value": "53.33333333333333333333333333",
        "measures": [
            {
                "name": "Waktu",
                "unit": "menit",
                "A": "15",
                "B": "7",
                "direction": "efficiency",
                "pct": "53.33333333333333333333333333",
            }
        ],
    }
    assert rows["SK2.2"]["provenance"]["inputs"]["A"] == "3"
    assert rows["SK2.2"]["provenance"]["inputs"]["B_2023"] == {
        "kalibrasi": 1,
        "pengujian": 1,
        "sertifikasi": 2,
    }
    assert rows["SK2.5"]["provenance"]["inputs"]["by_kind"] == {
        "finding": {"total": 2, "done": 2},
        "suggestion": {"total": 2, "done": 1},
    }


def test_loading_twice_recomputes_nothing_and_records_drive_the_value():
    load_text(dataset())
    assert not load_text(dataset()).changed
    AuditRecommendation.objects.filter(number=4).update(status="done")
    changed = dict(RECORDS)
    changed["audit_recommendations"] = [
        dict(r, status="done") for r in RECORDS["audit_recommendations"]
    ]
    report = load_text(dataset(records=changed))
    assert report.updated["computed realization"] == 1
    assert measures()["SK2.5"]["realization"] == "100"


def test_a_printed_figure_is_kept_as_reported_beside_the_computed_one():
    printed = [
        {"indicator": "SK2.4", "year": 2023, "period": "year", "value": 46.7, "as_reported": 46.7}
    ]
    load_text(dataset(realizations=printed))
    load_text(dataset(realizations=printed))  # the file's value does not overwrite
    row = Realization.objects.get(indicator__code="SK2.4", year=2023)
    assert row.as_reported == Decimal("46.7") and row.value != Decimal("46.7")
    assert row.provenance["method"] == "before_after_mean"


def test_missing_records_give_not_computable_with_the_reason():
    records = {k: v for k, v in RECORDS.items() if k not in ("service_counts", "pnbp")}
    load_text(dataset(records=records))
    rows = measures()
    assert rows["SK2.2"]["status"] == "not_computable"
    assert rows["SK2.2"]["reason"] == "previous_year_missing"
    assert rows["SK2.3"]["reason"] == "no_records"


def test_growth_from_zero_is_not_computable():
    records = dict(RECORDS, service_counts=[{"year": 2022, "type": "pengujian", "count": 0}])
    load_text(dataset(records=records))
    assert measures()["SK2.2"]["reason"] == "previous_year_zero"


def test_a_computed_indicator_needs_a_source_of_its_shape():
    bad = [("SK2.1", "count", {"records": "facilitations"}, 2)]
    with pytest.raises(
        DatasetInvalid,
        match=r"indicators\[0\]\.source: for method count expected "
        r"\{records: facilitations, kind: ",
    ):
        load_text(dataset(indicators=bad))


def test_change_pct_directions():
    assert change_pct(Decimal(15), Decimal(7), "efficiency") == Decimal(8) * 100 / 15
    assert change_pct(Decimal(100), Decimal(120), "productivity") == 20
    assert change_pct(Decimal(0), Decimal(1), "productivity") is None

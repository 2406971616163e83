"""Test data: a unit with every kind of operational record and computed indicators that
follow them, and helpers to build workbooks and compare the database before and after."""

import json
from io import BytesIO, StringIO
from pathlib import Path

import yaml
from django.core.management import call_command
from openpyxl import Workbook

from kinerja.sources.tabular import KINDS, export_rows

SMALL = Path(__file__).parents[1] / "datasets" / "small.yaml"

INDICATORS = [
    ("SK2.1", "count", {"records": "facilitations", "kind": "standardisasi"}, 2),
    ("SK2.2", "growth", {"records": "service_orders"}, 5),
    ("SK2.4", "before_after_mean", {"kind": "kolaborasi"}, 30),
    ("SK2.5", "ratio", {"records": "audit_recommendations"}, 90),
    ("SK2.6", "ratio", {"records": "procurement_lines"}, 45),
    ("SK2.8", "sum_of_components", {"score": "sakip"}, 75),
]

RECORDS = {
    "service_orders": [
        {
            "number": "O-1",
            "type": "pengujian",
            "customer": "PT Ayam Jantan",
            "ordered_on": "2023-02-01",
            "completed_on": "2023-02-20",
            "fee": 1500000,
            "result_document": "LHU/001/2023",
        },
        {"number": "O-2", "type": "kalibrasi", "customer": "=1+1", "ordered_on": "2023-03-01"},
    ],
    "service_counts": [
        {"year": 2022, "type": "pengujian", "count": 2, "note": "Tabel 3.30"},
        {"year": 2022, "type": "kalibrasi", "count": 1},
        {"year": 2023, "type": "sertifikasi", "count": 2},
    ],
    "facilitations": [
        {
            "code": "K1",
            "year": 2023,
            "kind": "kolaborasi",
            "company": "IKM A",
            "activity": "Perbaikan proses",
            "program": "DAPATI",
            "agreement_number": "PKS/01/2023",
            "agreement_date": "2023-01-10",
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
                {"name": "Output 2", "before": 50.5, "after": 70, "direction": "productivity"},
            ],
        },
        {"code": "S1", "year": 2023, "kind": "standardisasi", "company": "PT C", "activity": "z"},
        {"code": "S2", "year": 2022, "kind": "standardisasi", "company": "PT D", "activity": "w"},
    ],
    "audit_recommendations": [
        {
            "year": 2023,
            "report_number": "LHA-1",
            "report_date": "2023-05-10",
            "number": n,
            "kind": k,
            "text": f"Rekomendasi {n}",
            "status": s,
            **({"followed_up_on": "2023-06-01"} if s == "done" else {}),
        }
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
            "name": "Belanja bahan",
            "domestic": True,
            "ceiling": 1000000000,
            "spending": 900000000,
        },
        {
            "year": 2023,
            "account": "532111",
            "name": "Alat impor",
            "domestic": False,
            "ceiling": 1000000000,
            "spending": 1000000000,
        },
        {
            "year": 2022,
            "account": "521211",
            "name": "Belanja bahan",
            "domestic": True,
            "ceiling": 500,
            "spending": 400,
        },
    ],
    "external_scores": [
        {
            "year": 2023,
            "kind": "sakip",
            "score": 76.8,
            "grade": "BB",
            "source": "LHE SAKIP 2023",
            "components": [
                {"name": "Perencanaan", "value": 23.7, "max": 30},
                {"name": "Pengukuran", "value": 23.1, "max": 30},
                {"name": "Pelaporan", "value": 12, "max": 15},
                {"name": "Evaluasi internal", "value": 18, "max": 25},
            ],
        },
        {"year": 2023, "kind": "ip_asn", "score": 87.87},
        {
            "year": 2023,
            "unit": "balai-lain",
            "kind": "ipp",
            "score": 4.5,
            "components": [{"name": "Kebijakan", "value": 4.5, "weight": 100}],
        },
    ],
}


def dataset(records=RECORDS) -> str:
    data = yaml.safe_load(SMALL.read_text())
    data["units"].append(
        {"code": "balai-lain", "name": "Balai Lain", "kind": "satker", "parent": "agency"}
    )
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
                for code, method, source, target in INDICATORS
            ],
        }
    )
    data["agreements"][0]["versions"][0]["indicators"] += [
        {"code": code, "target": target} for code, _, _, target in INDICATORS
    ]
    data.update(records)
    return yaml.safe_dump(data, sort_keys=False)


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX file with the given sheets, each a header row and data rows."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def realizations() -> dict[str, str]:
    out = StringIO()
    call_command("measures", unit="balai-contoh", year=2023, json=True, stdout=out)
    return {r["code"]: r["realization"] for r in json.loads(out.getvalue())["indicators"]}


def snapshot(unit) -> dict:
    """Everything an import may change: the records of every kind and the realizations."""
    return {**{kind: export_rows(kind, unit) for kind in KINDS}, "measures": realizations()}

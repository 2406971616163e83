"""Spreadsheet import and export of operational records (`kinerja.sources.tabular`): the
dataset's rules, placed on rows and columns; all or nothing; export → import unchanged."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from records_data import realizations, snapshot, workbook

from kinerja.datasets.errors import DatasetInvalid
from kinerja.sources.dataset import DEFS
from kinerja.sources.models import (
    AuditRecommendation,
    ExternalScore,
    Facilitation,
    ProcurementLine,
    ServiceCount,
    ServiceOrder,
)
from kinerja.sources.tabular import (
    ALIASES,
    KINDS,
    NESTED,
    UnsupportedFormat,
    coerce,
    columns,
    export_records,
    import_records,
    nested_columns,
)

# The module checks the wording of located messages in English (the language switch,
# the english_messages fixture of tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def problems(unit, kind, data, **options) -> list[str]:
    """The problems of an import that must write nothing."""
    before = snapshot(unit)
    with pytest.raises(DatasetInvalid) as info:
        import_records(kind, unit, data, **options)
    assert snapshot(unit) == before
    return [str(p) for p in info.value.problems]


def sheet_rows(data: bytes, title: str) -> list[list]:
    return [list(r) for r in load_workbook(BytesIO(data))[title].iter_rows(values_only=True)]


# -- the interface ----------------------------------------------------------------------
def test_the_columns_are_the_row_schemas_scalar_fields_in_order():
    assert {kind: columns(kind) for kind in KINDS} == {
        "service_orders": [
            "number",
            "type",
            "customer",
            "ordered_on",
            "completed_on",
            "fee",
            "result_document",
        ],
        "service_counts": ["year", "type", "count", "note"],
        "facilitations": [
            "code",
            "year",
            "kind",
            "company",
            "activity",
            "program",
            "agreement_number",
            "agreement_date",
            "note",
        ],
        "audit_recommendations": [
            "year",
            "report_number",
            "report_date",
            "number",
            "kind",
            "text",
            "status",
            "followed_up_on",
        ],
        "procurement_lines": ["year", "account", "name", "domestic", "ceiling", "spending"],
        "external_scores": ["year", "unit", "kind", "score", "grade", "source"],
    }
    assert nested_columns("facilitations") == [
        "code",
        "name",
        "unit",
        "before",
        "after",
        "direction",
    ]
    assert nested_columns("external_scores") == [
        "unit",
        "year",
        "kind",
        "name",
        "value",
        "weight",
        "max",
    ]


def test_every_alias_names_a_field_of_some_sheet():
    fields = {name for d in DEFS.values() for name in d["properties"]}
    fields |= {n for kind in NESTED for n in nested_columns(kind)}
    assert {f for targets in ALIASES.values() for f in targets} <= fields


@pytest.mark.parametrize(
    ("prop", "cell", "value"),
    [
        ({"type": "integer"}, "1.234.567", 1234567),
        ({"type": "integer"}, "1 234 567", 1234567),
        ({"type": "integer"}, "1.500.000,00", 1500000),
        ({"type": "integer"}, 1787.0, 1787),
        ({"type": "integer"}, " 42 ", 42),
        ({"type": "number"}, "53,3", Decimal("53.3")),
        ({"type": "number"}, "1.234,5", Decimal("1234.5")),
        ({"type": "number"}, "4.97", Decimal("4.97")),
        ({"type": "number"}, 4.97, Decimal("4.97")),
        ({"type": "number"}, 15, Decimal(15)),
        ({"type": "boolean"}, "Ya", True),
        ({"type": "boolean"}, "tidak", False),
        ({"type": "boolean"}, "x", True),
        ({"type": "boolean"}, "0", False),
        ({"type": "boolean"}, 1, True),
        ({"type": "boolean"}, False, False),
        ({"type": ["string", "null"], "format": "date"}, dt.datetime(2023, 5, 1), "2023-05-01"),
        ({"type": ["string", "null"], "format": "date"}, "2023-05-01", "2023-05-01"),
        ({"enum": ["done", "open"]}, "DONE", "done"),
        ({"enum": ["done", "open", "in_progress"]}, "Sudah ditindaklanjuti", "done"),
        ({"enum": ["done", "open"]}, "selesai", "selesai"),  # left for the schema to name
        ({"type": "string"}, 521211, "521211"),
        ({"type": "string"}, 521211.0, "521211"),
        ({"type": "string"}, "  ", None),
        ({"type": "integer"}, None, None),
    ],
)
def test_cells_are_read_by_their_columns_type(prop, cell, value):
    assert coerce(cell, prop) == value


# -- export → import --------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_export_then_import_changes_nothing(unit, kind):
    data = export_records(kind, unit)
    before = snapshot(unit)
    result = import_records(kind, unit, data, fmt="xlsx")
    assert not result.report.changed, result.report.as_dict()
    assert result.computed == 0
    assert result.rows == len(before[kind]) > 0
    assert snapshot(unit) == before


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in NESTED])
def test_csv_export_then_import_changes_nothing(unit, kind):
    data = export_records(kind, unit, fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf" + ",".join(columns(kind)).encode())
    result = import_records(kind, unit, data, fmt="csv")
    assert not result.report.changed and result.rows > 0


def test_the_demo_units_records_survive_a_round_trip(demo):
    from kinerja.org.models import Unit

    unit = Unit.objects.get(code="bspji-palembang")
    for kind in KINDS:
        result = import_records(kind, unit, export_records(kind, unit))
        assert not result.report.changed, (kind, result.report.as_dict())


def test_the_workbook_has_numbers_dates_and_a_second_sheet(unit):
    data = export_records("service_orders", unit)
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["service_orders"]
    sheet = book["service_orders"]
    assert [c.value for c in sheet[2]] == [
        "O-1",
        "pengujian",
        "PT Ayam Jantan",
        dt.datetime(2023, 2, 1),
        dt.datetime(2023, 2, 20),
        1500000,
        "LHU/001/2023",
    ]
    assert sheet["F2"].number_format == "#,##0"
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["C3"].value == "=1+1" and sheet["C3"].data_type == "s"  # text, not a formula

    data = export_records("facilitations", unit)
    assert load_workbook(BytesIO(data)).sheetnames == ["facilitations", "measures"]
    assert sheet_rows(data, "measures") == [
        ["code", "name", "unit", "before", "after", "direction"],
        ["K1", "Waktu", "menit", 15, 7, "efficiency"],
        ["K2", "Output", None, 100, 120, "productivity"],
        ["K2", "Output 2", None, 50.5, 70, "productivity"],
    ]
    scores = export_records("external_scores", unit)
    assert sheet_rows(scores, "external_scores")[1:] == [
        [2023, "balai-contoh", "ip_asn", 87.87, None, None],
        [2023, "balai-lain", "ipp", 4.5, None, None],
        [2023, "balai-contoh", "sakip", 76.8, "BB", "LHE SAKIP 2023"],
    ]
    assert sheet_rows(scores, "components")[1] == [
        "balai-lain",
        2023,
        "ipp",
        "Kebijakan",
        4.5,
        100,
        None,
    ]
    assert sheet_rows(export_records("procurement_lines", unit), "procurement_lines")[1] == [
        2022,
        "521211",
        "Belanja bahan",
        True,
        500,
        400,
    ]


def test_export_of_one_year(unit):
    data = export_records("procurement_lines", unit, year=2023)
    assert [r[0] for r in sheet_rows(data, "procurement_lines")[1:]] == [2023, 2023]
    data = export_records("service_orders", unit, year=2022, fmt="csv")
    assert data.decode("utf-8-sig").splitlines()[1:] == []


def test_kinds_with_nested_lists_are_not_exported_as_csv(unit):
    with pytest.raises(UnsupportedFormat, match="facilitations have measures, which a CSV"):
        export_records("facilitations", unit, fmt="csv")


# -- good imports -----------------------------------------------------------------------
def test_a_follow_up_recorded_in_the_workbook_changes_the_computed_ratio(unit):
    assert realizations()["SK2.5"] == "75"
    rows = sheet_rows(export_records("audit_recommendations", unit), "audit_recommendations")
    rows[4][6] = "Sudah ditindaklanjuti"  # the status's Indonesian label
    rows[4][7] = dt.date(2023, 7, 1)
    result = import_records("audit_recommendations", unit, workbook({"Sheet": rows}))
    assert result.report.updated == {"auditrecommendation": 1, "computed realization": 1}
    assert result.report.unchanged == {"auditrecommendation": 3}
    assert result.computed == 1
    assert realizations()["SK2.5"] == "100"
    rec = AuditRecommendation.objects.get(number=4)
    assert (rec.status, rec.followed_up_on) == ("done", dt.date(2023, 7, 1))


def test_indonesian_headers_create_rows_and_keep_the_ones_not_mentioned(unit):
    data = workbook(
        {
            "audit_recommendations": [
                ["Tahun", "report_number", "Nomor", "Jenis", "Uraian", "status"],
                [2023, "LHA-2", 1, "Temuan", "Perbaiki SOP", "open"],
            ]
        }
    )
    result = import_records("audit_recommendations", unit, data)
    assert result.report.created == {"auditrecommendation": 1}
    assert AuditRecommendation.objects.count() == 5
    assert realizations()["SK2.5"] == "60"  # 3 of 5
    new = AuditRecommendation.objects.get(report_number="LHA-2")
    assert (new.kind, new.text, new.report_date) == ("finding", "Perbaiki SOP", None)


def test_the_measures_sheet_replaces_a_companys_measures(unit):
    data = export_records("facilitations", unit)
    book = load_workbook(BytesIO(data))
    measures = book["measures"]
    measures.delete_rows(3, 2)  # K2's two measures go …
    measures.append(["K2", "Rendemen", "%", "40", "50", "productivity"])  # … one comes
    out = BytesIO()
    book.save(out)
    result = import_records("facilitations", unit, out.getvalue())
    assert result.report.updated == {"facilitationmeasure": 1, "computed realization": 1}
    k2 = Facilitation.objects.get(code="K2")
    assert [(m.name, m.unit_label, m.before, m.after) for m in k2.measures.all()] == [
        ("Rendemen", "%", 40, 50)
    ]
    # mean(53.33 (K1), 25 (K2)) = 39.17
    assert realizations()["SK2.4"] == "39.166667"


def test_without_a_measures_sheet_or_a_column_the_stored_values_are_kept(unit):
    data = workbook(
        {
            "facilitations": [
                ["kode", "tahun", "jenis", "perusahaan", "kegiatan"],
                ["K1", 2023, "kolaborasi", "IKM A baru", "Perbaikan proses"],
            ]
        }
    )
    result = import_records("facilitations", unit, data)
    # The company's name is part of SK2.4's provenance, so the stored realization follows.
    assert result.report.updated == {"facilitation": 1, "computed realization": 1}
    k1 = Facilitation.objects.get(code="K1")
    assert (k1.company, k1.program, k1.agreement_date) == (
        "IKM A baru",
        "DAPATI",
        dt.date(2023, 1, 10),
    )
    assert k1.measures.count() == 1


def test_a_present_but_empty_column_clears_the_value(unit):
    data = workbook(
        {
            "service_orders": [
                ["number", "type", "customer", "ordered_on", "fee"],
                ["O-1", "pengujian", "PT Ayam Jantan", "2023-02-01", None],
            ]
        }
    )
    import_records("service_orders", unit, data)
    order = ServiceOrder.objects.get(number="O-1")
    assert order.fee is None and order.result_document == "LHU/001/2023"


def test_scores_sheet_names_the_unit_or_leaves_it_empty_for_the_own_unit(unit):
    data = workbook(
        {
            "external_scores": [
                ["tahun", "unit", "jenis", "nilai", "predikat"],
                [2023, None, "sakip", "78,5", "BB"],
                [2024, "balai-lain", "ip_asn", 81, None],
            ],
            "components": [
                ["tahun", "jenis", "komponen", "nilai", "max"],
                [2023, "sakip", "Perencanaan", "25", 30],
            ],
        }
    )
    with pytest.raises(DatasetInvalid, match="kolom komponen: unknown column; the columns are "):
        import_records("external_scores", unit, data)
    data = workbook(
        {
            "external_scores": [
                ["tahun", "unit", "jenis", "nilai", "predikat"],
                [2023, None, "sakip", "78,5", "BB"],
                [2024, "balai-lain", "ip_asn", 81, None],
            ],
            "components": [
                ["tahun", "jenis", "name", "nilai", "max"],
                [2023, "sakip", "Perencanaan", "25", 30],
                [2023, "sakip", "Pengukuran", "25,5", 30],
            ],
        }
    )
    result = import_records("external_scores", unit, data)
    assert result.report.created == {"externalscore": 1}
    assert result.report.updated == {
        "externalscore": 1,
        "scorecomponent": 1,
        "computed realization": 1,
    }
    sakip = ExternalScore.objects.get(unit=unit, kind="sakip")
    assert (sakip.score, sakip.grade) == (Decimal("78.5"), "BB")
    assert realizations()["SK2.8"] == "50.5"  # the components' sum
    assert ExternalScore.objects.get(unit__code="balai-lain", year=2024).score == 81


def test_a_csv_with_semicolons_a_byte_order_mark_and_indonesian_numbers(unit):
    text = (
        "tahun;akun;uraian;domestic;pagu;realisasi\r\n"
        "2023;521211;Belanja bahan;ya;1.000.000.000;1.000.000.000\r\n"
        "2024;525113;Jasa;tidak;2.500;1.250\r\n"
        ";;;;;\r\n"
    )
    result = import_records("procurement_lines", unit, text.encode("utf-8-sig"), fmt="csv")
    assert result.rows == 2
    assert result.report.created == {"procurementline": 1}
    assert result.report.updated == {"procurementline": 1, "computed realization": 1}
    assert realizations()["SK2.6"] == "50"  # 1,000,000,000 domestic of 2,000,000,000
    line = ProcurementLine.objects.get(year=2024)
    assert (line.domestic, line.ceiling, line.spending) == (False, 2500, 1250)


def test_a_csv_without_nested_columns_is_fine_and_keeps_the_measures(unit):
    text = "code,year,kind,company,activity\nK2,2023,kolaborasi,IKM B,y\n"
    result = import_records("facilitations", unit, text.encode(), fmt="csv")
    assert not result.report.changed
    assert Facilitation.objects.get(code="K2").measures.count() == 2


def test_a_dry_run_reports_and_writes_nothing(unit):
    rows = sheet_rows(export_records("audit_recommendations", unit), "audit_recommendations")
    rows[4][6] = "done"
    rows.append([2023, "LHA-1", "2023-05-10", 5, "finding", "Baru", "open", None])
    before = snapshot(unit)
    result = import_records("audit_recommendations", unit, workbook({"x": rows}), dry_run=True)
    assert result.dry_run
    assert result.report.created == {"auditrecommendation": 1}
    assert result.report.updated == {"auditrecommendation": 1, "computed realization": 1}
    assert result.computed == 1  # 4 of 5 would be followed up
    assert snapshot(unit) == before


# -- bad files --------------------------------------------------------------------------
def test_wrong_types_are_named_by_row_and_column(unit):
    data = workbook(
        {
            "service_orders": [
                ["number", "type", "customer", "ordered_on", "completed_on", "fee"],
                ["O-9", "pengujian", "PT X", "05/01/2023", None, "sejuta"],
                ["O-10", "pengujian", "PT Y", "2023-02-30", dt.datetime(2023, 3, 1, 14, 30), 2.5],
                ["O-11", "pengujian", None, dt.date(2023, 3, 1), None, -5],
            ]
        }
    )
    assert problems(unit, "service_orders", data) == [
        'baris 2, kolom fee: expected a whole number, got "sejuta"',
        'baris 2, kolom ordered_on: expected a date (YYYY-MM-DD), got "05/01/2023"',
        "baris 3, kolom completed_on: expected a date without a time, got 2023-03-01T14:30:00",
        "baris 3, kolom fee: expected a whole number, got 2.5",
        'baris 3, kolom ordered_on: "2023-02-30" is not a valid date (YYYY-MM-DD)',
        "baris 4, kolom customer: must not be empty",
        "baris 4, kolom fee: must be at least 0, got -5",
    ]


def test_an_unknown_enum_value_lists_the_allowed_ones(unit):
    data = workbook(
        {
            "service_counts": [
                ["year", "type", "count"],
                [2023, "pengujan", 3],
                [2023, None, 3],
                [2023, "kalibrasi", "banyak"],
            ]
        }
    )
    assert problems(unit, "service_counts", data) == [
        "baris 2, kolom type: expected one of pengujian, kalibrasi, sampling, pelatihan, "
        "konsultansi, sertifikasi, inspeksi_teknis, verifikasi, litbang, rancang_bangun, "
        'penanganan_pencemaran; got "pengujan"',
        "baris 3, kolom type: must not be empty",
        'baris 4, kolom count: expected a whole number, got "banyak"',
    ]


def test_a_key_listed_twice_is_named_on_the_later_rows(unit):
    data = workbook(
        {
            "audit_recommendations": [
                ["year", "report_number", "number", "kind", "text", "status"],
                [2023, "LHA-9", 1, "finding", "a", "open"],
                [2023, "LHA-9", 2, "finding", "b", "open"],
                [2023, "LHA-9", 1, "finding", "c", "done"],
                [2023, "LHA-9", "satu", "finding", "d", "done"],
            ]
        }
    )
    assert problems(unit, "audit_recommendations", data) == [
        "baris 4, kolom number: recommendation 1 of report LHA-9 is listed twice "
        "(first in baris 2)",
        'baris 5, kolom number: expected a whole number, got "satu"',
    ]
    text = (
        "number;type;customer;ordered_on\nO-5;pengujian;A;2023-01-01\nO-5;pengujian;B;2023-01-02\n"
    )
    assert problems(unit, "service_orders", text.encode(), fmt="csv") == [
        'baris 3, kolom number: order "O-5" is listed twice (first in baris 2)'
    ]


def test_spending_above_the_ceiling(unit):
    text = "year,account,name,domestic,ceiling,spending\n2023,521211,Bahan,x,10,11\n"
    assert problems(unit, "procurement_lines", text.encode(), fmt="csv") == [
        "baris 2, kolom spending: spending 11 is above the ceiling 10"
    ]


def test_an_unknown_unit_of_an_external_score(unit):
    data = workbook(
        {
            "external_scores": [
                ["year", "unit", "kind", "score"],
                [2023, "balai-entah", "ip_asn", 70],
                [2023, "balai-contoh", "ip_asn", 70],
                [2023, None, "ip_asn", 71],
            ]
        }
    )
    assert problems(unit, "external_scores", data) == [
        'baris 2, kolom unit: unknown unit "balai-entah"',
        # the unit's own code and an empty cell are the same unit
        "baris 4, kolom kind: ip_asn 2023 of balai-contoh is listed twice (first in baris 3)",
    ]


def test_missing_unknown_and_repeated_columns(unit):
    data = workbook({"service_counts": [["tahun", "jenis", "catatan", "Year"], [2023, "x", None]]})
    assert problems(unit, "service_counts", data) == [
        "baris 1: missing column(s) count",
        "baris 1, kolom Year: column year is given twice (also as tahun)",
    ]
    data = workbook({"service_counts": [["year", "type", "count", "jumlh"], [2023, "x", 1]]})
    assert problems(unit, "service_counts", data) == [
        "baris 1, kolom jumlh: unknown column; the columns are year, type, count, note"
    ]


def test_nested_lists_in_a_csv_file_are_refused_with_the_way_to_give_them(unit):
    text = "code,year,kind,company,activity,before,after\nK2,2023,kolaborasi,IKM B,y,1,2\n"
    found = problems(unit, "facilitations", text.encode(), fmt="csv")
    assert found == [
        "baris 1, kolom after: a CSV file cannot hold measures: use an XLSX workbook with a "
        'second sheet "measures" (code, name, unit, before, after, direction); a CSV with '
        "only the facilitations columns keeps the stored measures",
        "baris 1, kolom before: a CSV file cannot hold measures: use an XLSX workbook with a "
        'second sheet "measures" (code, name, unit, before, after, direction); a CSV with '
        "only the facilitations columns keeps the stored measures",
    ]


def test_a_nested_row_without_its_parent_and_a_bad_nested_cell(unit):
    data = workbook(
        {
            "facilitations": [
                ["code", "year", "kind", "company", "activity"],
                ["K1", 2023, "kolaborasi", "IKM A", "x"],
            ],
            "measures": [
                ["code", "name", "before", "after", "direction"],
                ["K1", "Waktu", "lima belas", 7, "efficiency"],
                ["K9", "Waktu", 15, 7, "efficiency"],
                ["K1", "Biaya", 15, 7, "naik"],
            ],
        }
    )
    assert problems(unit, "facilitations", data) == [
        'lembar measures, baris 2, kolom before: expected a number, got "lima belas"',
        "lembar measures, baris 3, kolom code: no row with code K9 on the sheet facilitations",
        "lembar measures, baris 4, kolom direction: expected one of productivity, efficiency; "
        'got "naik"',
    ]


def test_counts_and_orders_of_the_same_type_and_year_are_refused(unit):
    text = "year,type,count\n2023,pengujian,10\n"
    assert problems(unit, "service_counts", text.encode(), fmt="csv") == [
        "baris 2: pengujian 2023 has individual orders too; record one or the other, or the "
        "orders would be counted twice"
    ]
    text = "number,type,customer,ordered_on\nO-7,sertifikasi,PT Z,2023-04-01\n"
    assert problems(unit, "service_orders", text.encode(), fmt="csv") == [
        "baris 2, kolom type: sertifikasi 2023 has individual orders too; record one or the "
        "other, or the orders would be counted twice (a yearly count is stored)"
    ]


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"PK\x03\x04 not really a zip", "xlsx", "not an XLSX workbook: "),
        (b"year,type,count\n", "xlsx", "not an XLSX workbook: "),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, None, "an old .xls workbook"),
        (b"\xff\xfe\x00y\x00e", "csv", "not a UTF-8 CSV file"),
        (b"", "csv", "baris 1: the file is empty; expected a header row"),
    ],
)
def test_a_file_that_is_not_a_table(unit, data, fmt, message):
    [found] = problems(unit, "service_counts", data, fmt=fmt)
    assert found.startswith(message)


def test_the_kinds_sheet_is_found_by_name_else_the_first_sheet_is_read(unit):
    data = workbook(
        {
            "Catatan": [["apa saja"]],
            "Service_Counts": [["year", "type", "count"], [2023, "sampling", 4]],
        }
    )
    assert import_records("service_counts", unit, data).report.created == {"servicecount": 1}
    assert ServiceCount.objects.get(service_type="sampling").count == 4


def test_a_decimal_comma_in_a_comma_separated_file_is_caught(unit):
    text = "year,kind,score\n2023,sakip,76,8\n"
    assert problems(unit, "external_scores", text.encode(), fmt="csv") == [
        "baris 2: value(s) in column(s) without a header: D"
    ]
    text = 'year,kind,score\n2023,sakip,"76,8"\n'  # quoted, it is one cell: 76.8
    import_records("external_scores", unit, text.encode(), fmt="csv")
    assert ExternalScore.objects.get(unit=unit, kind="sakip").score == Decimal("76.8")


def test_a_file_of_another_kind_gives_one_message_about_its_columns(unit):
    data = export_records("service_counts", unit, fmt="csv")
    assert problems(unit, "procurement_lines", data, fmt="csv") == [
        "baris 1: missing column(s) account, name, domestic, ceiling, spending",
        "baris 1: unknown columns type, count, note; the columns are year, account, name, "
        "domestic, ceiling, spending",
    ]

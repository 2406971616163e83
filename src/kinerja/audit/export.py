"""The audit trail as files: CSV (one row per changed field, for a spreadsheet) and JSON
(one object per change with both snapshots, for programs). Used by the page and by
``kinerja audit_export`` alike."""

import csv
import json

from kinerja.core.spreadsheets import csv_row

from .selectors import EXPORT_HEADER, as_json, export_rows

BOM = "\ufeff"  # lets Excel recognise UTF-8


class _Line:
    """A file-like object that hands back what csv.writer writes, line by line."""

    def write(self, text: str) -> str:
        return text


def csv_lines(changes, bom: bool = True):
    """The CSV text in pieces, for a streamed response or a file."""
    writer = csv.writer(_Line())
    yield (BOM if bom else "") + writer.writerow(csv_row(EXPORT_HEADER))
    for row in export_rows(changes):
        yield writer.writerow(csv_row(row))  # "=..." in a changed value stays text


def json_document(unit, since, changes) -> dict:
    return {
        "unit": unit.code,
        "since": since.isoformat() if since else None,
        "changes": [as_json(change) for change in changes],
    }


def json_text(unit, since, changes) -> str:
    return json.dumps(json_document(unit, since, changes), ensure_ascii=False, indent=2) + "\n"

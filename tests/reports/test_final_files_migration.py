"""Migration reports 0006: final report files move from the database (BinaryField) into
the file storage, and back on reverse, with their SHA-256 checked."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0005_printedfigure_every_figure")]
AFTER = [("reports", "0006_final_report_files_in_storage")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_final_files_move_into_the_storage_and_back(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    apps = migrate(BEFORE)
    from kinerja.org.models import Unit  # org stays at its latest migration

    FinalReport = apps.get_model("reports", "FinalReport")
    FinalReportFile = apps.get_model("reports", "FinalReportFile")
    unit = Unit.objects.create(code="bspji-uji", name="BSPJI Uji", kind="balai")
    report = FinalReport.objects.create(
        unit_id=unit.pk,
        year=2023,
        kind="lakin",
        period="",
        version=1,
        data_hash="d" * 64,
        content_hash="c" * 64,
        data_snapshot={},
        findings=[],
    )
    content = b"PK\x03\x04 a final workbook"
    FinalReportFile.objects.create(
        report=report,
        format="xlsx",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    try:
        apps = migrate(AFTER)
        row = apps.get_model("reports", "FinalReportFile").objects.get()
        assert row.file.name.startswith("final-reports/bspji-uji/2023/lakin-v1-")
        assert (tmp_path / row.file.name).read_bytes() == content

        apps = migrate(BEFORE)
        row = apps.get_model("reports", "FinalReportFile").objects.get()
        assert bytes(row.content) == content
        assert not any(p.is_file() for p in tmp_path.rglob("*"))
    finally:
        migrate(AFTER)
        # the flush of transactional tests removes the rows

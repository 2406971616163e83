"""Final report files move from a BinaryField into the file storage (core/storage.py).

Forward: each file's bytes are written to the default storage (local folder or S3
bucket) and the row keeps their name; reverse: the bytes are read back into the row and
the stored file is deleted. A file whose SHA-256 does not match stops the migration."""

import hashlib
from uuid import uuid4

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import kinerja.reports.models


def _name(row) -> str:
    report = row.report
    period = f"-{report.period}" if report.period else ""
    return (
        f"final-reports/{report.unit.code}/{report.year}/"
        f"{report.kind}{period}-v{report.version}-{uuid4().hex[:12]}.{row.format}"
    )


def bytes_to_storage(apps, schema_editor):
    File = apps.get_model("reports", "FinalReportFile")
    db = schema_editor.connection.alias
    for row in File.objects.using(db).select_related("report__unit").iterator(chunk_size=50):
        content = bytes(row.content)
        if hashlib.sha256(content).hexdigest() != row.sha256:
            raise RuntimeError(f"final report file {row.pk}: content does not match its SHA-256")
        name = default_storage.save(_name(row), ContentFile(content))
        File.objects.using(db).filter(pk=row.pk).update(file=name)


def storage_to_bytes(apps, schema_editor):
    File = apps.get_model("reports", "FinalReportFile")
    db = schema_editor.connection.alias
    for row in File.objects.using(db).iterator(chunk_size=50):
        with default_storage.open(row.file.name, "rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != row.sha256:
            raise RuntimeError(f"final report file {row.pk}: {row.file.name} does not match")
        File.objects.using(db).filter(pk=row.pk).update(content=content)
    for row in File.objects.using(db).iterator(chunk_size=50):
        default_storage.delete(row.file.name)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_printedfigure_every_figure"),
    ]

    operations = [
        migrations.AddField(
            model_name="finalreportfile",
            name="file",
            field=models.FileField(
                default="",
                max_length=255,
                upload_to=kinerja.reports.models.final_file_path,
                verbose_name="berkas",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="finalreportfile",
            name="content",
            field=models.BinaryField(default=b"", verbose_name="isi berkas"),
        ),
        migrations.RunPython(bytes_to_storage, storage_to_bytes),
        migrations.RemoveField(
            model_name="finalreportfile",
            name="content",
        ),
    ]

"""Evidence moves into the default file storage (core/storage.py), under evidence/.

Forward: each file is copied from the folder it was kept in before
(settings.KINERJA_EVIDENCE_ROOT) to evidence/<its name> in the default storage (a local
folder or an S3 bucket), then removed from the old folder. Reverse: copied back. A file
missing from the old folder stops the migration (the database would name a file that
does not exist)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import kinerja.measurement.models

PREFIX = "evidence/"


def _old_root() -> Path:
    return Path(
        getattr(settings, "KINERJA_EVIDENCE_ROOT", None)
        or os.environ.get("KINERJA_EVIDENCE_ROOT")
        or Path.cwd() / "var" / "evidence"
    )


def into_storage(apps, schema_editor):
    Evidence = apps.get_model("measurement", "Evidence")
    db = schema_editor.connection.alias
    root = _old_root()
    moved = []
    for row in Evidence.objects.using(db).exclude(file__startswith=PREFIX).iterator():
        old = root / row.file.name
        if not old.is_file():
            raise RuntimeError(
                f"evidence {row.pk}: {old} not found; set KINERJA_EVIDENCE_ROOT to the "
                "folder evidence was kept in and migrate again"
            )
        name = default_storage.save(PREFIX + row.file.name, ContentFile(old.read_bytes()))
        Evidence.objects.using(db).filter(pk=row.pk).update(file=name)
        moved.append(old)
    for old in moved:
        old.unlink()


def out_of_storage(apps, schema_editor):
    Evidence = apps.get_model("measurement", "Evidence")
    db = schema_editor.connection.alias
    root = _old_root()
    for row in Evidence.objects.using(db).filter(file__startswith=PREFIX).iterator():
        name = row.file.name[len(PREFIX) :]
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(row.file.name, "rb") as handle:
            target.write_bytes(handle.read())
        Evidence.objects.using(db).filter(pk=row.pk).update(file=name)
        default_storage.delete(row.file.name)


class Migration(migrations.Migration):
    dependencies = [
        ("measurement", "0008_elementvalue_period_semesters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(
                max_length=255,
                upload_to=kinerja.measurement.models.evidence_path,
                verbose_name="berkas",
            ),
        ),
        migrations.RunPython(into_storage, out_of_storage),
    ]

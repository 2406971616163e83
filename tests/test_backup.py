"""kinerja backup / kinerja restore: the whole installation (every table, every stored
file) into one archive and back into an empty database and storage, identical: each
unit's dump, the users with their password hashes, the audit trail and the final files."""

import hashlib
import io
import json
import re
import tarfile
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.audit.models import Change
from kinerja.core import storage
from kinerja.datasets.dump import dump_text
from kinerja.measurement import entry_selectors, workflow
from kinerja.measurement.consolidation import consolidated_measures
from kinerja.measurement.models import Evidence, UnitYearSummary, WorkflowEvent
from kinerja.org.models import Membership, Unit
from kinerja.planning.models import StrategicPlan
from kinerja.reports.finals import finalize
from kinerja.reports.models import FinalReport, FinalReportFile

YEAR, TODAY = 2023, date(2023, 4, 10)


def installation(users, files):
    """The demo and its users, plus evidence, a quarter's workflow and a final report."""
    unit = Unit.objects.get(code="bspji-palembang")
    indicator = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator
    entry = workflow.entry_for(indicator, YEAR, 2)
    workflow.save_entry(entry, users["perencana"], target=Decimal("20"), today=TODAY)  # the plan
    workflow.save_entry(entry, users["pic"], value=Decimal("45"), target=Decimal("20"), today=TODAY)
    for name, kind, content_type in [
        ("ba.pdf", "pdf", "application/pdf"),
        ("foto.png", "png", "image/png"),
    ]:
        upload = SimpleUploadedFile(name, files[kind], content_type)
        workflow.add_evidence(entry, users["pic"], upload, today=TODAY)
    workflow.submit(entry, users["pic"], today=TODAY)
    workflow.verify(entry, users["koordinator"])
    workflow.approve(entry, users["kepala"])
    finalize(unit, YEAR, formats=("xlsx", "docx"), user=users["kepala"])


def state() -> dict:
    """What must come back identical, independent of database ids of content types."""
    dumps = {
        (plan.unit.code, plan.code): dump_text(plan.unit, plan)
        for plan in StrategicPlan.objects.select_related("unit")
    }
    users = list(
        get_user_model()
        .objects.order_by("pk")
        .values(
            "pk",
            "username",
            "password",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
        )
    )
    changes = [
        {**row, "content_type": Change.objects.get(pk=row["pk"]).content_type.natural_key()}
        for row in Change.objects.order_by("pk").values(
            "pk",
            "at",
            "user_id",
            "username",
            "source",
            "action",
            "object_id",
            "object_repr",
            "unit_id",
            "before",
            "after",
            "reason",
        )
    ]
    finals = {f.file.name: (f.sha256, f.content) for f in FinalReportFile.objects.all()}
    evidence = {e.file.name: (e.sha256, storage.read(e.file.name)) for e in Evidence.objects.all()}
    history = list(WorkflowEvent.objects.order_by("pk").values())
    memberships = list(Membership.objects.order_by("pk").values())
    return {
        "dumps": dumps,
        "users": users,
        "changes": changes,
        "finals": finals,
        "evidence": evidence,
        "history": history,
        "memberships": memberships,
        "files": sorted(storage.walk()),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_and_storage_is_identical(
    users, files, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media-before"
    installation(users, files)
    before = state()
    assert len(before["finals"]) == 2 and len(before["evidence"]) == 2
    assert len(before["history"]) >= 3 and len(before["changes"]) > 100
    assert len(before["dumps"]) >= 2
    # The parent view's per-unit-year summaries are stored, and go into the archive.
    parent = Unit.objects.get(code="bspji-palembang").parent
    consolidated = consolidated_measures(parent, YEAR)
    assert consolidated and UnitYearSummary.objects.exists()

    archive = tmp_path / "kinerja.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert re.fullmatch(
        rf"{re.escape(str(archive))}: \d+ baris, \d+ berkas \(\d+ bita\)\n", out.getvalue()
    )
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert sorted(e["name"] for e in manifest["files"]) == before["files"]
        for entry in manifest["files"]:
            content = tar.extractfile("files/" + entry["name"]).read()
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]

    # A new installation: an empty (migrated) database and an empty storage.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media-after"
    assert not get_user_model().objects.exists() and not Change.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert re.fullmatch(
        r"\d+ baris dan \d+ berkas \(\d+ bita\) dipulihkan; setiap checksum terverifikasi\n",
        out.getvalue(),
    )
    after = state()
    for key in before:
        assert after[key] == before[key], key
    # The restored summaries were made out of date (raw saves raise no input version);
    # the parent view computes them again, to the same figures.
    assert not UnitYearSummary.objects.exists()
    assert consolidated_measures(Unit.objects.get(pk=parent.pk), YEAR) == consolidated
    # The restore added nothing to the audit trail, and new rows get new ids.
    assert Change.objects.count() == len(before["changes"])
    unit = Unit.objects.get(code="bspji-palembang")
    report = finalize(unit, YEAR, formats=("xlsx",), reason="after the restore")
    assert report.version == 2 and report.pk > max(
        r.pk for r in FinalReport.objects.exclude(pk=report.pk)
    )
    # Signing in works with the restored password hash (through the login page: the
    # login throttle, django-axes, needs a request).
    from django.test import Client

    response = Client().post("/masuk/", {"username": "pic", "password": "uji-kinerja-2023"})
    assert response.status_code == 302 and "/masuk/" not in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_or_storage_that_is_not_empty(users, files, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    installation(users, files)
    archive = tmp_path / "kinerja.tar.gz"
    call_command("backup", str(archive))
    changes = Change.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(archive))
    message = str(caught.value)
    assert message.startswith(
        "pemulihan memerlukan basis data dan penyimpanan yang kosong: basis data berisi baris"
    )
    assert "menyimpan 4 berkas" in message and "--force" in message
    assert Change.objects.count() == changes  # nothing happened

    # A database emptied but files left over: still refused.
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(
        CommandError,
        match=r"^pemulihan memerlukan basis data dan penyimpanan yang kosong: "
        r"folder .* menyimpan 4 berkas",
    ):
        call_command("restore", str(archive))

    # --force empties both, then restores.
    default_storage.save("stray/left-over.txt", SimpleUploadedFile("x", b"x"))
    call_command("restore", str(archive), "--force")
    assert Change.objects.count() == changes
    assert not default_storage.exists("stray/left-over.txt")


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_before_anything_is_written(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("evidence/x/a.pdf", SimpleUploadedFile("a", b"%PDF-original"))
    archive = tmp_path / "kinerja.tar.gz"
    call_command("backup", str(archive))
    # Rewrite the archive with one file's bytes changed, the manifest as it was.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "files/evidence/x/a.pdf":
                data = b"%PDF-changed!"
            member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    settings.MEDIA_ROOT = tmp_path / "empty"
    with pytest.raises(CommandError, match=r"files/evidence/x/a.pdf rusak \(SHA-256"):
        call_command("restore", str(damaged), "--force")
    assert get_user_model().objects.exists()  # --force did not empty anything first
    assert list(storage.walk()) == []


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    not_a_backup = tmp_path / "x.tar.gz"
    not_a_backup.write_bytes(b"hello")
    with pytest.raises(CommandError, match="bukan cadangan kinerja"):
        call_command("restore", str(not_a_backup))


def test_a_file_that_is_not_a_backup_is_refused_in_english_under_the_switch(
    tmp_path, english_messages
):
    not_a_backup = tmp_path / "x.tar.gz"
    not_a_backup.write_bytes(b"hello")
    with pytest.raises(CommandError, match="x.tar.gz: not a kinerja backup"):
        call_command("restore", str(not_a_backup))
    with pytest.raises(CommandError, match="nothing.tar.gz: no such file"):
        call_command("restore", str(tmp_path / "nothing.tar.gz"))

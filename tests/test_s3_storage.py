"""The S3 path of the file storage, against moto's S3 server on loopback: evidence
upload, final issue, both downloads (with their access checks), the pending upload of
the XLSX round trip and /readyz all go through django-storages' S3Storage, exactly as a
deployment with KINERJA_S3_BUCKET set."""

import socket
from datetime import date

import boto3
import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from kinerja.core import storage
from kinerja.measurement import entry_selectors, workflow
from kinerja.org.models import Unit
from kinerja.reports.finals import finalize

BUCKET, YEAR = "kinerja-files", 2023
CREDENTIALS = {"access_key": "testing-key", "secret_key": "testing-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, monkeypatch):
    """A fresh bucket, and the default storage pointed at it the way settings.py does."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "location": "kinerja",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                **CREDENTIALS,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def body(client, key) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_evidence_and_final_files_live_in_the_bucket_and_download_with_rights(
    s3, users, client, files
):
    assert isinstance(storages["default"], S3Storage)
    unit = Unit.objects.get(code="bspji-palembang")
    indicator = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator
    entry = workflow.entry_for(indicator, YEAR, 1)
    upload = SimpleUploadedFile("ba.pdf", files["pdf"], "application/pdf")
    evidence = workflow.add_evidence(entry, users["pic"], upload, today=date(2023, 4, 10))
    report = finalize(unit, YEAR, formats=("xlsx",), user=users["kepala"])
    final = report.files.get()

    assert keys(s3) == sorted(["kinerja/" + evidence.file.name, "kinerja/" + final.file.name])
    assert body(s3, "kinerja/" + evidence.file.name) == files["pdf"]
    assert body(s3, "kinerja/" + final.file.name) == final.content
    assert storage.describe() == f"bucket S3 {BUCKET!r} di {default_storage.endpoint_url}"

    evidence_url = reverse("measurement:evidence", args=[unit.code, YEAR, 1, "SK3.1", evidence.pk])
    final_url = reverse("reports:final_file", args=[unit.code, YEAR, report.pk, "xlsx"])
    client.force_login(users["luar"])  # another unit's planner: the files do not exist
    assert client.get(evidence_url).status_code == 404
    assert client.get(final_url).status_code == 404
    client.force_login(users["pic"])
    response = client.get(evidence_url)
    assert response.status_code == 200 and response.getvalue() == files["pdf"]
    response = client.get(final_url)
    assert response.status_code == 200 and response.getvalue() == final.content

    # Removing the evidence deletes the object once the removal is committed.
    workflow.remove_evidence(evidence, users["pic"], today=date(2023, 4, 10))


def test_the_removed_evidence_object_goes_on_commit(
    s3, users, files, django_capture_on_commit_callbacks
):
    unit = Unit.objects.get(code="bspji-palembang")
    indicator = entry_selectors.agreement_item_by_code(unit, YEAR, "SK3.1").indicator
    entry = workflow.entry_for(indicator, YEAR, 1)
    upload = SimpleUploadedFile("ba.png", files["png"], "image/png")
    evidence = workflow.add_evidence(entry, users["pic"], upload, today=date(2023, 4, 10))
    assert keys(s3) == ["kinerja/" + evidence.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remove_evidence(evidence, users["pic"], today=date(2023, 4, 10))
    assert keys(s3) == []


@pytest.mark.django_db
def test_a_pending_upload_and_the_readiness_probe_use_the_bucket(s3, client):
    from django.contrib.sessions.backends.db import SessionStore

    from kinerja.planning import spreadsheet

    session = SessionStore()
    token = spreadsheet.stash_upload(session, purpose="p", data=b"PK-xlsx", filename="a.xlsx")
    assert keys(s3) == [f"kinerja/pending-uploads/{token}.xlsx"]
    assert spreadsheet.fetch_upload(session, token, purpose="p").data == b"PK-xlsx"
    spreadsheet.discard_upload(session, token)
    assert keys(s3) == []

    response = client.get("/readyz")
    assert response.json()["checks"]["storage"] == "ok"
    assert keys(s3) == []  # the probe deleted its object


@pytest.mark.django_db
def test_a_missing_bucket_makes_readyz_fail(s3, client):
    s3.delete_bucket(Bucket=BUCKET)
    try:
        assert client.get("/readyz").status_code == 503
    finally:
        s3.create_bucket(Bucket=BUCKET)

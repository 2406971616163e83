"""Evidence files of the LKE: attached to a criterion's answer or to a recommendation's
follow-up, checked and stored like a quarter's evidence, read only by who may read the
evaluation, carried over to the next year, listed in the documents, in the backup."""

import io
import json
import subprocess
import tarfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kinerja.audit.models import Change
from kinerja.core import storage
from kinerja.evaluation import services
from kinerja.evaluation.choices import EvaluationState, EventAction, RecommendationStatus
from kinerja.evaluation.models import Evaluation, EvidenceFile
from kinerja.evaluation.services import EvaluationRefused
from kinerja.org.models import Unit

URL = reverse("evaluation:worksheet", args=["bspji-palembang", 2024])


@pytest.fixture
def palembang(demo):
    return Unit.objects.get(code="bspji-palembang")


@pytest.fixture
def lke2024(users, palembang, evidence_root):
    return services.start(users["perencana"], palembang, 2024)


def pdf(files, name="sk-tim-sakip.pdf"):
    return SimpleUploadedFile(name, files["pdf"], "application/pdf")


def stored(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def file_url(row, year=2024):
    return reverse("evaluation:evidence_file", args=["bspji-palembang", year, row.pk])


def test_the_planner_attaches_a_file_to_a_criterion(users, lke2024, files, evidence_root):
    row = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    assert row.answer.criterion.code == "1.a.1" and row.evaluation == lke2024
    assert (row.original_name, row.content_type, row.size) == (
        "sk-tim-sakip.pdf",
        "application/pdf",
        len(files["pdf"]),
    )
    # One naming scheme with the quarters' evidence: ours, random, under the unit and year.
    assert row.file.name.startswith("evidence/bspji-palembang/2024/lke/")
    assert "sk-tim-sakip" not in row.file.name
    assert storage.read(row.file.name) == files["pdf"]
    event = lke2024.events.get(action=EventAction.ADD_FILE)
    assert (event.criterion, event.comment, event.user) == (
        "1.a.1",
        "sk-tim-sakip.pdf",
        users["perencana"],
    )
    assert Change.objects.filter(
        content_type=ContentType.objects.get_for_model(EvidenceFile),
        object_id=str(row.pk),
        unit=lke2024.unit,
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", "exe", "isinya bukan PDF, PNG, JPEG atau WebP"),
        ("kosong.pdf", b"", "“kosong.pdf” kosong"),
        ("besar.pdf", b"%PDF-" + b"x" * 2048, "batasnya 1,0\xa0KB"),
    ],
)
def test_a_bad_file_is_refused_with_its_place_and_nothing_is_written(
    users, lke2024, files, evidence_root, settings, name, content, message
):
    settings.KINERJA_EVIDENCE_MAX_BYTES = 1024
    data = files[content] if isinstance(content, str) else content
    upload = SimpleUploadedFile(name, data, "application/pdf")
    with pytest.raises(EvaluationRefused, match="criterion 1.a.1, file") as refused:
        services.add_answer_file(users["perencana"], lke2024, "1.a.1", upload)
    assert message in str(refused.value)
    assert not EvidenceFile.objects.exists()
    assert not lke2024.events.filter(action=EventAction.ADD_FILE).exists()
    assert stored(evidence_root) == []


def test_the_same_content_twice_and_an_unknown_criterion_are_refused(
    users, lke2024, files, evidence_root
):
    first = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    with pytest.raises(EvaluationRefused, match="sama isinya dengan bukti “sk-tim-sakip.pdf”"):
        services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files, "lagi.pdf"))
    with pytest.raises(EvaluationRefused, match="criterion 9.z.9: no such criterion"):
        services.add_answer_file(users["perencana"], lke2024, "9.z.9", pdf(files, "x.pdf"))
    assert list(EvidenceFile.objects.all()) == [first]
    assert stored(evidence_root) == [first.file.name]


def test_a_storage_that_fails_refuses_the_file_with_its_place_and_logs_why(
    users, lke2024, files, evidence_root, settings, caplog
):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storage_doubles.FullStorage"}}
    with (
        caplog.at_level("ERROR", logger="kinerja.evaluation.services"),
        pytest.raises(EvaluationRefused, match="criterion 1.a.1, file") as refused,
    ):
        services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    message = str(refused.value)
    assert "“sk-tim-sakip.pdf” tidak dapat disimpan" in message
    assert "No space left on device" in message
    [record] = [r for r in caplog.records if r.name == "kinerja.evaluation.services"]
    assert record.getMessage().startswith("LKE evidence upload: ")
    assert "No space left on device" in record.getMessage()
    assert not EvidenceFile.objects.exists()
    assert not lke2024.events.filter(action=EventAction.ADD_FILE).exists()
    assert stored(evidence_root) == []


def test_a_failure_after_the_file_was_written_leaves_no_file(
    users, lke2024, files, evidence_root, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(services, "_event", broken)
    with pytest.raises(RuntimeError):
        services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    assert not EvidenceFile.objects.exists()
    assert stored(evidence_root) == []


def test_a_storage_that_refuses_the_file_is_a_located_refusal(
    users, lke2024, files, evidence_root, monkeypatch
):
    def refuse(name, content, storage=None):
        raise storage_module.StorageUnavailable(f"could not write {name}: disk full")

    storage_module = storage
    monkeypatch.setattr(storage, "save", refuse)
    with pytest.raises(EvaluationRefused, match="1.a.1, file: .*disk full"):
        services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    assert not EvidenceFile.objects.exists()


def test_files_only_during_the_self_assessment_and_only_by_the_unit(
    users, lke2024, files, evidence_root
):
    for name, reason in [("luar", "no right"), ("evaluator", "no right"), ("bskji", "no right")]:
        with pytest.raises(EvaluationRefused, match=reason):
            services.add_answer_file(users[name], lke2024, "1.a.1", pdf(files))
    row = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    for a in lke2024.answers.select_related("criterion"):
        services.self_answer(
            users["perencana"], lke2024, a.criterion.code, "Y" if a.criterion.scale == "yt" else "B"
        )
    services.submit(users["perencana"], lke2024)
    with pytest.raises(
        EvaluationRefused,
        match="evaluasi SAKIP bspji-palembang 2024: cannot attach evidence files while the "
        "evaluation is Diajukan",
    ):
        services.add_answer_file(users["perencana"], lke2024, "1.a.2", pdf(files, "b.pdf"))
    with pytest.raises(EvaluationRefused, match="cannot remove evidence files while"):
        services.remove_file(users["perencana"], row)
    Evaluation.objects.filter(pk=lke2024.pk).update(state=EvaluationState.CLOSED)
    with pytest.raises(EvaluationRefused, match="the evaluation is closed; cannot attach"):
        services.add_answer_file(users["perencana"], lke2024, "1.a.2", pdf(files, "b.pdf"))
    assert list(EvidenceFile.objects.all()) == [row]
    assert stored(evidence_root) == [row.file.name]


def test_removing_a_file_deletes_it_once_committed(
    users, lke2024, files, evidence_root, django_capture_on_commit_callbacks
):
    row = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    with pytest.raises(EvaluationRefused, match="no right"):
        services.remove_file(users["luar"], row)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(users["perencana"], row)
    assert not EvidenceFile.objects.exists()
    assert stored(evidence_root) == []
    event = lke2024.events.get(action=EventAction.REMOVE_FILE)
    assert (event.criterion, event.comment) == ("1.a.1", "sk-tim-sakip.pdf")


@pytest.mark.parametrize(
    ("name", "status"), [("perencana", 200), ("evaluator", 200), ("bskji", 200), ("luar", 404)]
)
def test_who_may_download_a_file(client, users, lke2024, files, name, status):
    row = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    client.force_login(users[name])
    response = client.get(file_url(row))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == files["pdf"]
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="sk-tim-sakip.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
    # Another year's address for the same file is not found either.
    assert client.get(file_url(row, 2023)).status_code == 404


def test_a_new_year_carries_the_files_over_without_copying_them(
    users, palembang, lke2024, files, evidence_root, django_capture_on_commit_callbacks
):
    old = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    lke2025 = services.start(users["perencana"], palembang, 2025)
    carried = EvidenceFile.objects.get(evaluation=lke2025)
    assert carried.answer.criterion.code == "1.a.1"
    assert (carried.file.name, carried.original_name, carried.carried_from) == (
        old.file.name,
        "sk-tim-sakip.pdf",
        old,
    )
    assert stored(evidence_root) == [old.file.name]  # one stored file, two rows
    assert "1 evidence file(s) carried over from 2024" in lke2025.events.get().comment
    # The links carried over as before.
    assert lke2025.answers.get(criterion__code="1.a.2").evidence == [
        {"kind": "plan_version", "ref": "3", "label": "Renstra versi 3"}
    ]
    # Dropped from 2025 (no longer applies): 2024 keeps its file.
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(users["perencana"], carried)
    assert stored(evidence_root) == [old.file.name]
    assert storage.read(old.file.name) == files["pdf"]
    # The last row naming it goes: the stored file goes.
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(users["perencana"], old)
    assert stored(evidence_root) == []


def test_a_follow_up_has_files_while_the_recommendation_is_open(
    users, palembang, files, evidence_root
):
    evaluation = Evaluation.objects.get(unit=palembang, year=2023)  # the demo's, approved
    rec = evaluation.recommendations.first()
    with pytest.raises(EvaluationRefused, match="no right"):
        services.add_follow_up_file(users["luar"], rec, pdf(files))
    row = services.add_follow_up_file(users["perencana"], rec, pdf(files, "tindak-lanjut.pdf"))
    assert (row.recommendation, row.answer, row.evaluation) == (rec, None, evaluation)
    assert row.file.name.startswith("evidence/bspji-palembang/2023/lke/")
    services.follow_up(users["perencana"], rec, "Sudah dilaksanakan", done=True)
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.DONE
    with pytest.raises(EvaluationRefused, match=rf"recommendation {rec.pk}, file: .*done"):
        services.add_follow_up_file(users["perencana"], rec, pdf(files, "lain.pdf"))
    with pytest.raises(EvaluationRefused, match="done"):
        services.remove_file(users["perencana"], row)
    assert list(rec.files.all()) == [row]


def test_the_worksheet_page_uploads_lists_and_removes(client, users, lke2024, files):
    client.force_login(users["perencana"])
    text = client.get(URL).content.decode()
    assert 'form="lke-file-1.a.1"' in text and 'id="lke-file-1.a.1"' in text
    response = client.post(
        URL, {"action": "add_file", "criterion": "1.a.1", "file": pdf(files)}, follow=True
    )
    text = response.content.decode()
    assert "Berkas “sk-tim-sakip.pdf” diunggah." in text
    row = EvidenceFile.objects.get()
    assert file_url(row) in text
    response = client.post(
        URL,
        {"action": "add_file", "criterion": "1.a.1", "file": pdf(files, "lagi.pdf")},
        follow=True,
    )
    assert "sama isinya dengan bukti" in response.content.decode()
    response = client.post(URL, {"action": "add_file", "criterion": "1.a.1"}, follow=True)
    assert "Pilih berkas yang akan diunggah." in response.content.decode()
    assert EvidenceFile.objects.count() == 1
    client.post(URL, {"action": "remove_file", "file": row.pk})
    assert not EvidenceFile.objects.exists()

    # The evaluator reads the worksheet with the files, but has no upload control.
    row = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    client.force_login(users["evaluator"])
    text = client.get(URL).content.decode()
    assert file_url(row) in text and 'form="lke-file-1.a.1"' not in text
    client.post(URL, {"action": "add_file", "criterion": "1.a.2", "file": pdf(files, "e.pdf")})
    client.post(URL, {"action": "remove_file", "file": row.pk})
    assert list(EvidenceFile.objects.all()) == [row]


def test_the_follow_up_form_uploads_a_file(client, users, palembang, files, evidence_root):
    url = reverse("evaluation:worksheet", args=["bspji-palembang", 2023])
    rec = Evaluation.objects.get(unit=palembang, year=2023).recommendations.first()
    client.force_login(users["perencana"])
    response = client.post(
        url,
        {"action": "add_follow_up_file", "recommendation": rec.pk, "file": pdf(files, "tl.pdf")},
        follow=True,
    )
    text = response.content.decode()
    row = rec.files.get()
    assert "Berkas “tl.pdf” diunggah." in text and file_url(row, 2023) in text


def test_the_documents_list_the_evidence_by_name(client, users, palembang, files, evidence_root):
    evaluation = Evaluation.objects.get(unit=palembang, year=2023)
    rec = evaluation.recommendations.first()
    services.add_follow_up_file(users["perencana"], rec, pdf(files, "bukti-tindak-lanjut.pdf"))
    lke2024 = services.start(users["perencana"], palembang, 2024)
    services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files, "sk-tim.pdf"))
    client.force_login(users["perencana"])

    def cells(year):
        response = client.get(
            reverse("evaluation:download", args=["bspji-palembang", year, "xlsx"])
        )
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return [
            tuple(c for c in row if c is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]

    rows = cells(2023)
    assert any(r[:1] == ("1.a.2",) and "Renstra versi 3" in r for r in rows)
    assert any("Berkas: bukti-tindak-lanjut.pdf" in r for r in rows)
    rows = cells(2024)
    assert any(r[:1] == ("1.a.1",) and "Berkas: sk-tim.pdf" in r for r in rows)
    response = client.get(reverse("evaluation:download", args=["bspji-palembang", 2024, "docx"]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "Berkas: sk-tim.pdf" in xml and "Bukti Dukung" in xml
    response = client.get(reverse("evaluation:download", args=["bspji-palembang", 2024, "pdf"]))
    path = evidence_root.parent / "lke.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Berkas: sk-tim.pdf" in text and "Bukti Dukung" in text


def test_the_backup_holds_the_files(users, lke2024, files, evidence_root, tmp_path):
    row = services.add_answer_file(users["perencana"], lke2024, "1.a.1", pdf(files))
    archive = tmp_path / "kinerja.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert row.file.name in [e["name"] for e in manifest["files"]]
        assert tar.extractfile("files/" + row.file.name).read() == files["pdf"]
        data = tar.extractfile("data.jsonl").read().decode()
    assert '"model": "evaluation.evidencefile"' in data
    assert default_storage.exists(row.file.name)

"""Images a unit attaches to its LAKIN (issue 16 item 10): certificates, activity photos,
screenshots. Checked by content like the logo, placed where the planner says, numbered as
Gambar in DOCX and PDF alike; only the planner and the head attach or delete them."""

import io
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from images import NOT_PNG_OR_JPEG, picture, upload
from kinerja.audit.models import Change
from kinerja.org import services
from kinerja.org.models import ImagePlacement, UnitImage
from kinerja.reports import lakin
from kinerja.reports.document import Section, figure_label, walk
from kinerja.reports.render.docx import render_docx
from kinerja.reports.render.pdf import render_pdf

pytestmark = pytest.mark.django_db


def add(unit, user, content=None, **kwargs):
    values = {
        "year": 2023,
        "placement": ImagePlacement.SERVICES,
        "caption": "Sertifikat Akreditasi Laboratorium Pengujian",
        "uploaded_file": upload(content if content is not None else picture()),
    }
    values.update(kwargs)
    return services.add_image(unit, user, **values)


def stored_files(root) -> list:
    folder = root / "unit-images"
    return list(folder.rglob("*.*")) if folder.exists() else []


# -- the checks ---------------------------------------------------------------------------
@pytest.mark.parametrize("content", NOT_PNG_OR_JPEG)
def test_a_file_that_is_not_a_png_or_jpeg_is_refused_with_its_reason(
    palembang, users, evidence_root, content
):
    with pytest.raises(ValidationError) as refused:
        add(palembang, users["perencana"], content)
    assert set(refused.value.message_dict) == {"file"}
    message = refused.value.message_dict["file"][0]
    assert "kosong" in message if not content else "bukan gambar PNG atau JPEG" in message
    assert not UnitImage.objects.exists() and not stored_files(evidence_root)


def test_a_caption_and_an_indicator_code_are_required_and_the_size_is_capped(
    palembang, users, evidence_root, monkeypatch
):
    with pytest.raises(ValidationError) as refused:
        add(palembang, users["perencana"], caption="  ", placement=ImagePlacement.INDICATOR)
    assert set(refused.value.message_dict) == {"caption", "indicator_code"}
    monkeypatch.setattr(services, "IMAGE_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="batasnya"):
        add(palembang, users["perencana"])
    assert not UnitImage.objects.exists() and not stored_files(evidence_root)


@pytest.mark.parametrize("who", ["pic", "koordinator", "keuangan", "luar"])
def test_only_the_planner_and_the_head_attach_and_delete_images(
    palembang, users, evidence_root, who
):
    with pytest.raises(PermissionDenied):
        add(palembang, users[who])
    image = add(palembang, users["kepala"])
    with pytest.raises(PermissionDenied):
        services.delete_image(image, users[who])
    assert UnitImage.objects.count() == 1


def test_attaching_and_deleting_is_audited_and_the_file_goes(
    palembang, users, evidence_root, django_capture_on_commit_callbacks
):
    image = add(palembang, users["perencana"], picture(fmt="JPEG"))
    assert image.content_type == "image/jpeg" and image.file.name.endswith(".jpg")
    assert len(stored_files(evidence_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_image(image, users["kepala"])
    changes = Change.objects.filter(unit=palembang, content_type__model="unitimage")
    assert sorted(changes.values_list("action", flat=True)) == ["create", "delete"]
    assert not UnitImage.objects.exists() and not stored_files(evidence_root)


# -- placement in the documents -----------------------------------------------------------
def test_images_are_numbered_figures_where_their_placement_says(palembang, users, evidence_root):
    add(palembang, users["perencana"], picture(600, 800))
    add(
        palembang,
        users["perencana"],
        picture(800, 400, fmt="JPEG"),
        placement=ImagePlacement.INDICATOR,
        indicator_code="SK1.1",
        caption="Kegiatan Pelatihan Teknik dan Konsultansi",
    )
    add(palembang, users["perencana"], placement=ImagePlacement.ACTION_PLAN, year=2022)
    doc = lakin.build_lakin(palembang, 2023)
    labels = [figure_label(f) for f in doc.figures()]
    assert "Gambar 1.1 Sertifikat Akreditasi Laboratorium Pengujian" in labels
    services_section = next(
        b
        for s in doc.sections
        for b in walk(s)
        if isinstance(b, Section) and b.title == "Peran Strategis dan Layanan"
    )
    assert services_section.blocks[-1].caption == "Sertifikat Akreditasi Laboratorium Pengujian"
    sk11 = next(
        b
        for s in doc.sections
        for b in walk(s)
        if isinstance(b, Section) and b.title.startswith("Indikator Kinerja SK1.1")
    )
    [photo] = [f for f in walk(sk11) if getattr(f, "key", "").startswith("image-")]
    assert photo.number.startswith("3.") and photo.png.startswith(b"\xff\xd8\xff")
    assert photo.width_mm == 150  # a landscape photograph: the charts' width
    certificate = next(f for f in doc.figures() if f.number == "1.1")
    assert certificate.width_mm == pytest.approx(127.5)  # portrait: 170 mm high at most
    assert not any("2022" in label for label in labels)  # another year's image stays out

    docx_bytes = render_docx(doc)
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    assert picture(600, 800) in media and picture(800, 400, fmt="JPEG") in media
    xml = package.read("word/document.xml").decode()
    assert "Gambar 1.1 Sertifikat Akreditasi Laboratorium Pengujian" in xml

    pdf = render_pdf(doc)
    path = evidence_root / "lakin.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Gambar 1.1 Sertifikat Akreditasi Laboratorium Pengujian" in " ".join(text.split())
    assert "Kegiatan Pelatihan Teknik dan Konsultansi" in " ".join(text.split())
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    sizes = {(int(line.split()[3]), int(line.split()[4])) for line in listing}
    assert {(600, 800), (800, 400)} <= sizes
    # the data hash of a final version covers the image's bytes, not only its caption
    before = lakin.content_hash(doc)
    photo.png = picture(800, 400)
    assert lakin.content_hash(doc) != before


# -- the page -----------------------------------------------------------------------------
def _url(name="reports:images", *args):
    return reverse(name, args=["bspji-palembang", 2023, *args])


def test_the_planner_uploads_and_deletes_on_the_page(client, users, palembang, evidence_root):
    client.force_login(users["perencana"])
    assert (
        _url().encode()
        in client.get(reverse("reports:index", args=["bspji-palembang", 2023])).content
    )
    response = client.post(
        _url(),
        {"placement": "services", "caption": "Sertifikat LSPro", "file": upload(picture())},
    )
    assert response.status_code == 302
    image = UnitImage.objects.get()
    page = client.get(_url()).content.decode()
    assert "Sertifikat LSPro" in page and f'id="gambar-{image.pk}"' in page
    assert client.post(_url("reports:image_delete", image.pk)).status_code == 302
    assert not UnitImage.objects.exists()


def test_a_bad_file_is_refused_on_the_page_with_its_reason(client, users, evidence_root):
    client.force_login(users["kepala"])
    response = client.post(
        _url(),
        {"placement": "indicator", "caption": "Foto", "file": upload(b"%PDF-1.4", "foto.png")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "bukan gambar PNG atau JPEG" in page and "kode indikatornya" in page
    assert not UnitImage.objects.exists()


@pytest.mark.parametrize("who", ["pic", "luar"])
def test_others_cannot_open_the_page_or_delete(client, users, palembang, evidence_root, who):
    image = add(palembang, users["perencana"])
    client.force_login(users[who])
    assert client.get(_url()).status_code in (403, 404)
    assert client.post(_url("reports:image_delete", image.pk)).status_code in (403, 404)
    assert UnitImage.objects.count() == 1

"""The unit's logo: uploaded by the planner or the head, checked by its content and size,
kept in the file storage, printed on the cover of the LAKIN (DOCX and PDF)."""

import io
import subprocess
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from images import NOT_PNG_OR_JPEG, picture, upload
from kinerja.audit.models import Change
from kinerja.org import services
from kinerja.org.models import UnitLogo
from kinerja.reports import lakin
from kinerja.reports.document import sample_document
from kinerja.reports.render.docx import render_docx
from kinerja.reports.render.pdf import render_pdf

pytestmark = pytest.mark.django_db


def png(fmt="PNG") -> bytes:
    """A small logo (40 × 30 pixels, blue)."""
    return picture(40, 30, fmt, colour=(20, 90, 160))


def test_the_planner_uploads_a_png_and_the_head_replaces_it_with_a_jpeg(
    palembang, users, evidence_root
):
    first = services.set_logo(palembang, users["perencana"], upload(png()))
    assert first.content_type == "image/png" and first.file.name.endswith(".png")
    assert services.logo_bytes(palembang) == png()
    assert Change.objects.filter(unit=palembang, content_type__model="unitlogo").exists()

    jpeg = png(fmt="JPEG")
    second = services.set_logo(palembang, users["kepala"], upload(jpeg, "logo.png"))
    assert second.pk == first.pk and second.content_type == "image/jpeg"
    assert services.logo_bytes(palembang) == jpeg


@pytest.mark.parametrize("content", NOT_PNG_OR_JPEG)
def test_a_file_that_is_not_a_png_or_jpeg_is_refused_and_nothing_is_stored(
    palembang, users, evidence_root, content
):
    with pytest.raises(ValidationError) as refused:
        services.set_logo(palembang, users["perencana"], upload(content))
    assert "file" in refused.value.message_dict
    assert not UnitLogo.objects.exists()
    assert not (evidence_root / "unit-logos").exists() or not any(
        (evidence_root / "unit-logos").rglob("*.*")
    )


def test_a_logo_over_the_limit_is_refused(palembang, users, evidence_root, monkeypatch):
    monkeypatch.setattr(services, "LOGO_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="batasnya"):
        services.set_logo(palembang, users["perencana"], upload(png()))
    assert not UnitLogo.objects.exists()


@pytest.mark.parametrize("who", ["pic", "koordinator", "keuangan", "luar"])
def test_only_the_planner_and_the_head_of_the_unit_set_its_logo(
    palembang, users, evidence_root, who
):
    with pytest.raises(PermissionDenied):
        services.set_logo(palembang, users[who], upload(png()))
    assert not UnitLogo.objects.exists()


def _docx_cover_images(content: bytes) -> int:
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    cover = xml.split("Daftar Isi")[0]
    return cover.count("<pic:pic")


def _pdf_images_on_page_1(content: bytes, tmp_path) -> int:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    listing = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return len(listing.splitlines()) - 2


def test_the_logo_is_on_the_cover_of_docx_and_pdf_and_absent_without_one(tmp_path):
    doc = sample_document()
    assert _docx_cover_images(render_docx(doc)) == 0
    assert _pdf_images_on_page_1(render_pdf(doc), tmp_path) == 0
    doc.logo = png()
    assert _docx_cover_images(render_docx(doc)) == 1
    assert _pdf_images_on_page_1(render_pdf(doc), tmp_path) == 1
    doc.logo = png(fmt="JPEG")
    assert _pdf_images_on_page_1(render_pdf(doc), tmp_path) == 1


def test_the_lakin_carries_the_units_logo(palembang, users, evidence_root):
    assert lakin.build_lakin(palembang, 2023).logo is None
    services.set_logo(palembang, users["perencana"], upload(png()))
    assert lakin.build_lakin(palembang, 2023).logo == png()


# -- the upload form on the reports page -------------------------------------------------
def _url(unit_code="bspji-palembang"):
    from django.urls import reverse

    return reverse("reports:logo_upload", args=[unit_code, 2023])


def test_the_planner_uploads_the_logo_on_the_reports_page(client, users, evidence_root):
    client.force_login(users["perencana"])
    page = client.get(_url().replace("logo/", ""))
    assert b'id="logo"' in page.content and b'enctype="multipart/form-data"' in page.content
    response = client.post(_url(), {"file": upload(png())})
    assert response.status_code == 302 and response["Location"].endswith("#logo")
    assert UnitLogo.objects.get().content_type == "image/png"


def test_a_file_that_is_not_an_image_is_refused_with_a_message_on_the_page(
    client, users, evidence_root
):
    client.force_login(users["kepala"])
    response = client.post(_url(), {"file": upload(b"%PDF-1.4 ...", "logo.png")})
    assert response.status_code == 200
    assert "bukan gambar PNG atau JPEG" in response.content.decode()
    assert not UnitLogo.objects.exists()


@pytest.mark.parametrize("who", ["pic", "luar"])
def test_others_cannot_upload_a_logo(client, users, evidence_root, who):
    client.force_login(users[who])
    response = client.post(_url(), {"file": upload(png())})
    assert response.status_code in (403, 404)
    assert not UnitLogo.objects.exists()
    page = client.get(_url().replace("logo/", ""))
    assert b'id="logo"' not in page.content

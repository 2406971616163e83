"""Writes on a unit itself: its logo and the images attached to its reports."""

from __future__ import annotations

import hashlib
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kinerja.core import storage

from . import access
from .access import Action
from .models import ImagePlacement, Unit, UnitImage, UnitLogo

LOGO_MAX_BYTES = 2 * 2**20  # a cover logo; a larger file is a photograph, not a logo
LOGO_PREFIX = "unit-logos"
IMAGE_MAX_BYTES = 5 * 2**20  # a scanned certificate or a photograph, sized for a report
IMAGE_PREFIX = "unit-images"
_LOGO_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def logo_type(content: bytes) -> tuple[str, str] | None:
    """``(content type, extension)`` of a PNG or JPEG that Pillow can read whole, else
    None: decided by the content, never by the file's name or the browser's claim."""
    kind = next(((t, e) for magic, t, e in _LOGO_TYPES if content.startswith(magic)), None)
    if kind is None:
        return None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in ("PNG", "JPEG"):
                return None
            image.load()  # a truncated or corrupt file fails here
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a bad file
        return None
    return kind


def set_logo(unit: Unit, user, uploaded_file) -> UnitLogo:
    """Store ``uploaded_file`` as the unit's logo (replacing the previous one). Needs the
    REPORT right in the unit (planner, head). A file that is not a PNG or JPEG by its
    content, empty, or over ``LOGO_MAX_BYTES`` is refused with a message on ``file``;
    nothing is written then."""
    access.require(user, Action.REPORT, unit)
    size = uploaded_file.size or 0
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Logo berukuran %(size)s; batasnya %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(LOGO_MAX_BYTES)}
            }
        )
    uploaded_file.seek(0)
    content = uploaded_file.read()
    kind = logo_type(content) if content else None
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "Logo ditolak: isinya bukan gambar PNG atau JPEG. Jenis berkas diperiksa "
                    "dari isinya, bukan dari namanya."
                )
            }
        )
    content_type, extension = kind
    old = UnitLogo.objects.filter(unit=unit).first()
    old_name = old.file.name if old else None
    with storage.files_then_rows() as written:
        name = written.save(
            storage.unique_name(f"{LOGO_PREFIX}/{unit.code}", extension), io.BytesIO(content)
        )
        logo = old or UnitLogo(unit=unit)
        logo.file.name = name
        logo.content_type = content_type
        logo.size = len(content)
        logo.sha256 = hashlib.sha256(content).hexdigest()
        logo.uploaded_by = user
        logo.save()
        if old_name:  # the replaced file goes once the new row is committed
            storage.delete_on_commit(old_name)
    return logo


def logo_bytes(unit: Unit) -> bytes | None:
    """The unit's logo as stored, or None when it has none (or the file cannot be read:
    a document is then built without it rather than not at all)."""
    logo = UnitLogo.objects.filter(unit=unit).first()
    if logo is None:
        return None
    try:
        return storage.read(logo.file.name)
    except Exception:  # noqa: BLE001 - the storage's own errors vary by backend
        return None


def add_image(
    unit: Unit,
    user,
    *,
    year: int,
    placement: str,
    caption: str,
    uploaded_file,
    indicator_code: str = "",
) -> UnitImage:
    """Attach ``uploaded_file`` to the unit's report of ``year`` with its caption, placed
    where ``placement`` says (an indicator's analysis needs ``indicator_code``). Needs
    the REPORT right in the unit (planner, head). The file must be a PNG or JPEG by its
    content, not empty, at most ``IMAGE_MAX_BYTES``; a refusal names the field and why,
    and nothing is written then."""
    access.require(user, Action.REPORT, unit)
    caption = " ".join((caption or "").split())
    indicator_code = (indicator_code or "").strip()
    errors: dict[str, str] = {}
    if not caption:
        errors["caption"] = _("Keterangan gambar wajib diisi: dicetak di bawah gambar.")
    if placement not in ImagePlacement.values:
        errors["placement"] = _("Letak gambar tidak dikenal.")
    elif placement == ImagePlacement.INDICATOR and not indicator_code:
        errors["indicator_code"] = _(
            "Gambar di analisis indikator memerlukan kode indikatornya (misalnya SK1.1)."
        )
    size = uploaded_file.size or 0
    content = b""
    if size > IMAGE_MAX_BYTES:
        errors["file"] = _("Gambar berukuran %(size)s; batasnya %(limit)s.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(IMAGE_MAX_BYTES),
        }
    else:
        uploaded_file.seek(0)
        content = uploaded_file.read()
        if not content:
            errors["file"] = _("Berkas gambar kosong.")
        elif logo_type(content) is None:
            errors["file"] = _(
                "Gambar ditolak: isinya bukan gambar PNG atau JPEG yang utuh. Jenis berkas "
                "diperiksa dari isinya, bukan dari namanya."
            )
    if errors:
        raise ValidationError(errors)
    content_type, extension = logo_type(content)
    with storage.files_then_rows() as written:
        name = written.save(
            storage.unique_name(f"{IMAGE_PREFIX}/{unit.code}/{year}", extension),
            io.BytesIO(content),
        )
        return UnitImage.objects.create(
            unit=unit,
            year=year,
            placement=placement,
            indicator_code=indicator_code if placement == ImagePlacement.INDICATOR else "",
            caption=caption,
            file=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
        )


def delete_image(image: UnitImage, user) -> None:
    """Remove an attached image (REPORT right in its unit); its file goes once the
    deletion is committed."""
    access.require(user, Action.REPORT, image.unit)
    with transaction.atomic():
        name = image.file.name
        image.delete()
        storage.delete_on_commit(name)


def image_bytes(image: UnitImage) -> bytes | None:
    """An attached image as stored, or None when its file cannot be read (the report is
    then built without it rather than not at all)."""
    try:
        return storage.read(image.file.name)
    except Exception:  # noqa: BLE001 - the storage's own errors vary by backend
        return None

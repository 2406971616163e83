"""Writes on a unit itself: its logo."""

from __future__ import annotations

import hashlib
import io

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kinerja.core import storage

from . import access
from .access import Action
from .models import Unit, UnitLogo

LOGO_MAX_BYTES = 2 * 2**20  # a cover logo; a larger file is a photograph, not a logo
LOGO_PREFIX = "unit-logos"
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

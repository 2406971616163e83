"""Small real pictures and their uploads, for the tests of the images a unit keeps: its
logo (tests/org/test_unit_logo.py) and the images it attaches to its LAKIN
(tests/reports/test_unit_images.py). The unit they belong to is the ``palembang``
fixture (tests/conftest.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# Files the image checks refuse by their content (all named as PNGs by ``upload``).
NOT_PNG_OR_JPEG = [
    b"%PDF-1.4 not an image",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG's signature, no image behind it
    b"",
    b"GIF89a" + b"\x00" * 20,
]


def picture(width=60, height=80, fmt="PNG", colour=(160, 40, 20)) -> bytes:
    """A plain picture of ``width`` × ``height`` pixels, encoded as ``fmt`` (PNG, JPEG)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, fmt)
    return out.getvalue()


def upload(content: bytes, name="gambar.png"):
    """``content`` as a browser sends it (named as a PNG whatever it holds: the services
    check a file by its content)."""
    return SimpleUploadedFile(name, content, content_type="image/png")

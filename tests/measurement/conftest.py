"""Fixtures of the quarterly-entry tests (test_workflow.py, test_entry_views.py).

Loading the demo takes seconds; these tests only add quarter entries on top of it, so the
demo and its users are loaded once per test module (committed), each test runs inside its
own rolled-back transaction as usual, and the module's data is flushed at the end so the
next module starts from an empty database again."""

import struct
import zlib

import pytest
from django.core.management import call_command

# As tests/conftest.py DEMO_TEST_PASSWORD (the pages log in with force_login anyway).
DEMO_TEST_PASSWORD = "uji-kinerja-2023"


@pytest.fixture(scope="module")
def entry_demo(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model

    from kinerja.demo.services import ensure_demo_accounts, load_demo_datasets
    from kinerja.org.choices import Role
    from kinerja.org.models import Membership, Unit

    with django_db_blocker.unblock():
        load_demo_datasets()
        ensure_demo_accounts(DEMO_TEST_PASSWORD)
        outsider = get_user_model().objects.create_user("luar", password=DEMO_TEST_PASSWORD)
        Membership.objects.create(
            user=outsider, unit=Unit.objects.get(code="bspji-pontianak"), role=Role.PLANNER
        )
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def entry_users(entry_demo, db):
    """The same named users as tests/conftest.py ``users``, fresh objects per test (no
    cached rights carried from one test to the next)."""
    from django.contrib.auth import get_user_model

    return {user.username: user for user in get_user_model().objects.all()}


def tiny_pdf() -> bytes:
    """A valid one-page PDF (catalog, pages, page, cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    return out + b"%%EOF\n"


def tiny_png() -> bytes:
    """A valid 1×1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def windows_exe() -> bytes:
    """The start of a Windows executable: MZ header and DOS stub."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
        + b"\x00" * 50
        + b"This program cannot be run in DOS mode.\r\n"
    )


@pytest.fixture
def files():
    """Small real files by kind: pdf, png, exe."""
    return {"pdf": tiny_pdf(), "png": tiny_png(), "exe": windows_exe()}

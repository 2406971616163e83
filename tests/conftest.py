"""Shared fixtures: the demo datasets loaded once per test that needs them."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Argon2 is slow on purpose; tests hash many demo passwords. The hasher choice itself
    is tested in tests/accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """BSPJI Palembang and BSPJI Pontianak, loaded from the shipped demo datasets."""
    from kinerja.demo.services import load_demo_datasets

    return load_demo_datasets()


DEMO_TEST_PASSWORD = "uji-kinerja-2023"


@pytest.fixture
def users(demo):
    """The demo's named users (admin, perencana, pic, koordinator, kepala, keuangan,
    bskji) plus ``luar``: the planner of another unit (BSPJI Pontianak), for the
    own-unit/other-unit cases. All with DEMO_TEST_PASSWORD."""
    from django.contrib.auth import get_user_model

    from kinerja.demo.services import ensure_demo_accounts
    from kinerja.org.choices import Role
    from kinerja.org.models import Membership, Unit

    out = {u.username: u for u in ensure_demo_accounts(DEMO_TEST_PASSWORD)}
    outsider = get_user_model().objects.create_user("luar", password=DEMO_TEST_PASSWORD)
    Membership.objects.create(
        user=outsider, unit=Unit.objects.get(code="bspji-pontianak"), role=Role.PLANNER
    )
    out["luar"] = outsider
    return out


@pytest.fixture
def evidence_root(settings, tmp_path):
    """Evidence uploads go to a temporary folder, never the working directory."""
    settings.KINERJA_EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.KINERJA_EVIDENCE_ROOT

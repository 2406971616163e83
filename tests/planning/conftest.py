"""Fixtures of the planning tests: the demo unit, its Renstra version in force, a client
logged in as a named user."""

import pytest


@pytest.fixture
def palembang(demo):
    from kinerja.org.models import Unit

    return Unit.objects.get(code="bspji-palembang")


@pytest.fixture
def version(palembang):
    """Renstra 2021–2024 version 3: in force, content recorded."""
    from kinerja.planning.models import PlanVersion

    return PlanVersion.objects.get(plan__unit=palembang, in_force=True)


@pytest.fixture
def client_for(client, users, evidence_root):
    """A test client logged in as one of the named demo users (pending uploads go to the
    temporary evidence folder)."""

    def login(username):
        client.force_login(users[username])
        return client

    return login


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The demo accounts are created for every test; a fast hasher keeps that cheap
    (the hasher itself is the accounts tests' business)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""`kinerja sync`: two installations on loopback. A child (a real `kinerja serve`
process with its own database) serves a regional unit; this installation (the test's
database) pulls it through the API, then sees it in the parent view; pulling again
changes nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from kinerja.org.models import Unit
from kinerja.planning.models import Indicator

EXAMPLE = Path(__file__).parents[2] / "docs/examples/inspektorat-kabupaten-contoh.yaml"
UNIT = "inspektorat-kabupaten-contoh"


@pytest.fixture(scope="module")
def child(tmp_path_factory, kinerja_processes):
    """A second installation serving EXAMPLE; yields (base URL, a read token there)."""
    folder = tmp_path_factory.mktemp("child")
    for args in [
        ("migrate", "-v0"),
        ("collectstatic", "--noinput", "-v0"),
        ("load", str(EXAMPLE)),
        ("createsuperuser", "--noinput", "--username", "induk", "--email", "i@example.org"),
    ]:
        done = kinerja_processes.run(folder, *args)
        assert done.returncode == 0, (args, done.stderr)
    made = kinerja_processes.run(folder, "api_token", "--user", "induk", "--scope", "read")
    assert made.returncode == 0, made.stderr
    base, _log = kinerja_processes.start(
        folder, "serve", "--bind=127.0.0.1:{port}", "--workers=1", KINERJA_SECRET_KEY="s" * 50
    )
    return base, made.stdout.strip()


def sync(base, token, *extra) -> str:
    out = io.StringIO()
    call_command("sync", "--from", base, "--token", token, "--unit", UNIT, *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_sync_pulls_the_child_unit_idempotently(child, client, django_user_model):
    base, token = child
    assert not Unit.objects.filter(code=UNIT).exists()
    first = sync(base, token)
    assert " dibuat" in first, first
    unit = Unit.objects.get(code=UNIT)
    assert unit.parent.code == "kabupaten-contoh"
    assert Indicator.objects.filter(version__plan__unit=unit, code="S1.1").exists()
    second = sync(base, token)
    assert "sudah mutakhir" in second, second
    with translation.override("en"):
        third = sync(base, token)
    assert "already up to date" in third, third
    # the parent view here now holds the pulled unit
    reviewer = django_user_model.objects.create_superuser("pusat", "p@example.org", "x")
    client.force_login(reviewer)
    page = client.get(reverse("dashboard:parent", args=["kabupaten-contoh", 2023]))
    assert page.status_code == 200
    assert "Inspektorat" in page.content.decode()


@pytest.mark.django_db
def test_sync_with_a_bad_token_says_so(child):
    base, _token = child
    with pytest.raises(CommandError, match="401.*token tidak dikenal, dicabut"):
        sync(base, "knj_" + "x" * 43)
    assert not Unit.objects.filter(code=UNIT).exists()

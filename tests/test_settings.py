"""Settings come from the environment, fail loudly on bad values, and pass Django's
deploy checks when configured for production."""

import os
import subprocess
import sys

import pytest


def kinerja(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kinerja.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks():
    result = kinerja(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        KINERJA_SECURE="1",
        KINERJA_SECRET_KEY="x" * 20 + "-production-secret-0123456789-abcdefghij",
        KINERJA_ALLOWED_HOSTS="kinerja.example.go.id",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secure_mode_refuses_to_start_without_a_secret_key():
    result = kinerja("check", KINERJA_SECURE="1")
    assert result.returncode != 0
    assert "KINERJA_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_boolean_setting_with_an_unclear_value_fails_loudly(value):
    result = kinerja("check", KINERJA_DEBUG=value)
    assert result.returncode != 0
    assert f"KINERJA_DEBUG='{value}'" in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    result = kinerja(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        KINERJA_SECRET_KEY_FILE=str(secret),
    )
    assert result.stdout.strip().splitlines()[-1] == "s" * 60


PRODUCTION_KEY = "p" * 20 + "-production-secret-0123456789-abcdefghij"


def test_secure_mode_refuses_debug():
    result = kinerja(
        "check", KINERJA_SECURE="1", KINERJA_DEBUG="1", KINERJA_SECRET_KEY=PRODUCTION_KEY
    )
    assert result.returncode != 0
    assert "KINERJA_DEBUG must be off when KINERJA_SECURE is on" in result.stderr


def test_secure_mode_refuses_the_published_development_key(tmp_path):
    from django.conf import settings

    secret = tmp_path / "secret"
    secret.write_text(settings.KINERJA_DEVELOPMENT_SECRET_KEY + "\n")
    result = kinerja("check", KINERJA_SECURE="1", KINERJA_SECRET_KEY_FILE=str(secret))
    assert result.returncode != 0
    assert "published development key" in result.stderr


def test_without_a_key_the_development_key_is_used_outside_secure_mode():
    result = kinerja("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    assert result.returncode == 0, result.stderr
    assert "kinerja-development-key" in result.stdout


def test_a_trusted_proxy_must_be_an_address():
    result = kinerja("check", KINERJA_TRUSTED_PROXIES="127.0.0.1, nginx")
    assert result.returncode != 0
    assert "KINERJA_TRUSTED_PROXIES: 'nginx' is not an IP address" in result.stderr


def test_every_environment_variable_is_in_the_deployment_table():
    """docs/deploy.md has one table of every variable the settings read."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    source = (root / "src" / "kinerja" / "settings.py").read_text()
    names = set(
        re.findall(r"""(?:environ\.get|environ\[|env_bool|env_secret)\(?\s*["'](\w+)""", source)
    )
    names |= {f"{name}_FILE" for name in re.findall(r"""env_secret\(\s*["'](\w+)""", source)}
    assert {"DATABASE_URL", "KINERJA_SECURE", "KINERJA_SECRET_KEY_FILE"} <= names
    table = {
        match
        for line in (root / "docs" / "deploy.md").read_text().splitlines()
        if line.startswith("| `")
        for match in re.findall(r"^\| `(\w+)`", line)
    }
    assert names - table == set(), "missing from docs/deploy.md"


def test_the_deploy_check_flags_the_development_key():
    """Without KINERJA_SECURE and with debug off the app runs on the published key;
    ``check --deploy`` must say so (kinerja.E001), and a key of its own silences it."""
    result = kinerja("check", "--deploy", KINERJA_ALLOWED_HOSTS="kinerja.example.go.id")
    assert result.returncode != 0
    assert "kinerja.E001" in result.stderr + result.stdout
    result = kinerja(
        "check", "--deploy", KINERJA_SECRET_KEY=PRODUCTION_KEY, KINERJA_ALLOWED_HOSTS="x"
    )
    assert "kinerja.E001" not in result.stderr + result.stdout


def test_an_s3_bucket_puts_the_files_there(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("s3-secret-value\n")
    result = kinerja(
        "shell",
        "-c",
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name, s.location, "
        "s.access_key, s.secret_key == 's3-secret-value', s.file_overwrite)",
        KINERJA_S3_BUCKET="kinerja-files",
        KINERJA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        KINERJA_S3_REGION="ap-southeast-3",
        KINERJA_S3_PREFIX="/production/",
        KINERJA_S3_ACCESS_KEY_ID="key-id",
        KINERJA_S3_SECRET_ACCESS_KEY_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "S3Storage",
        "kinerja-files",
        "http://127.0.0.1:9000",
        "ap-southeast-3",
        "production",
        "key-id",
        "True",
        "False",
    ]


def test_without_a_bucket_the_files_go_to_the_media_folder(tmp_path):
    result = kinerja(
        "shell",
        "-c",
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.location)",
        KINERJA_MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1].split()
    assert last == ["FileSystemStorage", str(tmp_path / "media")]

"""Operations: request ids on every log line and in X-Request-ID (trusted only from the
reverse proxy), JSON logs, the log level, optional error reporting, and `check --deploy`
refusing the development key."""

import json
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


REQUEST = (
    "from django.test import Client; "
    "r = Client(REMOTE_ADDR='127.0.0.1', HTTP_HOST='localhost')"
    ".get('/no-such-page/', HTTP_X_REQUEST_ID='nginx-req-42'); "
    "print('HEADER', r['X-Request-ID'])"
)


def json_lines(stderr: str) -> list[dict]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_json_logs_carry_the_request_id_of_the_trusted_proxy():
    result = kinerja(
        "shell", "-c", REQUEST, KINERJA_LOG_FORMAT="json", KINERJA_TRUSTED_PROXIES="127.0.0.1"
    )
    assert result.returncode == 0, result.stderr
    assert "HEADER nginx-req-42" in result.stdout
    lines = json_lines(result.stderr)
    assert lines, result.stderr
    # Every line of stderr is one JSON object.
    assert len(lines) == len([x for x in result.stderr.splitlines() if x.strip()])
    not_found = next(x for x in lines if x["message"] == "Not Found: /no-such-page/")
    assert not_found["level"] == "WARNING" and not_found["logger"] == "django.request"
    assert not_found["request_id"] == "nginx-req-42" and "time" in not_found


def test_an_untrusted_client_cannot_choose_its_request_id():
    result = kinerja("shell", "-c", REQUEST, KINERJA_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    header = result.stdout.split("HEADER ")[1].split()[0]
    assert header != "nginx-req-42" and len(header) == 32
    not_found = next(x for x in json_lines(result.stderr) if "no-such-page" in x["message"])
    assert not_found["request_id"] == header


def test_the_log_level_comes_from_the_environment():
    quiet = kinerja("shell", "-c", REQUEST, KINERJA_LOG_LEVEL="error")
    assert quiet.returncode == 0 and "Not Found" not in quiet.stderr
    text = kinerja("shell", "-c", REQUEST, KINERJA_LOG_LEVEL="INFO")
    assert (
        "WARNING django.request [" in text.stderr and "] Not Found: /no-such-page/" in text.stderr
    )


@pytest.mark.parametrize(
    ("name", "value"), [("KINERJA_LOG_FORMAT", "xml"), ("KINERJA_LOG_LEVEL", "LOUD")]
)
def test_a_bad_log_setting_fails_loudly(name, value):
    result = kinerja("check", **{name: value})
    assert result.returncode != 0 and f"{name}='{value}'" in result.stderr


def test_error_reporting_starts_only_with_a_dsn():
    code = "import sentry_sdk; print('ACTIVE', sentry_sdk.get_client().is_active())"
    assert "ACTIVE False" in kinerja("shell", "-c", code).stdout
    result = kinerja("shell", "-c", code, KINERJA_SENTRY_DSN="http://public@127.0.0.1:9/1")
    assert "ACTIVE True" in result.stdout, result.stderr


def test_check_deploy_flags_the_development_key():
    result = kinerja("check", "--deploy", KINERJA_ALLOWED_HOSTS="kinerja.example.go.id")
    assert result.returncode != 0
    assert "kinerja.E001" in result.stderr and "published development key" in result.stderr


def test_every_response_names_its_request_id(client, settings):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="forged")
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"] != "forged"
    settings.KINERJA_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="nginx-1")
    assert response["X-Request-ID"] == "nginx-1"
    # Not a plausible id (spaces, newlines, too long): replaced even from the proxy.
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="a b\nc")
    assert response["X-Request-ID"] != "a b\nc"

"""Logging in and out through the real login page, as the demo's accounts do (shared by
the browser tests; the directory is on sys.path as pytest imports its test modules)."""

import re

DEMO_TEST_PASSWORD = "uji-kinerja-2023"  # as tests/conftest.py


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    assert "/masuk/" not in page.url, f"{username} could not log in"


def log_out(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk/"))

"""What a newcomer sees after `make demo`: the real `kinerja demo` command (migrate, load,
collectstatic, gunicorn) in a process of its own with the settings a deployment has, and
its pages arrive styled, with htmx, in Chromium: the stylesheet and the script are
fetched under their hashed names and answer 200, and the styles are applied."""

import re

import pytest

PASSWORD = "demo-uji-2023"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, kinerja_processes, browser):
    # `browser` first: without Chromium the test is skipped before the demo is prepared.
    folder = tmp_path_factory.mktemp("demo")
    base, _log = kinerja_processes.start(
        folder, "demo", "--lakin=", "--addrport=127.0.0.1:{port}", KINERJA_DEMO_PASSWORD=PASSWORD
    )
    return base


def test_the_demo_arrives_styled_with_htmx(demo_server, page, shot):
    responses = {}
    page.on("response", lambda r: responses.setdefault(r.url.split("?")[0], r.status))

    # The first request of a fresh server process may be slow on a busy machine.
    page.goto(demo_server + "/", timeout=60_000)
    page.wait_for_url(re.compile(r"/masuk/"))  # the first sight: the login page
    stylesheet = page.eval_on_selector("link[rel=stylesheet]", "e => e.href")
    script = page.eval_on_selector("script[src*=htmx]", "e => e.src")
    assert re.search(r"/static/kinerja/app\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    assert re.search(r"/static/django_htmx/htmx[-\w.]*\.[0-9a-f]{12}\.js$", script), script
    # Both fetched (goto waits for the page's load event) and answered by WhiteNoise from
    # the collected files; htmx ran.
    assert responses.get(stylesheet) == 200
    assert responses.get(script) == 200
    assert page.evaluate("typeof window.htmx") == "object"
    # The rules are applied: body margin reset, skip link moved off screen.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).left") == (
        "-9999px"
    )
    shot("login")

    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    assert "/masuk/" not in page.url
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    shot("home")

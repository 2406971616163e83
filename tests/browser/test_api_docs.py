"""The API's interactive page (swagger-ui) under the Content-Security-Policy: its script
and styles come from kinerja's own static files, nothing is refused (the ``page``
fixture fails the test on any CSP refusal) and the operations are listed."""


def test_api_docs_page_loads_under_csp(page, live_server, demo, shot):
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response.status == 200
    assert "'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 15
    assert "kinerja API" in page.locator(".title").first.inner_text()
    shot("swagger")

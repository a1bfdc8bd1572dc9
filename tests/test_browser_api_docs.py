"""The API documentation page works under the portal's strict Content-Security-Policy: its
JavaScript and styles are the portal's own static files (no CDN, nothing inline), and in a
real browser it renders the operations."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

DOCS = "/api/v1/docs/"


def test_the_docs_page_loads_only_its_own_static_files_and_nothing_inline(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert "<style" not in page and " style=" not in page
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert len(sources) == 6  # icon, two style sheets, three scripts
    assert all(source.startswith((settings.STATIC_URL, DOCS)) for source in sources), sources
    assert all(re.search(r"<script[^>]*\bsrc=", tag) for tag in re.findall(r"<script[^>]*>", page))


def test_its_start_up_script_is_served_as_javascript_naming_the_schema(client):
    response = client.get(DOCS, {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/v1/schema/' in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("browser_page", ["en"], indirect=True)
def test_the_docs_render_the_operations_in_a_browser_without_a_policy_violation(browser_page):
    origins = set()
    browser_page.page.on("request", lambda request: origins.add(urlsplit(request.url).netloc))
    browser_page.goto(DOCS)

    expect(browser_page.locator(".opblock").first).to_be_visible()
    assert browser_page.locator(".opblock").count() > 50  # every operation of the API
    expect(browser_page.locator(".opblock-summary-path", has_text="/api/v1/permits/").first
           ).to_be_visible()
    browser_page.screenshot("en")
    assert browser_page.csp_violations == []
    assert browser_page.console_errors == []
    assert origins == {urlsplit(browser_page.base_url).netloc}  # nothing from a CDN

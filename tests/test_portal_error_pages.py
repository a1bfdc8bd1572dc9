"""The site's own error pages: a missing page (404) in the site's layout and the reader's
language (the one the address names, /en/... or /ar/..., else the cookie or the browser's);
a crash (500) on a page of its own that needs neither the database nor the request's context
processors. Under /api/ both stay the API's JSON (tests/test_api_error_shape.py)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from portal import api_errors

pytestmark = pytest.mark.django_db

NOT_FOUND = {"ar": "لم نجد هذه الصفحة", "en": "We could not find this page"}
CRASHED = {"ar": "حدث خطأ من جهتنا", "en": "Something went wrong on our side"}
DIRECTION = {"ar": "rtl", "en": "ltr"}


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def assert_in(html, language, heading):
    assert f'<html lang="{language}" dir="{DIRECTION[language]}">' in html
    assert heading[language] in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_unknown_address_under_a_language_answers_in_it(client, language):
    other = "en" if language == "ar" else "ar"

    response = client.get(f"/{language}/no-such-page/", HTTP_ACCEPT_LANGUAGE=other)

    assert response.status_code == 404
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert_in(html, language, NOT_FOUND)
    # The site's layout: its menu, its footer, the way back.
    assert "portal-navbar" in html and "portal-footer" in html
    assert 'data-status="404"' in html and 'href="/"' in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_unknown_address_follows_the_language_cookie(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_in(response.content.decode(), language, NOT_FOUND)


def test_a_signed_in_pilgrim_is_offered_the_dashboard(client, pilgrim):
    client.force_login(pilgrim)

    html = client.get("/en/no-such-page/").content.decode()

    assert 'href="/dashboard/"' in html and 'data-nav="contracts"' in html


def test_the_api_keeps_its_json_404(client):
    response = client.get("/api/v1/en/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.fixture
def crashing_home(monkeypatch):
    def crash():
        raise RuntimeError("a bug")

    monkeypatch.setattr("portal.selectors.eservice_list", crash)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_crash_answers_the_500_page_in_the_readers_language(crashing_home, language):
    client = Client(raise_request_exception=False)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 500
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert_in(html, language, CRASHED)
    assert "portal-navbar" in html and 'data-status="500"' in html
    assert "a bug" not in html and "Traceback" not in html
    assert "<script" not in html and "style=" not in html  # nothing the CSP would refuse


def test_the_500_page_needs_no_database_nor_context_processors(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the cache and the database are down")

    monkeypatch.setattr("portal.context_processors.page_furniture", broken)
    request = RequestFactory().get("/fa/packages/", HTTP_ACCEPT_LANGUAGE="en")

    with CaptureQueriesContext(connection) as queries:
        response = api_errors.server_error(request)

    assert queries.captured_queries == []
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html and 'data-status="500"' in html


def test_the_api_keeps_its_json_500(crashing_home, monkeypatch):
    request = RequestFactory().get("/api/v1/permits/")

    response = api_errors.server_error(request)

    assert response.status_code == 500 and response["Content-Type"] == "application/json"

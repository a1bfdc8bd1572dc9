"""Calls to /api/v1/ run API_MIDDLEWARE, the site's pages the full MIDDLEWARE; what the API's
list leaves out (CSRF middleware, CSP, messages, allauth's page middleware) is either done by
DRF itself or has nothing to act on in JSON. These tests go through hajjportal.wsgi, the
application gunicorn serves."""

import io
import json

import pytest
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from hajjportal import wsgi
from hajjportal.handlers import is_api_path
from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"


def call(path, *, method="GET", body=b"", headers=None, cookies=""):
    """One request to the production WSGI application: (status code, headers, body)."""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json", "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0), "HTTP_COOKIE": cookies,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    started = []
    # As Django's test client does: the test's transaction keeps its connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        content = b"".join(wsgi.application(environ, lambda status, response_headers: (
            started.append((status, response_headers)))))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    status, response_headers = started[0]
    return int(status.split()[0]), dict(response_headers), content


def test_the_api_prefix_is_routed_to_the_api_middleware_but_its_html_docs_are_not():
    assert is_api_path("/api/v1/permits/bookings/")
    assert not is_api_path("/api/v1/docs/")
    assert not is_api_path("/permits/")


def test_a_token_call_is_answered_with_the_security_headers_and_no_page_policy(
        plain_http, app_login, pilgrim, permit_services):
    status, headers, body = call(BOOKINGS, headers={"X-Session-Token": app_login(pilgrim)})

    assert status == 200
    assert json.loads(body) == []
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in headers


def test_pages_and_the_api_docs_keep_the_content_security_policy(plain_http):
    for path in ("/", "/api/v1/docs/"):
        status, headers, _body = call(path)

        assert status == 200, path
        assert "Content-Security-Policy" in headers, path


def test_an_api_error_is_translated_from_accept_language(plain_http, app_login, pilgrim):
    token = app_login(pilgrim)
    status, _headers, body = call("/api/v1/permits/bookings/999999/cancel/", method="POST",
                                  headers={"X-Session-Token": token, "Accept-Language": "ar"})

    assert status == 404
    assert json.loads(body) == {"code": "not_found", "detail": "غير موجود."}


def test_an_api_answer_names_its_language_from_accept_language_or_the_language_cookie(
        plain_http, app_login, pilgrim):
    token = app_login(pilgrim)
    for headers, cookies, language in (({"Accept-Language": "ar"}, "", "ar"),
                                       ({"Accept-Language": "fr, en;q=0.5"}, "", "en"),
                                       ({"Accept-Language": "en"}, "django_language=ms", "ms")):
        status, answer, _body = call(BOOKINGS, headers={"X-Session-Token": token, **headers},
                                     cookies=cookies)

        assert status == 200
        assert answer["Content-Language"] == language
        assert "Accept-Language" in answer["Vary"]


def test_the_portal_locale_middleware_may_skip_path_prefixes_because_the_urls_have_none():
    # portal.middleware.LocaleMiddleware stands in for Django's because no URL carries a
    # language prefix; i18n_patterns in the URLs would need Django's back.
    assert is_language_prefix_patterns_used(settings.ROOT_URLCONF) == (False, False)
    assert "portal.middleware.LocaleMiddleware" in settings.MIDDLEWARE
    assert "portal.middleware.LocaleMiddleware" in settings.API_MIDDLEWARE


def test_a_browser_session_call_without_the_csrf_token_is_refused_and_books_nothing(
        plain_http, pilgrim, rawdah_slot):
    browser = Client()
    browser.force_login(pilgrim)
    session = browser.cookies["sessionid"].value
    body = json.dumps({"slot": rawdah_slot.pk, "accept_instructions": True}).encode()

    status, _headers, content = call(BOOKINGS, method="POST", body=body,
                                     cookies=f"sessionid={session}",
                                     headers={"Accept-Language": "en"})

    assert status == 403
    assert "CSRF" in json.loads(content)["detail"]
    assert pilgrim.permit_bookings.count() == 0


def test_the_test_client_runs_the_api_middleware_too(app_client, permit_services):
    response = app_client(PilgrimFactory()).get("/api/v1/permits/services/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers

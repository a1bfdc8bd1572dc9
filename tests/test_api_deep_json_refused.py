"""A JSON body nested deeper than JSON_MAX_DEPTH is refused with a 400 in the shape of the
API it was sent to, before any view parses it: no RecursionError, no 500, signed in or not."""

import pytest

from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db

DEEP = ("[" * 1000 + "]" * 1000).encode()
API_ENDPOINTS = ["/api/v1/refunds/quote/", "/api/v1/compensation/quote/",
                 "/api/v1/servicedesk/inquiry/"]
HEADLESS_LOGIN = "/_allauth/app/v1/auth/login"


@pytest.fixture(autouse=True)
def _season(plain_http):
    seeded_season(1445)


@pytest.mark.parametrize("url", API_ENDPOINTS)
def test_a_deeply_nested_body_is_a_translated_400_in_the_api_shape(client, url):
    english = client.post(url, DEEP, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["code"] == "too_deep"
    assert set(english.json()) == {"code", "detail"}
    arabic = client.post(url, DEEP, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic.json()["detail"] != english.json()["detail"]


def test_the_headless_login_refuses_it_in_allauths_shape(client):
    response = client.post(HEADLESS_LOGIN, b'{"email": ' + DEEP + b"}",
                           content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["errors"][0]["code"] == "too_deep"


def test_the_headless_login_refuses_it_whatever_the_content_type(client):
    response = client.post(HEADLESS_LOGIN, DEEP, content_type="text/plain")
    assert response.status_code == 400


def test_nesting_within_the_limit_reaches_the_view(client, settings):
    settings.JSON_MAX_DEPTH = 3
    response = client.post("/api/v1/refunds/quote/", b'{"season": [[1]]}',
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    deeper = client.post("/api/v1/refunds/quote/", b'{"season": [[["]]]]"]]]}',
                         content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert deeper.json()["code"] == "too_deep"

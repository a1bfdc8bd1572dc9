"""Every refusal under /api/ is the JSON {"code", "detail"} shape, a missing page and a crash
included; a call without credentials is a 401 that names the session-token scheme."""

import pytest
from django.test import Client
from django.urls import path

from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404_in_the_language_asked(client, plain_http):
    english = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 404
    assert english["Content-Type"] == "application/json"
    assert english.json() == {"code": "not_found", "detail": "Not found."}
    arabic = client.get("/api/v1/permits/no-such-thing/", HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic.json()["code"] == "not_found"
    assert arabic.json()["detail"] != "Not found."


def test_an_unknown_page_outside_the_api_stays_html(client, plain_http):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_call_without_credentials_is_a_401_naming_the_session_token(client, plain_http):
    response = client.get("/api/v1/complaints/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "X-Session-Token" in response["WWW-Authenticate"]
    assert response.json()["code"] == "not_authenticated"


def test_a_signed_in_pilgrim_without_the_right_is_a_403(app_client, permit_services):
    response = app_client(PilgrimFactory()).post(
        "/api/v1/permits/slots/", {}, content_type="application/json")
    assert response.status_code == 403
    assert set(response.json()) == {"code", "detail"}


def _crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/v1/crash/", _crash)]
handler500 = "portal.api_errors.server_error"


def test_a_crash_under_the_api_is_a_json_500(plain_http, settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/api/v1/crash/",
                                                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error",
                               "detail": "A server error occurred."}

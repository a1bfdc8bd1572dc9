"""The login limits fail closed: while Redis (their store) is down nobody signs in, with a
clear translated refusal (503, Retry-After), on the web and in the apps' API; everything else
answers (tests/test_reliability_cache_degrades.py)."""

import pytest

from tests.factories.accounts import PASSWORD, PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

APP_LOGIN = "/_allauth/app/v1/auth/login"


def web_login(client, user, language="en"):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD},
                       HTTP_ACCEPT_LANGUAGE=language)


def test_the_web_login_is_refused_with_a_clear_message(client, redis_down):
    response = web_login(client, PilgrimFactory())

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Sign-in is briefly unavailable, try again in a minute." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_refusal_is_translated(client, redis_down):
    response = web_login(client, PilgrimFactory(), language="ar")

    assert "تسجيل الدخول غير متاح مؤقتاً" in response.content.decode()


def test_the_app_login_is_refused_in_the_api_error_shape(client, redis_down):
    user = PilgrimFactory()
    response = client.post(APP_LOGIN, {"email": user.email, "password": PASSWORD},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "sign_in_unavailable"


def test_with_redis_up_the_same_login_succeeds(client):
    assert web_login(client, PilgrimFactory()).status_code == 302

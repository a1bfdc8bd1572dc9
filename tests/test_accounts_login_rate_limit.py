"""Failed logins are limited per account, so one person's wrong passwords lock only their
own account, never a stranger behind the same camp Wi-Fi or carrier NAT; per client address
only as a far higher second line, against a script spraying many accounts. The web login and
the app's headless login count the same way (allauth, on the Redis cache)."""

import pytest

from tests.factories.accounts import PASSWORD, PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

LOGIN = "/accounts/login/"
APP_LOGIN = "/_allauth/app/v1/auth/login"
CAMP = "203.0.113.7"  # the one address a whole camp shares
REFUSAL = "Too many failed sign-in attempts. Wait a few minutes and try again"


@pytest.fixture
def fast_hashing(settings):
    """A wrong e-mail still hashes the password (as slow as a real check); the spraying
    tests send a hundred of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, email, password, language="en", ip=CAMP, **headers):
    return client.post(LOGIN, {"login": email, "password": password},
                       HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=ip, **headers)


def app_attempt(client, email, password, language="en", ip=CAMP):
    return client.post(APP_LOGIN, {"email": email, "password": password},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE=language,
                       REMOTE_ADDR=ip)


def test_wrong_passwords_lock_their_account_but_not_a_stranger_on_the_same_address(client):
    forgetful, newcomer = PilgrimFactory(), PilgrimFactory()
    for _ in range(8):
        attempt(client, forgetful.email, "wrong-password")

    locked = attempt(client, forgetful.email, PASSWORD, ip="198.51.100.9")
    assert REFUSAL in locked.content.decode()
    assert "_auth_user_id" not in client.session

    first_login = attempt(client, newcomer.email, PASSWORD)
    assert first_login.status_code == 302
    assert client.session["_auth_user_id"] == str(newcomer.pk)


def test_the_app_login_counts_per_account_the_same_way(client):
    forgetful, newcomer = PilgrimFactory(), PilgrimFactory()
    for _ in range(8):
        app_attempt(client, forgetful.email, "wrong-password")

    locked = app_attempt(client, forgetful.email, PASSWORD, language="ar")
    assert locked.status_code == 400
    assert locked.json()["errors"][0]["code"] == "too_many_login_attempts"
    assert "تجاوزت عدد محاولات الدخول" in locked.json()["errors"][0]["message"]

    assert app_attempt(client, newcomer.email, PASSWORD).status_code == 200


def test_the_web_refusal_is_translated(client):
    email = PilgrimFactory().email
    for _ in range(5):
        attempt(client, email, "wrong-password", language="ar")
    page = attempt(client, email, PASSWORD, language="ar").content.decode()
    assert "تجاوزت عدد محاولات الدخول" in page


@pytest.mark.usefixtures("fast_hashing")
def test_a_hundred_failures_from_one_address_stop_a_script_spraying_accounts(client):
    for n in range(100):
        page = attempt(client, f"guess{n}@example.com", "Password-1").content.decode()
        assert REFUSAL not in page, n
    victim = PilgrimFactory()

    refused = attempt(client, victim.email, PASSWORD)
    assert REFUSAL in refused.content.decode()
    assert attempt(client, victim.email, PASSWORD, ip="198.51.100.9").status_code == 302


@pytest.mark.usefixtures("fast_hashing")
def test_a_forwarded_for_header_the_client_sets_does_not_reset_the_address_line(client):
    for n in range(100):
        attempt(client, f"guess{n}@example.com", "Password-1",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    refused = attempt(client, PilgrimFactory().email, PASSWORD,
                      HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert REFUSAL in refused.content.decode()


@pytest.mark.usefixtures("fast_hashing", "behind_one_proxy")
def test_behind_our_proxy_the_address_it_appended_is_the_one_limited(client):
    proxy = {"ip": "10.0.0.2"}
    for n in range(100):
        attempt(client, f"guess{n}@example.com", "Password-1", **proxy,
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {CAMP}")

    refused = attempt(client, PilgrimFactory().email, PASSWORD, **proxy,
                      HTTP_X_FORWARDED_FOR=f"192.0.2.250, {CAMP}")
    assert REFUSAL in refused.content.decode()
    elsewhere = attempt(client, PilgrimFactory().email, PASSWORD, **proxy,
                        HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert elsewhere.status_code == 302


def test_the_flood_guard_answers_with_the_sites_translated_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    email = PilgrimFactory().email
    for _ in range(2):
        attempt(client, email, "wrong-password")

    refused = attempt(client, email, PASSWORD, language="ar")
    assert refused.status_code == 429
    assert "وصلت طلبات كثيرة جداً من اتصالك" in refused.content.decode()

"""Failed logins are rate-limited per IP (allauth, on the Redis cache): after five wrong
passwords from one address the sixth attempt is refused, even with the right password."""

import pytest

from tests.factories.accounts import PASSWORD, PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

LOGIN = "/accounts/login/"


def attempt(client, email, password, language="en", ip="203.0.113.7"):
    return client.post(LOGIN, {"login": email, "password": password},
                       HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=ip)


def test_the_sixth_wrong_password_from_one_ip_is_refused(client):
    emails = [PilgrimFactory().email for _ in range(6)]  # different accounts, same IP
    for email in emails[:5]:
        page = attempt(client, email, "wrong-password").content.decode()
        assert "Too many failed login attempts" not in page
    refused = attempt(client, emails[5], PASSWORD)
    assert refused.status_code == 200  # the form again, not a login
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_refusal_is_translated(client):
    email = PilgrimFactory().email
    for _ in range(5):
        attempt(client, email, "wrong-password", language="ar")
    page = attempt(client, email, "wrong-password", language="ar").content.decode()
    assert "تجاوزت الحد المسموح لمحاولة تسجيل الدخول" in page


def test_another_ip_is_not_affected_by_the_per_ip_limit(client):
    emails = [PilgrimFactory().email for _ in range(6)]
    for email in emails[:5]:
        attempt(client, email, "wrong-password")
    response = attempt(client, emails[5], PASSWORD, ip="198.51.100.9")
    assert response.status_code == 302

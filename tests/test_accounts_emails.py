"""allauth's mails speak the reader's language, come from the portal by name, and link to
SITE_URL whatever Host header the request carried."""

import re

import pytest
from django.core import mail
from django.utils import translation

from accounts import staff_mail
from tests.factories.accounts import PASSWORD, PilgrimFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http", "locmem_mail")]

EVIL = "evil.example"
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.SITE_URL = "https://portal.example"
    settings.DEFAULT_FROM_EMAIL = "no-reply@portal.example"
    # The forged host is one the portal answers to, so only the links can betray it.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, EVIL]


def links(message):
    return re.findall(r"https?://[^\s\"<>]+", message.body + message.alternatives[0][0])


def test_the_verification_mail_is_in_arabic_from_the_portal_with_its_link(client):
    client.post("/accounts/signup/", {
        "email": "amina@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "accept_terms": "on",
    }, HTTP_ACCEPT_LANGUAGE="ar", HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert ARABIC.search(message.subject) and ARABIC.search(message.body)
    site_name = "بوابة الخدمات الإلكترونية للحجاج والمعتمرين"
    assert message.subject.startswith(site_name)
    assert message.from_email.startswith(site_name)
    assert message.from_email.endswith("<no-reply@portal.example>")
    html = message.alternatives[0][0]
    assert '<html lang="ar" dir="rtl">' in html
    assert "Hello from" not in message.body
    assert EVIL not in message.body + html
    confirm = [link for link in links(message) if "/accounts/confirm-email/" in link]
    assert confirm and all(link.startswith("https://portal.example/") for link in confirm)


def test_the_reset_mail_is_in_the_pilgrims_language_not_the_requests(client):
    pilgrim = PilgrimFactory(profile__preferred_language="ar")

    client.post("/accounts/password/reset/", {"email": pilgrim.email},
                HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert ARABIC.search(message.subject) and ARABIC.search(message.body)
    assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]
    reset = [link for link in links(message) if "/accounts/password/reset/key/" in link]
    assert reset and all(link.startswith("https://portal.example/") for link in reset)
    assert EVIL not in message.body + message.alternatives[0][0]


def test_the_reset_mail_in_english_for_an_english_reader(client):
    pilgrim = PilgrimFactory(profile__preferred_language="en")

    client.post("/accounts/password/reset/", {"email": pilgrim.email},
                HTTP_ACCEPT_LANGUAGE="ar", HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert message.subject == "Pilgrim e-services portal: Reset your password"
    assert message.from_email == "Pilgrim e-services portal <no-reply@portal.example>"
    assert '<html lang="en" dir="ltr">' in message.alternatives[0][0]


def test_a_sign_up_with_a_known_address_is_told_with_a_link_to_the_portal(client):
    pilgrim = PilgrimFactory(profile__preferred_language="en")

    client.post("/accounts/signup/", {
        "email": pilgrim.email, "password1": PASSWORD, "password2": PASSWORD,
        "accept_terms": "on",
    }, HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert message.subject == "Pilgrim e-services portal: You already have an account"
    assert links(message)
    assert all(link.startswith("https://portal.example/") for link in links(message))


def test_a_reset_for_an_unknown_address_links_to_the_portals_sign_up(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"},
                HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert message.subject == "Pilgrim e-services portal: No account uses this address"
    assert "https://portal.example/accounts/signup/" in links(message)
    assert all(link.startswith("https://portal.example/") for link in links(message))


def test_staff_notices_come_from_the_portal_in_its_layout():
    staff = StaffUserFactory()

    with translation.override("en"):
        staff_mail.mail_staff("New complaint C-1", "Acknowledge it by Sunday.", [staff.email])

    [message] = mail.outbox
    assert message.subject == "Pilgrim e-services portal: New complaint C-1"
    assert message.from_email == "Pilgrim e-services portal <no-reply@portal.example>"
    assert "Acknowledge it by Sunday." in message.body
    assert "Acknowledge it by Sunday." in message.alternatives[0][0]

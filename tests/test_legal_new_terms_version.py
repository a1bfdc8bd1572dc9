"""A new published version of the terms asks every signed-in user to accept it (a banner on
every page until they do); each acceptance is recorded with its version, and a version
published for a later day is not in force before it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from legal.models import LegalDocument, TermsAcceptance
from legal.services import terms_accept
from tests.factories.accounts import PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def publish_terms(*, version, at):
    document = LegalDocument.objects.create(kind="terms", version=version, published_at=at)
    for language, title in (("en", "Terms of use"), ("ar", "شروط الاستخدام")):
        document.set_current_language(language)
        document.title, document.body = title, f"Version {version} of the terms."
        document.save()
    return document


@pytest.fixture
def pilgrim_who_accepted_version_1():
    pilgrim = PilgrimFactory()
    terms_accept(acting_user=pilgrim, version=1, now=timezone.now(),
                 via=TermsAcceptance.Via.SIGNUP_WEB)
    return pilgrim


def test_no_banner_while_the_version_accepted_is_in_force(client,
                                                         pilgrim_who_accepted_version_1):
    client.force_login(pilgrim_who_accepted_version_1)

    assert 'id="terms-banner"' not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_new_version_asks_for_acceptance_and_records_it(client,
                                                         pilgrim_who_accepted_version_1):
    pilgrim = pilgrim_who_accepted_version_1
    publish_terms(version=2, at=timezone.now() - timedelta(minutes=1))
    client.force_login(pilgrim)

    page = client.get("/contact/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'id="terms-banner"' in page and "الإصدار 2" in page

    response = client.post("/legal/accept-terms/", {"terms_version": "2", "next": "/contact/"})

    assert response.status_code == 302 and response["Location"] == "/contact/"
    assert list(TermsAcceptance.objects.filter(user=pilgrim).order_by("document__version")
                .values_list("document__version", "via")) == [
        (1, TermsAcceptance.Via.SIGNUP_WEB), (2, TermsAcceptance.Via.RENEWAL)]
    assert 'id="terms-banner"' not in client.get("/contact/").content.decode()


def test_accepting_a_version_other_than_the_one_in_force_is_refused(client,
                                                                   pilgrim_who_accepted_version_1):
    pilgrim = pilgrim_who_accepted_version_1
    publish_terms(version=2, at=timezone.now() - timedelta(minutes=1))
    client.force_login(pilgrim)

    response = client.post("/legal/accept-terms/", {"terms_version": "1"},
                           HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/legal/terms/"
    assert not TermsAcceptance.objects.filter(user=pilgrim, document__version=2).exists()


def test_a_version_published_for_a_later_day_is_not_yet_in_force(client,
                                                                pilgrim_who_accepted_version_1):
    publish_terms(version=2, at=timezone.now() + timedelta(days=3))
    client.force_login(pilgrim_who_accepted_version_1)

    page = client.get("/legal/terms/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Version 1" in page and 'id="terms-banner"' not in page


def test_the_next_address_never_leaves_the_portal(client, pilgrim_who_accepted_version_1):
    publish_terms(version=2, at=timezone.now() - timedelta(minutes=1))
    client.force_login(pilgrim_who_accepted_version_1)

    response = client.post("/legal/accept-terms/",
                           {"terms_version": "2", "next": "https://evil.example/"})

    assert response["Location"] == "/"

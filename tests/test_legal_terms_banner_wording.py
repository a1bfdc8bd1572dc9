"""The terms banner says which of two things it asks: a user who never accepted any version
is asked to accept the terms (not told they "changed"); one who accepted an earlier version
is told a new version is in force since. Both in the reader's language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from legal.models import LegalDocument, TermsAcceptance
from legal.services import terms_accept
from tests.factories.accounts import PilgrimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

FIRST = {"en": "Before you go on, please read the terms of use (version 1) and accept them.",
         "ar": "قبل أن تتابع، يُرجى قراءة شروط الاستخدام (الإصدار 1) وقبولها."}
CHANGED = {"en": "The terms of use have changed since you accepted them: version 2 is now in "
                 "force.",
           "ar": "تغيّرت شروط الاستخدام منذ قبلتها: الإصدار 2 هو النافذ الآن."}


def banner(client, language):
    page = client.get("/contact/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="terms-banner"' in page
    return page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_user_who_never_accepted_is_asked_to_accept_not_told_of_a_change(client, language):
    client.force_login(PilgrimFactory())

    page = banner(client, language)

    assert FIRST[language] in page
    assert CHANGED[language].split(":")[0] not in page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_user_who_accepted_an_earlier_version_is_told_it_changed(client, language):
    pilgrim = PilgrimFactory()
    terms_accept(acting_user=pilgrim, version=1, now=timezone.now(),
                 via=TermsAcceptance.Via.SIGNUP_WEB)
    version_2 = LegalDocument.objects.create(kind="terms", version=2,
                                             published_at=timezone.now() - timedelta(minutes=1))
    version_2.set_current_language("en")
    version_2.title, version_2.body = "Terms of use", "Version 2."
    version_2.save()
    client.force_login(pilgrim)

    page = banner(client, language)

    assert CHANGED[language] in page
    assert FIRST[language] not in page

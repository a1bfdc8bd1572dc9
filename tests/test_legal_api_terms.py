"""The app reads which version of the terms of use is in force and whether its user accepted
it (GET /api/v1/legal/terms/), and accepts it by naming that version
(POST /api/v1/legal/terms/acceptances/): a stale or made-up version is refused in the API's
error shape, in the reader's language, and nothing is recorded; accepting twice records once.
Only a signed-in user may do either."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from legal.models import LegalDocument, TermsAcceptance
from tests.factories.accounts import PilgrimFactory

pytestmark = pytest.mark.django_db

TERMS = "/api/v1/legal/terms/"
ACCEPT = "/api/v1/legal/terms/acceptances/"


def accept(client, version, language="en"):
    return client.post(ACCEPT, {"version": version}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=language)


def publish_version_2():
    document = LegalDocument.objects.create(kind="terms", version=2,
                                            published_at=timezone.now() - timedelta(minutes=1))
    document.set_current_language("en")
    document.title, document.body = "Terms of use", "Version 2."
    document.save()
    return document


@pytest.fixture
def pilgrim():
    return PilgrimFactory()


def test_the_version_in_force_and_that_i_have_not_accepted_it(app_client, pilgrim):
    body = app_client(pilgrim).get(TERMS, HTTP_ACCEPT_LANGUAGE="en").json()

    assert (body["version"], body["accepted"], body["accepted_at"]) == (1, False, None)
    assert body["url"] == "/legal/terms/" and body["title"]


def test_accepting_records_the_version_and_the_acting_user(app_client, pilgrim):
    response = accept(app_client(pilgrim), 1)

    assert response.status_code == 201, response.content
    assert response.json()["accepted"] is True and response.json()["version"] == 1
    acceptance = TermsAcceptance.objects.get()
    assert (acceptance.user, acceptance.document.kind, acceptance.document.version,
            acceptance.via) == (pilgrim, "terms", 1, TermsAcceptance.Via.APP)
    assert app_client(pilgrim).get(TERMS).json()["accepted"] is True


def test_accepting_twice_records_once(app_client, pilgrim):
    client = app_client(pilgrim)
    first = accept(client, 1)

    again = accept(client, 1)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["accepted_at"] == first.json()["accepted_at"]
    assert TermsAcceptance.objects.filter(user=pilgrim).count() == 1


@pytest.mark.parametrize("language, detail", [
    ("en", "Version 1 is not the version of the terms of use in force: read version 2 and "
           "accept it."),
    ("ar", "الإصدار 1 ليس الإصدار النافذ من شروط الاستخدام: اقرأ الإصدار 2 واقبله.")])
def test_a_stale_version_is_refused_and_nothing_is_recorded(app_client, pilgrim, language,
                                                            detail):
    publish_version_2()

    response = accept(app_client(pilgrim), 1, language)

    assert response.status_code == 400
    assert response.json() == {"code": "terms_version_stale", "detail": detail}
    assert not TermsAcceptance.objects.exists()
    assert app_client(pilgrim).get(TERMS).json()["version"] == 2


def test_a_version_not_yet_published_is_refused(app_client, pilgrim):
    response = accept(app_client(pilgrim), 7)

    assert (response.status_code, response.json()["code"]) == (400, "terms_version_stale")
    assert not TermsAcceptance.objects.exists()


def test_a_missing_version_is_invalid_input(app_client, pilgrim):
    response = app_client(pilgrim).post(ACCEPT, {}, content_type="application/json")

    assert response.status_code == 400 and "version" in response.json()["errors"]
    assert not TermsAcceptance.objects.exists()


def test_without_signing_in_both_are_refused(plain_http):
    anonymous = Client()

    read = anonymous.get(TERMS)
    accepted = accept(anonymous, 1)

    assert (read.status_code, accepted.status_code) == (401, 401)
    assert read.json()["code"] == accepted.json()["code"] == "not_authenticated"
    assert not TermsAcceptance.objects.exists()


def test_the_schema_documents_both_operations(plain_http):
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    assert "get" in schema["paths"][TERMS] and "post" in schema["paths"][ACCEPT]
    assert "400" in schema["paths"][ACCEPT]["post"]["responses"]

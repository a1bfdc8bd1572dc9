"""Sign-up, on the website and in the app's headless API alike, is refused without the
acceptance of the terms, with a translated error; with it, the account's acceptance of the
terms version in force is recorded with its time."""

import pytest
from django.utils import timezone

from accounts.models import User
from legal.models import LegalDocument, TermsAcceptance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

PASSWORD = "Pilgrim-Demo-2026"


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def terms_in_force():
    return LegalDocument.objects.filter(kind="terms").order_by("-version").first()


def web_signup(client, language="en", **extra):
    return client.post("/accounts/signup/", {
        "email": "amina@example.com", "password1": PASSWORD, "password2": PASSWORD, **extra,
    }, HTTP_ACCEPT_LANGUAGE=language)


def app_signup(client, language="en", **extra):
    return client.post("/_allauth/app/v1/auth/signup",
                       {"email": "yusuf@example.com", "password": PASSWORD, **extra},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def test_the_web_form_without_acceptance_is_refused_in_the_readers_language(client):
    response = web_signup(client, language="ar")

    assert response.status_code == 200
    assert "يجب أن توافق على شروط الاستخدام" in response.content.decode()
    assert not User.objects.filter(email="amina@example.com").exists()


def test_the_web_form_records_the_version_accepted_and_when(client):
    before = timezone.now()
    response = web_signup(client, accept_terms="on")

    assert response.status_code == 302
    acceptance = TermsAcceptance.objects.get(user__email="amina@example.com")
    assert acceptance.document == terms_in_force()
    assert acceptance.document.version == 1
    assert before <= acceptance.accepted_at <= timezone.now()
    assert acceptance.via == TermsAcceptance.Via.SIGNUP_WEB


def test_the_sign_up_page_links_the_terms_and_the_privacy_policy(client):
    page = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'href="/legal/terms/"' in page and 'href="/legal/privacy/"' in page
    assert 'name="accept_terms"' in page


def test_the_app_without_acceptance_is_refused_with_the_field_named(client):
    response = app_signup(client, language="en")

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["param"] == "accept_terms"
    assert error["message"] == "To create an account you must accept the terms of use."
    assert not User.objects.filter(email="yusuf@example.com").exists()


def test_the_app_records_the_version_accepted(client):
    response = app_signup(client, accept_terms=True, terms_version=1)

    assert response.status_code == 401  # signed up; the e-mail verification is pending
    acceptance = TermsAcceptance.objects.get(user__email="yusuf@example.com")
    assert acceptance.document == terms_in_force()
    assert acceptance.via == TermsAcceptance.Via.SIGNUP_APP


def test_accepting_a_version_that_is_no_longer_in_force_is_refused(client):
    newer = LegalDocument.objects.create(kind="terms", version=2, published_at=timezone.now())
    newer.set_current_language("en")
    newer.title, newer.body = "Terms of use", "New terms."
    newer.save()

    response = app_signup(client, accept_terms=True, terms_version=1)

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "terms_version"
    assert not User.objects.filter(email="yusuf@example.com").exists()

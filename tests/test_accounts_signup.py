"""Sign-up needs a verified e-mail; the new account is a pilgrim who completes the profile
before anything else."""

import re

import pytest
from django.core import mail

from accounts import roles
from accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

PASSWORD = "Pilgrim-Demo-2026"


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_signing_up_makes_a_pilgrim_who_must_confirm_the_email(client):
    response = client.post("/accounts/signup/", {
        "email": "amina@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "accept_terms": "on",
    }, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="amina@example.com")
    assert roles.user_has_role(user, roles.PILGRIM)
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1


def test_after_confirming_the_pilgrim_lands_on_the_profile_form(client):
    client.post("/accounts/signup/", {
        "email": "amina@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "accept_terms": "on"})
    link = re.search(r"http\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    client.post(link.split("testserver", 1)[-1].split("example.com", 1)[-1])
    response = client.post("/accounts/login/",
                           {"login": "amina@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/profile/edit/"


def test_the_mobile_app_can_sign_up_through_the_headless_api(client):
    response = client.post("/_allauth/app/v1/auth/signup",
                           {"email": "yusuf@example.com", "password": PASSWORD,
                            "accept_terms": True},
                           content_type="application/json")
    # 401: signed up, but the e-mail verification flow is pending.
    assert response.status_code == 401
    flows = {flow["id"]: flow for flow in response.json()["data"]["flows"]}
    assert flows["verify_email"]["is_pending"]
    assert roles.user_has_role(User.objects.get(email="yusuf@example.com"), roles.PILGRIM)

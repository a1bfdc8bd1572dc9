"""Staff reach the admin only through allauth's login, and only with a second factor: a
staff member without an authenticator is sent to set one up first."""

import pytest

from accounts import roles
from tests.factories.accounts import PASSWORD, PilgrimFactory, StaffUserFactory
from tests.fixtures.accounts import totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client):
    staff = StaffUserFactory(role=roles.MONITOR, totp=False)
    client.force_login(staff)
    for url in ("/admin/", "/admin/accounts/pilgrimprofile/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_recovery_codes_alone_do_not_count_as_a_second_factor(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = StaffUserFactory(role=roles.MONITOR, totp=False)
    RecoveryCodes.activate(staff)
    client.force_login(staff)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_a_new_staff_member_sets_up_totp_and_then_reaches_the_admin(client):
    staff = StaffUserFactory(role=roles.MONITOR, totp=False)
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before adding an authenticator.
    client.post("/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
                {"password": PASSWORD})
    setup = client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_LANGUAGE="en")
    assert setup.status_code == 200
    assert "Staff must protect their account" in setup.content.decode()
    secret = client.session["mfa.totp.secret"]  # what the QR code carries
    client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert staff.authenticator_set.filter(type="totp").exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_an_authenticator_reach_the_admin(client):
    client.force_login(StaffUserFactory(role=roles.MONITOR))
    assert client.get("/admin/").status_code == 200


def test_pilgrims_are_not_asked_for_mfa_outside_the_admin(client):
    client.force_login(PilgrimFactory())
    assert client.get("/profile/").status_code == 200


def test_the_admin_login_is_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_staff_login_asks_for_the_totp_code_before_the_admin(client):
    staff = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    response = client.post("/accounts/login/?next=/admin/",
                           {"login": staff.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_non_staff_user_is_refused_the_admin(client):
    client.force_login(PilgrimFactory())
    assert client.get("/admin/login/").status_code == 403

"""The demo world has one user per role, ready to sign in, and loading it twice changes
nothing."""

import pytest
from django.test import Client

from accounts import demo, roles
from accounts.identity import validate_identity_number
from accounts.models import PilgrimProfile, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def test_demo_load_is_idempotent_and_covers_every_role():
    demo.demo_load()
    counts = (User.objects.count(), PilgrimProfile.objects.count())
    demo.demo_load()
    assert (User.objects.count(), PilgrimProfile.objects.count()) == counts
    for role in roles.ROLES:
        assert User.objects.filter(groups__name=role).exists(), role


def test_demo_pilgrims_have_valid_national_ids_and_can_log_in_on_the_app():
    demo.demo_load()
    for profile in PilgrimProfile.objects.all():
        validate_identity_number(profile.id_type, profile.id_number)
    response = Client().post("/_allauth/app/v1/auth/login",
                             {"email": "pilgrim@demo.hajj.example",
                              "password": "Pilgrim-Demo-2026"},
                             content_type="application/json")
    assert response.status_code == 200


def test_demo_logins_list_every_user_with_the_shared_password():
    demo.demo_load()
    logins = demo.demo_logins()
    assert {login.email for login in logins} == set(
        User.objects.values_list("email", flat=True))
    assert {login.password for login in logins} == {"Pilgrim-Demo-2026"}
    assert roles.provider_for_staff(User.objects.get(email="provider@demo.hajj.example"))

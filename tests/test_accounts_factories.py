"""The account factories other apps build on give what they promise."""

import pytest

from accounts import roles
from accounts.identity import validate_identity_number
from tests.factories.accounts import PilgrimFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_pilgrim_has_a_complete_profile_with_a_valid_national_id():
    pilgrim = PilgrimFactory()
    validate_identity_number(pilgrim.profile.id_type, pilgrim.profile.id_number)
    assert pilgrim.profile.gender == "male"
    assert roles.user_has_role(pilgrim, roles.PILGRIM)
    assert pilgrim.emailaddress_set.get().verified


def test_a_pilgrim_gender_and_profile_fields_can_be_chosen():
    pilgrim = PilgrimFactory(gender="female", profile__nationality="ID")
    assert (pilgrim.profile.gender, pilgrim.profile.nationality) == ("female", "ID")


def test_provider_staff_belong_to_a_provider_and_have_an_authenticator():
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF)
    assert staff.is_staff
    assert roles.provider_for_staff(staff) is not None
    assert staff.authenticator_set.filter(type="totp").exists()


def test_other_roles_are_not_provider_staff():
    assert roles.provider_for_staff(StaffUserFactory(role=roles.MONITOR)) is None
    assert roles.provider_for_staff(UserFactory()) is None

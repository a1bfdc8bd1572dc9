"""Every role is a group with its permissions; sign-ups become pilgrims."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories.accounts import PilgrimFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_one_group_per_role_exists():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "pilgrim", "provider_staff", "care_centre_agent", "ministry_monitor", "ministry_admin"}


def test_only_care_agents_and_ministry_admins_see_full_identity_numbers():
    def may(role):
        return Group.objects.get(name=role).permissions.filter(
            codename="view_full_identity").exists()

    assert [r for r in roles.ROLES if may(r)] == [roles.CARE_AGENT, roles.MINISTRY_ADMIN]


def test_monitors_read_everything_and_change_only_what_they_decide():
    permissions = Group.objects.get(name=roles.MONITOR).permissions.values_list(
        "content_type__app_label", "codename")
    assert ("accounts", "view_pilgrimprofile") in permissions
    writes = {f"{app}.{codename}" for app, codename in permissions
              if not codename.startswith("view_")}
    # Escalated complaints, compensation claims, sanctions and a provider's debt (settled
    # or not) are the monitors' decisions; so is moving a case another help-desk agent holds,
    # and they alone download the monthly reports for the national complaints systems.
    assert writes == {"complaints.change_escalatedcomplaint", "compensation.change_claim",
                      "complaints.add_sanction", "compensation.change_providerdebt",
                      "casework.reassign_others", "complaints.download_monthlyreport"}


def test_user_has_role_follows_group_membership():
    pilgrim, agent = PilgrimFactory(), StaffUserFactory(role=roles.CARE_AGENT)
    assert roles.user_has_role(pilgrim, roles.PILGRIM)
    assert not roles.user_has_role(pilgrim, roles.CARE_AGENT)
    assert roles.user_roles(agent) == [roles.CARE_AGENT]


def test_provider_staff_of_an_inactive_provider_have_no_provider():
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF)
    provider = roles.provider_for_staff(staff)
    provider.is_active = False
    provider.save()
    assert roles.provider_for_staff(staff) is None

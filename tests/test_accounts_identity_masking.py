"""Identity numbers are masked everywhere except to their owner and to staff holding
accounts.view_full_identity: admin lists, search, the profile page and logs."""

import logging
import sys

import pytest

from accounts import roles
from accounts.masking import MaskIdentityNumbersFilter, mask_identity_number
from tests.factories.accounts import PilgrimFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]

PROFILES = "/admin/accounts/pilgrimprofile/"
USERS = "/admin/accounts/user/"


@pytest.fixture
def pilgrim():
    return PilgrimFactory()


def admin_page(client, staff, url, **params):
    client.force_login(staff)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", [PROFILES, USERS])
def test_a_monitor_sees_masked_numbers_in_admin_lists(client, pilgrim, url):
    page = admin_page(client, StaffUserFactory(role=roles.MONITOR), url)
    assert pilgrim.profile.id_number not in page
    assert mask_identity_number(pilgrim.profile.id_number) in page


@pytest.mark.parametrize("url", [PROFILES, USERS])
def test_a_care_agent_with_the_permission_sees_full_numbers(client, pilgrim, url):
    page = admin_page(client, StaffUserFactory(role=roles.CARE_AGENT), url)
    assert pilgrim.profile.id_number in page


def test_only_staff_who_may_see_numbers_may_search_by_them(client, pilgrim):
    number = pilgrim.profile.id_number
    agent_page = admin_page(client, StaffUserFactory(role=roles.CARE_AGENT), PROFILES, q=number)
    monitor_page = admin_page(client, StaffUserFactory(role=roles.MONITOR), PROFILES, q=number)
    assert pilgrim.profile.full_name in agent_page
    assert pilgrim.profile.full_name not in monitor_page


def test_the_change_form_masks_the_number_for_a_monitor(client, pilgrim):
    url = f"{PROFILES}{pilgrim.profile.pk}/change/"
    assert pilgrim.profile.id_number not in admin_page(
        client, StaffUserFactory(role=roles.MONITOR), url)


def test_the_audit_trail_masks_the_number_too(client, pilgrim):
    page = admin_page(client, StaffUserFactory(role=roles.MONITOR),
                      "/admin/accounts/pilgrimprofileevent/")
    assert pilgrim.profile.full_name in page
    assert pilgrim.profile.id_number not in page


def test_the_owner_sees_the_full_number_on_the_profile_page(client, pilgrim):
    client.force_login(pilgrim)
    assert pilgrim.profile.id_number in client.get("/profile/").content.decode()


def test_the_log_handler_masks_identity_numbers_and_passports_in_tracebacks():
    record = logging.LogRecord("permits", logging.INFO, __file__, 1,
                               "booking for %s refused", ("1012345672",), None)
    try:
        raise ValueError("passport A12345678 unknown")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert MaskIdentityNumbersFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "1012345672" not in text and "10******72" in text
    assert "A12345678" not in text


def test_the_console_log_handler_uses_the_mask():
    handlers = logging.getLogger().handlers
    assert any(isinstance(f, MaskIdentityNumbersFilter)
               for handler in handlers for f in handler.filters)


def test_the_list_of_every_audit_event_masks_the_number_too(client, pilgrim):
    from django.contrib.auth.models import Permission

    from accounts.models import PilgrimProfile

    old_number, new_number = pilgrim.profile.id_number, "1234567890"
    PilgrimProfile.objects.filter(pk=pilgrim.profile.pk).update(id_number=new_number)
    view_events = Permission.objects.get(codename="view_events",
                                         content_type__app_label="pghistory")
    monitor, agent = StaffUserFactory(role=roles.MONITOR), StaffUserFactory(role=roles.CARE_AGENT)
    for staff in (monitor, agent):
        staff.user_permissions.add(view_events)
    url, model = "/admin/pghistory/events/", "accounts.pilgrimprofileevent"

    page = admin_page(client, monitor, url, model=model)
    assert mask_identity_number(old_number) in page and mask_identity_number(new_number) in page
    assert old_number not in page and new_number not in page
    # Staff who may see numbers see the change as recorded.
    page = admin_page(client, agent, url, model=model)
    assert old_number in page and new_number in page

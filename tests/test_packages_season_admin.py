"""Staff open the next season and publish it from the seasons' list in the admin: opening
is open to those who may add a season, publishing only to ministry administrators."""

import pytest
from django.test import Client

from accounts import roles
from packages.models import Season
from permits.models import ServiceRule
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db
SEASONS = "/admin/packages/season/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_user(plain_http):
    seeded_season(1448)
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


def test_the_open_action_opens_the_next_season_as_a_draft(admin_user):
    response = signed_in(admin_user).post(SEASONS, {"action": "open_next",
                                                    "_selected_action": [1448]})

    assert response.status_code == 302
    opened = Season.objects.get(year=1449)
    assert opened.is_published is False
    assert ServiceRule.objects.filter(season=1449).exists()


def test_opening_again_through_the_admin_says_why_it_is_refused(admin_user):
    client = signed_in(admin_user)
    client.post(SEASONS, {"action": "open_next", "_selected_action": [1448]})

    response = client.post(SEASONS, {"action": "open_next", "_selected_action": [1448]},
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "already exists" in response.content.decode()
    assert Season.objects.filter(year=1449).count() == 1


def test_a_ministry_admin_publishes_the_draft(admin_user):
    client = signed_in(admin_user)
    client.post(SEASONS, {"action": "open_next", "_selected_action": [1448]})

    client.post(SEASONS, {"action": "publish", "_selected_action": [1449]})

    assert Season.objects.get(year=1449).is_published


@pytest.mark.parametrize("role", [roles.MONITOR, roles.CARE_AGENT])
def test_other_staff_are_offered_neither_action_and_cannot_publish(admin_user, role):
    signed_in(admin_user).post(SEASONS, {"action": "open_next", "_selected_action": [1448]})
    staff = signed_in(StaffUserFactory(role=role))

    page = staff.get(SEASONS)
    staff.post(SEASONS, {"action": "publish", "_selected_action": [1449]})

    assert 'value="publish"' not in page.content.decode()
    assert 'value="open_next"' not in page.content.decode()
    assert Season.objects.get(year=1449).is_published is False


def test_the_ministry_admin_is_offered_both_actions(admin_user):
    page = signed_in(admin_user).get(SEASONS).content.decode()

    assert 'value="publish"' in page and 'value="open_next"' in page

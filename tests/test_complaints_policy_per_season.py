"""The complaint policy is one row per season: a new season's row applies to complaints
about its contracts, and the acknowledgement deadline is the policy's rule."""

import datetime

import pytest

from complaints.models import Policy
from complaints.services import policy_get
from packages.models import Season
from tests.factories.complaints import NOW, filed_complaint
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db


def season_policy(year, **values):
    policy, _created = Policy.objects.update_or_create(season=seeded_season(year),
                                                       defaults=values)
    return policy


def test_every_seeded_season_has_its_own_policy():
    assert set(Policy.objects.values_list("season", flat=True)) == set(
        Season.objects.values_list("year", flat=True))


def test_a_new_seasons_policy_applies_to_its_complaints():
    season_policy(1445, default_corrective_minutes=120)
    season_policy(1448, default_corrective_minutes=45)

    complaint = filed_complaint(item="other", failure="other")

    assert complaint.season_id == 1448
    assert complaint.corrective_period_minutes == 45


def test_a_season_without_a_row_follows_the_latest_earlier_one():
    Policy.objects.filter(season=1448).delete()
    season_policy(1445, default_corrective_minutes=90)
    assert policy_get(season=1448).default_corrective_minutes == 90


def test_acknowledged_by_the_end_of_the_day_received_by_default():
    season_policy(1448, acknowledge_working_days=0)
    complaint = filed_complaint()
    assert complaint.ack_due_at.date() == NOW.date()


def test_a_policy_giving_one_working_day_more_moves_the_acknowledgement():
    season_policy(1448, acknowledge_working_days=1)
    complaint = filed_complaint()
    # Sunday 22 November 2026: the next working day is Monday 23.
    assert complaint.ack_due_at.date() == NOW.date() + datetime.timedelta(days=1)

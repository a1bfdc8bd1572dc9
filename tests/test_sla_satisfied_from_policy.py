"""Which survey answers count as satisfied is the season policy's rating, passed to the
rollup's SQL: raising it to 5 turns a 4 from satisfied to not."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from portal.calendars import to_hijri
from portal.models import EService
from sla.metrics import figures_by_service
from sla.models import Policy
from sla.policies import policy_for
from sla.rollups import riyadh_day
from sla.services import rollup_rebuild, rollup_refresh
from tests.factories.sla import SurveyFactory, TransactionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 21, 12, 30, tzinfo=UTC)
TODAY = riyadh_day(NOW)


def satisfaction():
    return figures_by_service(first_day=TODAY, last_day=TODAY)[
        EService.objects.get(code="umrah").pk].satisfaction


def rated(*ratings):
    for rating in ratings:
        SurveyFactory(transaction=TransactionFactory(started_at=NOW - timedelta(minutes=20)),
                      rating=rating)


def season_policy(**values):
    policy, _created = Policy.objects.update_or_create(hijri_year=to_hijri(TODAY).year,
                                                       defaults=values)
    return policy


def test_four_or_five_are_satisfied_by_default():
    season_policy()
    rated(5, 4, 3, 2)
    rollup_refresh(now=NOW)
    assert satisfaction() == Decimal("50.00")


def test_a_season_counting_only_fives_halves_the_satisfied_share():
    season_policy(satisfied_from_rating=5)
    rated(5, 4, 3, 2)
    rollup_rebuild(first_day=TODAY, last_day=TODAY)
    assert satisfaction() == Decimal("25.00")


def test_each_hijri_year_has_its_own_policy_and_a_year_without_one_follows_the_last():
    Policy.objects.all().delete()
    Policy.objects.create(hijri_year=1447, satisfied_from_rating=3)
    Policy.objects.create(hijri_year=1448, satisfied_from_rating=5)
    assert policy_for(datetime(2026, 1, 10, tzinfo=UTC)).satisfied_from_rating == 3  # 1447
    assert policy_for(NOW).satisfied_from_rating == 5  # 1448
    assert policy_for(NOW + timedelta(days=400)).satisfied_from_rating == 5  # 1449

"""Hajj eligibility lives once, in the season's Hajj permit rule: the package order applies
it before anyone pays, so a pilgrim the permit would refuse cannot pay; its age is counted on
one day, 8 Dhu al-Hijjah."""

import datetime

import pytest

from packages.errors import PackageError
from packages.models import Contract, Season
from packages.services import contract_order
from permits import rules
from permits.errors import PermitError
from permits.models import ServiceRule
from portal.calendars import RIYADH, from_hijri
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, companion
from tests.factories.permits import PersonFactory

pytestmark = pytest.mark.django_db
IN_THE_FIRST_TIMERS_PHASE = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)
AFTER_IT = datetime.datetime(2027, 2, 1, 12, 0, tzinfo=RIYADH)


def hajj_rule():
    return ServiceRule.objects.get(service__code="hajj", season=1448)


def order(pilgrim, companions, now):
    return contract_order(acting_user=pilgrim, package=PackageFactory(),
                          holder={"identity_expires_on": datetime.date(2030, 1, 1)},
                          companions=companions, acknowledged_channels=True,
                          payment_plan="full", now=now)


def refusal(pilgrim, companions, now):
    with pytest.raises(PackageError) as error:
        order(pilgrim, companions, now)
    assert not Contract.objects.filter(pilgrim=pilgrim).exists()  # nothing to pay
    return error.value.code


def test_a_repeat_pilgrim_cannot_order_hence_pay_in_the_first_timers_phase():
    pilgrim = PilgrimFactory()
    assert refusal(pilgrim, [companion(pilgrim, last_hajj_year=1430)],
                   IN_THE_FIRST_TIMERS_PHASE) == "not_first_time"


def test_a_repeat_pilgrim_within_the_rules_years_cannot_order_after_it():
    pilgrim = PilgrimFactory()
    assert refusal(pilgrim, [companion(pilgrim, last_hajj_year=1445)],
                   AFTER_IT) == "hajj_too_recent"
    assert order(pilgrim, [companion(pilgrim, last_hajj_year=1443)], AFTER_IT)


def test_the_order_follows_the_rule_as_staff_edit_it():
    ServiceRule.objects.filter(pk=hajj_rule().pk).update(repeat_after_years=10)
    pilgrim = PilgrimFactory()
    assert refusal(pilgrim, [companion(pilgrim, last_hajj_year=1443)],
                   AFTER_IT) == "hajj_too_recent"


def test_the_season_keeps_no_copy_of_the_eligibility():
    names = {field.name for field in Season._meta.get_fields()}
    assert not names & {"min_age_hijri_years", "repeat_after_years",
                        "first_timers_only_until", "identity_valid_to_end_of_month"}
    # The seeded values carried into each season's Hajj rule (1445 had none before).
    for year in (1445, 1448):
        rule = rules.hajj_rule_for_season(year)
        assert (rule.min_age_hijri_years, rule.repeat_after_years,
                rule.identity_valid_to_end_of_month) == (12, 5, 12)


def test_age_is_counted_on_8_dhu_al_hijjah_for_the_order_and_the_permit():
    twelve_on_the_8th = from_hijri(1436, 12, 8)  # 12 Hijri years old that very day
    twelve_a_day_later = from_hijri(1436, 12, 9)
    pilgrim = PilgrimFactory()

    assert order(pilgrim, [companion(pilgrim, date_of_birth=twelve_on_the_8th,
                                        relation="daughter")],
                 IN_THE_FIRST_TIMERS_PHASE)
    other = PilgrimFactory()
    assert refusal(other, [companion(other, date_of_birth=twelve_a_day_later, relation="daughter")],
                   IN_THE_FIRST_TIMERS_PHASE) == "too_young"
    # The permit request counts on the same day.
    rules.check_hajj_person(rule=hajj_rule(), now=IN_THE_FIRST_TIMERS_PHASE,
                            person=PersonFactory.build(date_of_birth=twelve_on_the_8th))
    with pytest.raises(PermitError) as error:
        rules.check_hajj_person(rule=hajj_rule(), now=IN_THE_FIRST_TIMERS_PHASE,
                                person=PersonFactory.build(date_of_birth=twelve_a_day_later))
    assert error.value.code == "too_young"

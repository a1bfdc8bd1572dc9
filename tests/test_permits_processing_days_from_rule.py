"""A Hajj permit request is due after the working days its season's rule names: the rule
holds the number (3 by default), the code assumes none."""

from datetime import date
from decimal import Decimal

import pytest

from packages.models import Contract
from permits import services
from permits.models import PermitService, ServiceRule
from tests.factories.packages import ProviderFactory, seeded_season
from tests.fixtures.permits import NOW, RIYADH

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(pilgrim, permit_services):
    person = services.person_for_user(user=pilgrim)
    person.identity_expires_on = date(2030, 1, 1)
    person.save()
    return Contract.objects.create(pilgrim=pilgrim, provider=ProviderFactory(),
                                   season=seeded_season(), status=Contract.Status.PAID,
                                   clients=2, value=Decimal("8092.55"))


def hajj_rule(contract):
    return ServiceRule.objects.get(service=PermitService.objects.get(code="hajj"),
                                   season=contract.season_id)


def test_a_new_rule_takes_three_working_days_by_default():
    assert ServiceRule._meta.get_field("processing_working_days").default == 3
    assert not ServiceRule._meta.get_field("processing_working_days").null


def test_the_due_date_follows_the_rules_processing_days(pilgrim, contract):
    rule = hajj_rule(contract)
    rule.processing_working_days = 5
    rule.save()

    booking = services.hajj_request_create(acting_user=pilgrim, contract=contract, now=NOW)

    # Sunday 22 November 2026: five working days (Sunday to Thursday weeks) end Sunday 29.
    assert booking.due_by.astimezone(RIYADH).date() == date(2026, 11, 29)


def test_zero_days_is_due_the_same_moment_not_three(pilgrim, contract):
    rule = hajj_rule(contract)
    rule.processing_working_days = 0
    rule.save()

    booking = services.hajj_request_create(acting_user=pilgrim, contract=contract, now=NOW)

    assert booking.due_by.astimezone(RIYADH).date() == date(2026, 11, 22)

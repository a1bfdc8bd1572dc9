"""A change that lowers a service level gives each holder the right to cancel with a full
refund for the season's period (days, as data): within it the cancellation refunds all that
was paid, after it the season's refund table decides again."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from packages import selectors, services, versions
from packages.models import Contract, Instalment
from portal import calendars
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import (
    PackageFactory,
    ministry_user,
    ordered_contract,
    season_on_sale,
    submitted_change,
)

pytestmark = pytest.mark.django_db
PRICE = Decimal("10000.00")


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def contract(now):
    """A paid contract under a refund table that keeps 10% on every day of the track, so a
    full refund can only come from the right."""
    season = season_on_sale(now)  # the pages and the API read the wall clock
    season.refund_rules.update(deduction_percent=Decimal("10"), deduct_service_fee=False)
    season.lowered_service_cancel_days = 7
    season.save(update_fields=["lowered_service_cancel_days"])
    contract = ordered_contract(pilgrim=PilgrimFactory(),
                                package=PackageFactory(price=PRICE, season=season), now=now)
    contract.instalments.update(status=Instalment.Status.PAID, paid_at=now)
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.PAID, paid_at=now)
    return contract


# The factory's camp is 1500 m from the Jamarat: further is a lower level the code sees.
FURTHER_CAMP = {"distance_to_jamarat_m": 3200}


def lower(contract, now, **approval):
    change = submitted_change(contract.package, now=now, rows=approval.pop("rows", None),
                              **approval.pop("fields", {}))
    return versions.package_version_approve(version=change, acting_user=ministry_user(),
                                            now=now, **approval)


def test_a_camp_moved_further_from_the_jamarat_lowers_a_level_by_itself(contract, now):
    version = lower(contract, now, fields=FURTHER_CAMP)
    assert version.lowers_service
    until = selectors.contract_full_refund_right_until(contract=contract, now=now)
    # To the end of the seventh day (Riyadh) after the approval: the season's 7 days.
    assert calendars.local_date(until) == calendars.local_date(now + timedelta(days=7))
    assert calendars.local_date(until + timedelta(seconds=1)) > calendars.local_date(until)


def test_the_ministry_marks_a_reworded_row_as_lower(contract, now):
    def fewer_meals(rows):
        rows.filter(service="catering").update(description="Two meals a day")

    lower(contract, now, rows=fewer_meals, lowers_service=True)
    assert selectors.contract_full_refund_right_until(contract=contract, now=now)


def test_within_the_period_the_cancellation_refunds_everything_paid(contract, now):
    lower(contract, now, fields=FURTHER_CAMP)
    refund = services.contract_cancel(contract=contract, reason="pilgrim",
                                      now=now + timedelta(days=6))
    assert refund.amount == PRICE
    assert refund.rule_code == "service_lowered"


def test_after_the_period_the_season_table_decides_again(contract, now):
    lower(contract, now, fields=FURTHER_CAMP)
    until = selectors.contract_full_refund_right_until(contract=contract, now=now)
    refund = services.contract_cancel(contract=contract, reason="pilgrim",
                                      now=until + timedelta(seconds=1))
    assert refund.amount == PRICE - Decimal("1000.00")
    assert refund.rule_code != "service_lowered"


def test_a_change_that_lowers_nothing_gives_no_right(contract, now):
    def better_catering(rows):
        rows.filter(service="catering").update(description="Four meals a day")

    lower(contract, now, rows=better_catering)
    assert selectors.contract_full_refund_right_until(contract=contract, now=now) is None
    refund = services.contract_cancel(contract=contract, reason="pilgrim", now=now)
    assert refund.amount == PRICE - Decimal("1000.00")


def test_the_contract_page_and_the_preview_show_the_right(client, plain_http, contract, now):
    lower(contract, now, fields=FURTHER_CAMP)
    client.force_login(contract.pilgrim)
    html = client.get(f"/packages/contracts/{contract.pk}/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="full-refund-right"' in html
    assert "<del>1500</del>" in html and "3200" in html
    preview = client.get(f"/api/v1/packages/contracts/{contract.pk}/cancellation/",
                         HTTP_ACCEPT_LANGUAGE="en").json()
    assert Decimal(str(preview["refund"])) == PRICE

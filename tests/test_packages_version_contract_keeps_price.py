"""A contract keeps the price and version it was bought at: a price change approved later
applies to new sales only, and tells nobody."""

from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from packages import versions
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import (
    ministry_user,
    ordered_contract,
    package_on_sale_today,
    submitted_change,
)

pytestmark = pytest.mark.django_db


def test_a_price_change_applies_to_new_sales_only():
    now = timezone.now()
    package = package_on_sale_today(price=Decimal("8092.55"))
    bought = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=now)
    change = submitted_change(package, now=now, price=Decimal("9000.00"))
    versions.package_version_approve(version=change, acting_user=ministry_user(), now=now)

    bought.refresh_from_db()
    assert (bought.price_per_person, bought.value) == (Decimal("8092.55"), Decimal("8092.55"))
    assert bought.version.number == 1
    later = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=now)
    assert (later.price_per_person, later.version.number) == (Decimal("9000.00"), 2)
    assert not bought.version_changes.exists()
    assert not SmsMessage.objects.filter(idempotency_key__contains=f":{bought.pk}:version-")


def test_an_order_buys_the_approved_version_not_a_pending_change():
    now = timezone.now()
    package = package_on_sale_today(price=Decimal("8092.55"))
    submitted_change(package, now=now, price=Decimal("1.00"))
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=now)
    assert (contract.price_per_person, contract.version) == (Decimal("8092.55"),
                                                             package.current_version)

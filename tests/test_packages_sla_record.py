"""Every package order is one transaction of the "hajj_package" e-service for the service
levels: a completed order with its provider, and a refused one too."""

import datetime

import pytest

from packages.errors import PackageError
from packages.models import Package
from portal.calendars import RIYADH
from sla.models import Outcome, Transaction
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def package_transactions():
    return Transaction.objects.filter(service__code="hajj_package")


def test_an_order_is_recorded_once_as_completed_with_its_provider():
    package = PackageFactory()
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=NOW)
    row = package_transactions().get()
    assert (row.outcome, row.reference, row.provider_id) == (
        Outcome.COMPLETED, contract.reference, package.provider_id)
    assert row.user_id == contract.pilgrim_id and row.started_at == NOW


def test_a_sold_out_order_is_recorded_as_sold_out():
    package = PackageFactory()
    Package.objects.filter(pk=package.pk).update(places_sold=package.places_total)
    with pytest.raises(PackageError):
        ordered_contract(pilgrim=PilgrimFactory(), package=package, now=NOW)
    assert list(package_transactions().values_list("outcome", flat=True)) == [Outcome.SOLD_OUT]


def test_an_order_refused_by_a_rule_is_recorded_as_refused():
    package = PackageFactory()
    with pytest.raises(PackageError):
        ordered_contract(pilgrim=PilgrimFactory(), package=package, now=NOW,
                         companions=[{"dependant": 1}] * 20)
    assert list(package_transactions().values_list("outcome", flat=True)) == [Outcome.REFUSED]

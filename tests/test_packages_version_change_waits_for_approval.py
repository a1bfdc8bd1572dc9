"""A provider's change to an approved package waits for the ministry: until its approval
the approved version stays on sale, as the pilgrims' API and the orders see it."""

from decimal import Decimal

import pytest
from django.utils import timezone

from packages import versions
from packages.errors import PackageError
from packages.models import PackageVersion
from tests.factories.packages import PackageFactory, ministry_user, submitted_change

pytestmark = pytest.mark.django_db


def detail(client, package):
    return client.get(f"/api/v1/packages/{package.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()


def test_the_approved_version_stays_on_sale_until_the_change_is_approved(client, plain_http):
    package = PackageFactory(price=Decimal("8092.55"), places_total=100)
    now = timezone.now()
    change = submitted_change(package, now=now, price=Decimal("9500.00"), places_total=150,
                              name="Mina tents, renamed")
    before = detail(client, package)
    assert (before["price"], before["places_left"], before["version"]["number"]) == (
        "8092.55", 100, 1)
    assert before["name"] != "Mina tents, renamed"

    versions.package_version_approve(version=change, acting_user=ministry_user(), now=now)
    after = detail(client, package)
    assert (after["price"], after["places_left"], after["name"]) == (
        "9500.00", 150, "Mina tents, renamed")
    assert after["version"]["number"] == 2
    statuses = dict(package.versions.values_list("number", "status"))
    assert statuses == {1: PackageVersion.Status.SUPERSEDED, 2: PackageVersion.Status.APPROVED}


def test_one_change_at_a_time(plain_http):
    package = PackageFactory()
    submitted_change(package, now=timezone.now())
    with pytest.raises(PackageError) as refused:
        submitted_change(package, now=timezone.now())
    assert refused.value.code == "change_open"


def test_a_change_cannot_leave_fewer_places_than_are_sold(plain_http):
    package = PackageFactory(places_total=100)
    package.__class__.objects.filter(pk=package.pk).update(places_sold=60)
    change = submitted_change(package, now=timezone.now(), places_total=50)
    with pytest.raises(PackageError) as refused:
        versions.package_version_approve(version=change, acting_user=ministry_user())
    assert refused.value.code == "places_below_sold"
    package.refresh_from_db()
    assert package.places_total == 100

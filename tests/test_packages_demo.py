"""The demo world holds the four 2024 categories at their prices, and loads idempotently."""

from decimal import Decimal

import pytest

from packages.demo import demo_load
from packages.models import Package
from tests.factories.complaints import NOW
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db


def test_the_demo_packages_load_twice_without_duplicates():
    seeded_season(1448, published=False)
    demo_load(now=NOW)
    demo_load(now=NOW)
    packages = Package.objects.filter(provider__licence_number__startswith="LIC-DEMO")
    assert packages.count() == 12
    assert set(packages.values_list("price", flat=True)) == {
        Decimal("3984.75"), Decimal("8092.55"), Decimal("10366.10"), Decimal("13150.25")}
    assert all(p.status == "published" for p in packages)

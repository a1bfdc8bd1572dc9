"""The Arafat breakfast is an item of the compensation annex, seeded for every season with
the remaining meals' values (RULES.md section 4 has no row of its own for it, and each cell
says so to staff), and a late one is judged by its announced window (after Fajr to 10:00 on
9 Dhu al-Hijjah)."""

from datetime import datetime, time
from decimal import Decimal

import pytest

from compensation.models import ITEM_GROUPS, AnnexRule, ItemGroup, ServiceItem
from packages.selectors import meal_verdict
from portal.calendars import RIYADH, from_hijri
from tests.factories.compensation import seeded_annex
from tests.factories.packages import PackageFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/compensation/quote/"
ARAFAT_DAY = from_hijri(1448, 12, 9)


@pytest.fixture(autouse=True)
def _annex(plain_http):
    seeded_annex(1445)
    seeded_annex(1448, published=False)


def test_the_arafat_breakfast_is_a_catering_item_of_every_seasons_annex():
    assert ITEM_GROUPS[ServiceItem.ARAFAT_BREAKFAST] == ItemGroup.CATERING
    for season in (1445, 1448):
        cells = AnnexRule.objects.filter(season_id=season, item="arafat_breakfast")
        assert {(cell.failure, cell.percent, cell.cap) for cell in cells} == {
            ("contrary", Decimal("3.00"), Decimal("200.00")),
            ("not_delivered", Decimal("3.00"), Decimal("300.00")),
            ("late", Decimal("1.00"), Decimal("50.00"))}
        assert all("no row of its own" in cell.note for cell in cells)


@pytest.mark.parametrize(("failure", "value", "amount"), [
    ("late", "10000", "50.00"),            # 1% = 100, at most 50
    ("late", "3000", "30.00"),
    ("contrary", "10000", "200.00"),       # 3% = 300, at most 200
    ("not_delivered", "5000", "150.00"),   # 3%, at most 300
])
def test_the_calculator_computes_the_arafat_breakfast(client, failure, value, amount):
    response = client.post(URL, {"season": 1445, "package_value": value,
                                 "item": "arafat_breakfast", "failure": failure,
                                 "occurrence": 1}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["amount"] == amount


def test_a_late_arafat_breakfast_is_judged_by_its_own_window():
    package = PackageFactory()
    on_time = meal_verdict(package=package, item="arafat_breakfast",
                           served_at=datetime.combine(ARAFAT_DAY, time(9, 45), tzinfo=RIYADH))
    late = meal_verdict(package=package, item="arafat_breakfast",
                        served_at=datetime.combine(ARAFAT_DAY, time(10, 15), tzinfo=RIYADH))
    assert on_time.window.meal == "arafat_breakfast" and not on_time.late
    assert late.late

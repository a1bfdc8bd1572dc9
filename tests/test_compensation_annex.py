"""Every cell of the compensation annex, computed through the public calculator (the same
code path as a claim): RULES.md section 4, package value 10,000 SAR unless said otherwise."""

from decimal import Decimal

import pytest
from django.utils import translation

from compensation.models import AnnexRule
from tests.factories.compensation import seeded_annex

pytestmark = pytest.mark.django_db

URL = "/api/v1/compensation/quote/"

# item, failure, package value, occurrence, amount, corrective period (minutes)
CELLS = [
    # Accommodation: corrective period 2 hours.
    ("makkah_housing", "late", "10000", 1, "1000.00", 120),
    ("makkah_housing", "late", "10000", 2, "1500.00", 120),       # repeated: up to 15%
    ("makkah_housing", "not_delivered", "10000", 1, "0.00", 120),  # ministry provides
    ("makkah_housing", "contrary", "10000", 1, "500.00", 120),     # 5%, not 50% (documented)
    ("camp_services", "late", "10000", 1, "300.00", 120),          # 2% = 200, at least 300
    ("camp_services", "late", "20000", 1, "400.00", 120),
    ("camp_services", "not_delivered", "10000", 1, "0.00", 120),
    ("camp_services", "contrary", "10000", 1, "1500.00", 120),     # 10% = 1000, at least 1500
    ("camp_services", "contrary", "20000", 1, "2000.00", 120),
    ("tent_components", "late", "10000", 1, "1000.00", 120),
    ("tent_components", "late", "10000", 3, "1500.00", 120),
    ("tent_components", "not_delivered", "10000", 1, "0.00", 120),
    ("tent_components", "contrary", "10000", 1, "1500.00", 120),
    # Catering: corrective period 2 hours; late doubles on a repeated finding.
    ("meal_general", "contrary", "10000", 1, "500.00", 120),
    ("meal_general", "not_delivered", "10000", 1, "500.00", 120),
    ("meal_general", "late", "10000", 1, "100.00", 120),
    ("meal_general", "late", "10000", 2, "200.00", 120),
    ("arafat_lunch", "contrary", "10000", 1, "100.00", 120),       # 5% = 500, at most 100
    ("arafat_lunch", "contrary", "1000", 1, "50.00", 120),
    ("arafat_lunch", "not_delivered", "10000", 1, "200.00", 120),
    ("arafat_lunch", "late", "10000", 1, "50.00", 120),
    ("arafat_lunch", "late", "10000", 2, "100.00", 120),           # doubled after the cap
    ("muzdalifah_meal", "contrary", "10000", 1, "300.00", 120),
    ("muzdalifah_meal", "not_delivered", "20000", 1, "500.00", 120),
    ("muzdalifah_meal", "late", "10000", 1, "100.00", 120),
    ("day10_lunch", "contrary", "5000", 1, "150.00", 120),
    ("day10_lunch", "not_delivered", "5000", 1, "250.00", 120),
    ("day10_lunch", "late", "5000", 1, "50.00", 120),
    ("other_meal", "contrary", "10000", 1, "200.00", 120),
    ("other_meal", "not_delivered", "8000", 1, "240.00", 120),      # cap, not floor (documented)
    ("other_meal", "not_delivered", "20000", 1, "300.00", 120),
    ("other_meal", "late", "10000", 1, "50.00", 120),
    # Transport: 3 hours between cities, 2 hours on the holy-sites buses.
    ("intercity_transport", "late", "5000", 1, "150.00", 180),
    ("intercity_transport", "late", "10000", 1, "200.00", 180),
    ("intercity_transport", "not_delivered", "10000", 1, "500.00", 180),
    ("intercity_transport", "not_delivered", "30000", 1, "1200.00", 180),
    ("intercity_transport", "contrary", "10000", 1, "200.00", 180),
    ("mashair_buses", "late", "10000", 1, "100.00", 120),
    ("mashair_buses", "late", "3000", 1, "60.00", 120),
    ("mashair_buses", "not_delivered", "10000", 1, "300.00", 120),
    ("mashair_buses", "contrary", "5000", 1, "150.00", 120),
]


@pytest.fixture(autouse=True)
def annex():
    seeded_annex(1445)
    seeded_annex(1448)


@pytest.mark.parametrize(("item", "failure", "value", "occurrence", "amount", "minutes"), CELLS)
def test_each_annex_cell_gives_its_published_amount(client, item, failure, value, occurrence,
                                                    amount, minutes):
    for season in (1445, 1448):
        response = client.post(URL, {"season": season, "package_value": value, "item": item,
                                     "failure": failure, "occurrence": occurrence},
                               content_type="application/json")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["amount"] == amount
        assert body["corrective_period_minutes"] == minutes
        assert body["currency"] == "SAR"


def test_every_item_and_failure_is_seeded_for_both_seasons():
    for season in (1445, 1448):
        # 11 items (the Arafat breakfast among them) x 3 failure kinds.
        assert AnnexRule.objects.filter(season_id=season).count() == 33


def test_housing_contrary_defaults_to_five_percent_with_a_note_for_staff():
    rule = AnnexRule.objects.get(season_id=1445, item="makkah_housing", failure="contrary")
    assert rule.percent == Decimal("5.00")
    assert "50%" in rule.note and "5%" in rule.note


def test_the_rule_is_described_in_the_readers_language(client):
    payload = {"season": 1445, "package_value": "10000.00", "item": "camp_services",
               "failure": "late", "occurrence": 1}
    english = client.post(URL, payload, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["rule"] == "2% of the package value, at least 300 SAR"
    housing = client.post(URL, {**payload, "item": "makkah_housing", "failure": "not_delivered"},
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "charged to the provider" in housing["rule"]


def test_staff_edits_of_the_annex_change_the_quote(client):
    AnnexRule.objects.filter(season_id=1445, item="camp_services", failure="late").update(
        percent=Decimal("4"))
    body = client.post(URL, {"season": 1445, "package_value": "10000.00",
                             "item": "camp_services", "failure": "late"},
                       content_type="application/json").json()
    assert body["amount"] == "400.00"
    with translation.override("en"):
        assert body["corrective_period_minutes"] == 120

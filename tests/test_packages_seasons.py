"""Seasons are data: 1445 as published, 1448 with the same shape, key dates held in Hijri."""

import datetime
from decimal import Decimal

import pytest

from packages.models import Season
from portal.hijri import hijri_to_gregorian
from tests.factories.packages import seeded_season

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seasons():
    # Seeded by migration; seeded again if a transactional test flushed the tables.
    seeded_season(1445)
    seeded_season(1448, published=False)


def test_the_published_1445_season_carries_the_published_dates_and_fee():
    season = Season.objects.get(year=1445)
    assert season.is_published
    full_refund = season.refund_rules.get(code="full_refund")
    assert full_refund.ends_on == "1445-10-14"
    assert hijri_to_gregorian(full_refund.ends_on) == datetime.date(2024, 4, 23)
    no_refund = season.refund_rules.get(code="no_refund")
    assert hijri_to_gregorian(no_refund.starts_on) == datetime.date(2024, 6, 7)
    assert season.gregorian("complaints_until") == datetime.date(2024, 7, 21)
    assert season.service_fee == Decimal("67.85")
    assert season.guarantee_percent == Decimal("5.00")


def test_the_coming_1448_season_has_the_same_shape():
    season = Season.objects.get(year=1448)
    assert season.refund_rules.get(code="full_refund").ends_on == "1448-10-14"
    assert season.complaints_until == "1449-01-15"  # also the end of the agreement
    assert [r.code for r in season.refund_rules.all()] == [
        "permit_refused", "full_refund", "ten_percent", "no_refund"]
    assert [(s.percent, s.due_hours_after_order) for s in season.instalment_steps.all()] == [
        (Decimal("20.00"), 72), (Decimal("40.00"), None), (Decimal("40.00"), None)]


def test_end_of_dhu_al_qadah_follows_the_real_month_length():
    # Dhu al-Qa'dah 1445 had 29 days: the 10% window ends on the 29th, never the 30th.
    rule = Season.objects.get(year=1445).refund_rules.get(code="ten_percent")
    assert rule.ends_on == "1445-11-29"


def test_a_contract_season_is_still_its_hijri_year(django_user_model):
    season = Season.objects.get(year=1445)
    assert season.pk == 1445
    assert str(season)

"""`make run` on any day shows an open season: the demo sells the first season whose sales are
still open on the day it loads, opening (and publishing) the next one itself once the seeded
1448 track has passed, with packages on sale, contracts ordered in it and slots to book."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from complaints.models import Complaint
from packages import selectors
from packages.models import Contract, Package, Season
from permits.models import Slot
from portal.calendars import RIYADH, local_date, to_hijri

pytestmark = pytest.mark.django_db

INSIDE_1448 = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)
AFTER_1448 = datetime(2027, 7, 1, 10, 0, tzinfo=RIYADH)  # between the 1448 and 1449 tracks
HAJJ_MONTH_1449 = datetime(2028, 4, 28, 10, 0, tzinfo=RIYADH)  # 3 Dhu al-Hijjah 1449


def load(now):
    call_command("load_demo_data", now=now, stdout=StringIO())


def demo_season(now) -> Season:
    today = local_date(now)
    open_for_sale = [s for s in Season.objects.filter(is_published=True)
                     if s.track_opens <= str(to_hijri(today))
                     and selectors.sales_close_on(s) > today]
    assert len(open_for_sale) == 1, open_for_sale
    return open_for_sale[0]


@pytest.mark.parametrize("now", [INSIDE_1448, AFTER_1448, HAJJ_MONTH_1449],
                         ids=["inside-1448", "after-1448", "hajj-month-1449"])
def test_the_demo_shows_a_season_open_for_sale_with_slots_to_book(now):
    load(now)
    season = demo_season(now)
    on_sale = Package.objects.filter(season=season, status="published",
                                     current_version__isnull=False)
    assert on_sale.count() >= 12
    assert Contract.objects.filter(season=season, paid_at__isnull=False).count() == 2
    assert Complaint.objects.filter(contract__season=season).exists()
    tomorrow = local_date(now) + timedelta(days=1)
    assert Slot.objects.filter(starts_at__date__gte=tomorrow, remaining__gt=0).exists()


def test_after_1448_the_demo_opens_the_next_season_from_it_and_publishes_it():
    track_1448 = Season.objects.values().get(year=1448)
    load(AFTER_1448)
    assert demo_season(AFTER_1448).year == 1449
    opened = Season.objects.get(year=1449)
    assert opened.is_published
    assert opened.refund_rules.count() == Season.objects.get(year=1448).refund_rules.count()
    assert Season.objects.values().get(year=1448) | {"is_published": True} == (
        track_1448 | {"is_published": True})


def test_in_1449s_hajj_month_the_demo_sells_1450():
    load(HAJJ_MONTH_1449)
    assert demo_season(HAJJ_MONTH_1449).year == 1450
    assert set(Season.objects.values_list("year", flat=True)) >= {1448, 1449, 1450}


def test_loading_the_demo_twice_on_a_later_day_changes_nothing():
    load(HAJJ_MONTH_1449)
    counts = (Season.objects.count(), Package.objects.count(), Contract.objects.count(),
              Complaint.objects.count())
    load(HAJJ_MONTH_1449)
    assert (Season.objects.count(), Package.objects.count(), Contract.objects.count(),
            Complaint.objects.count()) == counts

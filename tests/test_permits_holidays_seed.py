"""The public holidays are data: rules (the Eids from their Hijri start with their official
length, the national days from their Gregorian date) generate each Hijri year's days from
the Umm al-Qura calendar, idempotently; the coming years are seeded by migration."""

from datetime import date, timedelta

import pytest
from django.test import Client
from hijridate import Hijri

from accounts import roles
from permits import services
from permits.models import HolidayRule, PublicHoliday
from portal.calendars import hijri_today
from tests.factories.accounts import StaffUserFactory

pytestmark = pytest.mark.django_db


def days_named(year_first, year_last, name):
    return sorted(PublicHoliday.objects.filter(
        date__range=(year_first, year_last), rule__translations__name=name,
        rule__translations__language_code="en").values_list("date", flat=True).distinct())


def hijri_year(year):
    return Hijri(year, 1, 1).to_gregorian(), Hijri(year, 12, 29).to_gregorian()


@pytest.mark.parametrize("year", range(1448, 1453))
def test_the_coming_years_hold_both_eids_on_their_umm_al_qura_days(year):
    days = set(PublicHoliday.objects.values_list("date", flat=True))

    assert Hijri(year, 10, 1).to_gregorian() in days  # 1 Shawwal
    assert Hijri(year, 12, 10).to_gregorian() in days  # 10 Dhu al-Hijjah


def test_a_year_seeded_from_the_rules_matches_the_calendar_and_the_rules_lengths():
    PublicHoliday.objects.all().delete()

    services.holidays_seed(years=[1450])

    first, last = hijri_year(1450)
    fitr = Hijri(1450, 10, 1).to_gregorian()
    assert days_named(first, last, "Eid al-Fitr") == [fitr + timedelta(days=n)
                                                      for n in range(4)]
    adha = days_named(first, last, "Eid al-Adha")
    assert adha[0] == Hijri(1450, 12, 9).to_gregorian()
    assert Hijri(1450, 12, 10).to_gregorian() in adha and len(adha) == 5
    national = days_named(first, last, "National Day") + days_named(first, last,
                                                                   "Founding Day")
    assert all((day.month, day.day) in {(9, 23), (2, 22)} for day in national)
    assert date(2028, 9, 23) in national or date(2029, 2, 22) in national


def test_seeding_again_changes_nothing_and_follows_an_edited_length():
    services.holidays_seed(years=[1450])
    count = PublicHoliday.objects.count()

    assert services.holidays_seed(years=[1450]) == 0
    assert PublicHoliday.objects.count() == count

    fitr = HolidayRule.objects.get(kind="hijri", month=10, day=1)
    fitr.length_days = 3
    fitr.save()
    services.holidays_seed(years=[1450])

    assert fitr.days.filter(date__gte=Hijri(1450, 1, 1).to_gregorian(),
                            date__lte=Hijri(1450, 12, 29).to_gregorian()).count() == 3
    assert fitr.days.filter(date=Hijri(1449, 10, 4).to_gregorian()).exists()


def test_a_day_staff_added_by_hand_is_kept():
    hand = PublicHoliday.objects.create(calendar=HolidayRule.objects.first().calendar,
                                        date=date(2029, 1, 1), name="Extra")

    services.holidays_seed(years=[1450])

    assert PublicHoliday.objects.get(pk=hand.pk).rule is None


def test_staff_generate_the_coming_years_from_the_admin(plain_http, settings):
    PublicHoliday.objects.all().delete()
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))

    response = client.post("/admin/permits/holidayrule/", {
        "action": "seed_coming_years",
        "_selected_action": [HolidayRule.objects.values_list("pk", flat=True).first()]})

    assert response.status_code == 302
    this_year = hijri_today().year
    days = set(PublicHoliday.objects.values_list("date", flat=True))
    for year in (this_year, this_year + settings.HOLIDAY_SEED_YEARS_AHEAD):
        assert Hijri(year, 10, 1).to_gregorian() in days
        assert Hijri(year, 12, 10).to_gregorian() in days

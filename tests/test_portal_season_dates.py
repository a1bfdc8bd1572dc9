"""How a season's dates move to the next season: by their own calendar, never by a fixed
number of days."""

from datetime import date

from hijridate import Hijri

from portal.calendars import HijriDate
from portal.season_rules import (
    gregorian_years_later,
    hijri_anchored_years_later,
    hijri_text_years_later,
    hijri_years_later,
)


def test_a_hijri_date_keeps_its_day_and_month():
    assert hijri_text_years_later("1448-10-14", 1) == "1449-10-14"
    assert hijri_text_years_later("", 1) == ""


def test_a_30th_the_next_year_lacks_becomes_the_months_last_day():
    # Umm al-Qura: Safar has 30 days in 1448, 29 in 1449.
    assert (Hijri(1448, 2, 1).month_length(), Hijri(1449, 2, 1).month_length()) == (30, 29)
    assert hijri_years_later(HijriDate(1448, 2, 30), 1) == HijriDate(1449, 2, 29)


def test_a_months_last_day_stays_its_last_day():
    # Dhu al-Qa'dah has 29 days in 1448, 30 in 1449: "until the end of the month" holds.
    assert hijri_text_years_later("1448-11-29", 1) == "1449-11-30"
    # A 29th that is not the month's end stays the 29th (Dhu al-Hijjah 1448 has 30 days).
    assert hijri_text_years_later("1448-12-29", 1) == "1449-12-29"


def test_a_gregorian_date_moves_by_the_gregorian_year():
    assert gregorian_years_later(date(2027, 9, 23), 1) == date(2028, 9, 23)
    assert gregorian_years_later(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_a_gregorian_day_of_a_hijri_date_moves_as_the_hijri_date():
    assert hijri_anchored_years_later(Hijri(1448, 11, 15).to_gregorian(), 1) == (
        Hijri(1449, 11, 15).to_gregorian())

"""Dates cross calendars only through portal.calendars, checked on RULES.md's reference points."""

from datetime import UTC, date, datetime

import pytest

from portal import calendars


@pytest.mark.parametrize(("hijri", "gregorian"), [
    ((1445, 6, 14), date(2023, 12, 27)),
    ((1445, 10, 14), date(2024, 4, 23)),
    ((1445, 12, 1), date(2024, 6, 7)),
    ((1446, 1, 15), date(2024, 7, 21)),
    ((1448, 6, 11), date(2026, 11, 21)),
])
def test_reference_points_convert_both_ways(hijri, gregorian):
    assert calendars.from_hijri(*hijri) == gregorian
    assert calendars.to_hijri(gregorian) == calendars.HijriDate(*hijri)


def test_dhu_al_qadah_1445_has_29_days_so_its_end_is_not_day_30():
    assert calendars.hijri_month_length(1445, 11) == 29
    assert calendars.end_of_hijri_month(1445, 11) == date(2024, 6, 6)
    with pytest.raises(calendars.CalendarError):
        calendars.from_hijri(1445, 11, 30)


def test_a_30_day_month_ends_on_day_30_ramadan_1445():
    assert calendars.hijri_month_length(1445, 9) == 30
    assert calendars.end_of_hijri_month(1445, 9) == calendars.from_hijri(1445, 9, 30)


def test_a_moment_belongs_to_its_riyadh_day():
    # 22:30 UTC on 20 November is 01:30 on 21 November in Makkah.
    moment = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
    assert calendars.local_date(moment) == date(2026, 11, 21)
    assert calendars.to_hijri(moment) == calendars.HijriDate(1448, 6, 11)
    assert calendars.hijri_today(now=moment) == calendars.HijriDate(1448, 6, 11)


def test_end_of_a_hijri_day_is_the_last_instant_of_that_day_in_riyadh():
    end = calendars.end_of_hijri_day(1445, 10, 14)
    assert end.astimezone(calendars.RIYADH).date() == date(2024, 4, 23)
    assert (end.hour, end.minute, end.second) == (23, 59, 59)


def test_dates_outside_the_umm_al_qura_tables_are_a_calendar_error():
    with pytest.raises(calendars.CalendarError):
        calendars.to_hijri(date(1900, 1, 1))
    with pytest.raises(calendars.CalendarError):
        calendars.from_hijri(1300, 1, 1)


def test_hijri_date_knows_its_gregorian_day_and_prints_iso_like():
    hijri = calendars.HijriDate(1448, 6, 11)
    assert hijri.to_date() == date(2026, 11, 21)
    assert str(hijri) == "1448-06-11"


def test_persian_solar_date():
    solar = calendars.to_persian(date(2026, 11, 21))
    assert (solar.year, solar.month, solar.day) == (1405, 8, 30)

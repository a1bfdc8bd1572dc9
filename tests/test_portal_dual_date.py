"""`dual_date` shows the Hijri and the Gregorian date in the reader's language."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import translation
from django.utils.html import strip_tags

from portal.calendars import format_dual

TODAY = date(2026, 11, 21)


def render(source, **context):
    """The text the reader sees (the isolating elements: test_portal_isolating_filters)."""
    return strip_tags(Template("{% load dates %}" + source).render(Context(context)))


def test_english_reads_hijri_then_gregorian():
    with translation.override("en"):
        assert render("{{ d|dual_date }}", d=TODAY) == (
            "11 Jumada al-Akhirah 1448 AH · 21 November 2026"
        )


def test_arabic_uses_arabic_month_names():
    with translation.override("ar"):
        text = render("{{ d|dual_date }}", d=TODAY)
    assert text == "11 جمادى الآخرة 1448 هـ · 21 نوفمبر 2026"


def test_persian_readers_also_get_the_solar_date():
    text = format_dual(TODAY, language="fa")
    assert "آبان 1405" in text
    assert "1448" in text and "2026" in text


def test_a_datetime_is_shown_on_its_riyadh_day():
    late_evening_utc = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
    with translation.override("en"):
        assert render("{{ d|dual_date }}", d=late_evening_utc).startswith("11 Jumada al-Akhirah")
        assert render("{{ d|dual_datetime }}", d=late_evening_utc) == (
            "11 Jumada al-Akhirah 1448 AH · 21 November 2026, 01:30"
        )


def test_no_date_renders_nothing():
    assert render("{{ d|dual_date }}|{{ d|dual_datetime }}", d=None) == "|"


def test_dates_beyond_the_tables_fall_back_to_gregorian():
    with translation.override("en"):
        assert render("{{ d|dual_date }}", d=date(1900, 1, 1)) == "1 January 1900"

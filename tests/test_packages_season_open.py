"""Opening season N+1 from season N copies every rule row of N, each date moved by its own
calendar: a Hijri date keeps its day and month in the next year (a day the month lacks, or
its last day, becomes the month's real last day), a Gregorian day stored for a Hijri date
moves as that Hijri date. Season N is untouched; N+1 is a draft until a ministry
administrator publishes it; a season is opened once."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from hijridate import Hijri

from accounts import roles
from compensation.models import SeasonPolicy
from complaints.models import Policy as ComplaintPolicy
from packages import services
from packages.errors import PackageError
from packages.models import Season
from permits.models import PublicHoliday, ServiceRule
from portal import calendars
from portal.hijri import HijriDateField
from portal.season_rules import season_rows
from sla.models import Policy as SlaPolicy
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import seeded_season
from transfers.models import TransferRules

pytestmark = pytest.mark.django_db


@pytest.fixture
def season_1448():
    """The seeded 1448 season, with a policy row of every app that keeps one per season."""
    season = seeded_season(1448, published=True)
    SeasonPolicy.objects.update_or_create(season=season, defaults={"decision_days": 21})
    ComplaintPolicy.objects.update_or_create(season=season, defaults={"max_files": 7})
    TransferRules.objects.update_or_create(season=season, defaults={"completion_days": 9})
    SlaPolicy.objects.update_or_create(hijri_year=1448, defaults={"survey_valid_days": 10})
    return season


@pytest.fixture
def admin_user():
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


def hijri_next_year(text):
    """The rule: same day and month a year on; the month's last day when the day does not
    exist in that year or was the month's last day."""
    if not text:
        return text
    year, month, day = (int(part) for part in text.split("-"))
    old_length = calendars.hijri_month_length(year, month)
    new_length = calendars.hijri_month_length(year + 1, month)
    moved = new_length if day == old_length else min(day, new_length)
    return f"{year + 1:04d}-{month:02d}-{moved:02d}"


def gregorian_of_hijri_next_year(day):
    hijri = calendars.to_hijri(day)
    return calendars.HijriDate(*map(int, hijri_next_year(str(hijri)).split("-"))).to_date()


def values(row, *, key):
    """Every field of a row but its own key and the field naming its season (or parent)."""
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields
            if not field.primary_key and field.attname != key}


def moved(row, *, key, hijri_anchored=()):
    """The values a copy of `row` in the next season must carry: its dates moved."""
    result = values(row, key=key)
    for field in row._meta.concrete_fields:
        value = result.get(field.attname)
        if isinstance(field, HijriDateField):
            result[field.attname] = hijri_next_year(value)
        elif isinstance(field, models.DateField) and value is not None:
            result[field.attname] = (gregorian_of_hijri_next_year(value)
                                     if field.name in hijri_anchored
                                     else value.replace(year=value.year + 1))
    return result


def snapshot(year):
    """Every rule row of a season, as values (to show season N is not changed)."""
    rows = {"season": list(Season.objects.filter(year=year).values())}
    for spec in season_rows():
        model = apps.get_model(spec.model)
        key = model._meta.get_field(spec.season_field).attname
        rows[spec.model] = list(model.objects.filter(**{key: year}).order_by("pk").values())
    return rows


def test_opening_1449_copies_every_rule_row_with_its_dates_moved(season_1448, admin_user):
    opened = services.season_open_next(season=season_1448, acting_user=admin_user)

    assert opened.year == 1449
    assert opened.is_published is False
    assert values(opened, key="year") == moved(season_1448, key="year") | {
        "is_published": False}
    for spec in season_rows():
        model = apps.get_model(spec.model)
        key = model._meta.get_field(spec.season_field).attname
        old = list(model.objects.filter(**{key: 1448}, **spec.only).order_by("pk"))
        new = list(model.objects.filter(**{key: 1449}).order_by("pk"))
        assert old, f"1448 has no {spec.model} to copy"
        assert [values(row, key=key) for row in new] == [
            moved(row, key=key, hijri_anchored=spec.hijri_anchored) for row in old], spec.model
        for before, after in zip(old, new, strict=True):
            for meta in getattr(model, "_parler_meta", ()):
                columns = ("language_code", *meta.get_translated_fields())
                texts = meta.model.objects.order_by("language_code")
                assert list(texts.filter(master_id=after.pk).values_list(*columns)) == list(
                    texts.filter(master_id=before.pk).values_list(*columns))
            for child in spec.children:
                child_model = apps.get_model(child.model)
                parent = child_model._meta.get_field(child.parent_field).attname
                kids = child_model.objects.order_by("pk")
                assert [values(item, key=parent) for item in kids.filter(**{parent: after.pk})
                        ] == [moved(item, key=parent, hijri_anchored=child.hijri_anchored)
                              for item in kids.filter(**{parent: before.pk})], child.model


def test_a_30th_the_next_year_lacks_becomes_the_29th_and_a_month_end_stays_the_end(
        season_1448, admin_user):
    # Umm al-Qura: Dhu al-Hijjah has 30 days in 1448, 29 in 1449; Dhu al-Qa'dah 29, then 30.
    assert Hijri(1448, 12, 1).month_length() == 30
    assert Hijri(1449, 12, 1).month_length() == 29
    assert Hijri(1448, 11, 1).month_length() == 29
    assert Hijri(1449, 11, 1).month_length() == 30
    hajj_1448 = ServiceRule.objects.get(service__code="hajj", season=1448)
    assert hajj_1448.valid_until == Hijri(1448, 12, 30).to_gregorian()

    services.season_open_next(season=season_1448, acting_user=admin_user)

    hajj_1449 = ServiceRule.objects.get(service__code="hajj", season=1449)
    assert hajj_1449.valid_from == Hijri(1449, 1, 1).to_gregorian()
    assert hajj_1449.valid_until == Hijri(1449, 12, 29).to_gregorian()
    assert hajj_1449.first_timers_only_until == Hijri(1449, 8, 1).to_gregorian()
    opened = Season.objects.get(year=1449)
    # "Until the end of Dhu al-Qa'dah", then "from 1 Dhu al-Hijjah": no day falls between.
    assert opened.refund_rules.get(code="ten_percent").ends_on == "1449-11-30"
    assert opened.refund_rules.get(code="no_refund").starts_on == "1449-12-01"
    assert opened.refund_rules.get(code="full_refund").ends_on == "1449-10-14"
    assert opened.track_closes == "1449-12-13"
    assert opened.guarantee_release_after == "1450-01-10"
    umrah_1449 = ServiceRule.objects.get(service__code="umrah", season=1449)
    blackout = umrah_1449.blackouts.get()
    assert (blackout.starts_on, blackout.ends_on) == (
        Hijri(1449, 11, 15).to_gregorian(), Hijri(1449, 12, 15).to_gregorian())


def test_season_n_is_not_changed(season_1448, admin_user):
    before = snapshot(1448)

    services.season_open_next(season=season_1448, acting_user=admin_user)

    assert snapshot(1448) == before


def test_the_public_holidays_of_the_new_year_are_generated(season_1448, admin_user):
    PublicHoliday.objects.filter(date__gte=Hijri(1449, 1, 1).to_gregorian()).delete()

    services.season_open_next(season=season_1448, acting_user=admin_user)

    days = set(PublicHoliday.objects.values_list("date", flat=True))
    assert Hijri(1449, 10, 1).to_gregorian() in days
    assert Hijri(1449, 12, 10).to_gregorian() in days


def test_opening_a_season_twice_is_refused(season_1448, admin_user):
    services.season_open_next(season=season_1448, acting_user=admin_user)

    with pytest.raises(PackageError) as refused:
        services.season_open_next(season=season_1448, acting_user=admin_user)

    assert refused.value.code == "season_exists"
    assert "1449" in str(refused.value.message)
    assert ServiceRule.objects.filter(season=1449).count() == ServiceRule.objects.filter(
        season=1448).count()


def test_rules_typed_for_the_new_year_already_are_not_overwritten(season_1448, admin_user):
    SlaPolicy.objects.create(hijri_year=1449)

    with pytest.raises(PackageError) as refused:
        services.season_open_next(season=season_1448, acting_user=admin_user)

    assert refused.value.code == "season_rules_exist"
    assert not Season.objects.filter(year=1449).exists()


def test_the_history_records_who_opened_and_who_published(season_1448, admin_user):
    opened = services.season_open_next(season=season_1448, acting_user=admin_user)
    services.season_publish(season=opened, acting_user=admin_user)

    events = list(opened.events.order_by("pgh_id"))
    assert [event.is_published for event in events] == [False, True]
    assert {event.pgh_context.metadata["user"] for event in events} == {admin_user.pk}
    assert events[0].pgh_context.metadata["action"] == "season_open"


@pytest.mark.parametrize("role", [roles.MONITOR, roles.CARE_AGENT, roles.PROVIDER_STAFF])
def test_only_a_ministry_admin_publishes_a_season(season_1448, admin_user, role):
    opened = services.season_open_next(season=season_1448, acting_user=admin_user)

    with pytest.raises(PackageError) as refused:
        services.season_publish(season=opened, acting_user=StaffUserFactory(role=role))

    assert refused.value.code == "season_publish_forbidden"
    opened.refresh_from_db()
    assert opened.is_published is False
    assert services.season_publish(season=opened, acting_user=admin_user).is_published


def test_the_command_opens_the_next_season_once(season_1448, admin_user):
    call_command("season_open", "--from", "1448", "--user", admin_user.email)

    assert Season.objects.get(year=1449).is_published is False
    with pytest.raises(CommandError, match="1449"):
        call_command("season_open", "--from", "1448", "--to", "1449")

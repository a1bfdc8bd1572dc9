"""Eligibility rules, read from `ServiceRule` data; each failure raises a coded PermitError.

Called with the persons' advisory locks held, so the frequency checks see every committed
booking of these persons and no concurrent one can slip past.
"""

from datetime import datetime, time, timedelta

from django.utils import formats

from .dates import hijri_age, hijri_date, hijri_month_bounds, local_date, local_tz, to_hijri
from .errors import PermitError
from .models import Booking, BookingPerson, PermitService, ServiceRule, Slot

LIVE = (Booking.Status.BOOKED, Booking.Status.USED)


def check_booking_window(*, rule: ServiceRule, slot: Slot, now) -> None:
    if slot.starts_at <= now:
        raise PermitError("slot_past")
    opens = slot.starts_at - timedelta(days=rule.booking_opens_days)
    if now < opens:
        raise PermitError("not_open_yet", opens=formats.date_format(local_date(opens)))
    if now > slot.starts_at - timedelta(minutes=rule.booking_closes_minutes):
        raise PermitError("booking_closed")
    day = local_date(slot.starts_at)
    for blackout in rule.blackouts.all():
        if blackout.starts_on <= day <= blackout.ends_on:
            raise PermitError("blackout", reason=blackout.reason)


def check_party(*, rule: ServiceRule, service: PermitService, persons, instructions_accepted):
    if len(persons) - 1 > rule.max_companions:
        raise PermitError("too_many_companions", max=rule.max_companions)
    if len({p.pk for p in persons}) != len(persons):
        raise PermitError("duplicate_person")
    if rule.requires_instructions and not instructions_accepted:
        raise PermitError("instructions_required")
    if service.gender:
        for person in persons:
            if person.gender != service.gender:
                raise PermitError("wrong_gender", name=person.full_name,
                                  gender=service.get_gender_display())


def _their_bookings(persons, service):
    qs = BookingPerson.objects.filter(person__in=persons).select_related("person")
    if service.frequency_group:
        return qs.filter(booking__service__frequency_group=service.frequency_group)
    return qs.filter(booking__service=service)


def check_person_history(*, rule: ServiceRule, slot: Slot, persons, now) -> None:
    service = slot.service
    mine = _their_bookings(persons, service)
    if rule.frequency_days:
        span = timedelta(days=rule.frequency_days)
        hit = mine.filter(booking__status__in=LIVE, booking__slot__starts_at__gt=slot.starts_at
                          - span, booking__slot__starts_at__lt=slot.starts_at + span).first()
        if hit:
            raise PermitError("too_frequent", name=hit.person.full_name, days=rule.frequency_days)
    if rule.no_show_bar_days:
        bar = timedelta(days=rule.no_show_bar_days)
        hit = (mine.filter(booking__status=Booking.Status.NO_SHOW,
                           booking__slot__starts_at__gt=now - bar)
               .select_related("booking__slot").first())
        if hit:
            until = local_date(hit.booking.slot.starts_at + bar)
            raise PermitError("no_show_barred", name=hit.person.full_name,
                              until=formats.date_format(until))
    if rule.once_in_ramadan:
        check_ramadan(mine=mine, slot=slot)
    if rule.forbid_overlap:
        hit = (BookingPerson.objects
               .filter(person__in=persons, booking__status=Booking.Status.BOOKED,
                       booking__slot__starts_at__lt=slot.ends_at,
                       booking__slot__ends_at__gt=slot.starts_at)
               .select_related("person").first())
        if hit:
            raise PermitError("overlap", name=hit.person.full_name)


def check_ramadan(*, mine, slot: Slot) -> None:
    hijri = to_hijri(local_date(slot.starts_at))
    if hijri.month != 9:
        return
    first, last = hijri_month_bounds(hijri.year, 9)
    start = datetime.combine(first, time.min, tzinfo=local_tz())
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=local_tz())
    hit = mine.filter(booking__status__in=LIVE, booking__slot__starts_at__gte=start,
                      booking__slot__starts_at__lt=end).first()
    if hit:
        raise PermitError("once_in_ramadan", name=hit.person.full_name)


def check_slot_in_window(*, rule: ServiceRule, starts_at) -> None:
    windows = list(rule.windows.all())
    moment = starts_at.astimezone(local_tz()).time()
    if windows and not any(window.contains(moment) for window in windows):
        raise PermitError("outside_window")


def check_hajj_person(*, rule: ServiceRule, person, now) -> None:
    season = rule.season
    hajj_start = hijri_date(season, 12, 8)
    if rule.min_age_hijri_years and (person.date_of_birth is None or hijri_age(
            person.date_of_birth, hajj_start) < rule.min_age_hijri_years):
        raise PermitError("too_young", name=person.full_name, years=rule.min_age_hijri_years)
    if rule.identity_valid_to_end_of_month:
        _first, last = hijri_month_bounds(season, rule.identity_valid_to_end_of_month)
        if person.identity_expires_on is None or person.identity_expires_on < last:
            raise PermitError("identity_expires", name=person.full_name,
                              until=formats.date_format(last))
    if person.last_hajj_season is None:
        return
    if rule.first_timers_only_until and local_date(now) <= rule.first_timers_only_until:
        raise PermitError("not_first_time",
                          until=formats.date_format(rule.first_timers_only_until))
    if rule.repeat_after_years and season - person.last_hajj_season < rule.repeat_after_years:
        raise PermitError("hajj_too_recent", name=person.full_name, years=rule.repeat_after_years)

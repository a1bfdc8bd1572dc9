"""Eligibility rules, read from `ServiceRule` data; each failure raises a coded PermitError.

`check_booking` is the one entry for a booking's rules, on every path that books (the rush
path permits.booking, the waiting list, joining a booking by invitation; the pages and the
API call those): a guard added there holds everywhere. The persons' history is read with
their advisory locks held, so the frequency checks see every committed booking of these
persons and no concurrent one can slip past.
"""

from datetime import datetime, time, timedelta

from django.db import connection

from consent.models import Dependant
from hajjportal.db.inserts import array_literal
from portal.calendars import format_dual

from .dates import hijri_age, hijri_date, hijri_month_bounds, local_date, local_tz, to_hijri
from .errors import PermitError
from .models import Booking, PermitService, ServiceRule, Slot

LIVE = (Booking.Status.BOOKED, Booking.Status.USED)


def check_booking(*, rule: ServiceRule | None, slot: Slot, persons, now, dependants=(),
                  invited=0, instructions_accepted=True, seats_left=None,
                  read_history=None) -> None:
    """Every rule for booking `persons` (with `invited` companions still to answer) on
    `slot`, in order; raises PermitError with the first that fails.

    `rule` is the season's rule for the slot's day (selectors.rule_for): None, or a service
    switched off, is service_closed. `dependants`: the booker's declared dependants among the
    persons (consent.Dependant). `seats_left`: the slot's seats as last read, for a sold_out
    before any lock is taken (the seat take is the real guard). `read_history(sql, params)`
    takes the persons' locks and runs history_query's read (locking.lock_keys_then_read);
    without it the persons' history is not checked: joining a waiting list books nothing.
    """
    if rule is None or not slot.service.is_active:
        raise PermitError("service_closed")
    check_booking_window(rule=rule, slot=slot, now=now)
    check_dependants(rule=rule, slot=slot, dependants=dependants)
    check_party(rule=rule, service=slot.service, persons=persons,
                instructions_accepted=instructions_accepted, invited=invited)
    if seats_left is not None and seats_left < len(persons) + invited:
        raise PermitError("sold_out")
    if read_history is not None:
        rows = read_history(*history_query(rule=rule, slot=slot, persons=persons, now=now))
        check_person_history(rule=rule, slot=slot, persons=persons, now=now, rows=rows)


def check_dependants(*, rule: ServiceRule, slot: Slot, dependants) -> None:
    limited = frequency_limited(rule=rule, slot=slot)
    for dependant in dependants:
        if dependant.status == Dependant.Status.REJECTED:
            raise PermitError("dependant_rejected", name=dependant.full_name)
        if limited and dependant.status != Dependant.Status.CONFIRMED:
            raise PermitError("dependant_unconfirmed", name=dependant.full_name)


def check_booking_window(*, rule: ServiceRule, slot: Slot, now) -> None:
    if slot.starts_at <= now:
        raise PermitError("slot_past")
    opens = slot.starts_at - timedelta(days=rule.booking_opens_days)
    if now < opens:
        raise PermitError("not_open_yet", opens=format_dual(local_date(opens)))
    if now > slot.starts_at - timedelta(minutes=rule.booking_closes_minutes):
        raise PermitError("booking_closed")
    day = local_date(slot.starts_at)
    for blackout in rule.blackouts.all():
        if blackout.starts_on <= day <= blackout.ends_on:
            raise PermitError("blackout", reason=blackout.reason)


def check_party(*, rule: ServiceRule, service: PermitService, persons, instructions_accepted,
                invited=0):
    """The party's size (with `invited` companions still to accept) and each person's gender.

    A person's `full_name` and `gender` here are what the booker gave (their own profile, a
    dependant's record), never a registered identity's they did not type."""
    if len(persons) - 1 + invited > rule.max_companions:
        raise PermitError("too_many_companions", max=rule.max_companions)
    if len({p.pk for p in persons}) != len(persons):
        raise PermitError("duplicate_person")
    if rule.requires_instructions and not instructions_accepted:
        raise PermitError("instructions_required")
    for person in persons:
        if not gender_may_use(service=service, gender=person.gender):
            raise PermitError("wrong_gender", name=person.full_name, gender=service.gender)


def gender_may_use(*, service: PermitService, gender) -> bool:
    """A person of `gender` may use `service`: a service for one gender (Rawdah's) takes
    that gender only. The booking's check and the pages' "can I use it" both ask this."""
    return not service.gender or gender == service.gender


# The persons' live and missed slot bookings ending after a moment, one row per person and
# booking: (person id, status, starts, ends, frequency group, service id). The person's id,
# not the stored name: a refusal names the person as the booker gave them. Raw SQL because it runs
# on every booking, where the ORM's compile costs more CPU than PostgreSQL's answer. The plan
# is pinned to start from the persons (person_id index) and look each booking up by its key
# (LATERAL ... OFFSET 0 is not flattened): left to the planner, statistics gone stale during
# a rush on a growing table made it scan every booking instead, 106 ms of PostgreSQL CPU per
# booking at 33,000 bookings against 0.2 ms (bench/booking, EXPLAIN ANALYZE).
HISTORY_SQL = (
    "SELECT bp.person_id, b.status, s.starts_at, s.ends_at, sv.frequency_group, b.service_id "
    "FROM permits_bookingperson bp "
    "CROSS JOIN LATERAL (SELECT status, slot_id, service_id FROM permits_booking "
    "                    WHERE id = bp.booking_id OFFSET 0) b "
    "JOIN permits_slot s ON s.id = b.slot_id "
    "JOIN permits_permitservice sv ON sv.id = b.service_id "
    "WHERE bp.person_id = ANY(%s::bigint[]) AND s.ends_at > %s AND b.status = ANY(%s::varchar[])"
)
HISTORY_STATUSES = array_literal(status.value for status in (*LIVE, Booking.Status.NO_SHOW))


def history_query(*, rule: ServiceRule, slot: Slot, persons, now) -> tuple[str, list]:
    """The read check_person_history needs, to run right after the persons' locks."""
    return HISTORY_SQL, [array_literal(p.pk for p in persons), _horizon(rule, slot, now),
                         HISTORY_STATUSES]


def _history(query):
    sql, params = query
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _horizon(rule: ServiceRule, slot: Slot, now):
    spans = [timedelta(0)]
    if rule.frequency_days:
        spans.append(timedelta(days=rule.frequency_days))
    if rule.once_in_ramadan:
        spans.append(timedelta(days=31))
    since = min(slot.starts_at - max(spans), now - timedelta(days=rule.no_show_bar_days or 0))
    return since


def check_person_history(*, rule: ServiceRule, slot: Slot, persons, now, rows=None) -> None:
    """Frequency, no-show bar, Ramadan and overlap rules, from one read of their history.

    A person counts whether they were the booker or a companion. `rows` is that read when
    the caller already ran history_query (with the locks, in one round trip)."""
    service = slot.service
    if rows is None:
        rows = _history(history_query(rule=rule, slot=slot, persons=persons, now=now))

    def same_service(group, service_id):
        return group == service.frequency_group if service.frequency_group else (
            service_id == service.pk)

    names = {person.pk: person.full_name for person in persons}
    rows = [(names.get(row[0], ""), *row[1:]) for row in rows]
    mine = [row for row in rows if same_service(row[4], row[5])]
    live = [row for row in mine if row[1] in LIVE]
    if rule.frequency_days:
        span = timedelta(days=rule.frequency_days)
        for name, _status, starts, *_rest in live:
            if abs(starts - slot.starts_at) < span:
                raise PermitError("too_frequent", name=name, days=rule.frequency_days)
    if rule.no_show_bar_days:
        bar = timedelta(days=rule.no_show_bar_days)
        for name, status, starts, *_rest in mine:
            if status == Booking.Status.NO_SHOW and starts > now - bar:
                raise PermitError("no_show_barred", name=name,
                                  until=format_dual(local_date(starts + bar)))
    if rule.once_in_ramadan:
        check_ramadan(live=live, slot=slot)
    if rule.forbid_overlap:
        for name, status, starts, ends, *_rest in rows:
            if status == Booking.Status.BOOKED and starts < slot.ends_at and ends > slot.starts_at:
                raise PermitError("overlap", name=name)


def in_ramadan(slot: Slot) -> bool:
    return to_hijri(local_date(slot.starts_at)).month == 9


def check_ramadan(*, live, slot: Slot) -> None:
    hijri = to_hijri(local_date(slot.starts_at))
    if hijri.month != 9:
        return
    first, last = hijri_month_bounds(hijri.year, 9)
    start = datetime.combine(first, time.min, tzinfo=local_tz())
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=local_tz())
    for name, _status, starts, *_rest in live:
        if start <= starts < end:
            raise PermitError("once_in_ramadan", name=name)


def frequency_limited(*, rule: ServiceRule, slot: Slot) -> bool:
    """A booking here uses up a person's once-per-period right: a dependant must be
    confirmed by staff first, so a stranger's number cannot burn it."""
    return bool(rule.frequency_days or slot.service.kind == PermitService.Kind.HAJJ
                or (rule.once_in_ramadan and in_ramadan(slot)))


def slot_in_window(*, rule: ServiceRule, starts_at) -> bool:
    windows = list(rule.windows.all())
    moment = starts_at.astimezone(local_tz()).time()
    return not windows or any(window.contains(moment) for window in windows)


def check_slot_in_window(*, rule: ServiceRule, starts_at) -> None:
    if not slot_in_window(rule=rule, starts_at=starts_at):
        raise PermitError("outside_window")


# The age limit (docs/rules.md, Hajj permits: "at least 12 Hijri years old")
# names no day it is reached by. We count it on 8 Dhu al-Hijjah of the season, the day of
# Tarwiyah when the rites begin: the pilgrim must be old enough on the day they perform
# Hajj. One day for the package order and the permit request alike.
AGE_ON_DHU_AL_HIJJAH_DAY = 8

# The refusals that say the person may not perform Hajj this season (as against a request
# made at the wrong moment or twice): a paid contract refused for one of these is refunded.
HAJJ_ELIGIBILITY_CODES = frozenset({"too_young", "identity_expires", "not_first_time",
                                    "hajj_too_recent"})


def hajj_rule_for_season(season: int) -> ServiceRule | None:
    """The season's Hajj rule: the one place the Hajj eligibility of a season lives (the
    package order reads it too, so nobody pays for a Hajj the permit would refuse)."""
    return (ServiceRule.objects.filter(service__kind=PermitService.Kind.HAJJ, season=season)
            .select_related("service").first())


def check_hajj_eligibility(*, rule: ServiceRule, name, date_of_birth, identity_expires_on,
                          last_hajj_season, now) -> None:
    """Who may perform Hajj in the rule's season: age, identity validity, and the
    first-timers phase then the years since a repeat pilgrim's last Hajj."""
    check_hajj_age(rule=rule, name=name, date_of_birth=date_of_birth)
    check_hajj_identity(rule=rule, name=name, identity_expires_on=identity_expires_on)
    check_hajj_repeat(rule=rule, name=name, last_hajj_season=last_hajj_season, now=now)


def check_hajj_age(*, rule: ServiceRule, name, date_of_birth) -> None:
    if rule.min_age_hijri_years and (date_of_birth is None or hijri_age(
            date_of_birth, hijri_date(rule.season, 12, AGE_ON_DHU_AL_HIJJAH_DAY))
            < rule.min_age_hijri_years):
        raise PermitError("too_young", name=name, years=rule.min_age_hijri_years)


def check_hajj_identity(*, rule: ServiceRule, name, identity_expires_on) -> None:
    if rule.identity_valid_to_end_of_month:
        _first, last = hijri_month_bounds(rule.season, rule.identity_valid_to_end_of_month)
        if identity_expires_on is None or identity_expires_on < last:
            raise PermitError("identity_expires", name=name, until=format_dual(last))


def check_hajj_repeat(*, rule: ServiceRule, name, last_hajj_season, now) -> None:
    if not last_hajj_season:
        return
    if rule.first_timers_only_until and local_date(now) <= rule.first_timers_only_until:
        raise PermitError("not_first_time", until=format_dual(rule.first_timers_only_until))
    if rule.repeat_after_years and rule.season - last_hajj_season < rule.repeat_after_years:
        raise PermitError("hajj_too_recent", name=name, years=rule.repeat_after_years)


def check_hajj_person(*, rule: ServiceRule, person, now) -> None:
    check_hajj_eligibility(rule=rule, name=person.full_name, date_of_birth=person.date_of_birth,
                           identity_expires_on=person.identity_expires_on,
                           last_hajj_season=person.last_hajj_season, now=now)


def vehicle_permit_period_of(rule: ServiceRule) -> tuple | None:
    """The first and last day (Gregorian) of the season's Dhu al-Hijjah on which vehicles need
    a permit at the holy sites, from the rule's days (5 to 13 by default); None if unset."""
    if rule.vehicle_ban_from_day is None or rule.vehicle_ban_to_day is None:
        return None
    return (hijri_date(rule.season, 12, rule.vehicle_ban_from_day),
            hijri_date(rule.season, 12, rule.vehicle_ban_to_day))


def check_vehicle_days(*, rule: ServiceRule, days: list) -> None:
    """A vehicle permit is for the days a permit is needed: asked for any other day it would
    only hold a plate's place, so the request is refused with the period it may cover."""
    period = vehicle_permit_period_of(rule)
    if period and (days[0] < period[0] or days[-1] > period[1]):
        raise PermitError("vehicle_days_outside_ban", first=format_dual(period[0]),
                          last=format_dual(period[1]))

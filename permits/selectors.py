"""Reads for permits: services, rules, slots, a pilgrim's bookings, staff queues."""

import hashlib
import math
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.selectors import profile_for_user
from consent.models import Invitation
from consent.selectors import invitations_for_objects
from hajjportal.db.prepared import prepared_cursor
from portal import references
from portal.calendars import format_dual_datetime
from portal.rule_changes import Impact

from . import rules
from .dates import local_date, local_tz
from .errors import PermitError
from .models import (
    Booking,
    BookingPerson,
    Permit,
    PermitService,
    Person,
    Release,
    RushMeasurement,
    ServiceRule,
    Slot,
    SlotTemplate,
    VehicleDay,
    WaitlistEntry,
)


def service_list(*, active_only=True) -> QuerySet[PermitService]:
    qs = PermitService.objects.prefetch_related("translations")
    return qs.filter(is_active=True) if active_only else qs


# Rules are read on every booking and change rarely: each process keeps them briefly.
# A save in this process clears the cache at once (signals in apps.py); other processes
# see an edit within RULE_CACHE_SECONDS.
RULE_CACHE_SECONDS = 30
_rule_cache: dict = {}


def rule_for(*, service: PermitService, day: date) -> ServiceRule | None:
    key = (service.pk, day)
    hit = _rule_cache.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    rule = (ServiceRule.objects.filter(service_id=service.pk, valid_from__lte=day,
                                       valid_until__gte=day)
            .prefetch_related("windows", "blackouts").first())
    if len(_rule_cache) > 10_000:
        _rule_cache.clear()
    _rule_cache[key] = (time.monotonic() + RULE_CACHE_SECONDS, rule)
    return rule


def rule_cache_clear(**_kwargs) -> None:
    _rule_cache.clear()
    _service_cache.clear()


# Services (five rows, with their translations) are read on every booking, and kept the same
# way as rules: cleared by a save in this process, at most RULE_CACHE_SECONDS old elsewhere.
_service_cache: dict = {}


def service_cached(*, service_id: int) -> PermitService | None:
    hit = _service_cache.get("all")
    if hit is None or hit[0] <= time.monotonic():
        services = {service.pk: service
                    for service in PermitService.objects.prefetch_related("translations")}
        hit = _service_cache["all"] = (time.monotonic() + RULE_CACHE_SECONDS, services)
    return hit[1].get(service_id)


def slot_list(*, service: PermitService, day: date) -> QuerySet[Slot]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=local_tz())
    return Slot.objects.filter(service=service, starts_at__gte=start,
                               starts_at__lt=start + timedelta(days=1)).order_by("starts_at")


def slot_days(*, service: PermitService, start: date, days: int) -> list[dict]:
    """Seats left per local day, for the calendar: [{day, slots, remaining, capacity}]."""
    begin = datetime.combine(start, datetime.min.time(), tzinfo=local_tz())
    slots = Slot.objects.filter(service=service, starts_at__gte=begin,
                                starts_at__lt=begin + timedelta(days=days))
    summary = {start + timedelta(days=i): {"slots": 0, "remaining": 0, "capacity": 0}
               for i in range(days)}
    for slot in slots.only("starts_at", "remaining", "capacity"):
        row = summary[local_date(slot.starts_at)]
        row["slots"] += 1
        row["remaining"] += slot.remaining
        row["capacity"] += slot.capacity
    return [{"day": day, **row} for day, row in summary.items()]


def availability_level(*, remaining: int, capacity: int) -> str:
    """Colour band shown to pilgrims: plenty, few or none."""
    if remaining <= 0:
        return "none"
    return "few" if capacity and remaining / capacity <= 0.2 else "plenty"


def booking_list_for_user(*, user) -> QuerySet[Booking]:
    return (Booking.objects.filter(user=user)
            .select_related("service", "slot", "permit__qr")
            .prefetch_related("service__translations", "persons__person", "vehicle_days")
            .order_by("-created_at"))


def _booking_in_full():
    return (Booking.objects.select_related("permit", "slot", "service")
            .prefetch_related("persons__person"))


def booking_by_key(*, user, key) -> Booking | None:
    """The account's booking made with this idempotency key, or None."""
    return _booking_in_full().filter(user=user, idempotency_key=key).first()


def booking_with_invitations(*, pk) -> Booking:
    return with_invitations([_booking_in_full().get(pk=pk)])[0]


def with_invitations(bookings) -> list[Booking]:
    """The bookings, each with its invitations as `consent_invitations` (one query)."""
    from .services import INVITATION_PURPOSE  # services import these selectors at their top

    bookings = list(bookings)
    found = invitations_for_objects(purpose=INVITATION_PURPOSE,
                                    object_ids=[booking.pk for booking in bookings])
    for booking in bookings:
        booking.consent_invitations = found[booking.pk]
    return bookings


def my_permits_stamp(*, user, profile) -> tuple[str, bool]:
    """What "my permits" shows of this account, as one short string that any write changes,
    and whether others booked with this account holder on them (one query).

    Rows are stamped with PostgreSQL's xmin, which every INSERT and UPDATE of a row renews
    whichever code path made it (a save, a queryset update, raw SQL); a deleted row leaves
    the set. Taken: the account's bookings, their permits, people (and the people's rows),
    vehicle days and invitations, its waiting-list entries, the services' names, and the
    times of the slots shown (not the slot rows: their seats change with every booking).
    The permit's QR drawing follows from these and the signing key (part of the view's key).
    """
    from .services import INVITATION_PURPOSE  # services import these selectors at their top

    t = {model.__name__: model._meta.db_table for model in (
        Booking, Permit, BookingPerson, Person, VehicleDay, WaitlistEntry, Slot, PermitService)}
    service_translations = PermitService._parler_meta.root_model._meta.db_table
    sql = f"""
        WITH mine AS (SELECT b.id, b.xmin::text AS x, b.slot_id FROM {t["Booking"]} b
                      WHERE b.user_id = %(user)s)
        SELECT concat_ws('|',
          (SELECT string_agg(concat_ws(':', m.id, m.x, p.xmin::text, s.starts_at, s.ends_at),
                             ',' ORDER BY m.id)
           FROM mine m LEFT JOIN {t["Permit"]} p ON p.booking_id = m.id
           LEFT JOIN {t["Slot"]} s ON s.id = m.slot_id),
          (SELECT string_agg(concat_ws(':', bp.id, bp.xmin::text, pe.xmin::text), ','
                             ORDER BY bp.id)
           FROM {t["BookingPerson"]} bp JOIN {t["Person"]} pe ON pe.id = bp.person_id
           WHERE bp.booking_id IN (SELECT id FROM mine)),
          (SELECT string_agg(concat_ws(':', v.id, v.xmin::text), ',' ORDER BY v.id)
           FROM {t["VehicleDay"]} v WHERE v.booking_id IN (SELECT id FROM mine)),
          (SELECT string_agg(concat_ws(':', i.id, i.xmin::text), ',' ORDER BY i.id)
           FROM {Invitation._meta.db_table} i
           WHERE i.purpose = %(purpose)s AND i.object_id IN (SELECT id FROM mine)),
          (SELECT string_agg(concat_ws(':', w.id, w.xmin::text, s.starts_at), ','
                             ORDER BY w.id)
           FROM {t["WaitlistEntry"]} w JOIN {t["Slot"]} s ON s.id = w.slot_id
           WHERE w.user_id = %(user)s),
          (SELECT string_agg(concat_ws(':', r.id, r.xmin::text), ',' ORDER BY r.id)
           FROM {t["PermitService"]} r),
          (SELECT string_agg(concat_ws(':', r.id, r.xmin::text), ',' ORDER BY r.id)
           FROM {service_translations} r)),
          EXISTS (SELECT 1 FROM {t["Booking"]} b
                  JOIN {t["BookingPerson"]} bp ON bp.booking_id = b.id
                  JOIN {t["Person"]} pe ON pe.id = bp.person_id
                  WHERE pe.id_type = %(id_type)s AND pe.id_number = %(id_number)s
                  AND b.status = %(booked)s AND b.user_id <> %(user)s)
    """
    # On every view of the page: prepared once per connection (PostgreSQL parses and plans
    # it once), then only the values are sent.
    with prepared_cursor() as cursor:
        cursor.execute(sql, {"user": user.pk, "purpose": INVITATION_PURPOSE,
                             "id_type": profile.id_type, "id_number": profile.id_number,
                             "booked": Booking.Status.BOOKED})
        stamp, others = cursor.fetchone()
    return hashlib.blake2b(stamp.encode(), digest_size=16).hexdigest(), others


def booked_by_others_for_user(*, user) -> QuerySet[Booking]:
    """Live bookings another account made with this account holder on them (a companion who
    accepted, or their identity claimed as someone's dependant): they may leave them."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return Booking.objects.none()
    # By identity: the person row may predate the account (claimed before they signed up).
    return (Booking.objects.filter(persons__person__id_type=profile.id_type,
                                   persons__person__id_number=profile.id_number,
                                   status=Booking.Status.BOOKED)
            .exclude(user=user).select_related("service", "slot", "user__profile")
            .prefetch_related("service__translations").order_by("slot__starts_at").distinct())


def waitlist_for_user(*, user) -> QuerySet[WaitlistEntry]:
    return (WaitlistEntry.objects.filter(user=user).select_related("slot__service")
            .order_by("-created_at"))


def hajj_requests_pending() -> QuerySet[Booking]:
    return Booking.objects.filter(service__kind=PermitService.Kind.HAJJ,
                                  status=Booking.Status.REQUESTED).order_by("due_by")


def hajj_requests_overdue(*, now) -> QuerySet[Booking]:
    return hajj_requests_pending().filter(due_by__lt=now)


# A Hajj request is known outside by its contract's booking number, the one the pilgrim sees
# in every SMS and page and quotes to the care centre (packages' Contract.reference,
# "H<season>-<contract id, 6 digits>"); a contract has one live request at a time.
HAJJ_REQUEST_REFERENCE = re.compile(r"H(?P<season>[0-9]{4})-(?P<contract>[0-9]{6,12})")


def hajj_request_by_reference(*, reference: str) -> Booking | None:
    """The Hajj request a reference names: the contract's latest request (an earlier one was
    withdrawn before it); None when the reference names none."""
    match = HAJJ_REQUEST_REFERENCE.fullmatch(reference.strip().upper())
    if match is None:
        return None
    return (Booking.objects.filter(service__kind=PermitService.Kind.HAJJ,
                                   contract_id=int(match["contract"]),
                                   contract__season_id=int(match["season"]))
            .order_by("-created_at", "-pk").first())


# --- The API's own lists (permits/api_applications.py) --------------------------------------

def hajj_requests_for_user(*, user) -> QuerySet[Booking]:
    """The account's Hajj permit requests, newest first, whatever their state."""
    return (booking_list_for_user(user=user).filter(service__kind=PermitService.Kind.HAJJ)
            .select_related("contract"))


def vehicle_permit_period(*, today):
    """(first, last) day of the coming period in which vehicles need a permit at the holy
    sites, from the first season's rule not over yet; None when no rule sets one."""
    for rule in (ServiceRule.objects.filter(service__code="mashair_vehicle",
                                            valid_until__gte=today).order_by("valid_from")):
        period = rules.vehicle_permit_period_of(rule)
        if period and period[1] >= today:
            return period
    return None


def vehicle_permit_days_open(*, period, today) -> list[date]:
    """The days of `period` a permit can still be asked for: today and later."""
    if period is None:
        return []
    first, last = max(period[0], today), period[1]
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def vehicle_permits_for_user(*, user) -> QuerySet[Booking]:
    return booking_list_for_user(user=user).filter(service__kind=PermitService.Kind.VEHICLE)


def waitlist_entries_for_user(*, user) -> QuerySet[WaitlistEntry]:
    """The account's waiting-list entries, newest first, each annotated with `position`.

    A waiting entry's position is its place in its slot's line, 1 being the next offered
    (waitlist_offer_next goes in joining order, skipping a party too big for the seats
    freed); an entry no longer waiting has none.
    """
    waiting = WaitlistEntry.Status.WAITING
    ahead = (WaitlistEntry.objects
             .filter(slot=OuterRef("slot"), status=waiting)
             .filter(Q(created_at__lt=OuterRef("created_at"))
                     | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
             .order_by().values("slot").annotate(count=Count("pk")).values("count"))
    return waitlist_for_user(user=user).annotate(position=Case(
        When(status=waiting, then=Coalesce(Subquery(ahead), 0) + 1),
        default=None, output_field=IntegerField()))


def service_rule_change_impact(*, rule: ServiceRule, proposed: ServiceRule, now=None):
    """Who an edit of the permit rule `rule` reaches, before it is saved (nothing is written).

    The upcoming bookings (booked or requested, slot not started) and the waiting-list entries
    of the service on the days either version covers are counted; a booking the proposed rule
    would refuse is listed (a companion too many, a person booked again sooner than the new
    frequency allows, a day the rule no longer covers). A saved change keeps those bookings:
    a rule binds the bookings made after it.
    """
    now = now or timezone.now()
    first = min(rule.valid_from, proposed.valid_from)
    last = max(rule.valid_until, proposed.valid_until)
    upcoming = list(
        Booking.objects.filter(service_id=rule.service_id,
                               status__in=[Booking.Status.BOOKED, Booking.Status.REQUESTED],
                               slot__starts_at__gt=now,
                               slot__starts_at__date__gte=first,
                               slot__starts_at__date__lte=last)
        .select_related("slot").prefetch_related("persons__person")
        .order_by("slot__starts_at", "pk"))
    waiting = WaitlistEntry.objects.filter(
        slot__service_id=rule.service_id, slot__starts_at__gt=now,
        slot__starts_at__date__gte=first, slot__starts_at__date__lte=last,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]).count()
    return Impact(
        counts=[(_("upcoming bookings on the days of this rule"), len(upcoming)),
                (_("waiting-list entries on those days"), waiting),
                (_("bookings that break the new rule"), None)],
        breaking=_breaking(upcoming, proposed),
    ).with_breaking_count()


def _breaking(upcoming, proposed: ServiceRule) -> list[str]:
    lines = []
    last_seen: dict[int, Booking] = {}
    for booking in upcoming:
        day = local_date(booking.slot.starts_at)
        reference = _("booking %(number)s on %(day)s") % {"number": booking.pk,
                                                           "day": day.isoformat()}
        if not proposed.valid_from <= day <= proposed.valid_until:
            lines.append(_("%(booking)s: a day the rule no longer covers")
                         % {"booking": reference})
            continue
        companions = sum(1 for person in booking.persons.all()
                         if person.role == person.Role.COMPANION)
        if companions > proposed.max_companions:
            lines.append(_("%(booking)s: %(count)s companions, more than %(max)s")
                         % {"booking": reference, "count": companions,
                            "max": proposed.max_companions})
        for person in booking.persons.all():
            earlier = last_seen.get(person.person_id)
            if (proposed.frequency_days and earlier is not None
                    and booking.slot.starts_at - earlier.slot.starts_at
                    < timedelta(days=proposed.frequency_days)):
                lines.append(_("%(booking)s: %(name)s booked again within %(days)s days")
                             % {"booking": reference, "name": person.display_name,
                                "days": proposed.frequency_days})
            last_seen[person.person_id] = booking
    return lines



# What the permit's own page says of it: "valid", "used", "cancelled", or "expired": still
# valid in the table, but its booking's time passed unused (bookings_mark_no_show), so the
# gate refuses it as out of its time. From the records, never from the clock alone.
PERMIT_EXPIRED = "expired"


def permit_state(*, permit: Permit) -> str:
    if permit.status != Permit.Status.VALID:
        return permit.status
    if permit.booking.status == Booking.Status.NO_SHOW:
        return PERMIT_EXPIRED
    return Permit.Status.VALID


def slot_template_change_impact(*, rule: SlotTemplate, proposed: SlotTemplate, now=None
                                ) -> Impact:
    """What a template's new capacity does to its slots not started yet (nothing is written).

    Each of those slots would take the new capacity, never fewer than the seats already
    taken in it (booked, or held for a waiting-list offer): such a slot is listed, its
    bookings kept, its capacity stopping at the seats taken. A slot that gains seats offers
    them to the first waiting entry that fits, unless an offer is already out (as
    services.waitlist_offer_next does when a booking is cancelled). Only a changed capacity
    reaches the slots: editing the template's other fields leaves them as they are.
    """
    now = now or timezone.now()
    slots = list(Slot.objects.filter(template=rule, starts_at__gt=now)
                 .order_by("starts_at", "pk").values_list("pk", "starts_at", "capacity",
                                                          "remaining"))
    changed, added, removed, gaining, breaking = 0, 0, 0, {}, []
    if proposed.capacity != rule.capacity:
        for pk, starts_at, capacity, remaining in slots:
            taken = capacity - remaining
            target = max(proposed.capacity, taken)
            changed += target != capacity
            added += max(target - capacity, 0)
            removed += max(capacity - target, 0)
            if target > capacity:
                gaining[pk] = target - taken
            if taken > proposed.capacity:
                breaking.append(
                    _("slot of %(start)s: %(taken)s seats taken, more than %(capacity)s: "
                      "kept, its capacity stays at %(taken)s")
                    % {"start": timezone.localtime(starts_at, local_tz()).strftime(
                        "%Y-%m-%d %H:%M"), "taken": taken, "capacity": proposed.capacity})
    return Impact(
        counts=[(_("slots of this template not started yet"), len(slots)),
                (_("of them, slots whose capacity changes"), changed),
                (_("seats added"), added),
                (_("seats removed"), removed),
                (_("slots with more seats taken than the new capacity (kept)"), None),
                (_("waiting-list entries that would be offered seats"),
                 _waiting_offered(gaining))],
        breaking=breaking,
        breaking_title=_("Slots with more seats taken than the new capacity (their bookings "
                         "kept)"),
    ).with_breaking_count()


def _waiting_offered(gaining: dict[int, int]) -> int:
    """How many entries services.waitlist_offer_next would offer seats to, one per slot
    gaining seats (`gaining`: slot -> its seats left afterwards) with no offer already out."""
    entries = list(WaitlistEntry.objects.filter(slot_id__in=gaining,
                                                status__in=WaitlistEntry.ACTIVE)
                   .order_by("created_at", "pk").values_list("slot_id", "status", "seats"))
    offered, held = set(), {slot for slot, status, _seats in entries
                            if status == WaitlistEntry.Status.OFFERED}
    for slot, _status, seats in entries:
        if slot not in held and slot not in offered and seats <= gaining[slot]:
            offered.add(slot)
    return len(offered)


# --- Can this person use this service? ------------------------------------------------------
# Asked by the pages and the API before any form, answered by the same predicates the booking
# path refuses with (rules.gender_may_use, rules.check_hajj_*): a service a person cannot use
# is shown with the reason, in words for people, instead of a form that would be refused.

SERVICE_FOR_GENDER = {
    "male": gettext_lazy("This service is for men."),
    "female": gettext_lazy("This service is for women."),
}
# The Hajj refusals said to the person themselves (the booking's messages name each person).
HAJJ_FOR_YOU = {
    "too_young": gettext_lazy("Hajj is for pilgrims at least %(years)s Hijri years old."),
    "not_first_time": gettext_lazy(
        "Until %(until)s, only pilgrims who have never performed Hajj may apply."),
    "hajj_too_recent": gettext_lazy(
        "You can apply for Hajj once every %(years)s years; your last Hajj was in %(last)s."),
}
PROFILE_FIRST = gettext_lazy("Complete your profile first.")


@dataclass(frozen=True)
class Unavailable:
    """Why a person cannot use a service: `code` for clients, `reason` for people, and where
    to act on it when they can (`link`, the profile page), else ""."""

    code: str
    reason: str
    link: str = ""


def service_availability(*, user, services, now=None) -> dict[int, Unavailable | None]:
    """For each service (by pk): None if `user` may use it, else why not. Anonymous visitors
    get None everywhere (the page asks them to sign in). A constant number of queries: the
    profile, the person, and the Hajj rule (cached), whatever the number of services."""
    services = list(services)
    if user is None or not user.is_authenticated:
        return {service.pk: None for service in services}
    profile = profile_for_user(user)
    if profile is None:
        missing = Unavailable("profile_required", str(PROFILE_FIRST),
                              reverse("accounts:profile_edit"))
        return {service.pk: missing for service in services}
    now = now or timezone.now()
    person = Person.objects.filter(user=user).first()
    answers = {}
    for service in services:
        answer = None
        if not rules.gender_may_use(service=service, gender=profile.gender):
            answer = Unavailable("wrong_gender", str(SERVICE_FOR_GENDER[service.gender]))
        elif service.kind == PermitService.Kind.HAJJ:
            answer = _hajj_unavailable(service=service, profile=profile, person=person, now=now)
        answers[service.pk] = answer
    return answers


def service_unavailable(*, user, service, now=None) -> Unavailable | None:
    return service_availability(user=user, services=[service], now=now)[service.pk]


def _hajj_unavailable(*, service, profile, person, now) -> Unavailable | None:
    """The season's Hajj rule (in force today) against the person's age and last Hajj. The
    identity's validity is checked on the contract's persons when the request is made: the
    profile does not hold the document's expiry."""
    rule = rule_for(service=service, day=local_date(now))
    if rule is None:
        return None
    last = getattr(person, "last_hajj_season", None)
    try:
        rules.check_hajj_age(rule=rule, name=profile.full_name,
                             date_of_birth=profile.date_of_birth)
        rules.check_hajj_repeat(rule=rule, name=profile.full_name, last_hajj_season=last,
                                now=now)
    except PermitError as error:
        return Unavailable(error.code, str(HAJJ_FOR_YOU[error.code] % {**error.params,
                                                                         "last": last}))
    return None


def release_list():
    """Releases, latest opening first, with their slots' ids."""
    return Release.objects.select_related("service").prefetch_related("slots")


# --- What a release sold, and the admission rates measured --------------------------------

@dataclass(frozen=True)
class ReleaseSales:
    """The seats a release's slots sold since its pre-queue opened (`release_sales`)."""

    seats: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    busiest_second_seats: int = 0

    @property
    def span_seconds(self) -> float | None:
        """From the first booking to the last (0 when they fell in the same instant)."""
        if self.first_at is None:
            return None
        return (self.last_at - self.first_at).total_seconds()

    @property
    def per_second(self) -> float | None:
        """The rate sustained: the seats over the span, a span of at least one second."""
        if not self.seats:
            return None
        return self.seats / max(self.span_seconds, 1.0)


def release_sales(release: Release) -> ReleaseSales:
    return release_sales_of([release.pk])[release.pk]


def release_sales_of(release_ids) -> dict[int, ReleaseSales]:
    """What each release sold (one query whatever the number of releases); a release that sold
    nothing gets ReleaseSales() (zero seats, no times)."""
    release_ids = list(release_ids)
    if not release_ids:
        return {}
    found = {row[0]: row[1] for row in _sales_rows(
        "r.id = ANY(%(ids)s)", {"ids": release_ids})}
    return {pk: found.get(pk, ReleaseSales()) for pk in release_ids}


def _sales_rows(where: str, params: dict, *, limit: int | None = None):
    """(release id, ReleaseSales) of the releases `where` selects (an SQL condition on the
    release `r`) that sold seats, latest opening first, aggregated in PostgreSQL.

    Sold: every booking of the release's slots made since its pre-queue opened, whatever became
    of it. A booking cancelled later was sold at the moment it was made, which is what the rate
    measures (the cancellation gives its seats back to the queue, a later sale); so are those
    used, not shown up, or made from the waiting list. Its seats are the booking's `seats`:
    what the slot's counter and the queue's pass gave it, companions' seats held for an
    invitation included (a seat given back later, an invitation declined or a companion who
    left, is no longer counted). The busiest second is the most seats booked within one whole
    second of the clock.
    """
    tables = {"release": Release._meta.db_table,
              "release_slots": Release.slots.through._meta.db_table,
              "booking": Booking._meta.db_table}
    sql = f"""
        WITH sold AS (
            SELECT r.id AS release_id, r.opens_at, b.created_at, b.seats
            FROM {tables["release"]} r
            JOIN {tables["release_slots"]} rs ON rs.release_id = r.id
            JOIN {tables["booking"]} b ON b.slot_id = rs.slot_id
            WHERE ({where})
              AND b.created_at >= r.opens_at - r.prequeue_minutes * interval '1 minute'
        ), seconds AS (
            SELECT release_id, sum(seats) AS seats FROM sold
            GROUP BY release_id, date_trunc('second', created_at)
        )
        SELECT sold.release_id, sum(sold.seats), min(sold.created_at), max(sold.created_at),
               (SELECT max(seconds.seats) FROM seconds
                WHERE seconds.release_id = sold.release_id)
        FROM sold
        GROUP BY sold.release_id, sold.opens_at
        HAVING sum(sold.seats) > 0
        ORDER BY sold.opens_at DESC, sold.release_id DESC
        LIMIT %(limit)s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "limit": limit})
        return [(pk, ReleaseSales(seats=int(seats), first_at=first, last_at=last,
                                  busiest_second_seats=int(busiest)))
                for pk, seats, first, last, busiest in cursor.fetchall()]


def figure(value: float) -> str:
    """A measured figure in the reader's language: whole from 10 up, else to one decimal
    (rounded here: number_format cuts the digits it leaves off)."""
    places = 0 if value >= 10 else 1
    return formats.number_format(round(value, places), places)


def release_sales_text(sales: ReleaseSales) -> str:
    """E.g. "480 seats in 5.1 s: 94 a second sustained, 112 in the busiest second"."""
    if not sales.seats:
        return _("Nothing booked yet.")
    return ngettext(
        "%(seats)s seat in %(span)s s: %(rate)s a second sustained, %(busiest)s in the "
        "busiest second",
        "%(seats)s seats in %(span)s s: %(rate)s a second sustained, %(busiest)s in the "
        "busiest second", sales.seats) % {
        "seats": formats.number_format(sales.seats), "span": figure(sales.span_seconds),
        "rate": figure(sales.per_second),
        "busiest": formats.number_format(sales.busiest_second_seats)}


@dataclass(frozen=True)
class RateOption:
    value: int  # admissions per second: the rate measured, rounded down
    label: str
    rate: float  # the rate measured


@dataclass(frozen=True)
class AdmissionRates:
    """The admission rates measured, for the release form to offer (`admission_rates`)."""

    bench: list[RateOption]  # bench/rush runs that met every target
    releases: list[RateOption]  # past releases that sold seats
    bench_runs: int  # bench/rush runs recorded, targets met or not

    @property
    def options(self) -> list[RateOption]:
        return self.bench + self.releases

    @property
    def summary(self) -> str:
        """What was measured, in a sentence or two for the form's help text."""
        if not self.bench_runs and not self.releases:
            return _("Nothing measured yet: run bench/rush/run.py, then manage.py "
                     "record_rush_figures, and the rates it measures are offered here.")
        parts = []
        if self.bench:
            parts.append(_("bench/rush met every target at %(rates)s a second.") % {
                "rates": ", ".join(formats.number_format(option.value)
                                   for option in self.bench)})
        elif self.bench_runs:
            parts.append(ngettext(
                "bench/rush has not met every target yet (%(count)s run recorded).",
                "bench/rush has not met every target yet (%(count)s runs recorded).",
                self.bench_runs) % {"count": formats.number_format(self.bench_runs)})
        if self.releases:
            parts.append(_("Past releases sustained %(rates)s a second.") % {
                "rates": ", ".join(figure(option.rate) for option in self.releases)})
        if not self.bench:
            parts.append(_("To measure the rate the system sustains, run bench/rush/run.py, "
                           "then manage.py record_rush_figures."))
        return " ".join(parts)


def admission_rates(*, now=None, limit: int = 5) -> AdmissionRates:
    """The rates to offer for a release's admissions per second: those of the latest
    bench/rush runs that met every target (distinct rates, newest first, up to `limit`), then
    the rates sustained by up to `limit` past releases (opened by `now`) that sold seats,
    latest first, each rounded down to a whole rate. Five queries at most."""
    now = now or timezone.now()
    latest_per_rate = (RushMeasurement.objects.filter(targets_met=True)
                       .order_by("admit_per_second", "-measured_at", "-pk")
                       .distinct("admit_per_second"))
    bench = []
    for run in sorted(latest_per_rate, key=lambda run: run.measured_at, reverse=True)[:limit]:
        label = _("bench/rush %(day)s on %(host)s: every target met, booking p99 %(p99)s ms") % {
            "day": local_date(run.measured_at).isoformat(), "host": run.host,
            "p99": formats.number_format(round(run.booking_p99_ms))}
        bench.append(RateOption(value=run.admit_per_second, label=label,
                                rate=run.admit_per_second))
    sold = _sales_rows("r.opens_at <= %(now)s", {"now": now}, limit=limit)
    releases = (Release.objects.select_related("service")
                .prefetch_related("service__translations").in_bulk([pk for pk, _s in sold]))
    language = translation.get_language()
    past = []
    for pk, sales in sold:
        release = releases[pk]
        release.service.set_current_language(language)
        label = _("Release of %(day)s (%(service)s): %(rate)s a second sustained") % {
            "day": local_date(release.opens_at).isoformat(),
            "service": release.service.safe_translation_getter("name", any_language=True),
            "rate": figure(sales.per_second)}
        past.append(RateOption(value=max(1, math.floor(sales.per_second)), label=label,
                               rate=sales.per_second))
    return AdmissionRates(bench=bench, releases=past, bench_runs=RushMeasurement.objects.count())


# --- The reference registry (portal.references): a permit by its number ------------------

def permit_reference_find(reference: str) -> references.Reference | None:
    """The booking behind a permit number, as the public inquiry and the SMS keyword tell it:
    the permit's state, and the visit's day and time while it is to come."""
    permit = (Permit.objects.select_related("booking__user", "booking__slot", "booking__service")
              .filter(number=reference).first())
    if permit is None:
        return None
    booking = permit.booking

    def describe():
        service = booking.service
        service.set_current_language(translation.get_language())
        state = _("%(state)s (%(service)s)") % {
            "service": service.safe_translation_getter("name", any_language=True),
            "state": permit.get_status_display()}
        slot = booking.slot
        if permit.status == Permit.Status.VALID and slot and slot.starts_at > timezone.now():
            return state, _("Visit on %(when)s.") % {
                "when": format_dual_datetime(slot.starts_at)}
        return state, ""

    return references.Reference(kind=references.get("permit"), reference=permit.number,
                                owners=(booking.user,), describe=describe)

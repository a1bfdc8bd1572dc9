"""Writes for permits: cancelling, issuing, admitting at the gate, waiting lists, Hajj and
vehicle permits. Booking a slot is permits/booking.py (the rush path).

Capacity is one counter per slot: seats leave it by a single conditional UPDATE (take_seats,
or permits.booking's seat take with the COMMIT) and come back with return_seats. People are
serialised with advisory locks (see locking.py) so the frequency rules hold under
concurrency for a person booked by two accounts at once.
"""

import copy
import json
import logging
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from io import BytesIO

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.identity import validate_identity_number
from accounts.staff_mail import mail_staff, staff_emails
from consent import selectors as consent_selectors
from consent import services as consent
from consent.errors import ConsentError
from consent.models import Dependant
from hajjportal.db.inserts import StatementBatch
from notifications.models import SmsMessage
from notifications.services import sms_enqueue, sms_row
from portal import working_days
from portal.audit import acting
from portal.calendars import format_dual, format_dual_datetime, lazy_dual, lazy_dual_datetime
from portal.sweeps import sweep_due
from sla import services as sla
from sla.errors import SlaError

from . import booking as bookings
from . import rules, rush_record, selectors, signals, signing, waiting_room
from .dates import local_date, local_tz
from .errors import PermitError
from .holidays import hijri_year_bounds, holiday_days
from .locking import lock_keys, lock_keys_then_read
from .models import (
    AuthorityEvent,
    Booking,
    BookingPerson,
    HolidayRule,
    Permit,
    PermitQR,
    PermitService,
    Person,
    PublicHoliday,
    Release,
    RushMeasurement,
    ServiceRule,
    Slot,
    SlotTemplate,
    VehicleDay,
    WaitlistEntry,
)

logger = logging.getLogger(__name__)

NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: gate staff type it
NUMBER_LENGTH = 8
NUMBER_PREFIX = {"rawdah_men": "RM", "rawdah_women": "RW", "umrah": "UM", "hajj": "HJ",
                 "mashair_vehicle": "VH"}

# The service's name is a noun of its own ("Umrah permit", "Rawdah visit, men"): a text
# names it in parentheses rather than building "Your Umrah permit permit".
SMS = {
    "booked": _("Permit %(number)s (%(service)s) is issued for %(when)s."),
    "requested": _("Your request (%(service)s) is received; a decision is due by %(when)s."),
    "cancelled": _("Booking %(number)s (%(service)s) is cancelled."),
    "issued": _("Permit %(number)s (%(service)s) is issued."),
    "printed": _("Permit %(number)s (%(service)s) is printed."),
    "refused": _("Your request (%(service)s) is refused: %(reason)s"),
    "used": _("Permit %(number)s (%(service)s) was used at the gate on %(when)s."),
    "no_show": _("Permit %(number)s (%(service)s) for %(when)s was neither used nor "
                 "cancelled."),
    "no_show_barred": _("Permit %(number)s (%(service)s) for %(when)s was neither used nor "
                        "cancelled: no new permit for it can be booked until %(until)s."),
    "offered": _("Seats freed up for %(service)s on %(when)s. Confirm before %(until)s: "
                 "%(link)s"),
    "offer_lapsed": _("The seats offered to you for %(service)s on %(when)s were not "
                      "confirmed in time and went to the next in line. You are no longer on "
                      "its waiting list."),
}

# Every state of the permit e-services and the SMS that tells it (README: "Every stage
# told"; tests/test_every_stage_is_told.py). None only with the reason beside it.
STAGES = {
    Booking: {
        Booking.Status.BOOKED: "booked",
        Booking.Status.REQUESTED: "requested",
        Booking.Status.REFUSED: "refused",
        Booking.Status.CANCELLED: "cancelled",
        Booking.Status.USED: "used",
        Booking.Status.NO_SHOW: "no_show_barred",
    },
    Permit: {
        # A permit is issued with its booking (the booking's "booked", or "issued" for a
        # Hajj permit) and ends with it: the booking's message tells both.
        Permit.Status.VALID: "issued",
        Permit.Status.USED: "used",
        Permit.Status.CANCELLED: "cancelled",
    },
    WaitlistEntry: {
        # Joining is the pilgrim's own act on the page, which shows the place in line.
        WaitlistEntry.Status.WAITING: None,
        WaitlistEntry.Status.OFFERED: "offered",
        WaitlistEntry.Status.CONFIRMED: "booked",
        WaitlistEntry.Status.EXPIRED: "offer_lapsed",
        # Only the pilgrim leaves a waiting list, on the page that confirms it.
        WaitlistEntry.Status.CANCELLED: None,
    },
}


# --- Persons ------------------------------------------------------------------------------

def person_upsert(*, id_type, id_number, full_name, gender, date_of_birth=None,
                  identity_expires_on=None, user=None) -> Person:
    """The person behind an identity document; created on first mention, never duplicated."""
    _validate_identity(id_type, id_number)
    defaults = {"full_name": full_name, "gender": gender}
    for field, value in (("date_of_birth", date_of_birth), ("user", user),
                         ("identity_expires_on", identity_expires_on)):
        if value is not None:
            defaults[field] = value
    person, created = Person.objects.get_or_create(id_type=id_type, id_number=id_number,
                                                   defaults=defaults)
    if not created and user is not None and person.user_id is None:
        # The account holder's own profile now speaks for the person: a name someone else
        # gave them (as a dependant) is not what they are called on their own permits.
        person.user, person.full_name, person.gender = user, full_name, gender
        person.save(update_fields=["user", "full_name", "gender"])
    return person


def _validate_identity(id_type, id_number):
    try:
        validate_identity_number(id_type, id_number)
    except ValidationError as exc:  # the message is ours
        raise PermitError("invalid_identity", number=id_number) from exc


def person_for_user(*, user) -> Person:
    """The account holder as a person, from their pilgrim profile."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    profile = getattr(user, "profile", None)
    if profile is None or not getattr(profile, "id_number", ""):
        raise PermitError("profile_required")
    return person_upsert(id_type=profile.id_type, id_number=profile.id_number,
                         full_name=profile.full_name, gender=profile.gender,
                         date_of_birth=profile.date_of_birth, user=user,
                         identity_expires_on=getattr(profile, "id_expires_on", None))


# --- Companions ---------------------------------------------------------------------------
# Nobody is put on a booking by typing their number: a companion is either one of the
# booker's own dependants (declared with a document, see consent.Dependant) or a person
# invited by identity number AND mobile, who joins only by accepting (consent.Invitation).

INVITATION_PURPOSE = "permits.booking"


@dataclass(frozen=True)
class Invitee:
    """A companion named by identity number and mobile, as the booker typed them."""

    id_type: str
    id_number: str
    mobile: str

    def as_data(self) -> dict:
        return {"id_type": self.id_type, "id_number": self.id_number, "mobile": self.mobile}


def companions_from(*, user, data) -> list:
    """The booker's companion list ({"dependant": id} or {"id_type", "id_number",
    "mobile"}) as Dependant and Invitee objects; the numbers checked for format only."""
    companions, seen = [], set()
    for row in data:
        if row.get("dependant"):
            companion = consent_selectors.dependant_for_owner(owner=user, pk=row["dependant"])
            if companion is None:
                raise PermitError("dependant_not_found")
        else:
            try:
                companion = Invitee(row["id_type"],
                                    consent.identity_clean(row["id_type"], row["id_number"]),
                                    consent.mobile_clean(row["mobile"]))
            except ConsentError as error:
                raise PermitError(error.code, **error.params) from error
        identity = (companion.id_type, companion.id_number)
        if identity in seen:
            raise PermitError("duplicate_person")
        seen.add(identity)
        companions.append(companion)
    return companions


def split_companions(companions):
    """(dependants, invitees); anything else is a programming error, never a companion."""
    for companion in companions:
        if not isinstance(companion, Dependant | Invitee):
            raise TypeError(f"A companion is a Dependant or an Invitee, not {companion!r}")
    dependants = [c for c in companions if isinstance(c, Dependant)]
    return dependants, [c for c in companions if isinstance(c, Invitee)]


def dependant_person(dependant) -> Person:
    """The identity's person row, carrying the dependant's own record (name, gender, date
    of birth) for the rules and their messages: never the registered name behind a number."""
    person = copy.copy(person_upsert(id_type=dependant.id_type, id_number=dependant.id_number,
                                     full_name=dependant.full_name, gender=dependant.gender,
                                     date_of_birth=dependant.date_of_birth))
    person.full_name, person.gender = dependant.full_name, dependant.gender
    person.date_of_birth = dependant.date_of_birth
    return person


def invite_companions(*, acting_user, booking, invitees, rule, now) -> list:
    """One invitation per invited companion, each holding one of the booking's seats until
    it is answered, lapses, or the booking closes."""
    closes = booking.slot.starts_at - timedelta(minutes=rule.booking_closes_minutes)
    try:
        return consent.invite_all(acting_user=acting_user, invitees=invitees,
                                  purpose=INVITATION_PURPOSE, object_id=booking.pk,
                                  expires_by=closes, now=now)
    except ConsentError as error:
        raise PermitError(error.code, **error.params) from error


def invitation_accept(invitation, *, acting_user, now) -> None:
    """consent's on_accept: the invited account holder joins the booking after their own
    checks (gender, frequency, overlap...) under their person lock, as if booking."""
    booking = (Booking.objects.select_for_update(of=("self",)).select_related("slot__service")
               .get(pk=invitation.object_id))
    if booking.status != Booking.Status.BOOKED or booking.held_seats < invitation.seats:
        raise PermitError("invitation_void")
    slot = booking.slot
    person = person_for_user(user=acting_user)
    if booking.persons.filter(person=person).exists():
        raise PermitError("duplicate_person")
    rules.check_booking(
        rule=selectors.rule_for(service=slot.service, day=local_date(slot.starts_at)),
        slot=slot, persons=[person], now=now,
        read_history=lambda sql, params: lock_keys_then_read([person.lock_key], sql, params))
    BookingPerson.objects.create(booking=booking, person=person,
                                 role=BookingPerson.Role.COMPANION)
    booking.held_seats -= invitation.seats
    booking.save(update_fields=["held_seats"])
    # Now in the booking (its seat was counted when it was made): a place of their own in
    # the release's line counts twice, so it goes once this commits.
    release = waiting_room.release_for_slot(slot.pk, now=now.timestamp())
    if release is not None:
        transaction.on_commit(lambda: waiting_room.places_give_up(
            release, user_ids=[acting_user.pk]))


def invitation_release(invitation, *, now) -> None:
    """consent's on_release: the seat held for an invitation declined, lapsed or refused
    goes back to the slot, and the booking is one seat smaller."""
    booking = (Booking.objects.select_for_update(of=("self",)).select_related("slot")
               .get(pk=invitation.object_id))
    if booking.status != Booking.Status.BOOKED or booking.held_seats < invitation.seats:
        return  # cancelled meanwhile: booking_cancel returned every seat
    booking.held_seats -= invitation.seats
    booking.seats -= invitation.seats
    booking.save(update_fields=["held_seats", "seats"])
    return_seats(slot_id=booking.slot_id, seats=invitation.seats)
    waitlist_offer_next(slot=booking.slot, now=now)


def invitation_describe(invitation, *, language) -> str:
    booking = Booking.objects.select_related("service", "slot").get(pk=invitation.object_id)
    name = booking.service.safe_translation_getter("name", language_code=language,
                                                   any_language=True)
    if not booking.slot_id:
        return name
    with translation.override(language):  # the calendar's month names and the clock's words
        return f"{name}, {format_dual_datetime(booking.slot.starts_at, language=language)}"


@transaction.atomic
def booking_leave(*, booking: Booking, acting_user, now=None) -> Booking:
    """A person booked by someone else (a companion who accepted, or an account holder
    claimed as somebody's dependant) takes themself off that booking: their seat goes back."""
    now = now or timezone.now()
    booking = (Booking.objects.select_for_update(of=("self",)).select_related("slot", "service")
               .get(pk=booking.pk))
    person = person_for_user(user=acting_user)
    row = BookingPerson.objects.filter(booking=booking, person=person,
                                       role=BookingPerson.Role.COMPANION).first()
    if row is None or booking.status != Booking.Status.BOOKED:
        raise PermitError("not_on_booking")
    _check_cancel_cutoff(booking, now)
    row.delete()
    booking.seats -= 1
    booking.save(update_fields=["seats"])
    return_seats(slot_id=booking.slot_id, seats=1)
    waitlist_offer_next(slot=booking.slot, now=now)
    return booking


def booking_leave_refusal(*, booking: Booking, now=None) -> PermitError | None:
    """Why booking_leave would refuse to take a person off this booking now (it no longer
    stands, or the service's cutoff passed), so that they are told before being asked to
    confirm; None: they may leave. booking_leave checks again under its lock, with whether
    they are on it at all."""
    now = now or timezone.now()
    if booking.status != Booking.Status.BOOKED:
        return PermitError("not_on_booking")
    try:
        _check_cancel_cutoff(booking, now)
    except PermitError as error:
        return error
    return None


# --- Slots --------------------------------------------------------------------------------

def slot_check(*, service: PermitService, starts_at) -> None:
    """A slot the season's rule allows: on a day it covers, starting within its windows."""
    rule = selectors.rule_for(service=service, day=local_date(starts_at))
    if rule is None:
        raise PermitError("service_closed")
    rules.check_slot_in_window(rule=rule, starts_at=starts_at)


def slot_create(*, service: PermitService, starts_at, ends_at, capacity: int) -> Slot:
    slot_check(service=service, starts_at=starts_at)
    slot = Slot(service=service, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
                remaining=capacity)
    slot.full_clean()
    slot.save()
    return slot


def release_check(*, service: PermitService, slots) -> None:
    """A release's slots are its service's (the admin's form checks the same)."""
    if any(slot.service_id != service.pk for slot in slots):
        raise ValidationError({"slots": _("Every slot of a release must be of its service.")})


@transaction.atomic
def release_create(*, acting_user, service: PermitService, slots, opens_at,
                   prequeue_minutes: int, admit_per_second: int,
                   pass_seconds: int | None = None) -> Release:
    """A release of the service's slots behind the waiting room (permits/waiting_room.py).

    The slots must be the service's; the booking path sees the release at once (version).
    """
    release_check(service=service, slots=slots)
    release = Release(service=service, opens_at=opens_at, prequeue_minutes=prequeue_minutes,
                      admit_per_second=admit_per_second)
    if pass_seconds is not None:
        release.pass_seconds = pass_seconds
    release.full_clean()
    with acting(acting_user):
        release.save()
        release.slots.set(slots)
    return release


@dataclass(frozen=True)
class RushFiguresLoaded:
    new: int  # measurements stored
    known: int  # already stored (the same machine and moment), left as they were


def rush_figures_record(*, lines, now=None) -> RushFiguresLoaded:
    """Store the runs bench/rush/run.py recorded (`lines`: the JSON lines of its file,
    permits/rush_record.py), each once: a run already stored (the same host and measured_at)
    is counted as known and left alone, so loading a file again adds nothing.

    Every line is checked before anything is stored: a line that is not a JSON object, lacks
    a field or has a value of the wrong type or out of range raises ValidationError naming
    its line number (from 1), and nothing is stored. Blank lines are skipped. No person acts
    here: an operator's command loads what a bench measured.
    """
    now = now or timezone.now()
    measurements = {}
    repeated = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        measurement = _rush_measurement(number, line, imported_at=now)
        key = (measurement.host, measurement.measured_at)
        repeated += key in measurements
        measurements.setdefault(key, measurement)
    with transaction.atomic():
        hosts = {host for host, _at in measurements}
        stored = set(RushMeasurement.objects.filter(host__in=hosts)
                     .values_list("host", "measured_at"))
        new = [measurement for key, measurement in measurements.items() if key not in stored]
        # A load racing this one may store the same run first: it is kept once either way.
        RushMeasurement.objects.bulk_create(new, ignore_conflicts=True)
    return RushFiguresLoaded(new=len(new), known=len(measurements) - len(new) + repeated)


def _rush_measurement(number: int, line: str, *, imported_at) -> RushMeasurement:
    """One line as an unsaved measurement, or ValidationError("line N: ...")."""
    def refuse(problem):
        return ValidationError(f"line {number}: {problem}")

    try:
        data = json.loads(line)
    except ValueError as error:
        raise refuse(f"not JSON ({error})") from error
    if not isinstance(data, dict):
        raise refuse("not a JSON object")
    missing = [name for name in rush_record.FIELDS if name not in data]
    if missing:
        raise refuse("missing " + ", ".join(missing))
    values = {}
    for name, kind in rush_record.FIELDS.items():
        value = data[name]
        if kind is bool:
            ok = isinstance(value, bool)
        elif kind is str:
            ok = isinstance(value, str) and value.strip() != ""
        else:  # a number, 0 or more; a float field takes a whole number too
            ok = (isinstance(value, (int, float) if kind is float else int)
                  and not isinstance(value, bool))
            if ok and kind is float:
                try:
                    value = float(value)
                except OverflowError:
                    ok = False
                else:
                    ok = math.isfinite(value)
            ok = ok and value >= 0
        if not ok:
            wanted = {bool: "true or false", str: "a text", int: "a whole number, 0 or more",
                      float: "a number, 0 or more"}[kind]
            raise refuse(f"{name} must be {wanted}, not {json.dumps(value)}")
        values[name] = value
    try:
        measured_at = datetime.fromisoformat(values.pop("measured_at"))
    except ValueError as error:
        raise refuse(f"measured_at is not an ISO 8601 date and time ({error})") from error
    if measured_at.tzinfo is None:
        raise refuse("measured_at has no UTC offset")
    measurement = RushMeasurement(measured_at=measured_at, imported_at=imported_at, **values)
    try:
        measurement.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise refuse("; ".join(f"{field}: {' '.join(str(message) for message in messages)}"
                               for field, messages in error.message_dict.items())) from error
    return measurement


@transaction.atomic
def slots_generate(*, template: SlotTemplate, start, end) -> int:
    """Create the template's slots for each chosen weekday in [start, end]; existing kept."""
    created, day = 0, start
    weekdays = {int(d) for d in template.weekdays.split(",") if d.strip()}
    while day <= end:
        if day.weekday() in weekdays:
            created += _generate_day(template, day)
        day += timedelta(days=1)
    return created


def _generate_day(template, day) -> int:
    """The day's slots of the pattern, leaving out any the season's rule would refuse: a day
    no rule covers, a time outside the service's windows (women's and men's hours)."""
    rule = selectors.rule_for(service=template.service, day=day)
    if rule is None:
        return 0
    moment = datetime.combine(day, template.first_start, tzinfo=local_tz())
    last = datetime.combine(day, template.last_start, tzinfo=local_tz())
    if last < moment:  # a pattern running past midnight
        last += timedelta(days=1)
    created = 0
    while moment <= last:
        if rules.slot_in_window(rule=rule, starts_at=moment):
            _slot, new = Slot.objects.get_or_create(
                service=template.service, starts_at=moment,
                defaults={"ends_at": moment + timedelta(minutes=template.duration_minutes),
                          "capacity": template.capacity, "remaining": template.capacity,
                          "template": template})
            created += new
        moment += timedelta(minutes=template.interval_minutes)
    return created


@transaction.atomic
def slot_set_capacity(*, slot: Slot, capacity: int, now=None) -> Slot:
    """Change capacity; seats already taken stay taken, never below them. Seats it frees
    are offered to the slot's waiting list."""
    _slots_set_capacity(Slot.objects.filter(pk=slot.pk), capacity=capacity,
                        now=now or timezone.now())
    return Slot.objects.get(pk=slot.pk)


def _slots_set_capacity(slots, *, capacity: int, now) -> list[int]:
    """Give `slots` the capacity `capacity`, each never below its seats taken (booked, or
    held for a waiting-list offer), `remaining` moving by the difference; a slot that gains
    seats offers them to its waiting list (waitlist_offer_next). Returns the slots changed.

    The slots' rows are locked first, in one statement and in the order of their keys, as
    every path that writes `remaining` locks the row it updates (a booking's seat take, a
    cancellation, an offer): a booking waiting on a row sees its new capacity and remaining,
    so a change while people book never oversells (and the table's checks refuse it anyway).
    """
    before = dict(slots.select_for_update(of=("self",)).order_by("pk")
                  .values_list("pk", "capacity"))
    taken = F("capacity") - F("remaining")
    target = Greatest(Value(capacity), taken)
    # One UPDATE: its SET expressions all read the row as it was.
    Slot.objects.filter(pk__in=before).update(capacity=target, remaining=target - taken)
    after = dict(Slot.objects.filter(pk__in=before).values_list("pk", "capacity"))
    changed = [pk for pk in before if after[pk] != before[pk]]
    gaining = [pk for pk in changed if after[pk] > before[pk]]
    waiting = (WaitlistEntry.objects.filter(slot_id__in=gaining,
                                            status=WaitlistEntry.Status.WAITING)
               .order_by("slot_id").values_list("slot_id", flat=True).distinct())
    for slot_id in waiting:
        waitlist_offer_next(slot=Slot(pk=slot_id), now=now)
    return changed


def take_seats(*, slot_id: int, seats: int) -> int | None:
    """The only way seats leave a slot: one conditional UPDATE, atomic in PostgreSQL.

    Returns the seats left afterwards, or None when there were not enough."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE permits_slot SET remaining = remaining - %s "
            "WHERE id = %s AND remaining >= %s RETURNING remaining",
            [seats, slot_id, seats],
        )
        row = cursor.fetchone()
        return row[0] if row else None


def return_seats(*, slot_id: int, seats: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE permits_slot SET remaining = remaining + %s WHERE id = %s",
                       [seats, slot_id])
    # A slot of a release behind the waiting room: its queue has them to give again.
    transaction.on_commit(lambda: waiting_room.seats_returned(slot_id=slot_id, seats=seats))


def _sla_completed(booking, *, now, service_code):
    """A permit issued at once is one completed transaction of its e-service (the slot
    bookings' record is written by permits.booking with their other rows), surveyed after
    the permit's last day, or at gate entry if that comes first (_sla_survey_used)."""
    sla.transaction_record(service=service_code, started_at=now, outcome="completed",
                           reference=f"permit-booking:{booking.pk}", user=booking.user,
                           now=now, survey_at=permit_validity(booking=booking)[1])


def _sla_key(booking) -> tuple[str, str]:
    """(e-service code, reference) of the booking's SLA transaction."""
    if booking.service.kind == PermitService.Kind.HAJJ:
        return "hajj", _hajj_reference(booking)
    return booking.service.code, f"permit-booking:{booking.pk}"


def _sla_survey_withdraw(booking):
    """A cancelled booking is never asked about a visit it will not make."""
    service, reference = _sla_key(booking)
    try:
        sla.survey_withdraw(service=service, reference=reference)
    except SlaError:  # the catalogue lacks the e-service: nothing was recorded
        logger.warning("Booking %s: no SLA e-service %s", booking.pk, service)


def _sla_survey_used(booking, *, now):
    """Gate entry is the service delivered: its survey goes now, not at the slot's end."""
    service, reference = _sla_key(booking)
    try:
        sla.survey_offer_now(service=service, reference=reference, now=now)
    except SlaError:
        logger.warning("Booking %s: no SLA e-service %s", booking.pk, service)


def _hajj_reference(booking) -> str:
    return f"hajj-request:{booking.pk}"


def _sla_decide_hajj(booking, *, outcome, now):
    """Decide the request's pending transaction; one made before it was recorded (staff
    deciding an imported request) is recorded now with its real start."""
    # An issued permit is surveyed when used at the gate, else once its validity (the
    # season's Hajj days) has ended.
    survey_at = permit_validity(booking=booking)[1] if outcome == "completed" else None
    # A report stamped before our record of the request (two systems' clocks) is counted
    # as decided at the request's start, never as ending before it began.
    now = max(now, booking.created_at)
    try:
        sla.transaction_complete(service="hajj", reference=_hajj_reference(booking),
                                 outcome=outcome, now=now, survey_at=survey_at)
    except SlaError as error:
        if error.code != "not_found":
            raise
        sla.transaction_record(service="hajj", started_at=booking.created_at, outcome=outcome,
                               completed_at=now, reference=_hajj_reference(booking),
                               user=booking.user, now=now, survey_at=survey_at)


def permit_number(service) -> str:
    # 32 letters: 5 random bits each, 40 bits from one call to the system's generator
    # instead of eight (each a getrandom syscall), and no letter likelier than another.
    bits = secrets.randbits(5 * NUMBER_LENGTH)
    letters = (NUMBER_ALPHABET[(bits >> 5 * i) & 31] for i in range(NUMBER_LENGTH))
    return NUMBER_PREFIX.get(service.code, "PM") + "-" + "".join(letters)


def _permit_issue(*, booking: Booking, now, number="") -> Permit:
    permit = Permit.objects.create(booking=booking, number=number or permit_number(booking.service),
                                   issued_at=now)
    booking.permit = permit
    return permit


@transaction.atomic
def booking_cancel(*, booking: Booking, acting_user=None, now=None,
                   with_contract=False) -> Booking:
    """Cancel before the cutoff; the seats go back (or to the first waiting-list entry).

    A Hajj request withdrawn before the permit is issued leaves its paid contract free to
    request again. An issued permit cancelled alone leaves the contract's permit state as it
    was, since the refund for cancelling the contract later depends on it.
    `with_contract`: the contract is being cancelled and takes its permit along.
    `acting_user`: the account holder, or staff allowed to change bookings; None: the portal
    itself (a contract's cancellation).
    """
    now = now or timezone.now()
    # The open invitations first: an Accept locks its invitation, then the booking, so this
    # order cannot deadlock with one; the seats they held go back with the booking's.
    consent.withdraw(purpose=INVITATION_PURPOSE, object_id=booking.pk, now=now)
    booking = Booking.objects.select_for_update(of=("self",)).select_related(
        "slot", "service").get(pk=booking.pk)
    if acting_user is not None and booking.user_id != acting_user.pk and not \
            acting_user.has_perm("permits.change_booking"):
        raise PermitError("not_yours")
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.REQUESTED):
        raise PermitError("not_cancellable")
    _check_cancel_cutoff(booking, now)
    was_requested = booking.status == Booking.Status.REQUESTED
    booking.status, booking.cancelled_at = Booking.Status.CANCELLED, now
    booking.save(update_fields=["status", "cancelled_at"])
    Permit.objects.filter(booking=booking).update(status=Permit.Status.CANCELLED)
    if booking.slot_id:
        return_seats(slot_id=booking.slot_id, seats=booking.seats)
        waitlist_offer_next(slot=booking.slot, now=now)
    _sla_survey_withdraw(booking)
    if booking.service.code == "hajj":
        if not with_contract:  # a contract's cancellation is counted once, by packages
            sla.transaction_record(service="hajj_cancel", started_at=now, outcome="completed",
                                   reference=f"hajj-cancel:{booking.pk}", user=booking.user,
                                   now=now)
        if was_requested:
            _sla_decide_hajj(booking, outcome="abandoned", now=now)
        if was_requested and booking.contract_id and not with_contract:
            _hajj_permit_changed(booking, signals.WITHDRAWN, now=now, acting_user=acting_user)
    _notify(booking, "cancelled")
    return booking


def booking_cancel_refusal(*, booking: Booking, now=None) -> PermitError | None:
    """Why booking_cancel would refuse this booking now (its state, or the service's cutoff
    before the slot), so that the pilgrim is told before being asked to confirm; None: it
    may be cancelled. booking_cancel checks again under its lock."""
    now = now or timezone.now()
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.REQUESTED):
        return PermitError("not_cancellable")
    try:
        _check_cancel_cutoff(booking, now)
    except PermitError as error:
        return error
    return None


def _hajj_permit_changed(booking, state, *, now, acting_user=None):
    # The contract's owner (packages) moves the contract; permits only reports.
    signals.hajj_permit_changed.send(sender=Booking, booking=booking, state=state, now=now,
                                     acting_user=acting_user)


def contract_permits_cancel(*, contract, now) -> int:
    """The contract is cancelled: its Hajj permit, requested or issued, is cancelled with it
    (a refunded pilgrim must not keep a valid permit). Returns how many were cancelled."""
    bookings = list(Booking.objects.filter(contract=contract, status__in=(
        Booking.Status.BOOKED, Booking.Status.REQUESTED)))
    for booking in bookings:
        booking_cancel(booking=booking, now=now, with_contract=True)
    return len(bookings)


def _check_cancel_cutoff(booking, now):
    if booking.slot is None:
        return  # Hajj and vehicle permits: cancellation is immediate, any time before use
    rule = selectors.rule_for(service=booking.service, day=local_date(booking.slot.starts_at))
    cutoff = timedelta(minutes=rule.cancellation_cutoff_minutes if rule else 0)
    if now > booking.slot.starts_at - cutoff:
        raise PermitError("cancel_too_late")


@transaction.atomic
def bookings_mark_no_show(*, now=None) -> int:
    """Permits whose slot has ended unused become no-shows (which bar a new one), and the
    booker is told so, with the day the bar ends, in the transaction of the change."""
    now = now or timezone.now()
    stale = list(Booking.objects.select_for_update(of=("self",), skip_locked=True)
                 .filter(status=Booking.Status.BOOKED, slot__ends_at__lt=now,
                         permit__status=Permit.Status.VALID)
                 .select_related("slot", "service", "permit", "user__profile"))
    Booking.objects.filter(pk__in=[booking.pk for booking in stale]).update(
        status=Booking.Status.NO_SHOW)
    for booking in stale:
        _notify_no_show(booking)
    return len(stale)


def _notify_no_show(booking):
    """The no-show and, when the service's rule bars a new permit after one, until when
    (the same end the booking rule checks: the slot's start plus the bar, rules.py)."""
    rule = selectors.rule_for(service=booking.service, day=local_date(booking.slot.starts_at))
    if rule is None or not rule.no_show_bar_days:
        _notify(booking, "no_show")
        return
    until = local_date(booking.slot.starts_at + timedelta(days=rule.no_show_bar_days))
    _notify(booking, "no_show_barred", until=lazy_dual(until))


# --- Gate ---------------------------------------------------------------------------------

class GateResult:
    VALID = "valid"
    WRONG_SLOT = "wrong_slot"
    ALREADY_USED = "already_used"
    CANCELLED = "cancelled"
    FORGED = "forged"
    UNKNOWN = "unknown"

    LABELS = {
        VALID: _("Valid: admit"),
        WRONG_SLOT: _("Wrong slot: not valid at this time"),
        ALREADY_USED: _("Already used"),
        CANCELLED: _("Cancelled"),
        FORGED: _("Forged or unreadable code"),
        UNKNOWN: _("No permit has this number: check it and type it again"),
    }


def permit_payload(*, permit: Permit) -> dict:
    booking = permit.booking
    start, end = permit_validity(booking=booking)
    # The persons the gate admits: seats still held for invited companions do not count
    # (the payload is computed on every read, so an accepted invitation shows at once).
    return {"n": permit.number, "s": booking.service.code,
            "p": booking.seats - booking.held_seats,
            "f": start.isoformat(timespec="minutes"),
            "u": end.isoformat(timespec="minutes")}


def permit_code(*, permit: Permit) -> str:
    return signing.sign(permit_payload(permit=permit))


def permit_qr(*, permits: list[Permit]) -> dict[int, PermitQR]:
    """Each permit's signed code and QR drawing, drawn only where none is stored or the stored
    one encodes another payload (a companion accepted, the slot or the signing key changed).

    Computing the payload is cheap (a dictionary); signing and above all drawing are not, and
    "my permits" is reloaded all day. Rows are written with one INSERT .. ON CONFLICT DO
    UPDATE, no lock: two views racing draw the same bytes (Ed25519 signatures are
    deterministic), so whichever write lands last is right. A derived copy of the permit,
    not an act of anyone's, hence no acting_user. Never on the booking path: the first view
    draws.
    """
    found, stale = {}, []
    key = signing.key_id()
    now = timezone.now()
    for permit in permits:
        payload = permit_payload(permit=permit)
        body = signing.body(payload).decode()
        stored = getattr(permit, "qr", None) if _qr_loaded(permit) else (
            PermitQR.objects.filter(permit=permit).first())
        if stored is not None and stored.payload == body and stored.key_id == key:
            found[permit.pk] = stored
            continue
        code = signing.sign(payload)
        row = PermitQR(permit=permit, payload=body, key_id=key, code=code,
                       svg=segno.make(code, error="m").svg_data_uri(scale=4), png=b"",
                       made_at=now)
        found[permit.pk] = row
        stale.append(row)
    if stale:
        PermitQR.objects.bulk_create(
            stale, update_conflicts=True, unique_fields=["permit"],
            update_fields=["payload", "key_id", "code", "svg", "png", "made_at"])
    return found


def permit_qr_png(*, permit: Permit) -> bytes:
    """The permit's QR code as the PDF places it (a PNG), drawn from the stored code on the
    first download and kept beside the SVG: later downloads draw nothing until the code is
    drawn again (permit_qr empties it then). The image is the one the PDF always carried."""
    stored = permit_qr(permits=[permit])[permit.pk]
    if stored.png:
        return bytes(stored.png)
    image = BytesIO()
    segno.make(stored.code, error="m").save(image, kind="png", scale=10, border=2)
    stored.png = image.getvalue()
    # Only onto the code it was drawn from: a view drawing a newer one meanwhile wins.
    PermitQR.objects.filter(permit_id=permit.pk, payload=stored.payload,
                            key_id=stored.key_id).update(png=stored.png)
    return stored.png


def _qr_loaded(permit: Permit) -> bool:
    """Whether the stored row came with the permit (select_related("permit__qr")), even as
    None: then asking for it again would be one query per permit."""
    return Permit.qr.is_cached(permit)


def permit_validity(*, booking: Booking):
    """When the gate admits this permit: from arrival time to the slot's end, or the days."""
    if booking.slot_id:
        rule = selectors.rule_for(service=booking.service, day=local_date(booking.slot.starts_at))
        before = timedelta(minutes=rule.arrive_before_minutes if rule else 15)
        return booking.slot.starts_at - before, booking.slot.ends_at
    days = [d.day for d in booking.vehicle_days.all()]
    if days:
        start = datetime.combine(min(days), datetime.min.time(), tzinfo=local_tz())
        return start, datetime.combine(max(days), datetime.max.time(), tzinfo=local_tz())
    rule = ServiceRule.objects.filter(service=booking.service,
                                      season=booking.contract.season_id if booking.contract else 0
                                      ).first()
    if rule:
        return (datetime.combine(rule.valid_from, datetime.min.time(), tzinfo=local_tz()),
                datetime.combine(rule.valid_until, datetime.max.time(), tzinfo=local_tz()))
    return booking.created_at, booking.created_at + timedelta(days=365)


@transaction.atomic
def permit_admit(*, code: str, acting_user, now=None) -> tuple[str, Permit | None]:
    """Check a scanned signed code or a typed permit number and, when valid, mark the permit
    used (exactly once)."""
    now = now or timezone.now()
    code = code.strip()
    if TYPED_NUMBER.fullmatch(number := code.upper()):
        permit = _gate_permits().filter(number=number).first()
        if not permit:
            return GateResult.UNKNOWN, None
        period = permit_validity(booking=permit.booking)  # ours: no signature to check
    else:
        payload = signing.verify(code)
        permit = payload and _gate_permits().filter(number=payload.get("n")).first()
        if not permit:
            return GateResult.FORGED, None
        period = datetime.fromisoformat(payload["f"]), datetime.fromisoformat(payload["u"])
    if permit.status == Permit.Status.CANCELLED:
        return GateResult.CANCELLED, permit
    if permit.status == Permit.Status.USED:
        return GateResult.ALREADY_USED, permit
    if not _valid_now(permit, period, now):
        return GateResult.WRONG_SLOT, permit
    # Conditional update: of two gates scanning the same code at once, one admits.
    if not Permit.objects.filter(pk=permit.pk, status=Permit.Status.VALID).update(
            status=Permit.Status.USED, used_at=now, used_by=acting_user):
        return GateResult.ALREADY_USED, permit
    Booking.objects.filter(pk=permit.booking_id).update(status=Booking.Status.USED)
    permit.refresh_from_db()
    _sla_survey_used(permit.booking, now=now)
    if permit.booking.contract_id:  # the contract's own survey goes with its permit's use
        _hajj_permit_changed(permit.booking, signals.USED, now=now, acting_user=acting_user)
    _notify(permit.booking, "used", when=now)
    return GateResult.VALID, permit


# What gate staff type from a printed permit: its number, e.g. RM-7KQ2XW9D.
TYPED_NUMBER = re.compile(rf"[A-Z]{{2}}-[{NUMBER_ALPHABET}]{{{NUMBER_LENGTH}}}")
# A permit number as this portal issues it (portal.references): only its own prefixes, so
# a number of another kind of the same shape (SD-...) is never looked up as a permit.
_PREFIXES = "|".join(sorted({*NUMBER_PREFIX.values(), "PM"}))
PERMIT_NUMBER = re.compile(rf"(?:{_PREFIXES})-[{NUMBER_ALPHABET}]{{{NUMBER_LENGTH}}}")


def _gate_permits():
    return Permit.objects.select_related("booking__service", "booking__slot")


def _valid_now(permit, period, now):
    start, end = period
    if not start <= now <= end:
        return False
    days = list(permit.booking.vehicle_days.values_list("day", flat=True))
    return not days or local_date(now) in days


# --- Hajj ---------------------------------------------------------------------------------

def hajj_request_create(*, acting_user, contract, companions=(), idempotency_key="", now=None):
    """Request the Hajj permit for a paid contract; staff decide within the working days."""
    now = now or timezone.now()
    if idempotency_key and (existing := selectors.booking_by_key(user=acting_user,
                                                                 key=idempotency_key)):
        return existing
    persons = _contract_persons(contract) or [person_for_user(user=acting_user), *companions]
    return _hajj_request_create(user=acting_user, contract=contract, persons=persons,
                                key=idempotency_key, now=now)


def _contract_persons(contract):
    """The persons on the package contract (holder first), as identified persons."""
    persons = []
    rows = getattr(contract, "persons", None)
    for row in (rows.filter(is_active=True).order_by("-is_holder", "pk") if rows else []):
        person = person_upsert(id_type=row.id_type, id_number=row.id_number,
                               full_name=row.full_name, gender=row.gender,
                               date_of_birth=row.date_of_birth,
                               identity_expires_on=row.identity_expires_on,
                               user=contract.pilgrim if row.is_holder else None)
        Person.objects.filter(pk=person.pk).update(
            identity_expires_on=row.identity_expires_on, last_hajj_season=row.last_hajj_year)
        person.refresh_from_db()
        persons.append(person)
    return persons


@transaction.atomic
def _hajj_request_create(*, user, contract, persons, key, now):
    service = PermitService.objects.get(code="hajj")
    rule = ServiceRule.objects.filter(service=service, season=contract.season_id).first()
    if rule is None:
        raise PermitError("service_closed")
    if contract.pilgrim_id != user.pk:
        raise PermitError("not_yours")
    if contract.status != contract.Status.PAID:
        raise PermitError("contract_not_paid")
    if len(persons) - 1 > rule.max_companions or len(persons) > contract.clients:
        raise PermitError("too_many_companions", max=min(rule.max_companions,
                                                          contract.clients - 1))
    lock_keys([f"permits:contract:{contract.pk}", *(p.lock_key for p in persons)])
    if Booking.objects.filter(contract=contract, status__in=Booking.ACTIVE).exists():
        raise PermitError("already_requested")
    for person in persons:
        rules.check_hajj_person(rule=rule, person=person, now=now)
    due = working_days.add_working_days(start=now, days=rule.processing_working_days,
                                        calendar=working_days.working_calendar())
    booking = Booking.objects.create(user=user, service=service, contract=contract,
                                     status=Booking.Status.REQUESTED, seats=len(persons),
                                     idempotency_key=key, created_at=now, due_by=due)
    BookingPerson.objects.bulk_create([
        BookingPerson(booking=booking, person=p,
                      role=BookingPerson.Role.BOOKER if i == 0 else BookingPerson.Role.COMPANION)
        for i, p in enumerate(persons)])
    _hajj_permit_changed(booking, signals.REQUESTED, now=now, acting_user=user)
    # Decided by staff within working days: pending until then (processing time runs).
    sla.transaction_record(service="hajj", started_at=now, outcome="pending",
                           reference=_hajj_reference(booking), provider=contract.provider,
                           user=user, now=now)
    _notify(booking, "requested", when=due)
    return booking


@transaction.atomic
def hajj_request_issue(*, booking: Booking, acting_user, permit_number: str = "",
                       now=None) -> Booking:
    """The permit is issued: by staff (our own number) or reported by the permit authority
    (`acting_user` None, with the authority's number). The contract moves to "issued"
    (packages listens) and the pilgrim gets the number by SMS."""
    now = now or timezone.now()
    booking = _pending_hajj(booking)
    booking.status, booking.decided_at, booking.decided_by = Booking.Status.BOOKED, now, acting_user
    booking.save(update_fields=["status", "decided_at", "decided_by"])
    _permit_issue(booking=booking, now=now, number=permit_number)
    _hajj_permit_changed(booking, signals.ISSUED, now=now, acting_user=acting_user)
    _sla_decide_hajj(booking, outcome="completed", now=now)
    _notify(booking, "issued")
    return booking


@transaction.atomic
def hajj_permit_print(*, booking: Booking, acting_user, now=None) -> Booking:
    """The issued Hajj permit is printed: from then a cancellation of the contract falls in
    the season's printed-permit refund tier (packages moves the contract on the signal), and
    the pilgrim is told by SMS. Printing a printed permit again changes nothing."""
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().select_related("service").get(pk=booking.pk)
    permit = Permit.objects.select_for_update().filter(booking=booking).first()
    if (booking.service.kind != PermitService.Kind.HAJJ or booking.status != Booking.Status.BOOKED
            or permit is None or permit.status != Permit.Status.VALID):
        raise PermitError("not_issued")
    booking.permit = permit
    if permit.printed_at is not None:
        return booking
    permit.printed_at = now
    permit.save(update_fields=["printed_at"])
    _hajj_permit_changed(booking, signals.PRINTED, now=now, acting_user=acting_user)
    _notify(booking, "printed")
    return booking


@transaction.atomic
def hajj_request_refuse(*, booking: Booking, acting_user, reason: str, now=None) -> Booking:
    """Refuse with a reason, by staff or reported by the permit authority (`acting_user`
    None); packages cancels the contract with the refusal's refund rule."""
    now = now or timezone.now()
    if not reason.strip():
        raise PermitError("reason_required")
    booking = _pending_hajj(booking)
    booking.status, booking.decided_at = Booking.Status.REFUSED, now
    booking.decided_by = acting_user
    booking.refusal_reason = reason.strip()
    booking.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason"])
    _sla_decide_hajj(booking, outcome="refused", now=now)
    _notify(booking, "refused", reason=booking.refusal_reason)
    _hajj_permit_changed(booking, signals.REFUSED, now=now, acting_user=acting_user)
    return booking


def _pending_hajj(booking):
    booking = Booking.objects.select_for_update().select_related("service").get(pk=booking.pk)
    if booking.service.kind != PermitService.Kind.HAJJ or booking.status != (
            Booking.Status.REQUESTED):
        raise PermitError("not_pending")
    return booking


# --- The processing clock swept -------------------------------------------------------------

# Told once, when the decision passed its processing time: a date in both calendars.
DELAY_SMS = _("Your request for %(service)s is taking longer than the %(days)s working "
              "days promised. A decision is now expected by %(date)s.")
# The Hajj decision clock's message, in the README's SMS table (portal.stages).
DEADLINES = [(Booking, _("A Hajj decision overdue: flagged to the ministry"), DELAY_SMS)]
OVERDUE_MAIL = (_("Hajj permit request %(reference)s is overdue"),
                _("The Hajj permit request %(reference)s was due for a decision on %(due)s "
                  "and is still waiting. The pilgrim was told to expect it by %(expected)s. "
                  "Decide it in the admin's bookings (filter \"flagged overdue\")."))


def hajj_requests_flag_overdue(*, now=None) -> int:
    """The beat's sweep: a Hajj request still undecided after its processing time (`due_by`,
    counted on the working calendar) is flagged for ministry staff, and the pilgrim told of
    the delay and the new expectation, once.

    Through portal.sweeps: beats split the backlog, each request flagged in its own
    transaction, locked and re-checked, so one decided meanwhile is left alone."""
    now = now or timezone.now()
    due = selectors.hajj_requests_overdue(now=now).filter(overdue_flagged_at__isnull=True)
    return sweep_due(name="permits.hajj_flag_overdue", due=due.order_by("due_by", "pk"),
                     process=partial(_flag_overdue_one, now=now))


def _flag_overdue_one(pk, *, now) -> bool:
    booking = (selectors.hajj_requests_overdue(now=now)
               .select_for_update(skip_locked=True, of=("self",))
               .select_related("service", "contract", "user__profile")
               .filter(pk=pk, overdue_flagged_at__isnull=True).first())
    if booking is None:
        return False  # decided, flagged by another sweeper, or in a staff member's hands
    rule = ServiceRule.objects.filter(service=booking.service,
                                      season=booking.contract.season_id).first()
    extra = rule.overdue_extra_working_days if rule else 0
    booking.expected_by = working_days.add_working_days(
        start=now, days=extra, calendar=working_days.working_calendar())
    booking.overdue_flagged_at = now
    booking.save(update_fields=["overdue_flagged_at", "expected_by"])
    mobile, language = _recipient(booking.user)
    _sms(user=booking.user, message=DELAY_SMS, recipient=(mobile, language),
         key=f"permit-booking:{booking.pk}:overdue", about=booking,
         context={"service": booking.service.safe_translation_getter(
                      "name", language_code=language, any_language=True),
                  "days": rule.processing_working_days if rule else "",
                  "date": format_dual(booking.expected_by, language=language)})
    transaction.on_commit(partial(_mail_overdue, booking.pk))
    return True


def _mail_overdue(booking_pk) -> None:
    """The staff notice to the ministry's administrators, who decide Hajj requests."""
    booking = Booking.objects.get(pk=booking_pk)
    context = {"reference": booking.contract.reference if booking.contract_id
               else _hajj_reference(booking),
               "due": format_dual_datetime(booking.due_by),
               "expected": format_dual(booking.expected_by)}
    subject, body = OVERDUE_MAIL
    mail_staff(str(subject) % context, str(body) % context,
               staff_emails(roles_wanted=[roles.MINISTRY_ADMIN]))


# --- Reports of the permit authority --------------------------------------------------------
# The Ministry of Interior's system reports each Hajj request's permit issued, printed or
# refused (permits/api_authority.py). Each report is stored once by its event_id and goes
# through the same services as the admin's actions; one that does not follow from the
# request's state changes nothing.


@dataclass(frozen=True)
class AuthorityReceipt:
    """What became of a report: its stored row, whether it was one seen before, and the
    refusal to answer when it changed nothing because it could not apply."""

    event: AuthorityEvent
    replayed: bool = False
    error: PermitError | None = None


def authority_event_receive(*, event_id: str, event: str, reference: str, permit_number: str,
                            reason: str, occurred_at, payload: dict, now=None) -> AuthorityReceipt:
    """Apply one report of the permit authority about the Hajj request `reference`.

    A report whose event_id was applied before (or found the request in that state) answers
    as it did and changes nothing; one refused before (out of order, unknown request) is
    tried again, since the report it waited for may have come since. `occurred_at` dates the
    change (never later than its receipt).
    """
    now = now or timezone.now()
    try:
        return _authority_event_receive(event_id=event_id, event=event, reference=reference,
                                        permit_number=permit_number, reason=reason,
                                        when=min(occurred_at, now), payload=payload, now=now)
    except IntegrityError:
        # The same report delivered twice at once, about no request we lock: the other
        # delivery stored it first.
        return AuthorityReceipt(AuthorityEvent.objects.get(event_id=event_id), replayed=True)


@transaction.atomic
def _authority_event_receive(*, event_id, event, reference, permit_number, reason, when,
                             payload, now):
    booking = selectors.hajj_request_by_reference(reference=reference)
    if booking is not None:
        # The request first: two deliveries of one report, or two reports of one request,
        # take their turns here.
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
    seen = AuthorityEvent.objects.select_for_update().filter(event_id=event_id).first()
    if seen is not None and seen.outcome in AuthorityEvent.ACCEPTED:
        return AuthorityReceipt(seen, replayed=True)
    error = None
    if booking is None:
        outcome = AuthorityEvent.Outcome.UNKNOWN_REQUEST
        error = PermitError("unknown_request", reference=reference)
    else:
        try:
            with transaction.atomic():
                changed = _authority_apply(booking, event, permit_number=permit_number,
                                           reason=reason, when=when)
        except PermitError as refusal:
            booking.refresh_from_db(fields=["status"])
            outcome = AuthorityEvent.Outcome.OUT_OF_ORDER
            error = PermitError("out_of_order", event=AuthorityEvent.Event(event).label,
                                state=booking.get_status_display(), reason=refusal)
        else:
            outcome = (AuthorityEvent.Outcome.APPLIED if changed
                       else AuthorityEvent.Outcome.UNCHANGED)
    row = seen or AuthorityEvent(event_id=event_id)
    row.event, row.request_reference, row.booking = event, reference, booking
    row.payload, row.occurred_at, row.received_at, row.outcome = payload, when, now, outcome
    row.save()
    return AuthorityReceipt(row, error=error)


def _authority_apply(booking, event, *, permit_number, reason, when) -> bool:
    """True when the report changed the request, False when it was in that state already;
    a PermitError when the report does not follow from the request's state."""
    permit = Permit.objects.filter(booking=booking).first()
    issued = booking.status == Booking.Status.BOOKED and permit is not None
    if event == AuthorityEvent.Event.ISSUED:
        if booking.status == Booking.Status.REQUESTED:
            hajj_request_issue(booking=booking, acting_user=None, permit_number=permit_number,
                               now=when)
            return True
        if issued and permit.number == permit_number:
            return False
        if issued:
            raise PermitError("other_permit_number", number=permit.number)
        raise PermitError("not_pending")
    if event == AuthorityEvent.Event.PRINTED:
        if issued and permit_number and permit.number != permit_number:
            raise PermitError("other_permit_number", number=permit.number)
        if issued and permit.printed_at is not None:
            return False
        hajj_permit_print(booking=booking, acting_user=None, now=when)
        return True
    hajj_request_refuse(booking=booking, acting_user=None, reason=reason, now=when)
    return True


# --- Vehicles -----------------------------------------------------------------------------

@transaction.atomic
def vehicle_permit_create(*, acting_user, plate_number, vehicle_type, driver_name, driver_id_number,
                          days, idempotency_key="", now=None) -> Booking:
    """A vehicle entry permit for the given days, issued at once when the rules pass."""
    now = now or timezone.now()
    if idempotency_key and (existing := selectors.booking_by_key(user=acting_user,
                                                                 key=idempotency_key)):
        return existing
    service = PermitService.objects.get(code="mashair_vehicle")
    days = sorted(set(days))
    plate = plate_number.strip().upper()
    if not days or days[0] < local_date(now):
        raise PermitError("vehicle_days_invalid")
    # Closed as bookings are: switched off, or no season's rule covers the days.
    rule = selectors.rule_for(service=service, day=days[0])
    if rule is None or not service.is_active:
        raise PermitError("service_closed")
    if days[-1] > rule.valid_until:
        raise PermitError("vehicle_days_invalid")
    rules.check_vehicle_days(rule=rule, days=days)
    lock_keys([f"permits:vehicle:{plate}"])
    clash = VehicleDay.objects.filter(booking__plate_number=plate, day__in=days,
                                      booking__status=Booking.Status.BOOKED).first()
    if clash:
        raise PermitError("vehicle_duplicate", plate=plate, day=clash.day)
    booking = Booking.objects.create(
        user=acting_user, service=service, status=Booking.Status.BOOKED, seats=1, created_at=now,
        idempotency_key=idempotency_key, plate_number=plate, vehicle_type=vehicle_type,
        driver_name=driver_name, driver_id_number=driver_id_number)
    VehicleDay.objects.bulk_create([VehicleDay(booking=booking, day=d) for d in days])
    _permit_issue(booking=booking, now=now)
    _sla_completed(booking, now=now, service_code="mashair_vehicle")
    _notify(booking, "booked")
    return booking


# --- Waiting list -------------------------------------------------------------------------

def waitlist_join(*, acting_user, slot: Slot, companions=(), idempotency_key="", now=None
                  ) -> WaitlistEntry:
    """Join a full slot's line with the companions.

    Joining is idempotent: an account already in the slot's line (waiting or offered) gets
    that entry back unchanged, and a repeated idempotency key returns the first entry
    whatever became of it. Raises PermitError (service_closed, waitlist_not_full, a rule's
    code).
    """
    now = now or timezone.now()
    if existing := _live_or_keyed_entry(acting_user, slot, idempotency_key):
        return existing
    try:
        return _waitlist_join(user=acting_user, slot=slot, companions=companions,
                              idempotency_key=idempotency_key, now=now)
    except IntegrityError:
        # A concurrent join of the same account won the unique constraint: return its entry.
        if existing := _live_or_keyed_entry(acting_user, slot, idempotency_key):
            return existing
        raise


def waitlist_entry_existing(*, user, slot, idempotency_key="") -> WaitlistEntry | None:
    """The entry a retried join would return (same key, or the account's live entry)."""
    return _live_or_keyed_entry(user, slot, idempotency_key)


def _live_or_keyed_entry(user, slot, key):
    entries = WaitlistEntry.objects.filter(user=user)
    return ((key and entries.filter(idempotency_key=key).first())
            or entries.filter(slot_id=slot.pk, status__in=WaitlistEntry.ACTIVE).first())


@transaction.atomic
def _waitlist_join(*, user, slot, companions, idempotency_key, now):
    dependants, invitees = split_companions(companions)
    slot = Slot.objects.select_related("service").get(pk=slot.pk)
    persons = [person_for_user(user=user), *(dependant_person(d) for d in dependants)]
    # Joining books nothing yet: the persons' history is checked when the offer is confirmed.
    rules.check_booking(
        rule=selectors.rule_for(service=slot.service, day=local_date(slot.starts_at)),
        slot=slot, persons=persons, now=now, dependants=dependants, invited=len(invitees))
    seats = len(persons) + len(invitees)
    if slot.remaining >= seats:
        raise PermitError("waitlist_not_full")
    entry = WaitlistEntry.objects.create(
        slot=slot, user=user, seats=seats, created_at=now, idempotency_key=idempotency_key,
        companions=[{"dependant": d.pk} for d in dependants] + [i.as_data() for i in invitees])
    entry.persons.set(persons)
    return entry


def waitlist_offer_next(*, slot: Slot, now) -> WaitlistEntry | None:
    """Hold freed seats for the first waiting entry that fits and offer them by SMS."""
    # Only the slot's row: locking the service's too would hold up every booking of the
    # service (their foreign key reads it) until this transaction ends.
    slot = Slot.objects.select_for_update(of=("self",)).select_related("service").get(
        pk=slot.pk)
    if slot.waitlist.filter(status=WaitlistEntry.Status.OFFERED).exists():
        return None
    entry = (slot.waitlist.filter(status=WaitlistEntry.Status.WAITING, seats__lte=slot.remaining)
             .order_by("created_at", "pk").first())
    if entry is None or take_seats(slot_id=slot.pk, seats=entry.seats) is None:
        return None
    rule = selectors.rule_for(service=slot.service, day=local_date(slot.starts_at))
    entry.status, entry.offered_at = WaitlistEntry.Status.OFFERED, now
    entry.offer_expires_at = min(now + timedelta(minutes=rule.offer_minutes if rule else 30),
                                 slot.starts_at)
    entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
    _notify_offer(entry)
    return entry


def waitlist_confirm(*, token, acting_user, instructions_accepted=True, now=None) -> Booking:
    """The offered entry books its held seats (the rules are checked again, per person);
    the companions it invites are asked now, and those with a standing consent join."""
    now = now or timezone.now()
    booking = _waitlist_confirm(token=token, user=acting_user,
                                instructions_accepted=instructions_accepted, now=now)
    consent.accept_standing(invitations=booking.consent_invitations, now=now)
    return booking


@transaction.atomic
def _waitlist_confirm(*, token, user, instructions_accepted, now) -> Booking:
    entry = WaitlistEntry.objects.only("slot_id").get(token=token, user=user)
    _lock_slot(entry.slot_id)
    entry = WaitlistEntry.objects.select_for_update(of=("self",)).select_related(
        "slot__service").get(pk=entry.pk)
    if entry.status != WaitlistEntry.Status.OFFERED or entry.offer_expires_at < now:
        raise PermitError("offer_expired")
    slot = entry.slot
    dependants, invitees = split_companions(companions_from(user=user, data=entry.companions))
    rule = selectors.rule_for(service=slot.service, day=local_date(slot.starts_at))
    persons = [person_for_user(user=user), *(dependant_person(d) for d in dependants)]
    # The seats are held for the entry already: no sold_out here.
    rules.check_booking(
        rule=rule, slot=slot, persons=persons, now=now, dependants=dependants,
        invited=len(invitees), instructions_accepted=instructions_accepted,
        read_history=lambda sql, params: lock_keys_then_read(
            (person.lock_key for person in persons), sql, params))
    batch = StatementBatch()
    booking = bookings.booking_rows(
        batch, ids=bookings.reserve_ids(Booking, Permit, SmsMessage), user=user, slot=slot,
        persons=persons, names=["", *(d.full_name for d in dependants)], held=len(invitees),
        key="", accepted=instructions_accepted, now=now)
    batch.send()
    booking.consent_invitations = invite_companions(acting_user=user, booking=booking,
                                                    invitees=invitees, rule=rule, now=now)
    if entry.seats > booking.seats:  # an entry from before companions were named as data
        return_seats(slot_id=slot.pk, seats=entry.seats - booking.seats)
    entry.status, entry.booking = WaitlistEntry.Status.CONFIRMED, booking
    entry.save(update_fields=["status", "booking"])
    return booking


def waitlist_expire_offers(*, now=None) -> int:
    """Beat task: unconfirmed offers lapse; their seats pass to the next entry in line.

    Through the portal's one sweep helper (portal/sweeps.py): beats split the lapsed offers,
    and each is expired in its own transaction, so one that fails does not hold back the
    rest."""
    now = now or timezone.now()
    lapsed = WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED,
                                          offer_expires_at__lt=now)
    return sweep_due(name="permits.waitlist_expire_offers",
                     due=lapsed.order_by("slot_id", "pk"),
                     process=partial(_expire_offer, lapsed=lapsed, now=now))


def _expire_offer(entry_id, *, lapsed, now) -> bool:
    slot_id = lapsed.filter(pk=entry_id).values_list("slot_id", flat=True).first()
    if slot_id is None:
        return False
    _lock_slot(slot_id)
    # Read again under the slot's lock: the entry may have been left or confirmed since. An
    # entry somebody holds is skipped, never waited for (the next run sees it again), so the
    # beat task cannot be one side of a deadlock over an entry.
    entry = lapsed.select_for_update(skip_locked=True).filter(pk=entry_id).first()
    if entry is None:
        return False
    entry.status = WaitlistEntry.Status.EXPIRED
    entry.save(update_fields=["status"])
    _notify_offer_lapsed(entry)
    return_seats(slot_id=slot_id, seats=entry.seats)
    waitlist_offer_next(slot=entry.slot, now=now)
    return True


def _lock_slot(slot_id):
    """Every waiting-list write locks the slot before its entries, as booking_cancel does
    (the booking, then the slot, then the entry it offers the seats to): taken in one order
    everywhere, the locks cannot deadlock."""
    Slot.objects.select_for_update().only("pk").get(pk=slot_id)


# --- SMS ----------------------------------------------------------------------------------

def _recipient(user):
    profile = getattr(user, "profile", None)
    mobile = getattr(profile, "mobile", "") if profile else ""
    language = getattr(profile, "preferred_language", "") or "ar"
    return str(mobile or ""), language


def _sms_row(*, user, message, context, key, about, recipient=None):
    """The SMS outbox row (not yet saved), or None when the user has no mobile number."""
    mobile, language = recipient or _recipient(user)
    if not mobile:
        return None
    return sms_row(to=mobile, message=message, context=context, language=language,
                   idempotency_key=key, user=user, about=about)


def _sms(**kwargs):
    row = _sms_row(**kwargs)
    if row is not None:
        sms_enqueue(row)


def notice_row(booking, event, *, recipient=None, **extra):
    """The event's SMS about the booking, not yet saved (None without a mobile number);
    `recipient` (mobile, language) saves reading the profile."""
    recipient = recipient or _recipient(booking.user)
    when = extra.pop("when", None) or (booking.slot.starts_at if booking.slot_id else None)
    number = getattr(getattr(booking, "permit", None), "number", "")
    # The service's name in the recipient's language, like the rest of the text.
    context = {"service": booking.service.safe_translation_getter(
                   "name", language_code=recipient[1], any_language=True),
               "number": number,
               # Both calendars, as on the pages, in the recipient's language: formatted
               # when sms_row renders the text (arithmetic only, no query on the rush path).
               "when": lazy_dual_datetime(when) if when else "",
               **extra}
    return _sms_row(user=booking.user, message=SMS[event], context=context,
                    key=f"permit-booking:{booking.pk}:{event}", about=booking,
                    recipient=recipient)


def _notify(booking, event, **extra):
    """Queue the event's SMS about the booking."""
    row = notice_row(booking, event, **extra)
    if row is not None:
        sms_enqueue(row)


def _notify_offer(entry):
    link = settings.SITE_URL + reverse("permits:waitlist_confirm", args=[entry.token])
    _sms(user=entry.user, message=SMS["offered"],
         context={**_offer_context(entry), "link": link,
                  "until": lazy_dual_datetime(entry.offer_expires_at)},
         key=f"permit-waitlist:{entry.pk}:offered", about=entry)


def _notify_offer_lapsed(entry):
    """The holder of a lapsed offer learns the seats went on (one SMS per entry)."""
    _sms(user=entry.user, message=SMS["offer_lapsed"], context=_offer_context(entry),
         key=f"permit-waitlist:{entry.pk}:lapsed", about=entry)


def _offer_context(entry):
    mobile, language = _recipient(entry.user)
    # The service's name in the recipient's language, like the rest of the text.
    return {"service": entry.slot.service.safe_translation_getter(
                "name", language_code=language, any_language=True),
            "when": lazy_dual_datetime(entry.slot.starts_at)}


# --- Leaving a waiting list -----------------------------------------------------------------

@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry, acting_user, now=None) -> WaitlistEntry:
    """Leave a waiting list. An offer held for the entry is declined: its seats go back and
    pass to the next entry in line. Leaving an entry already out of the line changes nothing.
    """
    now = now or timezone.now()
    # The slot first, then the entry (see _lock_slot), so a cancellation cannot offer seats to
    # an entry that is leaving, and the beat task expiring this offer cannot deadlock with it.
    _lock_slot(entry.slot_id)
    entry = WaitlistEntry.objects.select_for_update().select_related("slot").get(pk=entry.pk)
    if entry.user_id != acting_user.pk:
        raise PermitError("not_yours")
    if entry.status == WaitlistEntry.Status.CONFIRMED:
        raise PermitError("waitlist_booked")
    if entry.status not in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED):
        return entry
    held = entry.status == WaitlistEntry.Status.OFFERED
    entry.status = WaitlistEntry.Status.CANCELLED
    entry.save(update_fields=["status"])
    if held:
        return_seats(slot_id=entry.slot_id, seats=entry.seats)
        waitlist_offer_next(slot=entry.slot, now=now)
    return entry


def waitlist_leave_refusal(*, entry: WaitlistEntry) -> PermitError | None:
    """Why leaving this entry would do nothing now (its seats are booked, or it is out of the
    line already), for the confirmation page; None: leaving gives up its place or its offer.
    waitlist_leave checks again under its lock."""
    if entry.status == WaitlistEntry.Status.CONFIRMED:
        return PermitError("waitlist_booked")
    if entry.status not in WaitlistEntry.ACTIVE:
        return PermitError("waitlist_left")
    return None


# --- Public holidays ------------------------------------------------------------------------

@transaction.atomic
def holidays_seed(*, years, acting_user=None) -> int:
    """(Re)generate the public holidays of the given Hijri years from the holiday rules.

    Idempotent: a rule's day already there stays, a day the rule no longer gives (its length
    or date was edited) goes, a missing one is added; a day staff added by hand on the same
    date is taken over by the rule. Days staff added by hand on other dates are kept.
    Returns how many days were added.
    """
    added = 0
    with acting(acting_user, action="holidays_seed"):
        rules = list(HolidayRule.objects.select_related("calendar").prefetch_related(
            "translations").order_by("pk"))
        for year in years:
            first, last = hijri_year_bounds(year)
            for rule in rules:
                wanted = set(holiday_days(kind=rule.kind, month=rule.month, day=rule.day,
                                          length_days=rule.length_days, year=year))
                # Only the days of this Hijri year: a rule's other years are left alone.
                rule.days.filter(date__range=(first, last)).exclude(date__in=wanted).delete()
                # In English like the days seeded before the rules, whoever runs it.
                name = (rule.safe_translation_getter("name", language_code="en",
                                                     any_language=True) or str(rule))[:100]
                for day in sorted(wanted):
                    holiday, created = PublicHoliday.objects.get_or_create(
                        calendar=rule.calendar, date=day, defaults={"name": name, "rule": rule})
                    added += created
                    if not created and holiday.rule_id is None:
                        holiday.rule, holiday.name = rule, name
                        holiday.save(update_fields=["rule", "name"])
    return added


def service_rule_change_apply(*, rule, previous, acting_user, reason: str) -> None:
    """Save an edited permit rule (portal.rule_changes: in its transaction and audit context).

    Bookings made under the previous rule are kept, even those the new one would refuse (the
    preview lists them): a rule binds the bookings made after it, and the pilgrims holding
    those permits planned their visit on them. The rule cache of this process forgets the
    rule at once (permits.apps' signal on save)."""
    rule.save()


def slot_template_change_apply(*, rule, previous, acting_user, reason: str, now=None) -> None:
    """Save an edited slot template (portal.rule_changes: in its transaction and audit context).

    A new capacity reaches the template's slots not started yet: each takes it, never below
    the seats already taken in it (those bookings are kept, the capacity stops at them; the
    preview lists them), and the seats an increase frees are offered to the slot's waiting
    list as a cancellation's are. Slots already started stay as they are, and so do all the
    slots when only the template's other fields change (they shape the slots generated next)."""
    now = now or timezone.now()
    rule.save()
    if rule.capacity != previous.capacity:
        _slots_set_capacity(Slot.objects.filter(template=rule, starts_at__gt=now),
                            capacity=rule.capacity, now=now)

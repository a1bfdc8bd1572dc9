"""Booking a slot: the rush-hour path (bench/booking measures it), behind one wall.

Every speed-up of the booking lives here or in hajjportal/db (the database specialities);
the other apps only build rows (sla.services.transaction_row, notifications.services.sms_row)
and this module writes them. What a booking sends:

1. One read before the transaction (booking_context, a prepared statement): the slot, the
   booker's person, an earlier booking with the same idempotency key, the booker's mobile and
   language, and the ids of every row the booking writes, reserved from their sequences.
2. BEGIN, then the persons' advisory locks with their booking history (locking.py).
3. Every INSERT (booking, persons, permit, the "booked" SMS, SLA record: each row one JSON
   parameter, hajjportal.db.inserts) with the seat take and the COMMIT, in one round trip:
   the rows need no answer (their ids are known), and the slot's row, which every booking of
   the slot updates, is locked only while committing.

No satisfaction survey is sent at booking: the visit has not happened yet. The SLA record
carries the slot's end as its survey time, and the survey is offered at gate entry
(services.permit_admit) or, failing that, by the beat sweep once the slot has ended
(sla.services.surveys_offer_due); cancelling the booking withdraws it.

Every rule is checked by permits.rules.check_booking, as on every other path that books.
Capacity is one counter per slot, decremented by permits_take_seats (migration 0003) as the
last statement of the transaction.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.utils import formats, timezone

from consent import services as consent
from hajjportal.db.inserts import StatementBatch, next_id_sql
from hajjportal.db.prepared import prepared_cursor
from notifications.models import SmsMessage
from notifications.services import sms_send_on_commit
from sla import services as sla
from sla.models import Transaction as SlaTransaction

from . import rules, selectors, services, waiting_room
from .dates import local_date
from .errors import PermitError
from .locking import lock_keys_then_read
from .models import Booking, BookingPerson, Permit, Person, Slot

logger = logging.getLogger(__name__)


def booking_create(*, acting_user, slot: Slot, companions=(), idempotency_key: str = "",
                   instructions_accepted: bool = False, queue_pass: str = "",
                   now=None) -> Booking:
    """Book a slot for the account holder and companions; the permit is issued at once.

    A repeated idempotency key returns the first booking (before any pass is asked for). A
    slot of a release behind the waiting room needs the account's `queue_pass`, used up
    only if the booking succeeds. Raises PermitError (sold_out, busy, queue,
    queue_unavailable, or a rule's code). The booking returned carries its persons as `party`.
    """
    now = now or timezone.now()
    context = booking_context(user_id=acting_user.pk, slot_id=slot.pk,
                              idempotency_key=idempotency_key)
    if context.existing_booking_id is not None:
        return _answer(selectors.booking_by_key(user=acting_user, key=idempotency_key))
    release = waiting_room.release_for_slot(slot.pk, now=now.timestamp())
    if release is None:
        return _booking_create_checked(acting_user=acting_user, context=context,
                                       companions=companions, idempotency_key=idempotency_key,
                                       instructions_accepted=instructions_accepted, now=now)
    _pass_claim(release, user=acting_user, queue_pass=queue_pass, seats=1 + len(companions),
                now=now)
    try:
        booking = _booking_create_checked(
            acting_user=acting_user, context=context, companions=companions,
            idempotency_key=idempotency_key, instructions_accepted=instructions_accepted,
            now=now)
    except BaseException:
        waiting_room.pass_release(release, user_id=acting_user.pk)
        raise
    try:
        waiting_room.pass_use(release, user_id=acting_user.pk, seats=booking.seats)
    except waiting_room.QueueUnavailable:
        # The booking stands; the pass, unclaimed, lapses at its expiry.
        logger.warning("Release %s: pass of user %s not marked used", release.id,
                       acting_user.pk)
    # A companion with an account of their own, booked here, counts once: their own place
    # in the line goes (invited companions give it up when they accept: services).
    waiting_room.places_give_up(release, user_ids=[
        row.person.user_id for row in booking.party[1:] if row.person.user_id != acting_user.pk])
    return booking


def waitlist_join(*, acting_user, slot: Slot, companions=(), idempotency_key: str = "",
                  queue_pass: str = "", now=None):
    """Join a full slot's waiting list (services.waitlist_join); during a release behind the
    waiting room that needs the account's pass as booking does, and the join uses it up
    (it books no seat: the pass's seats go back to the queue). A retried join returns its
    entry before a pass is asked for. Raises PermitError ("queue", "queue_unavailable", or
    the join's codes)."""
    now = now or timezone.now()
    release = waiting_room.release_for_slot(slot.pk, now=now.timestamp())
    if release is None or services.waitlist_entry_existing(
            user=acting_user, slot=slot, idempotency_key=idempotency_key):
        return services.waitlist_join(acting_user=acting_user, slot=slot, companions=companions,
                                      idempotency_key=idempotency_key, now=now)
    _pass_claim(release, user=acting_user, queue_pass=queue_pass, seats=1 + len(companions),
                now=now)
    try:
        entry = services.waitlist_join(acting_user=acting_user, slot=slot,
                                       companions=companions, idempotency_key=idempotency_key,
                                       now=now)
    except BaseException:
        waiting_room.pass_release(release, user_id=acting_user.pk)
        raise
    try:
        waiting_room.pass_use(release, user_id=acting_user.pk, seats=0)
    except waiting_room.QueueUnavailable:
        logger.warning("Release %s: pass of user %s not marked used", release.id,
                       acting_user.pk)
    return entry


def _pass_claim(release, *, user, queue_pass, seats, now) -> None:
    """Hold the account's pass for this booking, or refuse with its place in the line
    (joined now if it had none): PermitError "queue", or "queue_unavailable" when Redis
    cannot be asked (fail closed: nothing is booked)."""
    at = now.timestamp()
    if at < release.prequeue_from:
        raise release_not_open(release)
    try:
        if waiting_room.pass_claim(release, user_id=user.pk, queue_pass=queue_pass, now=at):
            return
        place = waiting_room.join(release, user_id=user.pk, seats=seats, now=at)
    except waiting_room.QueueUnavailable as exc:
        raise PermitError("queue_unavailable") from exc
    raise PermitError("queue", queue=(release, place))


def release_not_open(release) -> PermitError:
    """The refusal before a release's pre-queue opens, naming the opening."""
    opens = timezone.localtime(datetime.fromtimestamp(release.opens_at, tz=UTC))
    return PermitError("release_not_open", opens=formats.date_format(opens, "DATETIME_FORMAT"),
                       minutes=round((release.opens_at - release.prequeue_from) / 60))


def _booking_create_checked(*, acting_user, context, companions, idempotency_key,
                            instructions_accepted, now) -> Booking:
    booker = context.person or services.person_for_user(user=acting_user)
    dependants, invitees = services.split_companions(companions)
    try:
        booking = _booking_create(
            user=acting_user, context=context, booker=booker, dependants=dependants,
            invitees=invitees, idempotency_key=idempotency_key,
            instructions_accepted=instructions_accepted, now=now)
    except PermitError as error:
        if context.slot is not None:
            sla.transaction_record_refusal(service=context.slot.service.code,
                                           error_code=error.code, started_at=now, user=acting_user,
                                           now=now)
        raise
    except IntegrityError:
        existing = (selectors.booking_by_key(user=acting_user, key=idempotency_key)
                    if idempotency_key else None)
        if existing is None:
            raise
        return _answer(existing)
    if invitees:
        # Those who let the booker add them at once join now, each checked in their own
        # transaction; a refusal goes to them, not to the booker.
        consent.accept_standing(invitations=booking.consent_invitations, now=now)
        booking = _answer(selectors.booking_with_invitations(pk=booking.pk))
    return booking


def _answer(booking):
    """A booking read back (prefetched), with `party` as a new one carries it."""
    if booking is not None:
        booking.party = list(booking.persons.all())
    return booking


@transaction.atomic
def _booking_create(*, user, context, booker, dependants, invitees, idempotency_key,
                    instructions_accepted, now):
    slot = context.slot
    if slot is None:
        raise PermitError("no_slot")
    rule = selectors.rule_for(service=slot.service, day=local_date(slot.starts_at))
    persons = [booker, *(services.dependant_person(d) for d in dependants)]
    # A concurrent request with the same key fails on the unique constraint (IntegrityError)
    # and booking_create returns the first booking.
    rules.check_booking(
        rule=rule, slot=slot, persons=persons, now=now, dependants=dependants,
        invited=len(invitees), instructions_accepted=instructions_accepted,
        seats_left=slot.remaining,
        read_history=lambda sql, params: lock_keys_then_read(
            (person.lock_key for person in persons), sql, params))
    recipient = (context.mobile, context.language)
    batch = StatementBatch()
    booking = booking_rows(batch, ids=context.reserved_ids, user=user, slot=slot,
                           persons=persons, names=["", *(d.full_name for d in dependants)],
                           held=len(invitees), key=idempotency_key,
                           accepted=instructions_accepted, now=now, recipient=recipient)
    if invitees:
        batch.send()  # the invitations name the booking: its rows go first
    booking.consent_invitations = services.invite_companions(
        acting_user=user, booking=booking, invitees=invitees, rule=rule, now=now)
    _completed_rows(batch, booking, ids=context.reserved_ids, now=now)
    # Last statement, with the commit: the slot row stays locked for the shortest time.
    slot.remaining = take_seats_and_commit(slot_id=slot.pk, seats=booking.seats, batch=batch)
    return booking


def booking_rows(batch, *, ids, user, slot, persons, names, held, key, accepted, now,
                 recipient=None) -> Booking:
    """The booking, its persons, its permit and the "booked" SMS, held in `batch` with the
    ids reserved for them (`ids`: lists by model, as reserve_ids gives them).

    `held`: seats for invited companions on top of the persons; `names`: the name the
    booker gave for each person ("" for their own); `recipient`: (mobile, language) if the
    caller has them (else the booker's profile is read)."""
    booking = Booking(pk=ids[Booking].pop(0), user=user, service=slot.service, slot=slot,
                      status=Booking.Status.BOOKED, seats=len(persons) + held,
                      held_seats=held, idempotency_key=key, created_at=now,
                      instructions_accepted_at=now if accepted else None)
    permit = Permit(pk=ids[Permit].pop(0), booking=booking,
                    number=services.permit_number(slot.service), issued_at=now)
    booking.permit = permit
    booking.party = [
        BookingPerson(booking=booking, person=person, name=name,
                      role=BookingPerson.Role.BOOKER if i == 0 else BookingPerson.Role.COMPANION)
        for i, (person, name) in enumerate(zip(persons, names, strict=True))]
    for row in (booking, *booking.party, permit):
        batch.add_row(row)
    _sms_row(batch, services.notice_row(booking, "booked", recipient=recipient), ids)
    return booking


def _completed_rows(batch, booking, *, ids, now):
    """A permit issued at once is one completed transaction of its e-service (started now,
    so no older hour of the SLA rollups to mark), surveyed once the slot has ended."""
    record = sla.transaction_row(service=booking.service.code, started_at=now,
                                 outcome="completed", reference=f"permit-booking:{booking.pk}",
                                 user=booking.user, now=now, survey_at=booking.slot.ends_at)
    record.pk = ids[SlaTransaction].pop(0)
    batch.add_row(record)


def _sms_row(batch, row, ids):
    if row is not None:
        row.pk = ids[SmsMessage].pop(0)
        batch.add_row(row)
        sms_send_on_commit(row)


def reserve_ids(*models) -> dict:
    """One id of each model's sequence (a model named twice gets two), by model: for
    booking_rows outside the rush path, whose context read reserves them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(next_id_sql(model) for model in models))
        return _ids_by_model(models, cursor.fetchone())


def _ids_by_model(models, values) -> dict:
    ids = {}
    for model, pk in zip(models, values, strict=True):
        ids.setdefault(model, []).append(pk)
    return ids


SOLD_OUT = "permits_sold_out"  # raised by permits_take_seats (migration 0003)


def take_seats_and_commit(*, slot_id: int, seats: int, batch: StatementBatch) -> int:
    """Take the seats as the transaction's last statement, committing in the same round trip.

    The slot's row is the one every booking of the slot updates. Sent apart, the COMMIT
    follows the UPDATE only once this thread gets the CPU back, and under load every other
    booking of the slot waits that long on the row lock (measured: 56 bookings/s with a p99
    of 16 s). permits_take_seats raises when the seats are not there, which stops the COMMIT.
    Only the outermost transaction commits here; nested in a caller's block the COMMIT
    stays with that block. The INSERTs held in `batch` go first, in the same round trip.
    Returns the seats left; raises PermitError (sold_out, busy).
    """
    outermost = len(connection.atomic_blocks) == 1 and connection.commit_on_exit
    sql = "SELECT permits_take_seats(%s, %s)" + ("; COMMIT" if outermost else "")
    try:
        return batch.send_with(sql, [slot_id, seats])[0]
    except OperationalError as exc:  # the persons' lock_timeout reached on the slot's row
        raise PermitError("busy") from exc
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "P0001" and SOLD_OUT in str(exc):
            raise PermitError("sold_out") from exc
        raise


# --- The read before the transaction --------------------------------------------------------

@dataclass
class BookingContext:
    """Everything a booking reads before its transaction, fetched in one round trip."""

    slot: Slot | None
    person: Person | None  # the account holder's identified person, if known yet
    existing_booking_id: int | None  # an earlier booking with the same idempotency key
    mobile: str
    language: str
    # Primary keys for the rows the booking writes, by model: with them the INSERTs need no
    # answer and go with the seat take.
    reserved_ids: dict


# The booking, its permit, its SLA record, and its "booked" SMS.
RESERVED = (Booking, Permit, SlaTransaction, SmsMessage)
SLOT_FIELDS = tuple(Slot._meta.concrete_fields)
PERSON_FIELDS = tuple(Person._meta.concrete_fields)
# One statement instead of five ORM queries (slot, person, idempotency key, profile): on a
# hot endpoint the ORM's per-query compile costs more CPU than PostgreSQL spends answering.
BOOKING_CONTEXT_SQL = (
    "SELECT " + ", ".join(f"s.{field.column}" for field in SLOT_FIELDS) + ", "
    + ", ".join(f"p.{field.column}" for field in PERSON_FIELDS) + ", "
    + ", ".join(next_id_sql(model) for model in RESERVED) + ", "
    "(SELECT b.id FROM permits_booking b WHERE b.user_id = %(user)s "
    "   AND b.idempotency_key = %(key)s AND %(key)s <> '' LIMIT 1), "
    "pr.mobile, pr.preferred_language "
    "FROM (SELECT 1) AS one "
    f"LEFT JOIN {Slot._meta.db_table} s ON s.id = %(slot)s "
    f"LEFT JOIN {Person._meta.db_table} p ON p.user_id = %(user)s "
    "LEFT JOIN accounts_pilgrimprofile pr ON pr.user_id = %(user)s"
)


def booking_context(*, user_id: int, slot_id: int, idempotency_key: str) -> BookingContext:
    """The booking's reads, and ids reserved for its rows (sequence values: a booking that
    is refused leaves a gap, as a rolled-back INSERT does)."""
    with prepared_cursor() as cursor:  # planned once per connection, not per booking
        cursor.execute(BOOKING_CONTEXT_SQL,
                       {"user": user_id, "slot": slot_id, "key": idempotency_key})
        row = cursor.fetchone()
    slot_end = len(SLOT_FIELDS)
    person_end = slot_end + len(PERSON_FIELDS)
    slot_values, person_values = row[:slot_end], row[slot_end:person_end]
    reserved_ids = _ids_by_model(RESERVED, row[person_end:person_end + len(RESERVED)])
    existing, mobile, language = row[-3:]
    slot = None
    if slot_values[0] is not None:
        slot = Slot.from_db(connection.alias, [f.attname for f in SLOT_FIELDS], slot_values)
        service = selectors.service_cached(service_id=slot.service_id)
        if service is not None:
            slot.service = service
    person = (Person.from_db(connection.alias, [f.attname for f in PERSON_FIELDS],
                             person_values)
              if person_values[0] is not None else None)
    return BookingContext(slot=slot, person=person, existing_booking_id=existing,
                          mobile=str(mobile or ""), language=language or "ar",
                          reserved_ids=reserved_ids)

"""Writes of the SLA app. The interface other apps call:

    from sla.services import transaction_record, transaction_complete

    # inside the owning app's transaction.atomic(), once per transaction:
    transaction_record(service="rawdah_men", started_at=now, outcome="completed",
                       reference=permit.number, user=pilgrim, now=now)
    # decided later (a Hajj permit request): record it pending, then decide it
    transaction_record(service="hajj", started_at=now, outcome="pending",
                       reference=request.reference, user=pilgrim)
    transaction_complete(service="hajj", reference=request.reference, outcome="completed",
                         completed_at=decided_at)

- `service`: an `EService` or its code (hajj, hajj_cancel, new_request, inquiry,
  new_request_abroad, mashair_vehicle, rawdah_men, rawdah_women, umrah, hajj_package,
  complaint). A service whose processing target is in working days is measured in working
  time by the rollups (sla.rollups.WORKING_SECONDS); the row keeps the real instants.
- `channel`: online (default), counter, phone, on_behalf (`sla.models.Channel`).
- `outcome`: pending, completed, refused, abandoned, sold_out, failed (`sla.models.Outcome`);
  a decided outcome without `completed_at` ends at `now`.
- `reference`: the owning app's identifier of this transaction. A non-empty
  (service, reference) is recorded once: recording it again returns the first row, so a
  retried request never counts twice. Leave it empty for events that repeat (each is a row).
- `provider`: the `packages.Provider` when there is one (package orders, complaints).
- `survey_at`: when the satisfaction survey is offered (see "When the survey is offered").

When the survey is offered
--------------------------
A completed transaction of a signed-in pilgrim is offered the one-question survey once, by
SMS (to the profile's mobile as it is when the offer is queued) and on the dashboard panel
(`sla.selectors.survey_url(transaction)`), when the service has been delivered, not when it
was booked (the source rules: "an SMS at every stage", surveys "collected and analysed";
asking before the visit asks about a service not yet had). Per e-service:

| e-service | offered |
|---|---|
| Rawdah visit (men, women), Umrah | at gate entry (permit used), else once the slot has ended |
| Mashair vehicle permit | at gate entry, else once its last day has passed |
| Hajj permit (hajj) | at gate entry, else once the season's permit validity has ended |
| Hajj package contract (hajj_package) | when its Hajj permit is used, else at the season's end |
| complaint | when closed (confirmed by the pilgrim or closed by staff) |
| desk request (new_request, new_request_abroad) | when resolved |
| cancelling a Hajj booking (hajj_cancel) | at once: the cancellation is the service |
| counter tickets, inquiries | never: no signed-in pilgrim |

The owning app says which by `survey_at` when it records or completes the transaction:
`SURVEY_ON_COMPLETION` (the default: now, if completed), a time (`survey_due_at`: the beat
sweep `surveys_offer_due` offers it once that has passed), or None (the app calls
`survey_offer_now` at the event: gate entry, resolution). `survey_withdraw` takes an offer
not yet made back (a cancelled booking is never surveyed). Each offer is made once:
`survey_offered_at` is set under the row's lock, and the SMS carries the idempotency key
`sla-survey-<transaction id>`, so neither a sweep run twice nor two sweepers racing send two.
"""

from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hajjportal.db.inserts import insert_unless_exists
from notifications.services import sms_enqueue, sms_row
from portal.models import EService
from portal.selectors import maintenance_active
from portal.sweeps import sweep_due

from . import catalogue, health, rollups
from .errors import SlaError
from .models import Channel, DirtyHour, Outcome, Probe, ProbeStatus, Survey, SurveyVia
from .models import Transaction as SlaTransaction
from .selectors import survey_url

# The partial unique index sla_tx_once: one transaction per (service, reference) when set.
ONCE_PER_REFERENCE = '("service_id", "reference") WHERE "reference" <> \'\''

# survey_at's default: the survey is offered as soon as the transaction is completed.
SURVEY_ON_COMPLETION = "on_completion"

SURVEY_SMS = _("Thank you for using %(service)s. How satisfied are you? "
               "Rate it from 1 to 5: %(link)s")


def _service_id(service) -> int:
    return catalogue.service_entry(service).id


# Sets built once: Choices.values builds a new list on every access, on every booking.
OUTCOMES, CHANNELS = frozenset(Outcome.values), frozenset(Channel.values)


def _check(*, channel, outcome, started_at, completed_at):
    if outcome not in OUTCOMES:
        raise SlaError("bad_outcome", outcome=outcome)
    if channel not in CHANNELS:
        raise SlaError("bad_channel", channel=channel)
    if outcome == Outcome.PENDING and completed_at is not None:
        raise SlaError("pending_with_end")
    if completed_at is not None and completed_at < started_at:
        raise SlaError("completed_before_start")


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _mark_dirty(*, started_at: datetime, now: datetime) -> None:
    """Ask the next incremental refresh to recompute an older hour (the current and previous
    hours are recomputed every minute anyway, so recent changes need no mark)."""
    hour = hour_of(started_at)
    if hour < hour_of(now) - timedelta(hours=1):
        DirtyHour.objects.bulk_create([DirtyHour(hour=hour)], ignore_conflicts=True)


def transaction_row(
    *, service, channel=Channel.ONLINE, started_at, completed_at=None, outcome,
    provider=None, reference="", user=None, now=None, survey_at=None,
) -> SlaTransaction:
    """The record of one e-service transaction, checked and not yet saved.

    transaction_record saves it; a caller writing its rows itself (permits.booking, in the
    booking's last round trip) saves it with them. `survey_at`: a time when the survey is
    due (the sweep offers it then), or None."""
    now = now or timezone.now()
    if outcome != Outcome.PENDING and completed_at is None:
        completed_at = now
    _check(channel=channel, outcome=outcome, started_at=started_at, completed_at=completed_at)
    return SlaTransaction(
        service_id=_service_id(service), channel=channel, started_at=started_at,
        completed_at=completed_at, outcome=outcome, provider=provider,
        reference=reference or "", user=user,
        survey_due_at=survey_at if outcome == Outcome.COMPLETED else None,
    )


# No savepoint when nested: an error here is the caller's error.
@transaction.atomic(savepoint=False)
def transaction_record(
    *, service, channel=Channel.ONLINE, started_at, completed_at=None, outcome,
    provider=None, reference="", user=None, now=None, survey_at=SURVEY_ON_COMPLETION,
) -> SlaTransaction:
    """Record one e-service transaction, in the caller's database transaction; `survey_at`
    says when a completed one is offered the survey (module docstring)."""
    now = now or timezone.now()
    offer_now = survey_at == SURVEY_ON_COMPLETION
    row = transaction_row(service=service, channel=channel, started_at=started_at,
                          completed_at=completed_at, outcome=outcome, provider=provider,
                          reference=reference, user=user, now=now,
                          survey_at=None if offer_now else survey_at)
    offered = outcome == Outcome.COMPLETED and offer_now
    if offered:  # written with the row, not updated after it
        row.survey_due_at = row.survey_offered_at = now
    # A repeated reference is answered by ON CONFLICT: no savepoint, nothing in the log.
    if not insert_unless_exists(row, conflict=ONCE_PER_REFERENCE):
        return SlaTransaction.objects.get(service_id=row.service_id, reference=row.reference)
    _mark_dirty(started_at=started_at, now=now)
    if offered:
        _survey_sms_enqueue(row)
    return row


def transaction_record_refusal(
    *, service, error_code, started_at, channel=Channel.ONLINE, provider=None, user=None,
    now=None,
) -> SlaTransaction:
    """Record an attempt a rule refused (or that found no seat left) in its own transaction.

    The owning app's transaction rolled back with the refusal, so the attempt would vanish
    from the completion rate if it were recorded there.
    """
    outcome = Outcome.SOLD_OUT if error_code == "sold_out" else Outcome.REFUSED
    with transaction.atomic():
        return transaction_record(service=service, channel=channel, started_at=started_at,
                                  outcome=outcome, provider=provider, user=user, now=now)


@transaction.atomic
def transaction_complete(
    *, transaction_id=None, service=None, reference="", outcome, completed_at=None, now=None,
    survey_at=SURVEY_ON_COMPLETION,
) -> SlaTransaction:
    """Decide a pending transaction (by id, or by service and reference); `survey_at` as
    for transaction_record.

    Deciding it again with the same outcome is a no-op, so a retried decision is harmless.
    """
    now = now or timezone.now()
    completed_at = completed_at or now
    if transaction_id is not None:
        rows = SlaTransaction.objects.filter(pk=transaction_id)
    else:
        rows = SlaTransaction.objects.filter(service_id=_service_id(service),
                                            reference=reference)
    row = rows.select_for_update(of=("self",)).select_related("user").first()
    if row is None:
        raise SlaError("not_found")
    if row.outcome != Outcome.PENDING:
        if row.outcome == outcome:
            return row
        raise SlaError("already_decided")
    if outcome == Outcome.PENDING:
        raise SlaError("bad_outcome", outcome=outcome)
    _check(channel=row.channel, outcome=outcome, started_at=row.started_at,
           completed_at=completed_at)
    row.outcome, row.completed_at = outcome, completed_at
    offered = outcome == Outcome.COMPLETED and survey_at == SURVEY_ON_COMPLETION
    if offered:
        row.survey_due_at = row.survey_offered_at = now
    elif outcome == Outcome.COMPLETED:
        row.survey_due_at = survey_at
    row.save(update_fields=["outcome", "completed_at", "survey_due_at", "survey_offered_at"])
    _mark_dirty(started_at=row.started_at, now=now)
    if offered:
        _survey_sms_enqueue(row)
    return row


def _survey_rows(*, service, reference):
    return SlaTransaction.objects.filter(service_id=_service_id(service), reference=reference)


@transaction.atomic
def survey_offer_now(*, service, reference: str, now=None) -> bool:
    """The event that ends the service happened (gate entry, a desk request resolved, a
    contract's permit used): offer the survey now unless it was offered or withdrawn.
    True if offered by this call; a transaction not recorded (or not completed) is skipped."""
    now = now or timezone.now()
    row = (_survey_rows(service=service, reference=reference)
           .select_for_update(of=("self",)).select_related("user").first())
    if row is None or row.outcome != Outcome.COMPLETED or row.survey_offered_at is not None:
        return False
    _survey_offer(row, now=now)
    return True


def survey_withdraw(*, service, reference: str) -> int:
    """Take back a survey not offered yet (a cancelled booking or contract is never asked);
    returns the rows changed. An offer already made stays made."""
    return _survey_rows(service=service, reference=reference).filter(
        survey_offered_at__isnull=True, survey_due_at__isnull=False).update(survey_due_at=None)


SURVEY_SWEEP = "sla.survey_offer"


def surveys_offer_due(*, now=None) -> int:
    """Beat sweep: offer every survey whose time has passed (portal.sweeps: each row claimed
    by one sweeper, processed once under its lock). Returns the offers made."""
    now = now or timezone.now()
    due = (SlaTransaction.objects
           .filter(survey_due_at__lte=now, survey_offered_at__isnull=True)
           .order_by("survey_due_at"))
    return sweep_due(name=SURVEY_SWEEP, due=due,
                     process=lambda pk: _survey_offer_if_due(pk, now=now))


def _survey_offer_if_due(pk: int, *, now) -> bool:
    row = (SlaTransaction.objects.filter(pk=pk).select_for_update(of=("self",))
           .select_related("user").first())
    # Re-checked under the lock: another sweeper, a gate or a withdrawal may have been first.
    if (row is None or row.survey_offered_at is not None or row.survey_due_at is None
            or row.survey_due_at > now or row.outcome != Outcome.COMPLETED):
        return False
    _survey_offer(row, now=now)
    return True


def _survey_offer(row: SlaTransaction, *, now) -> None:
    """Mark the offer made (the panel shows it from now) and queue its SMS, in the caller's
    transaction; the row is locked by the caller (or saved by it just now)."""
    row.survey_offered_at = now
    row.survey_due_at = row.survey_due_at or now
    SlaTransaction.objects.filter(pk=row.pk).update(
        survey_offered_at=row.survey_offered_at, survey_due_at=row.survey_due_at)
    _survey_sms_enqueue(row)


def _survey_sms_enqueue(row: SlaTransaction) -> None:
    sms = survey_sms_row(transaction=row)
    if sms is not None:
        sms_enqueue(sms)


def survey_sms_row(*, transaction: SlaTransaction):
    """The survey's SMS for a completed transaction (with its id), not yet saved; None when
    no survey goes by SMS (no pilgrim, no mobile, survey SMS switched off). It goes to the
    pilgrim's mobile as the profile has it now, when the offer is queued."""
    if transaction.user_id is None or not catalogue.survey_sms_enabled():
        return None
    profile = getattr(transaction.user, "profile", None)
    if profile is None:
        return None
    mobile, language = profile.mobile, profile.preferred_language
    if not mobile:
        return None
    service = catalogue.service_entry_by_id(transaction.service_id)
    return sms_row(
        to=mobile, message=SURVEY_SMS, language=language,
        context={"service": service.name(language),
                 "link": survey_url(transaction, via=SurveyVia.SMS, absolute=True)},
        idempotency_key=f"sla-survey-{transaction.pk}", user=transaction.user,
        about=f"sla.transaction:{transaction.pk}",
    )


@transaction.atomic
def survey_answer(*, transaction_id: int, rating: int, comment: str = "",
                  via=SurveyVia.PAGE, now=None) -> Survey:
    """Save the answer, once per transaction (a second answer is refused)."""
    now = now or timezone.now()
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise SlaError("bad_rating")
    row = SlaTransaction.objects.filter(pk=transaction_id).first()
    if row is None:
        raise SlaError("survey_link_invalid")
    if row.outcome != Outcome.COMPLETED:
        raise SlaError("survey_not_offered")
    try:
        with transaction.atomic():
            survey = Survey.objects.create(transaction=row, rating=rating, via=via,
                                           comment=comment.strip()[:2000], answered_at=now)
    except IntegrityError:
        raise SlaError("survey_answered") from None
    _mark_dirty(started_at=row.started_at, now=now)
    return survey


# --- Availability probe -----------------------------------------------------------------

PROBE_BACKLOG_KEY = "sla:probe-backlog"


def probe_record(*, now=None, checks: dict[str, bool] | None = None) -> int:
    """Record this minute's probe of every e-service; returns the rows written.

    `checks` are the readiness checks (database, redis, worker) of sla.health, run here
    unless given. A minute whose database check failed cannot be written, so it is kept in
    Redis and written as an outage by the next probe that reaches the database.
    """
    now = now or timezone.now()
    checks = checks if checks is not None else health.readiness(now=now)
    minute = now.replace(second=0, microsecond=0)
    if not checks["database"]:
        if checks["redis"]:
            backlog = cache.get(PROBE_BACKLOG_KEY) or []
            cache.set(PROBE_BACKLOG_KEY, [*backlog, minute.isoformat()][-1440:], timeout=None)
        return 0
    backlog = [datetime.fromisoformat(m) for m in cache.get(PROBE_BACKLOG_KEY) or []]
    with transaction.atomic():
        services = list(EService.objects.all())
        rows = [_probe(service, minute, checks) for service in services]
        rows += [Probe(service=service, minute=missed, status=ProbeStatus.DOWN,
                       database_ok=False, redis_ok=True, worker_ok=False)
                 for missed in backlog for service in services if service.is_active]
        written = Probe.objects.bulk_create(rows, ignore_conflicts=True)
        _mark_probe_backlog(backlog, now=now)
    if backlog:
        cache.delete(PROBE_BACKLOG_KEY)
    return len(written)


def _probe(service: EService, minute: datetime, checks: dict[str, bool]) -> Probe:
    if not service.is_active:
        status = ProbeStatus.CLOSED
    elif maintenance_active(now=minute, service_code=service.code) is not None:
        status = ProbeStatus.MAINTENANCE  # planned: reported apart, never an outage
    elif all(checks.values()):
        status = ProbeStatus.UP
    else:
        status = ProbeStatus.DOWN
    return Probe(service=service, minute=minute, status=status, database_ok=checks["database"],
                 redis_ok=checks["redis"], worker_ok=checks["worker"])


def _mark_probe_backlog(backlog: list[datetime], *, now: datetime) -> None:
    for minute in backlog:
        _mark_dirty(started_at=minute, now=now)


# --- Rollups ----------------------------------------------------------------------------

def rollup_refresh(*, now=None) -> list[datetime]:
    """Keep the rollups current: recompute the previous and current hour (so the last hour
    is never more than one beat behind) and every older hour marked dirty. Idempotent."""
    now = now or timezone.now()
    current = hour_of(now)
    with transaction.atomic():
        dirty = list(DirtyHour.objects.order_by("hour").values_list("hour", flat=True)[:500])
        DirtyHour.objects.filter(hour__in=dirty).delete()
        hours = sorted({current - timedelta(hours=1), current, *dirty})
        rollups.replace_hours(hours)
    return hours


def rollup_rebuild(*, first_day, last_day, chunk_days=92) -> int:
    """Recompute every bucket of Riyadh days first_day..last_day (a season), a quarter per
    transaction so the incremental refresh waits seconds, not minutes. Returns the chunks."""
    chunks = 0
    day = first_day
    while day <= last_day:
        end = min(day + timedelta(days=chunk_days - 1), last_day)
        rollups.replace_days(day, end)
        chunks += 1
        day = end + timedelta(days=1)
    return chunks

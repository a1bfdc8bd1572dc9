"""Writes of the priority transfer: offers, requests, matching, agents, completion, heirs.

Matching takes the oldest open offer of a province with SELECT ... FOR UPDATE SKIP LOCKED,
so two matchers running at once never hold the same offer (nor the same request); partial
unique indexes on Match are the last guard. Each person's filings are serialised with a
transaction-scoped advisory lock, so "one open offer or request per person" holds under
concurrency too. Every step queues its SMS in its own transaction.
"""

import re
import secrets
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from hajjportal.publish import publish
from notifications.services import sms_queue
from packages.selectors import season_for, season_last_closed
from portal.calendars import hijri_today, lazy_dual, local_date
from portal.sweeps import sweep_due
from portal.uploads import sniff_content_type

from . import selectors
from .errors import TransferError
from .models import (
    LIVE,
    AccreditedAgent,
    HeirClaim,
    HeirRefusal,
    Match,
    Offer,
    Registration,
    TransferRequest,
    TransferRules,
)

SMS = {
    "offer": _("Your offer of Hajj priority %(number)s is in line for a match."),
    "request": _("Your request for a Hajj priority is in line for a match."),
    "matched": _("Your Hajj priority transfer is matched. Choose an accredited agent by "
                 "%(deadline)s on the portal."),
    "agent": _("Agent %(agent)s will contact you to complete the Hajj priority transfer."),
    "completed": _("The transfer of Hajj priority %(number)s is completed."),
    "lapsed": _("The Hajj priority match lapsed; you are back at the front of the line."),
    "heir_filed": _("Your claim to Hajj priority %(number)s as an heir is received and will be "
                    "reviewed."),
    "heir": _("Your claim to Hajj priority %(number)s as an heir is approved."),
    "heir_refused": _("Your claim to Hajj priority %(number)s as an heir is refused: "
                      "%(reason)s."),
    "season_closed": _("The Hajj season %(season)s AH has closed: your Hajj priority transfer "
                       "filing lapsed. Your priority keeps its due year; you may file again "
                       "for the coming season."),
}

# Every state of the e-service and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py). None only with the reason beside it.
STAGES = {
    Registration: {
        # The holder's Hajj registration, kept in step with the ministry's records: its
        # changes are told by the offers, matches and heir claims below.
        Registration.Status.ACTIVE: None,
        Registration.Status.ENDED: None,
    },
    Offer: {
        Offer.Status.OPEN: "offer",
        Offer.Status.MATCHED: "matched",
        Offer.Status.COMPLETED: "completed",
        # Withdrawn when an heir takes the registration over: the heir's approval tells it.
        Offer.Status.WITHDRAWN: None,
        Offer.Status.LAPSED: "season_closed",
    },
    TransferRequest: {
        TransferRequest.Status.OPEN: "request",
        TransferRequest.Status.MATCHED: "matched",
        TransferRequest.Status.COMPLETED: "completed",
        # No write withdraws a request (kept for the shared status choices with offers).
        TransferRequest.Status.WITHDRAWN: None,
        TransferRequest.Status.LAPSED: "season_closed",
    },
    Match: {
        Match.Status.PENDING: "matched",
        Match.Status.COMPLETED: "completed",
        Match.Status.LAPSED: "lapsed",
    },
    HeirClaim: {
        HeirClaim.Status.PENDING: "heir_filed",
        HeirClaim.Status.APPROVED: "heir",
        HeirClaim.Status.REFUSED: "heir_refused",
    },
}


def rules(*, now: datetime) -> TransferRules:
    """The rules of the season `now` belongs to (packages' season_for); a season without its
    own row follows the latest earlier season's, and the defaults apply while none exists."""
    season = season_for(moment=now)
    if season is None:
        return TransferRules()
    return (TransferRules.objects.filter(season__lte=season.pk).order_by("-season_id").first()
            or TransferRules.objects.order_by("season_id").first()
            or TransferRules(season=season))


def _sms(user, key, step, **context):
    profile = getattr(user, "profile", None)
    if profile is None:
        return
    sms_queue(to=profile.mobile, message=SMS[key], context=context,
              language=profile.preferred_language, user=user,
              idempotency_key=f"transfers:{step}:{user.pk}")


def _lock_person(user) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, user.pk])


def _check_identified(user):
    if getattr(user, "profile", None) is None:
        raise TransferError("profile_required")


def _check_nothing_open(user):
    if Offer.objects.filter(user=user, status__in=LIVE).exists() or \
            TransferRequest.objects.filter(user=user, status__in=LIVE).exists():
        raise TransferError("already_open")


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _identity(number: str) -> str:
    # As accounts.identity normalises profiles (passports in upper case; the others are digits).
    return re.sub(r"[\s-]", "", number or "").upper()


@transaction.atomic
def offer_create(*, acting_user, registration: Registration, price, relative_id_number="",
                 now: datetime | None = None) -> Offer:
    now = now or timezone.now()
    _check_identified(acting_user)
    _lock_person(acting_user)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.holder_id != acting_user.pk:
        raise TransferError("not_holder")
    if registration.status != Registration.Status.ACTIVE:
        raise TransferError("registration_ended")
    _check_nothing_open(acting_user)
    cap = rules(now=now).max_price
    cap = registration.deposit if cap is None else min(cap, registration.deposit)
    if price > cap:
        raise TransferError("price_too_high", max=cap)
    offer = Offer.objects.create(registration=registration, user=acting_user, price=price,
                                 relative_id_number=_identity(relative_id_number),
                                 province=registration.province, queued_at=now)
    _sms(acting_user, "offer", f"offer:{offer.pk}", number=str(registration))
    transaction.on_commit(_dispatch_match)
    return offer


@transaction.atomic
def request_create(*, acting_user, province, relation="", relative_id_number="",
                   now: datetime | None = None) -> TransferRequest:
    now = now or timezone.now()
    _check_identified(acting_user)
    if bool(relation) != bool(relative_id_number):
        raise TransferError("relative_incomplete")
    _lock_person(acting_user)
    _check_nothing_open(acting_user)
    _check_recipient(user=acting_user, relative=bool(relation), now=now)
    request = TransferRequest.objects.create(
        user=acting_user, province=province, relation=relation,
        relative_id_number=_identity(relative_id_number), queued_at=now)
    _sms(acting_user, "request", f"request:{request.pk}")
    transaction.on_commit(_dispatch_match)
    return request


def _check_recipient(*, user, relative: bool, now):
    if Registration.objects.filter(holder=user, status=Registration.Status.ACTIVE).exists():
        raise TransferError("already_registered")
    current = rules(now=now)
    exempt = relative and current.relatives_exempt_from_age
    if not exempt and age_on(user.profile.date_of_birth, local_date(now)) < \
            current.min_recipient_age:
        raise TransferError("too_young", years=current.min_recipient_age)


def _dispatch_match():
    from .tasks import match_open  # tasks import these services at their top

    # Broker down: the beat's match_open (every 5 minutes) matches the open offers later.
    publish(match_open)


# --- Matching -------------------------------------------------------------------------------

def _candidate(offer: Offer, *, now, closed_at=None) -> TransferRequest | None:
    """The request this offer goes to: an offer naming a relative goes only to that
    relative's request naming its holder (both name each other, so a stranger who names a
    holder never holds up the offer); any other offer (for a priority due this year) goes to
    the oldest request of the province that names nobody; never a pair that lapsed."""
    lapsed_with = Match.objects.filter(offer=offer, status=Match.Status.LAPSED).values(
        "request_id")
    base = (TransferRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=TransferRequest.Status.OPEN).exclude(pk__in=lapsed_with)
            .exclude(user_id=offer.user_id).order_by("queued_at", "pk"))
    if closed_at is not None:
        base = base.filter(queued_at__gt=closed_at)
    if offer.relative_id_number:
        return _relative_candidate(offer, base, now=now)
    if rules(now=now).non_relatives_current_year_only and \
            offer.registration.due_year != hijri_today(now=now).year:
        return None
    for request in base.filter(province_id=offer.province_id, relation="")[:20]:
        try:
            _check_recipient(user=request.user, relative=False, now=now)
        except TransferError:
            continue
        return request
    return None


def _relative_candidate(offer: Offer, base, *, now) -> TransferRequest | None:
    named = base.filter(relation__gt="",
                        relative_id_number=_identity(offer.user.profile.id_number),
                        user__profile__id_number__iexact=offer.relative_id_number)
    for request in named[:5]:
        try:
            _check_recipient(user=request.user, relative=True, now=now)
        except TransferError:
            continue
        return request
    return None


@transaction.atomic
def match_next(*, province=None, now: datetime | None = None) -> Match | None:
    """Match the oldest open offer that has a candidate; None when nothing matches."""
    now = now or timezone.now()
    offers = (Offer.objects.select_for_update(skip_locked=True, of=("self",))
              .select_related("registration", "user__profile")
              .filter(status=Offer.Status.OPEN).order_by("queued_at", "pk"))
    closed_at = _filed_before_close(now=now)
    if closed_at is not None:
        offers = offers.filter(queued_at__gt=closed_at)
    if province is not None:
        offers = offers.filter(province=province)
    for offer in offers[:50]:
        request = _candidate(offer, now=now, closed_at=closed_at)
        if request is not None:
            return _pair(offer, request, now=now)
    return None


def _pair(offer, request, *, now) -> Match:
    match = Match.objects.create(offer=offer, request=request, price=offer.price,
                                 matched_at=now,
                                 deadline=now + timedelta(days=rules(now=now).completion_days))
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.MATCHED)
    TransferRequest.objects.filter(pk=request.pk).update(status=Offer.Status.MATCHED)
    for user in (offer.user, request.user):
        _sms(user, "matched", f"matched:{match.pk}", deadline=lazy_dual(match.deadline))
    return match


def match_all(*, now: datetime | None = None) -> int:
    """Match until nothing more matches (each match in its own short transaction)."""
    count = 0
    while match_next(now=now) is not None:
        count += 1
    return count


# --- Agents and completion ------------------------------------------------------------------

@transaction.atomic
def match_choose_agent(*, match: Match, acting_user, agent: AccreditedAgent,
                       now: datetime | None = None) -> Match:
    match = Match.objects.select_for_update().select_related("offer", "request").get(
        pk=match.pk)
    if match.status != Match.Status.PENDING:
        raise TransferError("not_pending")
    if not agent.is_active:
        raise TransferError("agent_inactive")
    if acting_user.pk == match.offer.user_id:
        match.holder_agent = agent
    elif acting_user.pk == match.request.user_id:
        match.recipient_agent = agent
    else:
        raise TransferError("not_party")
    match.save(update_fields=["holder_agent", "recipient_agent"])
    if match.agent is not None:
        for party in (match.offer.user, match.request.user):
            _sms(party, "agent", f"agent:{match.pk}:{agent.pk}", agent=agent.provider.name)
    return match


@transaction.atomic
def transfer_complete(*, match: Match, acting_user, agent_fee,
                      now: datetime | None = None) -> Match:
    """The agent checked the originals: the priority number moves to the recipient."""
    now = now or timezone.now()
    match = Match.objects.select_for_update().select_related(
        "offer__registration", "offer__user", "request__user").get(pk=match.pk)
    if match.status != Match.Status.PENDING:
        raise TransferError("not_pending")
    agent = match.agent
    if agent is None or roles.provider_for_staff(acting_user) != agent.provider:
        raise TransferError("not_the_agent")
    if now > match.deadline:
        raise TransferError("deadline_passed")
    cap = rules(now=now).agent_fee_cap
    if agent_fee > cap:
        raise TransferError("fee_too_high", max=cap)
    registration = match.offer.registration
    registration.holder = match.request.user
    registration.save(update_fields=["holder"])
    match.status, match.agent_fee = Match.Status.COMPLETED, agent_fee
    match.completed_at, match.completed_by = now, acting_user
    match.save(update_fields=["status", "agent_fee", "completed_at", "completed_by"])
    Offer.objects.filter(pk=match.offer_id).update(status=Offer.Status.COMPLETED)
    TransferRequest.objects.filter(pk=match.request_id).update(status=Offer.Status.COMPLETED)
    for party in (match.offer.user, match.request.user):
        _sms(party, "completed", f"completed:{match.pk}", number=str(registration))
    return match


def matches_lapse_overdue(*, now: datetime | None = None) -> int:
    """Matches past their deadline lapse; both sides go back to the front of their lines
    (their original place, kept in queued_at). Through portal.sweeps: one match a
    transaction, re-checked under its lock, sweepers splitting the backlog."""
    now = now or timezone.now()
    due = Match.objects.filter(status=Match.Status.PENDING, deadline__lt=now)
    return sweep_due(name="transfers.lapse_overdue", due=due.order_by("deadline"),
                     process=partial(_lapse_one, now=now))


def _lapse_one(pk, *, now) -> bool:
    match = (Match.objects.select_for_update(skip_locked=True, of=("self",))
             .select_related("offer__user", "request__user")
             .filter(pk=pk, status=Match.Status.PENDING, deadline__lt=now).first())
    if match is None:
        return False
    match.status = Match.Status.LAPSED
    match.save(update_fields=["status"])
    closed = season_last_closed(moment=now)
    for model, filing in ((Offer, match.offer), (TransferRequest, match.request)):
        if closed is not None and filing.queued_at <= closed[1]:
            # Filed before the season closed: it lapses with the season rather than go
            # back to a line that no longer leads anywhere (told once, as at the close).
            model.objects.filter(pk=filing.pk).update(status=Offer.Status.LAPSED)
            _sms(filing.user, "season_closed",
                 f"season_closed:{model._meta.model_name}:{filing.pk}", season=closed[0].year)
            continue
        model.objects.filter(pk=filing.pk).update(status=Offer.Status.OPEN)
        _sms(filing.user, "lapsed", f"lapsed:{match.pk}")
    return True


# --- The season's close ---------------------------------------------------------------------

def lapse_at_season_close(*, now: datetime | None = None) -> int:
    """At a season's close (its track close day over), the offers and requests still waiting
    for a match that were filed before it lapse, each owner told once by SMS in their
    language. A registration keeps its due year; a match in progress is left to finish or
    lapse by its own deadline (when it lapses, _lapse_one lapses its offer and request with
    the season). Through portal.sweeps: one row a transaction, re-checked under its lock."""
    now = now or timezone.now()
    closed = season_last_closed(moment=now)
    if closed is None:
        return 0
    season, closed_at = closed
    acted = 0
    for model in (Offer, TransferRequest):
        due = model.objects.filter(status=Offer.Status.OPEN, queued_at__lte=closed_at)
        acted += sweep_due(
            name=f"transfers.season_close.{model._meta.model_name}",
            due=due.order_by("queued_at", "pk"),
            process=partial(_lapse_filing, model=model, season=season, closed_at=closed_at))
    return acted


def _lapse_filing(pk, *, model, season, closed_at) -> bool:
    filing = (model.objects.select_for_update(skip_locked=True, of=("self",))
              .select_related("user__profile")
              .filter(pk=pk, status=Offer.Status.OPEN, queued_at__lte=closed_at).first())
    if filing is None:
        return False
    filing.status = Offer.Status.LAPSED
    filing.save(update_fields=["status"])
    _sms(filing.user, "season_closed", f"season_closed:{model._meta.model_name}:{filing.pk}",
         season=season.year)
    return True


def _filed_before_close(*, now):
    """The moment of the last season's close: a filing queued by then is lapsing, never
    matched (the sweep may not have reached it yet)."""
    closed = season_last_closed(moment=now)
    return closed[1] if closed else None


# --- Heirs ----------------------------------------------------------------------------------

def probate_document_validate(*, upload) -> str:
    """The upload's content type, or a TransferError: checked by size and by its bytes."""
    # Read at call time, so tests and deployments can change it without a restart.
    max_bytes = getattr(settings, "TRANSFERS_MAX_FILE_BYTES", 5 * 1024 * 1024)
    if upload.size > max_bytes:
        raise TransferError("file_too_large", max_mb=max_bytes // (1024 * 1024))
    upload.seek(0)
    kind = sniff_content_type(upload)
    if kind is None:
        raise TransferError("file_type")
    return kind


@transaction.atomic
def heir_claim_file(*, acting_user, due_year: int, priority_number: int, holder_id_number: str,
                    probate_document, now: datetime | None = None) -> HeirClaim:
    """Receive an heir's claim as typed. Every claim that passes these checks (all about the
    claimant, none about others) gets the same answer and the same SMS whether or not a
    registration matches: the matched one, if any, is for staff only."""
    now = now or timezone.now()
    _check_identified(acting_user)
    kind = probate_document_validate(upload=probate_document)
    holder_id_number = _identity(holder_id_number)
    if holder_id_number == _identity(acting_user.profile.id_number):
        raise TransferError("own_registration")
    _lock_person(acting_user)
    _check_claim_allowance(acting_user, due_year=due_year, priority_number=priority_number,
                           now=now)
    claim = HeirClaim(
        registration=selectors.heir_registration_find(
            due_year=due_year, priority_number=priority_number,
            holder_id_number=holder_id_number),
        due_year=due_year, priority_number=priority_number, holder_id_number=holder_id_number,
        claimant=acting_user, token=secrets.token_urlsafe(24), content_type=kind,
        original_name=(probate_document.name or "")[:200], filed_at=now)
    claim.probate_document.save(claim.token, probate_document, save=False)
    claim.save()
    _sms(acting_user, "heir_filed", f"heir_filed:{claim.pk}", number=claim.number)
    return claim


def _check_claim_allowance(claimant, *, due_year, priority_number, now):
    mine = HeirClaim.objects.filter(claimant=claimant)
    if mine.filter(due_year=due_year, priority_number=priority_number,
                   status=HeirClaim.Status.PENDING).exists():
        raise TransferError("claim_pending")
    current = rules(now=now)
    since = now - timedelta(days=current.heir_claim_window_days)
    if mine.filter(filed_at__gt=since).count() >= current.heir_claims_per_window:
        raise TransferError("claim_limit", count=current.heir_claims_per_window,
                            days=current.heir_claim_window_days)


def heir_claim_may_read(*, claim: HeirClaim, user) -> bool:
    """The claimant, and staff allowed to review heir claims, may read the probate document."""
    if claim.claimant_id == user.pk:
        return True
    return user.is_staff and user.has_perm("transfers.view_heirclaim")


@transaction.atomic
def heir_claim_decide(*, claim: HeirClaim, acting_user, approve: bool, reason: str = "",
                      now: datetime | None = None) -> HeirClaim:
    """Staff checked the probate document: an approved heir becomes the holder; a refusal
    names its reason (HeirRefusal), sent to the heir in their language."""
    claim = (HeirClaim.objects.select_for_update(of=("self",))
             .select_related("claimant__profile").get(pk=claim.pk))
    if claim.status != HeirClaim.Status.PENDING:
        raise TransferError("claim_decided")
    if approve:
        _heir_takes_over(claim)
    elif reason not in HeirRefusal.values:
        raise TransferError("reason_required")
    claim.status = HeirClaim.Status.APPROVED if approve else HeirClaim.Status.REFUSED
    claim.refusal_reason = "" if approve else reason
    claim.decided_at, claim.decided_by = now or timezone.now(), acting_user
    claim.save(update_fields=["status", "refusal_reason", "decided_at", "decided_by"])
    if approve:
        _sms(claim.claimant, "heir", f"heir:{claim.pk}", number=claim.number)
    else:
        _sms(claim.claimant, "heir_refused", f"heir:{claim.pk}", number=claim.number,
             reason=HeirRefusal(reason).label)
    return claim


def _heir_takes_over(claim: HeirClaim) -> None:
    # Re-checked now: the registration may have ended or changed hands since the filing.
    registration = (Registration.objects.select_for_update()
                    .filter(pk=claim.registration_id, status=Registration.Status.ACTIVE,
                            holder__profile__id_number__iexact=claim.holder_id_number)
                    .first())
    if registration is None:
        raise TransferError("claim_no_registration")
    Offer.objects.filter(registration=registration, status=Offer.Status.OPEN).update(
        status=Offer.Status.WITHDRAWN)
    registration.holder = claim.claimant
    registration.save(update_fields=["holder"])

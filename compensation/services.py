"""Writes of the compensation domain: claims opened from complaints, decided, paid.

A claim is computed by `compensation.annex.compute_compensation` from the season's annex
cell, the contract value and how many times the same item already failed for the pilgrim;
it must be decided within the policy's days (a swept `decide_due_at`), then paid from the
provider's withheld guarantee or by the provider. Each step tells the pilgrim by SMS.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts import staff_mail
from accounts.roles import is_ministry_staff
from notifications.services import sms_queue
from packages.models import Provider
from portal import calendars
from portal.audit import acting
from portal.sweeps import sweep_due

from . import selectors
from .annex import AnnexTerms, compute_compensation
from .errors import CompensationError
from .models import Claim

SMS = {
    "opened": _("Complaint %(number)s: a compensation claim of %(amount)s SAR is opened. It "
                "will be decided by %(deadline)s."),
    "opened_provision": _("Complaint %(number)s: the ministry provides the service at the "
                          "provider's cost. The claim will be decided by %(deadline)s."),
    "approved": _("Your compensation of %(amount)s SAR for complaint %(number)s is approved."),
    "rejected": _("Your compensation claim for complaint %(number)s is rejected: %(reason)s"),
    "paid": _("Your compensation of %(amount)s SAR for complaint %(number)s has been paid."),
}


def claim_open(*, complaint, trigger: str, now: datetime) -> Claim | None:
    """Open the claim of an upheld or late-fixed complaint (once per complaint).

    None when the annex has no cell for the complaint (an "other" item or failure, or a
    complaint about the portal): the ministry then decides any redress by hand.
    """
    if complaint.contract_id is None or complaint.season_id is None:
        return None
    existing = Claim.objects.filter(complaint=complaint).first()
    if existing:
        return existing
    rule = selectors.annex_rule_get(season_id=complaint.season_id, item=complaint.item,
                                    failure=complaint.failure)
    if rule is None:
        return None
    occurrence = Claim.objects.filter(
        pilgrim_id=complaint.pilgrim_id, season_id=complaint.season_id, item=complaint.item,
    ).exclude(status=Claim.Status.REJECTED).count() + 1
    value = complaint.contract.value
    with translation.override(_language(complaint.pilgrim)):
        result = compute_compensation(rule=AnnexTerms.of(rule), package_value=value,
                                      occurrence=occurrence)
    claim = Claim.objects.create(
        complaint=complaint, pilgrim_id=complaint.pilgrim_id, provider_id=complaint.provider_id,
        contract_id=complaint.contract_id, season_id=complaint.season_id, item=complaint.item,
        failure=complaint.failure, trigger=trigger, occurrence=occurrence, package_value=value,
        amount=result.amount, rule_text=result.rule_text,
        ministry_provides=result.ministry_provides,
        decide_due_at=now + timedelta(days=selectors.policy_get().decision_days),
        created_at=now,
    )
    _sms(claim, "opened_provision" if claim.ministry_provides else "opened", "opened")
    return claim


def _lock(claim) -> Claim:
    return (Claim.objects.select_for_update(of=("self",))
            .select_related("complaint", "pilgrim__profile").get(pk=claim.pk))


@transaction.atomic
def claim_decide(*, claim: Claim, acting_user, approve: bool, reason: str = "",
                 ministry_cost: Decimal | None = None, now: datetime | None = None) -> Claim:
    if not is_ministry_staff(acting_user):
        raise CompensationError("not_yours")
    now = now or timezone.now()
    claim = _lock(claim)
    if claim.status != Claim.Status.PENDING:
        raise CompensationError("not_pending")
    if not approve and not reason.strip():
        raise CompensationError("reason_required")
    if approve and claim.ministry_provides and ministry_cost is None:
        raise CompensationError("cost_required")
    claim.status = Claim.Status.APPROVED if approve else Claim.Status.REJECTED
    claim.decided_at, claim.decided_by, claim.decision_reason = now, acting_user, reason
    claim.ministry_cost = ministry_cost if claim.ministry_provides else None
    with acting(acting_user, why=reason):
        claim.save()
    _sms(claim, "approved" if approve else "rejected", "decided", reason=reason)
    return claim


@transaction.atomic
def claim_pay(*, claim: Claim, acting_user, paid_from: str, now: datetime | None = None) -> Claim:
    """Pay an approved claim. From the guarantee, the provider's row is locked first, so two
    payments at once cannot spend the same withheld money twice."""
    if not is_ministry_staff(acting_user):
        raise CompensationError("not_yours")
    now = now or timezone.now()
    claim = _lock(claim)
    if claim.status != Claim.Status.APPROVED:
        raise CompensationError("not_approved")
    if paid_from == Claim.PaidFrom.GUARANTEE:
        Provider.objects.select_for_update().filter(pk=claim.provider_id).first()
        available = guarantee_available(provider_id=claim.provider_id, season_id=claim.season_id)
        if claim_charge(claim) > available:
            raise CompensationError("guarantee_short", available=available,
                                    amount=claim_charge(claim))
    claim.status, claim.paid_from, claim.paid_at = Claim.Status.PAID, paid_from, now
    with acting(acting_user, why=paid_from):
        claim.save(update_fields=["status", "paid_from", "paid_at"])
    if claim.amount > 0:
        _sms(claim, "paid", "paid")
    return claim


def claim_charge(claim: Claim) -> Decimal:
    """What the provider owes for the claim: the pilgrim's amount and the ministry's cost."""
    return claim.amount + (claim.ministry_cost or Decimal("0"))


def guarantee_available(*, provider_id: int, season_id: int) -> Decimal:
    withheld = selectors.guarantee_withheld(provider=Provider(pk=provider_id),
                                            season_id=season_id)
    spent = Claim.objects.filter(provider_id=provider_id, season_id=season_id,
                                 status=Claim.Status.PAID,
                                 paid_from=Claim.PaidFrom.GUARANTEE).aggregate(
        s=Sum(F("amount") + Coalesce(F("ministry_cost"), Decimal("0"))))["s"]
    return withheld - (spent or Decimal("0"))


def claims_escalate_overdue(*, now: datetime | None = None) -> int:
    """The beat's sweep: claims not decided in time go to the monitors (once each: the
    conditional UPDATE locks the claim and only matches one still pending, not escalated)."""
    now = now or timezone.now()
    due = Claim.objects.filter(status=Claim.Status.PENDING, decide_due_at__lt=now,
                               escalated_at__isnull=True)
    return sweep_due(name="compensation.escalate_overdue", due=due.order_by("decide_due_at"),
                     process=partial(_escalate_overdue_one, now=now))


def _escalate_overdue_one(pk, *, now) -> bool:
    won = Claim.objects.filter(Q(pk=pk), Q(status=Claim.Status.PENDING), Q(decide_due_at__lt=now),
                               Q(escalated_at__isnull=True)).update(escalated_at=now)
    if won:
        transaction.on_commit(partial(_mail_ministry_overdue, pk))
    return bool(won)


def _mail_ministry_overdue(claim_id):
    claim = Claim.objects.select_related("complaint").filter(pk=claim_id).first()
    if claim is None or claim.complaint is None:
        return
    number = claim.complaint.number
    with translation.override("ar"):
        staff_mail.mail_ministry(
            _("Compensation claim of complaint %(number)s is overdue") % {"number": number},
            _("The compensation claim of complaint %(number)s was not decided in time.") % {
                "number": number})


def _language(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.preferred_language if profile else None) or "ar"


def _sms(claim, event, key, **context):
    profile = getattr(claim.pilgrim, "profile", None)
    if profile is None or not profile.mobile:
        return
    language = _language(claim.pilgrim)
    values = {"number": claim.complaint.number, "amount": str(claim.amount)}
    with translation.override(language):
        values["deadline"] = calendars.format_dual_datetime(claim.decide_due_at)
    values.update({name: str(value) for name, value in context.items()})
    sms_queue(to=profile.mobile, message=SMS[event], context=values, language=language,
              idempotency_key=f"compensation:claim:{claim.pk}:{key}", user=claim.pilgrim,
              about=claim)

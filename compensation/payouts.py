"""Compensation paid to the pilgrim through the payment gateway.

A claim paid from the guarantee (services.claim_pay) queues, in the same transaction, one
Payout for the part of the pilgrim's amount the guarantee paid: to the IBAN the pilgrim gave
(Claim.payout_iban, checked by portal.iban), else back to the card of the contract's last
captured payment. It is sent by the gateway outbox (packages.outbox), as refunds to the card
are: claimed with a lease, looked up before any resend, retried with backoff, swept by the
beat; settled by the gateway's webhook (packages.signals.gateway_payout_event) or by the
look-up of payouts pending too long. The pilgrim hears by SMS when the gateway accepts it and
when it settles; a failed one waits in the admin for staff to send it again, and the
pilgrim is told it is delayed (and that they may give a bank account for it).

The ledger's compensation_paid transfer (posted by claim_pay) already carries the payout's
first key (Claim.payout_key): the gateway's record of the payout reconciles with it.
"""

import logging
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_ministry_admin
from notifications.services import sms_queue
from packages.models import PaymentAttempt
from packages.outbox import Outbox
from packages.payments import GatewayRefused, OperationKind, OperationStatus, PayoutDestination
from portal.iban import iban_clean

from .errors import CompensationError
from .models import Claim, Payout, mask_iban

logger = logging.getLogger(__name__)

SMS = {
    "sent_card": _("Your compensation of %(amount)s SAR for complaint %(number)s is on its "
                   "way to the card you paid with."),
    "sent_iban": _("Your compensation of %(amount)s SAR for complaint %(number)s is on its "
                   "way to your account %(account)s."),
    "failed": _("The payment of your compensation of %(amount)s SAR for complaint %(number)s "
                "is delayed. Our staff are handling it; you can also give a bank account (IBAN) "
                "for it on the complaint's page."),
    "failed_iban": _("The payment of your compensation of %(amount)s SAR for complaint "
                     "%(number)s to your account %(account)s did not go through. Our staff are "
                     "handling it; you can also give another bank account (IBAN) on the "
                     "complaint's page."),
    "settled": _("Your compensation of %(amount)s SAR for complaint %(number)s has reached "
                 "your card or account."),
}

# Every state of the e-service and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py). None only with the reason beside it.
STAGES = {
    Payout: {
        # Queued and sending last the seconds until the gateway answers: the claim's "paid"
        # and the acceptance below tell the pilgrim, a failure tells them once more.
        Payout.Status.QUEUED: None,
        Payout.Status.SENDING: None,
        Payout.Status.PENDING: "sent_card",
        Payout.Status.SETTLED: "settled",
        Payout.Status.FAILED: "failed",
    },
}


def last_captured_payment(contract_id: int) -> PaymentAttempt | None:
    return (PaymentAttempt.objects
            .filter(instalment__contract_id=contract_id,
                    status=PaymentAttempt.Status.SUCCEEDED)
            .exclude(gateway_reference="")
            .order_by("-finished_at", "-pk").first())


@transaction.atomic
def claim_payout_account_set(*, claim: Claim, acting_user, iban: str) -> Claim:
    """The pilgrim gives the IBAN their compensation is paid to: before the claim is paid,
    or after its payout failed (it is then sent again, to this account). Raises
    ValidationError (translated) for an IBAN that is not a valid Saudi one: nothing is
    stored."""
    compact = iban_clean(iban)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.pilgrim_id != getattr(acting_user, "pk", None):
        raise CompensationError("not_yours")
    if claim.status == Claim.Status.REJECTED:
        raise CompensationError("payout_account_closed")
    payout = Payout.objects.select_for_update().filter(claim=claim).first()
    if payout is not None and payout.status != Payout.Status.FAILED:
        raise CompensationError("payout_account_closed")
    claim.payout_iban = compact
    claim.save(update_fields=["payout_iban"])
    logger.info("Claim %s: payout account %s given", claim.pk, mask_iban(compact))
    if payout is not None:
        payout.iban, payout.charge_reference = compact, ""
        payout.save(update_fields=["iban", "charge_reference"])
        PAYOUTS.retry(row=payout)
    return claim


def payout_queue(*, claim: Claim, amount: Decimal, now: datetime) -> Payout | None:
    """Called by claim_pay in its transaction: the payout of `amount` to the pilgrim, sent
    once that commits. With neither an IBAN nor a captured payment to pay back to, the
    payout is recorded failed for staff (the pilgrim can still give an IBAN)."""
    if amount <= 0:
        return None
    payment = None if claim.payout_iban else last_captured_payment(claim.contract_id)
    payout = Payout(claim=claim, amount=amount, iban=claim.payout_iban,
                    charge_reference=payment.gateway_reference if payment else "",
                    next_attempt_at=now, created_at=now)
    if not (payout.iban or payout.charge_reference):
        payout.status = Payout.Status.FAILED
        payout.last_error = "no destination: no captured payment and no IBAN given"
        payout.save()
        PAYOUTS.became_failed(payout, now=now)
        return payout
    payout.save()
    PAYOUTS.dispatch_on_commit(payout.pk)
    return payout


def _destination(payout: Payout) -> PayoutDestination:
    if payout.iban:
        return PayoutDestination.bank_account(payout.iban)
    return PayoutDestination.card(payout.charge_reference)


def _request(payout: Payout, gateway):
    try:
        destination = _destination(payout)
    except (ValidationError, ValueError) as exc:
        # Validated when given; kept as a guard so a bad row is never sent.
        raise GatewayRefused("invalid_destination", status=400, detail=str(exc)) from exc
    return gateway.payout(amount=payout.amount, currency=payout.currency,
                          destination=destination, idempotency_key=payout.idempotency_key)


def _send_task():
    from .tasks import send_payout  # the tasks import this module at their top

    return send_payout


@transaction.atomic
def payout_settle(*, key: str, status: str, now: datetime, reference: str = "",
                  reason: str = "", amount: Decimal | None = None,
                  currency: str = "") -> Payout | None:
    """Record what the gateway says became of the payout sent with `key`: settled (the
    pilgrim told) or failed (flagged to staff). Repeats change nothing; None for a key that
    is not a current payout's. The ledger already recorded the money leaving the guarantee
    when the claim was paid."""
    payout = PAYOUTS.locked_for_key(key, amount=amount, currency=currency)
    if payout is None:
        return None
    if payout.status == Payout.Status.SETTLED:
        if status == OperationStatus.FAILED:
            logger.error("Payout %s: settled, now reported failed by the gateway", payout.pk)
        return payout
    if status == OperationStatus.SETTLED:
        PAYOUTS.mark_settled(payout, reference=reference, now=now)
        _sms(payout, "settled")
    elif status == OperationStatus.FAILED:
        PAYOUTS.mark_failed(payout, reference=reference, reason=reason, now=now)
    return payout


def on_gateway_payout_event(sender, *, event: dict, now: datetime, **kwargs):
    """Receiver of packages.signals.gateway_payout_event (the gateway's signed webhook)."""
    _kind, _dot, outcome = event["type"].partition(".")
    payout_settle(key=event.get("key", ""), status=outcome, now=now,
                  reference=event.get("id", ""), reason=event.get("reason", ""),
                  amount=event.get("amount"), currency=event.get("currency", ""))


def _accepted(payout: Payout, now: datetime) -> None:
    _sms(payout, "sent_iban" if payout.iban else "sent_card")


def _failed(payout: Payout, now: datetime) -> None:
    # Keyed by the payout's idempotency key (in _sms): one SMS per failure.
    _sms(payout, "failed_iban" if payout.iban else "failed")


def _sms(payout: Payout, event: str) -> None:
    claim = Claim.objects.select_related("complaint", "pilgrim__profile").get(pk=payout.pk)
    profile = getattr(claim.pilgrim, "profile", None)
    if profile is None or not profile.mobile:
        return
    language = profile.preferred_language or "ar"
    with translation.override(language):
        values = {"number": claim.complaint.number, "amount": str(payout.amount),
                  "account": mask_iban(payout.iban)}
    sms_queue(to=profile.mobile, message=SMS[event], context=values, language=language,
              idempotency_key=f"compensation:payout:{payout.idempotency_key}:{event}",
              user=claim.pilgrim, about=claim)


# --- The beat, and staff ----------------------------------------------------------------


def payout_send(payout_id: int, *, now: datetime | None = None) -> Payout | None:
    return PAYOUTS.send(payout_id, now=now)


def payouts_redispatch_due(*, now: datetime | None = None) -> int:
    return PAYOUTS.redispatch_due(now=now)


def payouts_look_up_pending(*, now: datetime | None = None) -> int:
    return PAYOUTS.look_up_pending(now=now)


@transaction.atomic
def payout_retry(*, payout: Payout, acting_user, now: datetime | None = None) -> Payout:
    """Staff (the ministry's admins) send a failed payout again."""
    if not is_ministry_admin(acting_user):
        raise CompensationError("not_yours")
    if Payout.objects.filter(pk=payout.pk).exclude(status=Payout.Status.FAILED).exists():
        raise CompensationError("payout_not_failed")
    if not (payout.iban or payout.charge_reference):
        raise CompensationError("payout_no_destination")
    return PAYOUTS.retry(row=payout, now=now or timezone.now())


PAYOUTS = Outbox(model=Payout, kind=OperationKind.PAYOUT, request=_request,
                 settle=payout_settle, task=_send_task, label="Payout", accepted=_accepted,
                 failed=_failed)

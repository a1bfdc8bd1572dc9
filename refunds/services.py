"""Writes of refunds: the record of a cancellation's refund, its approval and payment, the
exemption claims (packages.services drives a contract's cancellation and calls these)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import PilgrimProfile
from notifications.services import sms_queue
from portal import calendars
from portal.uploads import sniff_content_type

from . import signals
from .errors import RefundError
from .models import ExemptionClaim, ExemptionDocument, Refund
from .policy import (
    RefundQuote,
    compute_refund,
    policy_snapshot,
    refund_of_payments,
    rule_description,
)

if TYPE_CHECKING:  # packages sits above refunds: the contract arrives as an argument
    from packages.models import Contract

SMS = {
    "exemption_submitted": _("Your exemption claim %(reference)s for booking %(booking)s is "
                             "received. Staff will review your documents and tell you their "
                             "decision."),
    "exemption_approved": _("Your exemption claim %(reference)s for booking %(booking)s is "
                            "approved: everything you paid will be refunded."),
    "exemption_rejected": _("Your exemption claim %(reference)s for booking %(booking)s is "
                            "rejected: %(reason)s"),
    "exemption_rejected_plain": _("Your exemption claim %(reference)s for booking "
                                  "%(booking)s is rejected."),
}

# Every state of an exemption claim and the SMS that tells it (README: "Every stage told";
# tests/test_every_stage_is_told.py). The refund's own states are told by packages, which
# cancels the contract and pays the money back (packages.services.STAGES).
STAGES = {
    ExemptionClaim: {
        ExemptionClaim.Status.SUBMITTED: "exemption_submitted",
        ExemptionClaim.Status.APPROVED: "exemption_approved",
        ExemptionClaim.Status.REJECTED: "exemption_rejected",
    },
}

ALLOWED_DOCUMENTS = {"application/pdf", "image/jpeg", "image/png"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def contract_policy(contract: Contract) -> dict:
    """The snapshot kept with the contract; a contract recorded before snapshots existed
    uses its season's current policy."""
    return contract.refund_policy or policy_snapshot(contract.season)


def refund_quote_for_contract(*, contract: Contract, now: datetime | None = None,
                              permit_state: str | None = None) -> RefundQuote:
    """What cancelling today would refund (the preview pages and the API show)."""
    now = now or timezone.now()
    return compute_refund(policy=contract_policy(contract), contract_value=contract.value,
                          clients=contract.clients, cancel_date=calendars.local_date(now),
                          permit_state=permit_state or contract.permit_state)


def refund_record(*, contract: Contract, reason: str, now: datetime, permit_state: str,
                  amount_paid, full_refund: bool = False) -> Refund:
    """Called by packages.services.contract_cancel inside its transaction."""
    cancel_date = calendars.local_date(now)
    policy = contract_policy(contract)
    if full_refund:
        rule = {"code": "exemption", "description": _exemption_descriptions()}
        quote = RefundQuote(refund=contract.value, deduction=0 * contract.value,
                            rule_code="exemption", rule_text=rule_description(rule))
    else:
        quote = compute_refund(policy=policy, contract_value=contract.value,
                               clients=contract.clients, cancel_date=cancel_date,
                               permit_state=permit_state)
        rule = next(r for r in policy["rules"] if r["code"] == quote.rule_code)
    return Refund.objects.create(
        contract=contract, reason=reason, rule_code=quote.rule_code,
        rule_text=str(quote.rule_text)[:300], permit_state=permit_state,
        cancel_date=cancel_date, contract_value=contract.value, clients=contract.clients,
        deduction=quote.deduction, amount_paid=amount_paid,
        amount=refund_of_payments(quote, amount_paid=amount_paid),
        computation={"rule": rule, "policy_season": policy.get("season"),
                     "service_fee": policy.get("service_fee"),
                     "refund_of_value": str(quote.refund), "deduction": str(quote.deduction),
                     "amount_paid": str(amount_paid), "full_refund": full_refund},
        created_at=now,
    )


def refund_rule_text(refund: Refund) -> str:
    """The refund's rule in the active language (the stored text is the one shown then)."""
    rule = (refund.computation or {}).get("rule")
    return rule_description(rule) if rule else refund.rule_text


def _exemption_descriptions():
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(_("Exemption approved: full refund of what was paid"))
    return texts


@transaction.atomic
def refund_approve(*, refund: Refund, acting_user, now: datetime | None = None) -> Refund:
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.status != Refund.Status.COMPUTED:
        raise RefundError("bad_status", status=refund.get_status_display(),
                          action=_("approved"))
    now = now or timezone.now()
    refund.status = Refund.Status.APPROVED
    refund.approved_at = now
    refund.approved_by = acting_user
    refund.save(update_fields=["status", "approved_at", "approved_by"])
    # Every approval path comes through here: packages queues the money's way back to the
    # card in this transaction (or refuses the approval), and sends it once this commits.
    signals.refund_approved.send(sender=Refund, refund=refund, now=now,
                                 acting_user=acting_user)
    return refund


@transaction.atomic
def refund_mark_paid(*, refund: Refund, acting_user=None,
                     now: datetime | None = None) -> Refund:
    """The money is back with the pilgrim: called by packages once the payment gateway
    settled every part of the refund (acting_user None), never a status staff set."""
    refund = Refund.objects.select_for_update().select_related("contract").get(pk=refund.pk)
    if refund.status != Refund.Status.APPROVED:
        raise RefundError("bad_status", status=refund.get_status_display(), action=_("paid"))
    now = now or timezone.now()
    refund.status = Refund.Status.PAID
    refund.paid_at = now
    refund.paid_by = acting_user
    refund.save(update_fields=["status", "paid_at", "paid_by"])
    signals.refund_paid.send(sender=Refund, refund=refund, now=now)
    return refund


# --- Exemptions -------------------------------------------------------------------------


@transaction.atomic
def exemption_claim_submit(*, contract: Contract, acting_user, kind: str, statement: str,
                           documents: list, now: datetime | None = None) -> ExemptionClaim:
    if contract.exemption_claims.filter(status=ExemptionClaim.Status.SUBMITTED).exists():
        raise RefundError("claim_pending")
    if not documents:
        raise RefundError("documents_required")
    for document in documents:
        # The file's own bytes decide its type, not the name or what the browser claims.
        if (sniff_content_type(document) not in ALLOWED_DOCUMENTS
                or document.size > MAX_DOCUMENT_BYTES):
            raise RefundError("document_type")
    claim = ExemptionClaim.objects.create(contract=contract, kind=kind, statement=statement,
                                          submitted_at=now or timezone.now(),
                                          submitted_by=acting_user)
    for document in documents:
        ExemptionDocument.objects.create(claim=claim, file=document)
    _notify(claim, "exemption_submitted")
    return claim


@transaction.atomic
def exemption_decide(*, claim: ExemptionClaim, approve: bool, acting_user, note: str = "",
                     now: datetime | None = None) -> ExemptionClaim:
    """Approval refunds everything paid: a live contract is cancelled with a full refund, a
    cancelled one not yet paid back has its refund raised to everything paid (packages
    cancels the live one, on the exemption_approved signal)."""
    now = now or timezone.now()
    claim = ExemptionClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ExemptionClaim.Status.SUBMITTED:
        raise RefundError("claim_decided")
    claim.status = ExemptionClaim.Status.APPROVED if approve else ExemptionClaim.Status.REJECTED
    claim.decided_at = now
    claim.decided_by = acting_user
    claim.decision_note = note
    claim.save()
    if approve:
        _notify(claim, "exemption_approved")
    else:
        _notify(claim, "exemption_rejected" if note.strip() else "exemption_rejected_plain",
                reason=note.strip())
    if approve:
        contract = claim.contract
        if contract.is_live:
            signals.exemption_approved.send(sender=ExemptionClaim, claim=claim, now=now,
                                            acting_user=acting_user)
        else:
            _raise_to_full(contract, now=now, acting_user=acting_user)
    return claim


def _raise_to_full(contract, *, now, acting_user):
    refund = Refund.objects.select_for_update().filter(contract=contract).first()
    if refund is None or refund.status == Refund.Status.PAID:
        raise RefundError("bad_status", status=refund.get_status_display() if refund else "-",
                          action=_("raised to a full refund"))
    rule = {"code": "exemption", "description": _exemption_descriptions()}
    refund.rule_code = "exemption"
    refund.rule_text = rule_description(rule)
    refund.deduction = 0
    refund.amount = refund.amount_paid
    refund.computation = {**refund.computation, "rule": rule, "full_refund": True}
    refund.save()
    if refund.status == Refund.Status.APPROVED:
        # Already on its way to the card: the difference follows it.
        signals.refund_approved.send(sender=Refund, refund=refund, now=now,
                                     acting_user=acting_user)


# --- SMS --------------------------------------------------------------------------------


def _notify(claim, event, **context):
    """Tell the contract's pilgrim, in their language, on the booking's mobile (as every
    message about the contract), once per claim and event (the key)."""
    contract = claim.contract
    profile = PilgrimProfile.objects.filter(user_id=contract.pilgrim_id).first()
    to = contract.contact_mobile or (profile and str(profile.mobile or ""))
    if not to:
        return
    language = (profile.preferred_language if profile else None) or "ar"
    sms_queue(to=to, message=SMS[event], language=language,
              context={"reference": claim.reference, "booking": contract.reference, **context},
              idempotency_key=f"refunds:exemption:{claim.pk}:{event}",
              user=contract.pilgrim, about=claim)

"""Claims: decided within the policy's days (overdue ones escalated once), paid from the
provider's withheld guarantee or by the provider, the pilgrim told by SMS at each step.
Paying from the guarantee, and what it does not cover: test_compensation_paid_from_guarantee."""

from datetime import timedelta
from decimal import Decimal

import pytest

from compensation import selectors, services
from compensation.errors import CompensationError
from compensation.models import Claim, ProviderDebt
from complaints import services as complaint_services
from ledger.models import Transfer
from notifications.models import SmsMessage
from tests.factories.complaints import (
    NOW,
    care_agent,
    filed_complaint,
    paid_contract_for,
    provider_staff_for,
)

pytestmark = pytest.mark.django_db


def late_fixed(item="makkah_housing", failure="late", **kwargs):
    complaint = filed_complaint(item=item, failure=failure, **kwargs)
    complaint_services.complaint_resolve(complaint=complaint,
                                         acting_user=provider_staff_for(complaint),
                                         note="Fixed late.", now=NOW + timedelta(hours=3))
    return Claim.objects.get(complaint=complaint)


def test_a_claim_must_be_decided_within_fifteen_days():
    claim = late_fixed()
    assert claim.decide_due_at == NOW + timedelta(hours=3, days=15)
    assert SmsMessage.objects.filter(idempotency_key=f"compensation:claim:{claim.pk}:opened"
                                     ).exists()


def test_an_undecided_claim_is_escalated_once():
    claim = late_fixed()
    late = claim.decide_due_at + timedelta(minutes=1)
    assert services.claims_escalate_overdue(now=claim.decide_due_at) == 0
    assert services.claims_escalate_overdue(now=late) == 1
    assert services.claims_escalate_overdue(now=late) == 0


def test_a_claim_the_provider_paid_directly_moves_no_guarantee_and_the_pilgrim_is_told():
    claim = late_fixed()
    agent = care_agent()
    services.claim_decide(claim=claim, acting_user=agent, approve=True)
    paid = services.claim_pay(claim=claim, acting_user=agent, paid_from="provider")
    assert paid.status == "paid"
    assert not Transfer.objects.filter(key=claim.payout_key).exists()
    assert not ProviderDebt.objects.filter(claim=claim).exists()
    assert SmsMessage.objects.filter(idempotency_key=f"compensation:claim:{claim.pk}:paid"
                                     ).exists()


def test_a_rejection_needs_reasons_and_is_sent_to_the_pilgrim():
    claim = late_fixed()
    with pytest.raises(CompensationError):
        services.claim_decide(claim=claim, acting_user=care_agent(), approve=False, reason="")
    services.claim_decide(claim=claim, acting_user=care_agent(), approve=False,
                          reason="The pilgrim arrived late.")
    sms = SmsMessage.objects.get(idempotency_key=f"compensation:claim:{claim.pk}:decided")
    assert "arrived late" in sms.text


def test_not_delivered_housing_records_the_ministrys_provision_at_the_providers_cost(
        payment_gateway):
    # The paid contract withheld 5% of 8,092.55 = 404.63 SAR.
    claim = late_fixed(failure="not_delivered", contract=paid_contract_for())
    assert claim.ministry_provides and claim.amount == Decimal("0.00")
    agent = care_agent()
    with pytest.raises(CompensationError):
        services.claim_decide(claim=claim, acting_user=agent, approve=True)
    decided = services.claim_decide(claim=claim, acting_user=agent, approve=True,
                                    ministry_cost=Decimal("350.00"))
    assert services.claim_charge(decided) == Decimal("350.00")
    services.claim_pay(claim=decided, acting_user=agent, paid_from="guarantee")
    assert selectors.guarantee_available(provider_id=claim.provider_id,
                                         season_id=1448) == Decimal("54.63")


def test_provider_staff_cannot_decide_claims():
    claim = late_fixed()
    with pytest.raises(CompensationError):
        services.claim_decide(claim=claim, acting_user=provider_staff_for(claim.complaint),
                              approve=True)

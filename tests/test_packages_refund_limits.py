"""A refund never takes back more than was paid: each payment's refunded amount is held
within the payment by PostgreSQL (a CHECK, whatever code writes), the service refuses an
approval its payments cannot cover, and approvals racing on one refund queue it once.

Two refunds of one payment cannot exist (a contract has one refund, refunds.Refund's
one-to-one); what can race on the payments are the paths that queue one refund: two staff
approving it at once, and an exemption raising it while it is approved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import translation

from accounts import roles
from packages.models import PaymentAttempt, RefundPart
from packages.services import contract_cancel
from refunds.errors import RefundError
from refunds.models import ExemptionClaim, Refund
from refunds.services import exemption_claim_submit, exemption_decide, refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.refund_payments import (
    ORDERED,
    TEN_PERCENT_WINDOW,
    captured_payments,
    paid_contract,
)
from tests.racing import race


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def cancelled(payments=1):
    contract = paid_contract(payments=payments)
    return contract, contract_cancel(contract=contract, reason="pilgrim",
                                     now=TEN_PERCENT_WINDOW)


def refunded(contract):
    return [p.refunded_amount for p in captured_payments(contract)]


@pytest.mark.django_db
def test_the_database_keeps_a_payments_refunded_amount_within_the_payment(payment_gateway):
    contract, _refund = cancelled()
    [payment] = captured_payments(contract)
    for wrong in ("payment.amount + 0.01", "-0.01"):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as sql:
            sql.execute(f"UPDATE packages_paymentattempt SET refunded_amount = {wrong} "
                        "FROM packages_paymentattempt AS payment "
                        "WHERE packages_paymentattempt.id = %s AND payment.id = %s",
                        [payment.pk, payment.pk])


@pytest.mark.django_db
def test_an_approval_the_payments_cannot_cover_is_refused_and_queues_nothing(payment_gateway):
    contract, refund = cancelled()  # 2,000 paid, 1,000 to refund
    Refund.objects.filter(pk=refund.pk).update(amount="2000.01")
    with pytest.raises(RefundError) as error:
        refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    assert error.value.code == "exceeds_paid"
    with translation.override("en"):
        message = str(error.value.message)
    assert message == ("This refund of 2000.01 SAR is more than the card "
                       "payments it can go back to (2000.00 SAR).")
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.COMPUTED
    assert not RefundPart.objects.exists()
    assert refunded(contract) == [0]


def approve(refund_id, staff_id):
    from accounts.models import User

    try:
        refund_approve(refund=Refund.objects.get(pk=refund_id),
                       acting_user=User.objects.get(pk=staff_id))
    except RefundError as error:
        return error.code
    return "approved"


def decide(claim_id, staff_id):
    from accounts.models import User

    exemption_decide(claim=ExemptionClaim.objects.get(pk=claim_id), approve=True,
                     acting_user=User.objects.get(pk=staff_id))
    return "raised"


@pytest.mark.django_db(transaction=True)
def test_two_staff_approving_one_refund_at_once_queue_it_once(payment_gateway):
    contract, refund = cancelled(payments=3)  # 9,000 over three payments
    staff = [StaffUserFactory(role=roles.MINISTRY_ADMIN).pk for _ in range(2)]
    outcomes = race(approve, [(refund.pk, staff[0]), (refund.pk, staff[1])])
    assert sorted(outcomes) == ["approved", "bad_status"]
    assert RefundPart.objects.aggregate(total=Sum("amount"))["total"] == refund.amount
    assert sum(refunded(contract)) == refund.amount


@pytest.mark.django_db(transaction=True)
def test_an_exemption_raising_a_refund_while_it_is_approved_never_over_refunds(
        payment_gateway):
    contract, refund = cancelled()  # 2,000 paid, 1,000 to refund; the exemption: all 2,000
    claim = exemption_claim_submit(
        contract=contract, acting_user=contract.pilgrim, kind="hospitalisation", statement="",
        documents=[SimpleUploadedFile("report.pdf", b"%PDF-1.4 report")], now=ORDERED)
    staff = StaffUserFactory(role=roles.MINISTRY_ADMIN).pk
    outcomes = race(lambda job, *args: job(*args),
                    [(approve, refund.pk, staff), (decide, claim.pk, staff)])
    assert sorted(outcomes) == ["approved", "raised"]
    refund.refresh_from_db()
    assert refund.amount == refund.amount_paid == 2000
    assert RefundPart.objects.aggregate(total=Sum("amount"))["total"] == 2000
    assert refunded(contract) == [2000]
    assert PaymentAttempt.objects.get().amount == 2000

"""Refunds and payouts through the payment gateway (packages/payments.py), against the local
fake running as a process of its own (devtools/fake_payment_gateway.py).

Money moves asynchronously: accepted means pending, and the gateway reports the settlement
(or the failure) by a webhook signed as portal/signing.py says. Every request carries an
idempotency key; the key can be looked up, so a request whose answer was lost is never sent
twice.
"""

from decimal import Decimal

import httpx
import pytest
from django.core.exceptions import ValidationError

from devtools.fake_payment_gateway import CLOSED_IBAN, FAILING_AMOUNT
from packages.payments import (
    GatewayOutcomeUnknown,
    GatewayRefused,
    GatewayUnavailable,
    OperationStatus,
    PaymentGateway,
    PayoutDestination,
    PayoutResult,
    RefundResult,
    get_gateway,
)
from portal.signing import verify
from tests.waiting import wait_until

SECRET = "gateway-webhook-secret"
IBAN = "SA0380000000608010167519"
SETTLE_AFTER = 0.3


@pytest.fixture
def gateway_process(start_payment_gateway_process, webhook_receiver):
    return start_payment_gateway_process(
        settle_after=SETTLE_AFTER, webhook_url=webhook_receiver.url, webhook_secret=SECRET,
        webhook_retry_after=0.2)


@pytest.fixture
def gateway(gateway_process) -> PaymentGateway:
    return get_gateway()


def paid(gateway, amount="2000.00", key="hajjportal-payment-1"):
    charge = gateway.charge(amount=Decimal(amount), currency="SAR", card_token="tok_ok",
                            idempotency_key=key, description="Package contract")
    assert charge.succeeded
    return charge.reference


def refund(gateway, charge, amount, key):
    return gateway.refund(charge_reference=charge, amount=Decimal(amount), currency="SAR",
                          idempotency_key=key)


def settled(gateway, kind, key):
    wait_until(lambda: gateway.lookup(kind, key).status != OperationStatus.PENDING,
               timeout=10, what=f"{kind} {key} to settle")
    return gateway.lookup(kind, key)


def test_a_refund_is_accepted_pending_then_settles(gateway, gateway_process):
    charge = paid(gateway)
    accepted = refund(gateway, charge, "1800.00", "refund-1")
    assert isinstance(accepted, RefundResult)
    assert (accepted.status, accepted.amount, accepted.currency) == (
        OperationStatus.PENDING, Decimal("1800.00"), "SAR")
    assert accepted.reference.startswith("re_")
    outcome = settled(gateway, "refund", "refund-1")
    assert (outcome.status, outcome.reference, outcome.reason) == (
        OperationStatus.SETTLED, accepted.reference, "")
    [operation] = gateway_process.operations("refund")
    assert (operation["charge"], operation["amount"]) == (charge, "1800.00")


def test_a_payout_goes_to_the_card_paid_with_or_to_an_iban(gateway, gateway_process):
    charge = paid(gateway)
    to_card = gateway.payout(amount=Decimal("500.00"), currency="SAR",
                             destination=PayoutDestination.card(charge),
                             idempotency_key="payout-card")
    to_bank = gateway.payout(amount=Decimal("750.50"), currency="SAR",
                             destination=PayoutDestination.bank_account("sa03 8000 0000 6080 "
                                                                        "1016 7519"),
                             idempotency_key="payout-iban")
    assert isinstance(to_card, PayoutResult) and to_card.status == OperationStatus.PENDING
    assert settled(gateway, "payout", "payout-card").status == OperationStatus.SETTLED
    assert settled(gateway, "payout", "payout-iban").status == OperationStatus.SETTLED
    destinations = [op["destination"] for op in gateway_process.operations("payout")]
    assert destinations == [{"type": "card", "charge": charge}, {"type": "iban", "iban": IBAN}]
    assert to_bank.amount == Decimal("750.50")


def test_a_key_the_gateway_never_received_looks_up_as_unknown(gateway):
    assert gateway.lookup("refund", "never-sent").status == OperationStatus.UNKNOWN
    assert gateway.lookup("payout", "never-sent") == PayoutResult.unknown()


def test_a_repeated_key_moves_the_money_once(gateway, gateway_process):
    charge = paid(gateway)
    first = refund(gateway, charge, "300.00", "refund-once")
    again = refund(gateway, charge, "300.00", "refund-once")
    assert again.reference == first.reference
    assert len(gateway_process.operations("refund")) == 1


def test_a_key_reused_for_another_amount_is_refused(gateway):
    charge = paid(gateway)
    refund(gateway, charge, "300.00", "refund-reused")
    with pytest.raises(GatewayRefused) as refused:
        refund(gateway, charge, "400.00", "refund-reused")
    assert (refused.value.code, refused.value.status) == ("key_reused", 409)


def test_refunds_never_take_more_than_the_charge(gateway, gateway_process):
    charge = paid(gateway, "2000.00")
    refund(gateway, charge, "1500.00", "refund-a")
    with pytest.raises(GatewayRefused) as refused:
        refund(gateway, charge, "500.01", "refund-b")
    assert (refused.value.code, refused.value.status) == ("exceeds_charge", 422)
    refund(gateway, charge, "500.00", "refund-c")
    with pytest.raises(GatewayRefused):
        refund(gateway, charge, "0.01", "refund-d")
    assert [op["amount"] for op in gateway_process.operations("refund")] == [
        "1500.00", "500.00"]


def test_a_failed_refund_gives_its_amount_back_to_what_can_be_refunded(gateway):
    charge = paid(gateway, "13.13")
    refund(gateway, charge, FAILING_AMOUNT, "refund-fails")
    assert settled(gateway, "refund", "refund-fails").status == OperationStatus.FAILED
    refund(gateway, charge, "13.13", "refund-again")  # a new key: a new try, within the charge


def test_a_refund_of_an_unknown_or_declined_charge_is_refused(gateway):
    declined = gateway.charge(amount=Decimal("100.00"), currency="SAR", card_token="tok_declined",
                              idempotency_key="declined", description="x")
    for reference, code in (("ch_nothing", "unknown_charge"),
                            (declined.reference, "charge_not_captured")):
        with pytest.raises(GatewayRefused) as refused:
            refund(gateway, reference, "10.00", f"refund-{code}")
        assert refused.value.code == code


def test_settlements_are_reported_by_signed_webhooks(gateway, webhook_receiver):
    charge = paid(gateway)
    accepted = refund(gateway, charge, "1000.00", "refund-hooked")
    payout = gateway.payout(amount=Decimal("200.00"), currency="SAR",
                            destination=PayoutDestination.bank_account(IBAN),
                            idempotency_key="payout-hooked")
    wait_until(lambda: len(webhook_receiver.requests) == 2, timeout=10, what="two webhooks")
    for request in webhook_receiver.requests:
        assert verify(request["body"], request["headers"], [SECRET])
    events = sorted(webhook_receiver.events(), key=lambda event: event["type"])
    assert [(e["type"], e["id"], e["key"], e["amount"], e["currency"]) for e in events] == [
        ("payout.settled", payout.reference, "payout-hooked", "200.00", "SAR"),
        ("refund.settled", accepted.reference, "refund-hooked", "1000.00", "SAR"),
    ]
    assert all(event["event_id"] and event["occurred_at"].endswith("Z") for event in events)


def test_a_failing_amount_and_a_closed_account_settle_failed(gateway, webhook_receiver):
    charge = paid(gateway)
    refund(gateway, charge, FAILING_AMOUNT, "refund-declined")
    gateway.payout(amount=Decimal("100.00"), currency="SAR",
                   destination=PayoutDestination.bank_account(CLOSED_IBAN),
                   idempotency_key="payout-closed")
    wait_until(lambda: len(webhook_receiver.requests) == 2, timeout=10, what="two webhooks")
    assert sorted(event["type"] for event in webhook_receiver.events()) == [
        "payout.failed", "refund.failed"]
    closed = gateway.lookup("payout", "payout-closed")
    assert (closed.status, closed.reason) == (
        OperationStatus.FAILED, "The beneficiary's account is closed.")


def test_a_webhook_is_sent_again_until_the_portal_accepts_it(gateway, webhook_receiver,
                                                             gateway_process):
    webhook_receiver.statuses = [500, 503]
    refund(gateway, paid(gateway), "100.00", "refund-retried")
    wait_until(lambda: len(webhook_receiver.requests) == 3, timeout=10, what="three deliveries")
    assert len({event["event_id"] for event in webhook_receiver.events()}) == 1
    assert [attempt["status"] for attempt in gateway_process.webhooks()] == [500, 503, 200]


def test_an_iban_that_is_not_a_valid_saudi_one_never_leaves(gateway, gateway_process):
    with pytest.raises(ValidationError):
        PayoutDestination.bank_account("SA0380000000608010167518")
    # Nor would the gateway take it.
    answer = httpx.post(f"{gateway_process.url}/v1/payouts", headers={"Idempotency-Key": "x"},
                        json={"amount": "1.00", "currency": "SAR",
                              "destination": {"type": "iban", "iban": "SA0380000000608010167518"}})
    assert (answer.status_code, answer.json()["error"]) == (422, "invalid_iban")


def test_a_5xx_leaves_the_outcome_unknown_and_the_lookup_tells(gateway, gateway_process):
    charge = paid(gateway)
    gateway_process.fail_next(1, 500)
    with pytest.raises(GatewayOutcomeUnknown):
        refund(gateway, charge, "100.00", "refund-5xx")
    assert gateway.lookup("refund", "refund-5xx").status == OperationStatus.UNKNOWN


def test_a_gateway_that_cannot_be_reached_was_never_sent_anything(settings):
    unreachable = PaymentGateway("http://127.0.0.1:9", timeout=2)
    with pytest.raises(GatewayUnavailable) as unavailable:
        unreachable.refund(charge_reference="ch_x", amount=Decimal("1.00"), currency="SAR",
                           idempotency_key="k")
    assert not isinstance(unavailable.value, GatewayOutcomeUnknown)
    with pytest.raises(GatewayUnavailable):
        unreachable.lookup("refund", "k")


def test_an_answer_lost_after_the_gateway_accepted_is_found_by_the_lookup(
        gateway_process, settings):
    # The window of a worker killed mid-request: the refund was taken, its answer never came.
    impatient = PaymentGateway(gateway_process.url, timeout=0.5)
    charge = paid(impatient)
    gateway_process.hold_next()
    with pytest.raises(GatewayOutcomeUnknown):
        refund(impatient, charge, "700.00", "refund-lost-answer")
    gateway_process.release()
    found = impatient.lookup("refund", "refund-lost-answer")
    assert found.status in (OperationStatus.PENDING, OperationStatus.SETTLED)
    assert len(gateway_process.operations("refund")) == 1  # nothing to send again


def test_without_deduplication_a_repeated_key_pays_twice(start_payment_gateway_process):
    # The control for the look-up: a gateway that does not deduplicate moves the money again.
    process = start_payment_gateway_process(settle_after=SETTLE_AFTER, no_dedup=True)
    gateway = get_gateway()
    charge = paid(gateway)
    refund(gateway, charge, "100.00", "refund-twice")
    refund(gateway, charge, "100.00", "refund-twice")
    assert len(process.operations("refund")) == 2
    assert gateway.lookup("refund", "refund-twice").status != OperationStatus.UNKNOWN


def test_an_amount_is_sent_exactly_or_not_at_all(gateway):
    charge = paid(gateway)
    for amount in ("0", "-5.00", "10.005"):
        with pytest.raises(ValueError):
            refund(gateway, charge, amount, f"refund-{amount}")

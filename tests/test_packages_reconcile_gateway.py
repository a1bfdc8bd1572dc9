"""`manage.py reconcile_gateway` reads the gateway's own records (the fake, a process of its
own, page by page) and proves the ledger, written by the portal's services as pilgrims pay
and are refunded, agrees with them key by key; it names every movement on which they differ
and fails, and fails with a clear message when the gateway cannot be read."""

import time
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import roles
from packages.models import RefundPart
from packages.refunding import refund_part_send, refund_parts_look_up_pending
from packages.services import contract_cancel
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.refund_payments import TEN_PERCENT_WINDOW, captured_payments, paid_contract
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db


def reconcile_gateway(capsys, **options):
    """The command's output lines, and its CommandError (None when it succeeded)."""
    try:
        call_command("reconcile_gateway", **options)
        error = None
    except CommandError as exc:
        error = exc
    return capsys.readouterr().out.splitlines(), error


def refunded_contract(gateway):
    """Paid in three instalments (2,000, 4,000, 4,000 SAR), cancelled in the 10% window and
    the 9,000 SAR refund approved, sent to the gateway in parts and settled there; the
    look-up sweep records the settlement (no webhook here), which posts the ledger's
    refund_paid."""
    contract = paid_contract(payments=3)
    refund = contract_cancel(contract=contract, reason="pilgrim", now=TEN_PERCENT_WINDOW)
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    parts = RefundPart.objects.filter(refund=refund)
    for part in parts:
        refund_part_send(part.pk)
    wait_until(lambda: [op["status"] for op in gateway.operations("refund")] == ["settled"] * 3,
               what="the refund parts settled at the gateway")
    refund_parts_look_up_pending(now=timezone.now() + timedelta(hours=1))
    assert set(parts.values_list("status", flat=True)) == {RefundPart.Status.SETTLED}
    return contract


def test_the_ledger_agrees_with_every_charge_and_refund_the_gateway_made(
        start_payment_gateway_process, capsys):
    gateway = start_payment_gateway_process(settle_after=0.2)
    refunded_contract(gateway)

    # Pages of two: three charges and three refunds come in five pages, none read twice.
    out, error = reconcile_gateway(capsys, page_size=2)

    assert error is None
    assert out == ["0 differences between the ledger and the gateway's 6 records."]


def test_a_charge_the_ledger_lacks_is_reported_and_fails(start_payment_gateway_process, capsys):
    gateway = start_payment_gateway_process(settle_after=0.2)
    paid_contract(payments=1)  # 2,000 SAR, in the ledger
    # Money taken at the gateway with no payment of the portal behind it.
    httpx.post(f"{gateway.url}/v1/charges", headers={"Idempotency-Key": "stray-charge-1"},
               json={"amount": "750.00", "currency": "SAR", "card_token": "tok_ok",
                     "description": "not the portal's"}, timeout=5).raise_for_status()

    out, error = reconcile_gateway(capsys)

    assert out == ["key\tcurrency\tledger\tgateway", "stray-charge-1\tSAR\t-\t750.00"]
    assert str(error) == "1 difference between the ledger and the gateway's 2 records."
    assert error.returncode == 1


def test_a_charge_the_gateway_took_twice_is_an_amount_that_differs(
        start_payment_gateway_process, capsys):
    # A processor that does not deduplicate charges the same key again.
    gateway = start_payment_gateway_process(settle_after=0.2, no_dedup=True)
    contract = paid_contract(payments=1)
    (payment,) = captured_payments(contract)
    httpx.post(f"{gateway.url}/v1/charges", headers={"Idempotency-Key": payment.idempotency_key},
               json={"amount": "2000.00", "currency": "SAR", "card_token": "tok_ok",
                     "description": "sent again"}, timeout=5).raise_for_status()

    out, error = reconcile_gateway(capsys)

    assert payment.amount == Decimal("2000.00")
    assert out == ["key\tcurrency\tledger\tgateway",
                   f"{payment.idempotency_key}\tSAR\t2000.00\t4000.00"]
    assert str(error) == "1 difference between the ledger and the gateway's 2 records."


def test_a_gateway_that_cannot_be_read_fails_with_a_message_not_a_traceback(
        start_payment_gateway_process, capsys):
    gateway = start_payment_gateway_process(settle_after=0.2)
    paid_contract(payments=1)
    gateway.stop()
    time.sleep(0.1)

    out, error = reconcile_gateway(capsys)

    assert out == []
    assert str(error).startswith(f"The payment gateway at {gateway.url} could not be read, "
                                 "nothing was compared: GET /v1/charges unanswered")
    assert error.returncode == 1


def test_a_page_the_gateway_fails_to_give_fails_the_whole_check(
        start_payment_gateway_process, capsys):
    gateway = start_payment_gateway_process(settle_after=0.2)
    paid_contract(payments=3)
    gateway.fail_next(1, status=503)  # the first page of charges

    out, error = reconcile_gateway(capsys, page_size=2)

    assert out == []
    assert "GET /v1/charges answered 503" in str(error)

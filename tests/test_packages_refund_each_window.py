"""Every window of the season's refund table moves exactly its money: a contract paid in
three instalments through the fake gateway is cancelled on a day inside the window (its
permit issued and printed for the printed-permit tier, refused for the refusal row), staff
approve the refund, a real worker sends it, and the gateway (a process of its own, settling
by signed webhook to the running portal) has settled, for that contract, exactly what the
row gives: paid minus the row's deduction of the contract value, rounded half up to the
halala, never below zero. The ledger then holds what was kept, split by the season's
guarantee percentage, every transfer balanced. The no-refund window queues and sends
nothing.

One gateway process and one worker serve the whole module."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pytest

from accounts import roles
from ledger.models import Transfer
from ledger.reconciliation import reconcile
from ledger.selectors import balances, totals, unbalanced_transfers
from notifications.models import SmsMessage
from packages.models import RefundPart
from packages.services import contract_cancel
from permits.models import Booking
from permits.services import hajj_permit_print, hajj_request_issue, hajj_request_refuse
from portal.calendars import RIYADH
from refunds.models import Refund
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import seeded_season
from tests.factories.refund_payments import (
    ORDERED,
    captured_payments,
    gateway_records,
    of_contract,
    paid_contract,
    refund_status,
    rule_for,
    rule_window,
)
from tests.fixtures.worker import running_worker
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CENT = Decimal("0.01")
# Not a round sum: 10% of it (809.255) is where rounding half up shows.
PRICE = Decimal("8092.55")
PERMIT_ISSUED = ORDERED + datetime.timedelta(days=3)  # after the last instalment (day 2)
PERMIT_PRINTED = ORDERED + datetime.timedelta(days=4)


@dataclass(frozen=True)
class Window:
    """A cancellation in one window: the rule row that must decide it, the permit's state
    then, and the day, taken from the season's rows (`first` or `last` day of `window_of`)."""

    rule: str
    permit: str  # "requested" (not issued yet), "printed" or "refused"
    window_of: str
    day: str

    def cancel_day(self, season):
        first, last = rule_window(season.refund_rules.get(code=self.window_of), season)
        return first if self.day == "first" else last


WINDOWS = [
    # Up to the last day of the full refund, the permit not issued: everything back.
    Window("full_refund", "requested", window_of="full_refund", day="last"),
    # The last day the 10% row covers, the permit still not issued.
    Window("ten_percent", "requested", window_of="ten_percent", day="last"),
    # The tier after the permit is printed: within the full-refund days, 10% deducted.
    Window("ten_percent", "printed", window_of="full_refund", day="last"),
    # From 1 Dhu al-Hijjah: nothing back.
    Window("no_refund", "requested", window_of="no_refund", day="first"),
    # A refused permit refunds minus the e-service fee, even in the no-refund days.
    Window("permit_refused", "refused", window_of="no_refund", day="first"),
]


@pytest.fixture(scope="module")
def gateway(module_payment_gateway_process):
    return module_payment_gateway_process


@pytest.fixture(scope="module")
def worker(gateway, module_sms_gateway, django_db_setup, tmp_path_factory):
    # Started after the gateway and SMS fixtures, so it is given their settings.
    with running_worker(log_path=tmp_path_factory.mktemp("worker") / "worker.log") as worker:
        yield worker


def policy_refund(rule, *, season, value, clients, paid):
    """What the row gives back, from the row itself: the deduction is its percentage of the
    contract value (plus the e-service fee per client if it says so), rounded half up to
    the halala and never more than the value; what was paid minus it, never below zero."""
    deduction = value * rule.deduction_percent / 100
    if rule.deduct_service_fee:
        deduction += season.service_fee * clients
    deduction = min(deduction.quantize(CENT, ROUND_HALF_UP), value)
    return max(paid - deduction, Decimal("0.00"))


def guarantee_share(amount, season):
    return (amount * season.guarantee_percent / 100).quantize(CENT, ROUND_HALF_UP)


def cancelled(contract, window, day):
    """The contract cancelled on `day` at noon, its permit first brought to the window's
    state through the permit services (staff's and the authority's path)."""
    staff = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    booking = Booking.objects.get(contract=contract)
    now = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=RIYADH)
    if window.permit == "refused":
        hajj_request_refuse(booking=booking, acting_user=staff, reason="Security check",
                            now=now)
        return Refund.objects.get(contract=contract)
    if window.permit == "printed":
        hajj_request_issue(booking=booking, acting_user=staff, now=PERMIT_ISSUED)
        hajj_permit_print(booking=booking, acting_user=staff, now=PERMIT_PRINTED)
    return contract_cancel(contract=contract, reason="pilgrim", now=now)


def test_every_row_of_the_seasons_refund_table_has_a_window_here():
    season = seeded_season(1448)
    assert set(season.refund_rules.values_list("code", flat=True)) == {
        window.rule for window in WINDOWS}
    printed_rows = {rule.code for rule in season.refund_rules.all()
                    if not rule.permit_states or "printed" in rule.permit_states}
    assert {window.rule for window in WINDOWS if window.permit == "printed"} & printed_rows


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w.rule}-{w.permit}")
def test_a_cancellation_in_the_window_refunds_exactly_the_rows_amount(
        window, gateway, worker, permit_services):
    contract = paid_contract(payments=3, price=str(PRICE))  # 20%, 40%, 40%, a day apart
    season = contract.season
    payments = captured_payments(contract)
    paid = sum(payment.amount for payment in payments)
    assert (len(payments), paid) == (3, PRICE)
    day = window.cancel_day(season)
    rule = season.refund_rules.get(code=window.rule)
    if window.permit != "refused":  # the refusal row has no days: it wins on any of them
        assert rule_for(season, "printed" if window.permit == "printed" else "not_issued",
                        day) == rule
    expected = policy_refund(rule, season=season, value=contract.value,
                             clients=contract.clients, paid=paid)

    refund = cancelled(contract, window, day)
    assert (refund.rule_code, refund.cancel_date, refund.amount) == (window.rule, day, expected)
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    wait_until(lambda: refund_status(refund) == Refund.Status.PAID, what="the refund paid")
    # Every SMS out: the worker has run all this test queued (and leaves the next test none).
    wait_until(lambda: not SmsMessage.objects.exclude(status=SmsMessage.Status.SENT).exists(),
               what="every SMS sent")

    charges, refunds = of_contract(contract, charges=gateway.charges(),
                                   refunds=gateway.operations("refund"))
    parts = list(RefundPart.objects.filter(refund=refund))
    if expected == 0:
        assert parts == [] and refunds == []
        assert not SmsMessage.objects.filter(
            idempotency_key__startswith=f"packages:contract:{contract.pk}:refund").exists()
    # The gateway settled, once per part, exactly the row's amount back to the contract's
    # cards.
    assert {op["status"] for op in refunds} <= {"settled"}
    assert sorted(op["key"] for op in refunds) == sorted(part.idempotency_key for part in parts)
    assert sum((Decimal(op["amount"]) for op in refunds), Decimal("0.00")) == expected

    # The ledger keeps what the provider keeps, the season's percentage of each payment
    # withheld and the same percentage of each refunded amount given back.
    kept = paid - expected
    guarantee = (sum(guarantee_share(payment.amount, season) for payment in payments)
                 - sum((guarantee_share(Decimal(op["amount"]), season) for op in refunds),
                       Decimal("0.00")))
    assert balances(provider_id=contract.provider_id, season_id=season.pk,
                    currency="SAR") == {"gateway": -kept, "guarantee_withheld": guarantee,
                                        "owed_to_provider": kept - guarantee}
    moved = totals(provider_id=contract.provider_id, season_id=season.pk, currency="SAR")
    assert (moved[Transfer.Kind.PAYMENT_RECEIVED], moved[Transfer.Kind.REFUND_PAID]) == (
        paid, expected)
    assert unbalanced_transfers() == []
    assert reconcile(gateway_records(charges=charges, refunds=refunds)) == []

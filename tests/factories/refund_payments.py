"""Contracts paid through the real services, and the money around their refunds:

    contract = paid_contract(payments=3)          # 10,000 SAR in three instalments, a day apart
    contract = paid_contract(payments=1)          # only the first instalment (2,000 SAR) paid
    record_captures(contract)                     # its payments in the ledger
    gateway_records(charges, refunds)             # the gateway's lists, as the ledger reads them
    of_contract(contract, charges=..., refunds=...)  # those lists cut to one contract's money
    refund_status(refund)                         # as stored now (a worker changes it)
    rule_window(rule, season)                     # a refund rule row's first and last day
    rule_for(season, "printed", day)              # the row that decides a cancellation then
"""

import datetime
from decimal import Decimal

from ledger import services as ledger
from ledger.models import Transfer
from ledger.reconciliation import GatewayRecord
from packages.models import PaymentAttempt, RefundRule
from packages.services import contract_pay
from portal.calendars import RIYADH
from portal.hijri import hijri_to_gregorian
from refunds.models import Refund
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract

ORDERED = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)
# 15 Shawwal 1448: the permit not issued yet, 10% of the contract's value is deducted.
TEN_PERCENT_WINDOW = datetime.datetime(2027, 3, 23, 12, 0, tzinfo=RIYADH)


def paid_contract(*, payments=3, price="10000.00", pilgrim=None):
    """Ordered in instalments (20%, 40%, 40%) and `payments` of them paid, one a day."""
    contract = ordered_contract(pilgrim=pilgrim or PilgrimFactory(), now=ORDERED,
                                package=PackageFactory(price=Decimal(price)),
                                payment_plan="instalments")
    for day in range(payments):
        contract = contract_pay(contract=contract, card_token="tok_ok",
                                now=ORDERED + datetime.timedelta(days=day))
    return contract


def captured_payments(contract):
    return list(PaymentAttempt.objects.filter(instalment__contract=contract,
                                              status=PaymentAttempt.Status.SUCCEEDED)
                .order_by("pk"))


def record_captures(contract):
    """The ledger's payment_received of each captured payment, keyed by the attempt's key,
    unless the payment service posted it already."""
    for payment in captured_payments(contract):
        if not Transfer.objects.filter(key=payment.idempotency_key).exists():
            ledger.payment_captured(
                provider_id=contract.provider_id, season_id=contract.season_id,
                amount=payment.amount, currency="SAR",
                guarantee_percent=contract.season.guarantee_percent,
                key=payment.idempotency_key, source="packages.paymentattempt",
                source_id=payment.pk)


def gateway_records(*, charges, refunds=(), payouts=()):
    """What the gateway moved, seen from the portal: + each captured charge, - each refund
    or payout not failed (the fake's listings: GET /v1/charges, /v1/refunds, /v1/payouts)."""
    records = [GatewayRecord(key=charge["idempotency_key"], amount=Decimal(charge["amount"]),
                             currency=charge["currency"])
               for charge in charges if charge.get("status") == "succeeded"]
    records += [GatewayRecord(key=refund["key"], amount=-Decimal(refund["amount"]),
                              currency=refund["currency"])
                for refund in [*refunds, *payouts] if refund["status"] != "failed"]
    return records


def of_contract(contract, *, charges, refunds):
    """(charges, refunds) of a gateway's listings that are the contract's: its captured
    payments' charges and the refunds of those charges (a gateway serving several tests
    lists theirs too)."""
    payments = captured_payments(contract)
    keys = {payment.idempotency_key for payment in payments}
    references = {payment.gateway_reference for payment in payments}
    return ([charge for charge in charges if charge["idempotency_key"] in keys],
            [refund for refund in refunds if refund["charge"] in references])


def refund_status(refund):
    return Refund.objects.values_list("status", flat=True).get(pk=refund.pk)


def rule_window(rule, season) -> tuple[datetime.date, datetime.date]:
    """The Gregorian days a refund rule row covers (an empty date: the track's own)."""
    return (hijri_to_gregorian(rule.starts_on) or season.gregorian("track_opens"),
            hijri_to_gregorian(rule.ends_on) or season.gregorian("track_closes"))


def rule_for(season, permit_state, day):
    """The first of the season's refund rule rows covering the day and the permit state."""
    for rule in RefundRule.objects.filter(season=season).order_by("position"):
        starts, ends = rule_window(rule, season)
        if (not rule.permit_states or permit_state in rule.permit_states) and (
                starts <= day <= ends):
            return rule
    raise AssertionError("no refund rule covers the day")

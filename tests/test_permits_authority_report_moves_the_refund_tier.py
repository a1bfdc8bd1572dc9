"""The permit authority's signed report moves a Hajj contract to "printed", and the next
cancellation loses the share the season's refund rules deduct once the permit is printed:
driven end to end by the local fake of the authority against the running portal."""

import datetime
from decimal import Decimal

import pytest

from devtools.fake_permit_authority import permit_number_for, send_event
from packages.models import Contract
from packages.services import contract_cancel
from permits.models import AuthorityEvent, Booking
from portal.calendars import RIYADH, local_date
from portal.signing import webhook_secrets
from tests.factories.packages import paid_contract
from tests.factories.permits import sms_text
from tests.factories.refund_payments import rule_for

NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)  # 11/06/1448
CANCELLED_ON = NOW + datetime.timedelta(days=2)
VALUE = Decimal("10000.00")


@pytest.fixture
def secret():
    return webhook_secrets("PERMIT_AUTHORITY_WEBHOOK_SECRETS")[0]


def test_a_printed_report_makes_the_next_cancellation_lose_the_printed_permit_share(
        live_server, payment_gateway, permit_services, secret):
    contract = paid_contract(now=NOW, price=VALUE)
    twin = paid_contract(now=NOW, price=VALUE)  # the same, its permit never printed
    reference = contract.reference

    issued = send_event(live_server.url, secret, request=reference, event="issued",
                        occurred_at=NOW + datetime.timedelta(hours=1))
    printed = send_event(live_server.url, secret, request=reference, event="printed",
                         occurred_at=NOW + datetime.timedelta(hours=2))

    assert (issued.status, issued.answer["outcome"]) == (200, "applied")
    assert (printed.status, printed.answer["outcome"]) == (200, "applied")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.PERMIT_PRINTED
    booking = Booking.objects.get(contract=contract)
    assert booking.permit.number == permit_number_for(reference)
    assert booking.permit.printed_at == NOW + datetime.timedelta(hours=2)
    assert permit_number_for(reference) in sms_text(booking, "issued")
    assert permit_number_for(reference) in sms_text(booking, "printed")
    assert list(AuthorityEvent.objects.filter(booking=booking).order_by("received_at")
                .values_list("event", "outcome")) == [("issued", "applied"),
                                                      ("printed", "applied")]

    refund = contract_cancel(contract=contract, reason="pilgrim", now=CANCELLED_ON)
    not_printed = contract_cancel(contract=twin, reason="pilgrim", now=CANCELLED_ON)

    day = local_date(CANCELLED_ON)
    printed_rule = rule_for(contract.season, "printed", day)
    assert refund.rule_code == printed_rule.code
    assert refund.amount == VALUE - VALUE * printed_rule.deduction_percent / 100
    assert refund.amount < VALUE
    assert not_printed.rule_code == rule_for(twin.season, "not_issued", day).code
    assert not_printed.amount == VALUE

"""SMS go to the person's mobile as it is when the message is queued: a pilgrim who changed
their number after ordering (or booking) gets the next message on the new one, never on a
copy frozen with the order. The contract keeps the number it was booked with for the
one-booking-per-mobile rule only."""

import datetime

import pytest

from accounts.services import mobile_change_confirm, mobile_change_start
from notifications.models import SmsMessage
from packages.services import contract_cancel
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)
NEW = "+966555000222"


def change_mobile(pilgrim, mobile):
    """Through the real flow: the code sent to the new number, then entered."""
    mobile_change_start(user=pilgrim, acting_user=pilgrim, mobile=mobile)
    code = SmsMessage.objects.filter(recipient=mobile).latest("pk").text
    mobile_change_confirm(user=pilgrim, acting_user=pilgrim,
                          code=next(word for word in code.split() if word[:6].isdigit())[:6])


def test_a_contracts_next_sms_goes_to_the_holders_new_number():
    pilgrim = PilgrimFactory()
    contract = ordered_contract(pilgrim=pilgrim, package=PackageFactory(), now=NOW)
    booked_with = contract.contact_mobile

    change_mobile(pilgrim, NEW)
    contract_cancel(contract=contract, reason="pilgrim", now=NOW)

    told = SmsMessage.objects.get(idempotency_key=f"packages:contract:{contract.pk}:cancelled")
    assert told.recipient == NEW
    contract.refresh_from_db()
    assert contract.contact_mobile == booked_with  # the booking's record, unchanged

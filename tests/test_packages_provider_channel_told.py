"""When a contract is made the pilgrim gets, by SMS, the provider's number for faults (the
channel they acknowledged) and the ministry's care centre, in their language, once."""

import datetime

import pytest

from notifications.models import SmsMessage
from packages import services
from portal.calendars import RIYADH
from portal.selectors import care_centre_number
from tests.factories.accounts import PilgrimFactory
from tests.factories.notifications import shown
from tests.factories.packages import (
    CHANNEL_VALUES,
    PackageFactory,
    ProviderFactory,
    ordered_contract,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def channel_sms(contract):
    return SmsMessage.objects.filter(
        idempotency_key=f"packages:contract:{contract.pk}:provider_channel")


def test_the_order_sends_the_provider_mobile_and_the_care_centre():
    package = PackageFactory()
    contract = ordered_contract(pilgrim=PilgrimFactory(profile__preferred_language="en"),
                                package=package, now=NOW)

    sms = channel_sms(contract).get()
    assert sms.text == (
        f"Booking {contract.reference}: report any fault to {package.provider.name} at once "
        f"on {CHANNEL_VALUES['mobile']}. If they do not respond, call the ministry's care "
        f"centre on {care_centre_number()}.")
    assert sms.recipient == contract.contact_mobile


def test_an_arabic_reader_gets_it_in_arabic():
    contract = ordered_contract(pilgrim=PilgrimFactory(profile__preferred_language="ar"),
                                package=PackageFactory(), now=NOW)

    sms = channel_sms(contract).get()
    assert shown(sms.text).startswith(f"الحجز {contract.reference}: أبلغ ")
    assert CHANNEL_VALUES["mobile"] in sms.text


def test_the_channel_is_the_one_acknowledged_with_the_order():
    """A channel the provider changes afterwards is not the one the pilgrim agreed to."""
    provider = ProviderFactory(channels=["phone", "email"])
    contract = ordered_contract(pilgrim=PilgrimFactory(), now=NOW,
                                package=PackageFactory(provider=provider))
    provider.channels.filter(kind="phone").update(value="+966110000000")

    assert CHANNEL_VALUES["phone"] in channel_sms(contract).get().text


def test_it_is_sent_once():
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)

    # The same step again (a retried task, a replayed call) finds the key already there.
    services._notify_provider_channel(contract, now=NOW)

    assert channel_sms(contract).count() == 1

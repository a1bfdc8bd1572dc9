"""The demo queue holds an open offer and an open request that cannot match (different
provinces); loading it twice changes nothing."""

import pytest

from accounts import demo as accounts_demo
from packages import demo as packages_demo
from tests.factories.complaints import NOW
from transfers import demo, services
from transfers.models import AccreditedAgent, Match, Offer, TransferRequest

pytestmark = pytest.mark.django_db


def test_the_demo_queue_loads_twice_and_stays_open():
    accounts_demo.demo_load()
    packages_demo.demo_load(now=NOW)
    demo.demo_load(now=NOW)
    demo.demo_load(now=NOW)
    services.match_all(now=NOW)
    assert Offer.objects.get().status == "open"
    assert TransferRequest.objects.get().status == "open"
    assert AccreditedAgent.objects.count() == 2 and not Match.objects.exists()

"""One offer is never matched twice, whatever the concurrency.

Real processes, each with its own PostgreSQL connection, run the matcher at the same time
over one open offer and many requests. The control run pairs through a deliberately
unguarded read-then-write (test-only): it does try to match the offer twice, and only the
partial unique index stops it, so the guarded result means something.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory, province_get
from tests.racing import in_step, race
from transfers import services
from transfers.models import Match, Offer, TransferRequest

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=timezone.get_fixed_timezone(180))
RACERS = 8




def guarded_match():
    match = services.match_next(now=NOW)
    return "matched" if match else "none"


def unguarded_match(request_id):
    """What not to do: read the open offer, decide, then write the match."""
    try:
        with transaction.atomic():
            offer = Offer.objects.filter(status="open").first()
            if offer is None:
                return "none"
            in_step()
            Match.objects.create(offer=offer, request_id=request_id, price=offer.price,
                                 matched_at=NOW, deadline=NOW)
    except IntegrityError:
        return "caught by the index"
    return "matched"


@pytest.fixture
def one_offer_many_requests():
    registration = RegistrationFactory()
    services.offer_create(acting_user=registration.holder, registration=registration,
                          price=Decimal("1000"), now=NOW)
    province = province_get("riyadh")
    return [services.request_create(acting_user=PilgrimFactory(), province=province, now=NOW)
            for _ in range(RACERS)]


def test_racing_matchers_match_the_offer_exactly_once(one_offer_many_requests):
    results = race(guarded_match, [() for _ in range(RACERS)])

    assert results.count("matched") == 1
    assert Match.objects.count() == 1
    assert TransferRequest.objects.filter(status="matched").count() == 1


def test_control_an_unguarded_matcher_tries_twice_and_the_index_catches_it(
        one_offer_many_requests):
    results = race(unguarded_match, [(request.pk,) for request in one_offer_many_requests])

    assert results.count("matched") == 1
    assert results.count("caught by the index") == RACERS - 1
    assert Match.objects.count() == 1

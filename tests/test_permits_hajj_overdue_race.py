"""Two beats flagging overdue Hajj permit requests at once, in two real processes: they split
the backlog and each request is flagged, and its pilgrim told, once."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from notifications.models import SmsMessage
from packages.models import Contract
from permits import services
from permits.models import Booking
from portal.models import SweepClaim
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import ProviderFactory, seeded_season
from tests.fixtures.permits import NOW, RIYADH

LATER = datetime(2026, 12, 20, 10, 0, tzinfo=RIYADH)  # long past every 3-working-day clock


def overdue_requests(count):
    provider, season = ProviderFactory(), seeded_season()
    for _ in range(count):
        pilgrim = PilgrimFactory(gender="male")
        person = services.person_for_user(user=pilgrim)
        person.identity_expires_on = date(2030, 1, 1)
        person.save()
        contract = Contract.objects.create(pilgrim=pilgrim, provider=provider, season=season,
                                           status=Contract.Status.PAID, clients=1,
                                           value=Decimal("8092.55"))
        services.hajj_request_create(acting_user=pilgrim, contract=contract, now=NOW)


def sweep():
    return services.hajj_requests_flag_overdue(now=LATER)


@pytest.mark.django_db(transaction=True)
def test_two_beats_split_the_overdue_hajj_requests_and_flag_each_once(settings,
                                                                       permit_services):
    from tests.racing import hold_writes_until_claims, race

    settings.SWEEP_BATCH_SIZE = 5
    overdue_requests(40)
    holder = hold_writes_until_claims(SmsMessage, 10)  # each flag queues an SMS

    first, second = race(sweep, [(), ()])
    holder.join(timeout=30)

    assert first > 0 and second > 0
    assert first + second == 40
    assert Booking.objects.filter(overdue_flagged_at=LATER).count() == 40
    assert SmsMessage.objects.filter(idempotency_key__endswith=":overdue").count() == 40
    assert SweepClaim.objects.count() == 0

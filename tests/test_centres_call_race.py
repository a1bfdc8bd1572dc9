"""Two counters never call the same ticket, whatever the concurrency.

Real processes, one per counter, all call "next" at the same moment over the same waiting
tickets. The control calls through a deliberately unguarded read-then-write (test-only) and
shows that the same check sees a ticket handed to two counters, so the green run means
something."""

import pytest
from django.db import transaction

from centres import services
from centres.models import Counter, Ticket
from tests.factories.accounts import StaffUserFactory
from tests.factories.centres import centre_create, counter_create, kiosk_create
from tests.racing import in_step, race

pytestmark = pytest.mark.django_db(transaction=True)

COUNTERS = 6




def guarded_call(counter_id, user_id):
    from accounts.models import User

    ticket = services.ticket_call_next(counter=Counter.objects.get(pk=counter_id),
                                       acting_user=User.objects.get(pk=user_id))
    return ticket.pk


def unguarded_call(counter_id, user_id):
    """What not to do: read the oldest waiting ticket, then mark it called."""
    with transaction.atomic():
        ticket = Ticket.objects.filter(status="waiting").order_by("issued_at", "pk").first()
        in_step()
        Ticket.objects.filter(pk=ticket.pk).update(status="called", counter_id=counter_id)
    return ticket.pk


def assert_each_ticket_called_once(called_ids):
    assert len(called_ids) == len(set(called_ids)), f"one ticket to two counters: {called_ids}"


@pytest.fixture
def counters():
    centre, (service,) = centre_create(priority_run_limit=3,
                                       tickets_per_device_per_minute=COUNTERS + 2)
    operator = StaffUserFactory()
    kiosk, _token = kiosk_create(centre=centre)
    for _ in range(COUNTERS + 2):
        services.ticket_draw(device=kiosk, service=service, lane="regular")
    return [(counter_create(centre=centre, services=[service], operator=operator,
                            label=str(n)).pk, operator.pk) for n in range(COUNTERS)]


def test_racing_counters_call_different_tickets(counters):
    called = race(guarded_call, counters)

    assert_each_ticket_called_once(called)
    assert Ticket.objects.filter(status="called").count() == COUNTERS


def test_control_unguarded_counters_share_a_ticket_and_the_check_catches_it(counters):
    called = race(unguarded_call, counters)

    with pytest.raises(AssertionError, match="two counters"):
        assert_each_ticket_called_once(called)

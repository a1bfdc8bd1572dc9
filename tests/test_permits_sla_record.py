"""Every permit transaction is recorded once for the service levels: a booking completed at
once, a refused or sold-out attempt, a Hajj request pending until staff decide it, and a
Hajj cancellation as the "cancel a Hajj permit booking" e-service."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from packages.models import Contract
from permits import services
from permits.booking import booking_create
from permits.errors import PermitError
from sla.models import Outcome, Transaction
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.packages import ProviderFactory, seeded_season
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


def outcomes(code):
    return list(Transaction.objects.filter(service__code=code).order_by("pk")
                .values_list("outcome", flat=True))


def test_a_booking_is_one_completed_transaction_and_a_sold_out_attempt_another(
        pilgrim, rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=1)
    booking = booking_create(acting_user=pilgrim, slot=slot, instructions_accepted=True,
                                      now=NOW)
    with pytest.raises(PermitError):
        booking_create(acting_user=PilgrimFactory(), slot=slot, instructions_accepted=True,
                                now=NOW)
    assert outcomes("rawdah_men") == [Outcome.COMPLETED, Outcome.SOLD_OUT]
    recorded = Transaction.objects.get(reference=f"permit-booking:{booking.pk}")
    assert (recorded.user_id, recorded.started_at) == (pilgrim.pk, NOW)


def test_a_repeated_request_is_not_recorded_twice(pilgrim, rawdah_slot):
    for _ in range(2):
        booking_create(acting_user=pilgrim, slot=rawdah_slot, instructions_accepted=True,
                                idempotency_key="same-click", now=NOW)
    assert outcomes("rawdah_men") == [Outcome.COMPLETED]


@pytest.fixture
def hajj_request(pilgrim, permit_services):
    person = services.person_for_user(user=pilgrim)
    person.identity_expires_on = date(2030, 1, 1)
    person.save()
    contract = Contract.objects.create(
        pilgrim=pilgrim, provider=ProviderFactory(), season=seeded_season(),
        status=Contract.Status.PAID, clients=1, value=Decimal("8092.55"))
    return services.hajj_request_create(acting_user=pilgrim, contract=contract, now=NOW)


def test_a_hajj_request_is_pending_until_staff_issue_the_permit(hajj_request):
    assert outcomes("hajj") == [Outcome.PENDING]
    decided = NOW + timedelta(days=1)
    services.hajj_request_issue(booking=hajj_request, acting_user=StaffUserFactory(), now=decided)
    row = Transaction.objects.get(service__code="hajj")
    assert (row.outcome, row.started_at, row.completed_at) == (Outcome.COMPLETED, NOW, decided)
    assert row.provider_id == hajj_request.contract.provider_id


def test_a_refused_hajj_request_is_recorded_refused(hajj_request):
    services.hajj_request_refuse(booking=hajj_request, acting_user=StaffUserFactory(),
                                 reason="Security check", now=NOW + timedelta(hours=5))
    assert outcomes("hajj") == [Outcome.REFUSED]


def test_cancelling_a_hajj_booking_is_the_cancellation_e_service(hajj_request):
    services.booking_cancel(booking=hajj_request, acting_user=hajj_request.user,
                            now=NOW + timedelta(hours=1))
    assert outcomes("hajj_cancel") == [Outcome.COMPLETED]
    assert outcomes("hajj") == [Outcome.ABANDONED]

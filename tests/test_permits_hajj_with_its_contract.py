"""A Hajj permit lives and ends with its package contract: a request withdrawn before the
permit is issued may be made again; a cancelled contract takes its permit along."""

from decimal import Decimal

import pytest

from packages.models import Contract
from packages.services import contract_cancel
from permits import services
from permits.models import Booking, Permit
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import ProviderFactory, seeded_season
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(pilgrim, permit_services):
    return Contract.objects.create(pilgrim=pilgrim, provider=ProviderFactory(),
                                   season=seeded_season(), status=Contract.Status.PAID,
                                   clients=1, value=Decimal("8092.55"))


@pytest.fixture
def eligible(pilgrim):
    person = services.person_for_user(user=pilgrim)
    person.identity_expires_on = NOW.date().replace(year=2030)
    person.save()
    return person


def request_permit(pilgrim, contract):
    return services.hajj_request_create(acting_user=pilgrim, contract=contract, now=NOW)


def test_a_request_withdrawn_before_issue_can_be_made_again(pilgrim, contract, eligible):
    first = request_permit(pilgrim, contract)

    services.booking_cancel(booking=first, acting_user=pilgrim, now=NOW)

    contract.refresh_from_db()
    assert contract.status == Contract.Status.PAID
    second = request_permit(pilgrim, contract)
    assert second.status == Booking.Status.REQUESTED


def test_an_issued_permit_cancelled_alone_keeps_the_contracts_permit_state(pilgrim, contract,
                                                                          eligible):
    booking = request_permit(pilgrim, contract)
    services.hajj_request_issue(booking=booking, acting_user=StaffUserFactory(), now=NOW)

    services.booking_cancel(booking=booking, acting_user=pilgrim, now=NOW)

    contract.refresh_from_db()
    # The refund for cancelling the contract later is the one for an issued permit.
    assert contract.status == Contract.Status.PERMIT_ISSUED


@pytest.mark.parametrize("issued", [False, True])
def test_cancelling_the_contract_cancels_its_permit(pilgrim, contract, eligible, issued):
    booking = request_permit(pilgrim, contract)
    if issued:
        services.hajj_request_issue(booking=booking, acting_user=StaffUserFactory(), now=NOW)

    contract_cancel(contract=contract, reason=Contract.CancelReason.PILGRIM, now=NOW)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not Permit.objects.filter(booking=booking, status=Permit.Status.VALID).exists()
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CANCELLED

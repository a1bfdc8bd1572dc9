"""Cancelling a Hajj package contract is the e-service "cancel a Hajj permit booking": one
completed transaction, with its provider, when the pilgrim asks for it; the portal's own
cancellations (an instalment overdue) answer no request and are not counted."""

import datetime

import pytest

from packages import services
from packages.models import Contract
from permits.models import Booking
from portal.calendars import RIYADH
from sla.models import Outcome, Transaction
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract, paid_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def cancellations():
    return Transaction.objects.filter(service__code="hajj_cancel")


def test_a_pilgrims_cancellation_is_one_completed_hajj_cancel_transaction():
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    later = NOW + datetime.timedelta(hours=2)
    services.contract_cancel(contract=contract, reason=Contract.CancelReason.PILGRIM,
                             acting_user=contract.pilgrim, now=later)
    row = cancellations().get()
    assert (row.outcome, row.started_at, row.completed_at) == (Outcome.COMPLETED, later, later)
    assert (row.provider_id, row.user_id) == (contract.provider_id, contract.pilgrim_id)
    assert row.reference == f"contract-cancel:{contract.reference}"


def test_a_cancellation_for_an_overdue_instalment_is_not_counted():
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    services.contract_cancel(contract=contract, reason=Contract.CancelReason.OVERDUE, now=NOW)
    assert not cancellations().exists()


def test_a_cancellation_that_rolls_back_leaves_no_transaction():
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    services.contract_cancel(contract=contract, reason=Contract.CancelReason.PILGRIM, now=NOW)
    with pytest.raises(Exception):  # noqa: B017, PT011 (already cancelled: PackageError)
        services.contract_cancel(contract=contract, reason=Contract.CancelReason.PILGRIM,
                                 now=NOW)
    assert cancellations().count() == 1


def test_a_contract_cancelled_with_its_hajj_permit_request_is_counted_once(payment_gateway):
    contract = paid_contract(now=NOW)  # paying requests the Hajj permit
    assert Booking.objects.filter(contract=contract, status=Booking.Status.REQUESTED).exists()
    services.contract_cancel(contract=contract, reason=Contract.CancelReason.PILGRIM,
                             acting_user=contract.pilgrim, now=NOW + datetime.timedelta(hours=1))
    assert list(cancellations().values_list("reference", flat=True)) == [
        f"contract-cancel:{contract.reference}"]

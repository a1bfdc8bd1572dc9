"""Staff mark a Hajj permit printed in the admin through the same service as the permit
authority's report: the contract moves to "printed" and the pilgrim is told."""

import datetime

import pytest
from django.test import Client

from accounts import roles
from packages.models import Contract
from permits import services
from permits.models import Booking
from portal.calendars import RIYADH
from tests.factories.accounts import StaffUserFactory
from tests.factories.packages import paid_contract
from tests.factories.permits import sms_text

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


@pytest.fixture
def staff(plain_http):
    return StaffUserFactory(role=roles.MINISTRY_ADMIN)


@pytest.fixture
def issued(payment_gateway, staff):
    contract = paid_contract(now=NOW)
    booking = Booking.objects.get(contract=contract)
    return services.hajj_request_issue(booking=booking, acting_user=staff, now=NOW)


def test_the_printed_action_calls_the_permit_print_service(issued, staff, monkeypatch):
    calls = []
    real = services.hajj_permit_print

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "hajj_permit_print", spy)
    client = Client()
    client.force_login(staff)

    response = client.post("/admin/permits/booking/", {
        "action": "print_hajj", "_selected_action": [issued.pk]})

    assert response.status_code == 302
    assert [(call["booking"].pk, call["acting_user"]) for call in calls] == [(issued.pk, staff)]
    issued.permit.refresh_from_db()
    assert issued.permit.printed_at is not None
    assert Contract.objects.get(pk=issued.contract_id).status == Contract.Status.PERMIT_PRINTED
    assert issued.permit.number in sms_text(issued, "printed")


def test_a_permit_not_issued_cannot_be_marked_printed(payment_gateway, staff):
    requested = Booking.objects.get(contract=paid_contract(now=NOW))
    client = Client()
    client.force_login(staff)

    client.post("/admin/permits/booking/", {"action": "print_hajj",
                                            "_selected_action": [requested.pk]})

    assert Contract.objects.get(pk=requested.contract_id).status == (
        Contract.Status.PERMIT_REQUESTED)

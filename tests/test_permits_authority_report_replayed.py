"""A report of the permit authority sent again (the same event_id) answers 200 as the first
time and changes nothing: no second permit, SMS or state change."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from packages.models import Contract
from permits.models import AuthorityEvent, Booking, Permit
from portal.calendars import RIYADH
from tests.factories.packages import paid_contract
from tests.factories.permits import report

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


@pytest.fixture
def contract(payment_gateway, plain_http):
    return paid_contract(now=timezone.now())  # the authority's report reads the wall clock


def state(contract):
    booking = Booking.objects.get(contract=contract)
    permit = Permit.objects.filter(booking=booking).values_list("number", "printed_at").first()
    return (Contract.objects.get(pk=contract.pk).status, booking.status, permit,
            SmsMessage.objects.count(), AuthorityEvent.objects.count())


@pytest.mark.parametrize("event", ["issued", "printed", "refused"])
def test_a_report_sent_again_answers_as_before_and_changes_nothing(client, contract, event):
    if event == "printed":
        report(client, request=contract.reference, event="issued")
    first = report(client, request=contract.reference, event=event, event_id="moi-42",
                   reason="Security check")
    before = state(contract)

    again = report(client, request=contract.reference, event=event, event_id="moi-42",
                   reason="Security check")

    assert first.status_code == again.status_code == 200
    assert first.json() == {"event_id": "moi-42", "outcome": "applied", "replayed": False,
                            "request": contract.reference}
    assert again.json() == {**first.json(), "replayed": True}
    assert state(contract) == before


def test_a_new_report_of_the_state_already_reached_changes_nothing(client, contract):
    report(client, request=contract.reference, event="issued")
    report(client, request=contract.reference, event="printed")
    before = state(contract)

    again = report(client, request=contract.reference, event="printed")

    assert (again.status_code, again.json()["outcome"]) == (200, "unchanged")
    assert state(contract)[:4] == before[:4]  # only the report itself is stored

"""A report that does not follow from the Hajj request's state (printed before issued,
anything after a refusal, another number for an issued permit) answers 409 and changes
nothing; sent again once the report it waited for has come, it applies."""

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from packages.models import Contract
from permits.models import AuthorityEvent, Booking, Permit
from tests.factories.packages import paid_contract
from tests.factories.permits import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(payment_gateway, plain_http):
    return paid_contract(now=timezone.now())  # the authority's report reads the wall clock


def state(contract):
    booking = Booking.objects.get(contract=contract)
    permit = Permit.objects.filter(booking=booking).values_list("number", "printed_at").first()
    return (Contract.objects.get(pk=contract.pk).status, booking.status, permit,
            SmsMessage.objects.count())


def refused_as_out_of_order(response):
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "out_of_order"


def test_printed_before_issued(client, contract):
    before = state(contract)

    refused_as_out_of_order(report(client, request=contract.reference, event="printed"))

    assert state(contract) == before
    assert AuthorityEvent.objects.get().outcome == "out_of_order"


@pytest.mark.parametrize("event", ["issued", "printed", "refused"])
def test_anything_after_a_refusal(client, contract, event):
    report(client, request=contract.reference, event="refused", reason="Security check")
    before = state(contract)

    refused_as_out_of_order(report(client, request=contract.reference, event=event,
                                   reason="Again"))

    assert state(contract) == before
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.CANCELLED


def test_issued_twice_with_another_number(client, contract):
    report(client, request=contract.reference, event="issued", permit_number="MOI111")
    before = state(contract)

    refused_as_out_of_order(report(client, request=contract.reference, event="issued",
                                   permit_number="MOI222"))

    assert state(contract) == before
    assert before[2][0] == "MOI111"


def test_an_early_report_sent_again_after_the_missing_one_applies(client, contract):
    early = {"request": contract.reference, "event": "printed", "event_id": "moi-7"}
    refused_as_out_of_order(report(client, **early))
    report(client, request=contract.reference, event="issued")

    retried = report(client, **early)

    assert (retried.status_code, retried.json()["outcome"]) == (200, "applied")
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.PERMIT_PRINTED

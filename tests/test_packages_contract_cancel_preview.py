"""A preview is only a preview: the refund a cancellation would give is read with
GET .../cancellation/, which changes nothing, and only POST .../cancel/ with the JSON value
{"confirm": true} cancels. A ?preview= parameter, whatever its value, never cancels; nor does
a confirmation that is anything but true."""

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from packages.models import Contract
from refunds.models import Refund
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import ordered_contract, package_on_sale_today

pytestmark = pytest.mark.django_db
API = "/api/v1/packages/contracts/"


@pytest.fixture
def pilgrim(plain_http):
    return PilgrimFactory()


@pytest.fixture
def contract(pilgrim):
    return ordered_contract(pilgrim=pilgrim, package=package_on_sale_today(),
                            now=timezone.now())


@pytest.fixture
def client(client, pilgrim):
    client.force_login(pilgrim)
    return client


def cancel(client, contract, body, query="", **headers):
    return client.post(f"{API}{contract.pk}/cancel/{query}", body,
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)


def assert_untouched(contract):
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ORDERED
    assert not Refund.objects.filter(contract=contract).exists()
    cancel_sms = SmsMessage.objects.filter(
        idempotency_key__startswith=f"packages:contract:{contract.pk}:cancel")
    assert not cancel_sms.exists()


@pytest.mark.parametrize("value", ["yes", "True", "on", "false", "1"])
def test_a_preview_parameter_on_the_cancel_never_cancels(client, contract, value):
    without_body = cancel(client, contract, None, query=f"?preview={value}")
    confirmed = cancel(client, contract, {"confirm": True}, query=f"?preview={value}")

    assert (without_body.status_code, without_body.json()["code"]) == (400,
                                                                       "preview_elsewhere")
    assert (confirmed.status_code, confirmed.json()["code"]) == (400, "preview_elsewhere")
    assert_untouched(contract)


@pytest.mark.parametrize("body", [None, {}, {"confirm": "yes"}, {"confirm": 1},
                                  {"confirm": "true"}, {"confirm": False}])
def test_anything_but_confirm_true_is_refused(client, contract, body):
    response = cancel(client, contract, body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert_untouched(contract)


def test_the_quote_changes_nothing_and_is_what_the_cancel_refunds(client, contract):
    first = client.get(f"{API}{contract.pk}/cancellation/")
    second = client.get(f"{API}{contract.pk}/cancellation/")
    detail = client.get(f"{API}{contract.pk}/").json()
    assert_untouched(contract)

    cancelled = cancel(client, contract, {"confirm": True})

    assert first.status_code == 200, first.content
    assert first.json() == second.json()
    assert first.json() == detail["refund_preview"]
    assert cancelled.status_code == 200, cancelled.content
    assert (cancelled.json()["refund"], cancelled.json()["deduction"]) == (
        first.json()["refund"], first.json()["deduction"])
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CANCELLED


def test_a_cancelled_contract_has_no_quote(client, contract):
    cancel(client, contract, {"confirm": True})

    response = client.get(f"{API}{contract.pk}/cancellation/", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()["code"]) == (400, "not_cancellable")


def test_a_retried_cancel_gets_the_refund_again_not_a_refusal(client, contract):
    first = cancel(client, contract, {"confirm": True}, HTTP_IDEMPOTENCY_KEY="cancel-1")
    again = cancel(client, contract, {"confirm": True}, HTTP_IDEMPOTENCY_KEY="cancel-1")

    assert first.status_code == 200, first.content
    assert (again.status_code, again.json()) == (200, first.json())
    assert Refund.objects.filter(contract=contract).count() == 1


"""Only the permit authority reports permits: a report must be signed with one of its
secrets (two are valid while one is rotated) within the time window; a report about no
request of ours is 404 and a malformed one 400, in the API's one error shape, translated."""

import datetime
import json
import time

import pytest
from django.utils import translation

from devtools.fake_permit_authority import event_payload
from packages.models import Contract
from permits.errors import PermitError
from permits.models import AuthorityEvent
from portal.calendars import RIYADH
from portal.signing import sign, webhook_secrets
from tests.factories.packages import paid_contract
from tests.factories.permits import AUTHORITY_EVENTS_URL, report

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


@pytest.fixture
def contract(payment_gateway, plain_http):
    return paid_contract(now=NOW)


def unchanged(contract):
    return (Contract.objects.get(pk=contract.pk).status == Contract.Status.PERMIT_REQUESTED
            and not AuthorityEvent.objects.exists())


def test_a_report_signed_with_another_secret_is_refused(client, contract):
    response = report(client, request=contract.reference, event="issued",
                      secret="not-the-authoritys")

    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert unchanged(contract)


def test_a_report_signed_before_the_window_is_refused(client, contract, settings):
    signed_at = int(time.time()) - settings.SIGNED_WEBHOOK_WINDOW_SECONDS - 60

    response = report(client, request=contract.reference, event="issued", timestamp=signed_at)

    assert response.status_code == 401
    assert response.json()["code"] == "stale_timestamp"
    assert unchanged(contract)


def test_an_unsigned_report_is_refused(client, contract):
    response = client.post(AUTHORITY_EVENTS_URL, data={"event": "issued"},
                           content_type="application/json")

    assert response.status_code == 401
    assert unchanged(contract)


def test_both_secrets_are_valid_while_one_is_rotated(client, contract, settings):
    settings.PERMIT_AUTHORITY_WEBHOOK_SECRETS = ["the-new-secret", "the-old-secret"]

    old = report(client, request=contract.reference, event="issued", secret="the-old-secret")
    new = report(client, request=contract.reference, event="printed", secret="the-new-secret")

    assert (old.status_code, new.status_code) == (200, 200)
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.PERMIT_PRINTED


def test_a_report_about_no_request_of_ours_is_not_found_in_the_readers_language(client,
                                                                                contract):
    response = report(client, request="H1448-999999", event="issued", language="ar")

    assert response.status_code == 404
    with translation.override("ar"):
        expected = str(PermitError("unknown_request", reference="H1448-999999").message)
    assert response.json() == {"code": "unknown_request", "detail": expected}
    assert expected != "No Hajj request has the reference H1448-999999."
    assert AuthorityEvent.objects.get().outcome == "unknown_request"


@pytest.mark.parametrize("change", [
    {"event": "lost"},
    {"event": "issued", "permit_number": ""},
    {"event": "refused", "reason": ""},
    {"occurred_at": "yesterday"},
])
def test_a_malformed_report_is_a_bad_request(client, contract, change):
    payload = {**event_payload(request=contract.reference, event="issued"), **change}
    body = json.dumps(payload).encode()
    headers = sign(body, webhook_secrets("PERMIT_AUTHORITY_WEBHOOK_SECRETS")[0],
                   int(time.time()))
    response = client.post(AUTHORITY_EVENTS_URL, data=body, content_type="application/json",
                           headers=headers)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert unchanged(contract)

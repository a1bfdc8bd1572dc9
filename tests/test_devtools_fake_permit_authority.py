"""The local fake of the permit authority (devtools/fake_permit_authority.py) reports permit
events the way the portal's endpoint expects them: to /api/v1/permits/authority/events/,
signed so that portal.signing.verify accepts them with the portal's own secrets.
"""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from devtools.fake_permit_authority import EVENTS_PATH, send_event, send_payload
from portal.signing import SignatureError, verify, webhook_secrets

REQUEST = "HJ-1447-000123"


@pytest.fixture
def secret():
    # What `make run` gives both sides: the development secret of the setting.
    return webhook_secrets("PERMIT_AUTHORITY_WEBHOOK_SECRETS")[0]


def received(receiver):
    [request] = receiver.requests
    return request


def test_an_event_is_posted_to_the_authority_endpoint_and_verifies(webhook_receiver, secret):
    sent = send_event(webhook_receiver.base_url, secret, request=REQUEST, event="printed")
    assert sent.status == 200
    request = received(webhook_receiver)
    assert request["path"] == EVENTS_PATH == "/api/v1/permits/authority/events/"
    assert verify(request["body"], request["headers"], settings.PERMIT_AUTHORITY_WEBHOOK_SECRETS)
    event = json.loads(request["body"])
    assert event == sent.event
    assert set(event) == {"event_id", "event", "request", "permit_number", "reason",
                          "occurred_at"}
    assert (event["event"], event["request"]) == ("printed", REQUEST)


def test_it_signs_with_the_secret_it_is_given(webhook_receiver):
    send_event(webhook_receiver.base_url, "not-the-portals", request=REQUEST, event="issued")
    request = received(webhook_receiver)
    with pytest.raises(SignatureError) as refused:
        verify(request["body"], request["headers"], settings.PERMIT_AUTHORITY_WEBHOOK_SECRETS)
    assert refused.value.code == "bad_signature"


def test_a_report_signed_long_ago_is_stale(webhook_receiver, secret):
    an_hour_ago = int((datetime.now(UTC) - timedelta(hours=1)).timestamp())
    send_event(webhook_receiver.base_url, secret, request=REQUEST, event="issued",
               timestamp=an_hour_ago)
    request = received(webhook_receiver)
    with pytest.raises(SignatureError) as refused:
        verify(request["body"], request["headers"], [secret])
    assert refused.value.code == "stale_timestamp"


def test_issued_then_printed_carry_one_permit_number_and_a_refusal_none(
        webhook_receiver, secret):
    issued = send_event(webhook_receiver.base_url, secret, request=REQUEST, event="issued")
    printed = send_event(webhook_receiver.base_url, secret, request=REQUEST, event="printed")
    refused = send_event(webhook_receiver.base_url, secret, request="HJ-1447-000124",
                         event="refused", reason="Security clearance refused.")
    assert issued.event["permit_number"] == printed.event["permit_number"] != ""
    assert issued.event["event_id"] != printed.event["event_id"]
    assert (refused.event["permit_number"], refused.event["reason"]) == (
        "", "Security clearance refused.")


def test_an_event_can_be_sent_again_with_its_id(webhook_receiver, secret):
    first = send_event(webhook_receiver.base_url, secret, request=REQUEST, event="issued",
                       occurred_at=datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    again = send_event(webhook_receiver.base_url, secret, request=REQUEST, event="issued",
                       event_id=first.event["event_id"], occurred_at=first.event["occurred_at"])
    assert again.event == first.event
    assert first.event["occurred_at"] == "2026-05-20T09:00:00Z"


def test_an_unknown_event_is_not_sent_but_a_raw_payload_is(webhook_receiver, secret):
    with pytest.raises(ValueError):
        send_event(webhook_receiver.base_url, secret, request=REQUEST, event="cancelled")
    assert webhook_receiver.requests == []
    sent = send_payload(webhook_receiver.base_url, secret, {"event": "cancelled"})
    assert sent.status == 200
    assert verify(received(webhook_receiver)["body"], received(webhook_receiver)["headers"],
                  [secret])


def run_cli(portal, secret, *args):
    return subprocess.run(
        [sys.executable, "-m", "devtools.fake_permit_authority", "--portal", portal,
         "--secret", secret, "send", "--request", REQUEST, *args],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=30)


def test_the_command_line_sends_a_signed_event_and_exits_by_the_answer(
        webhook_receiver, secret):
    done = run_cli(webhook_receiver.base_url, secret, "--event", "printed")
    assert done.returncode == 0, done.stderr
    request = received(webhook_receiver)
    assert verify(request["body"], request["headers"], [secret])
    assert json.loads(request["body"])["event"] == "printed"
    webhook_receiver.statuses = [409]
    webhook_receiver.answer = {"code": "out_of_order", "detail": "..."}
    refused = run_cli(webhook_receiver.base_url, secret, "--event", "issued")
    assert refused.returncode == 1
    assert "409" in refused.stdout and "out_of_order" in refused.stdout


def test_the_command_line_says_when_the_portal_does_not_answer(secret):
    done = run_cli("http://127.0.0.1:9", secret, "--event", "printed")
    assert done.returncode == 2
    assert "did not answer" in done.stderr

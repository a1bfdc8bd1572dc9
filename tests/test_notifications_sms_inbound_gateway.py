"""The inbound SMS path end to end, as `make run` plays it: the fake SMS gateway (its own
HTTP server) signs what a person texted and posts it to the running portal, which answers by
SMS; a message handed to the gateway by `manage.py sms_inbound` or typed into its form takes
the same path."""

import threading
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command

from devtools.fake_sms_gateway import FakeSmsGateway, make_server
from notifications.models import InboundSms, SmsMessage
from tests.factories.accounts import PilgrimFactory
from tests.factories.references import contract_reference

WEBHOOK = "/api/v1/notifications/sms/inbound/"


@pytest.fixture
def gateway(live_server, settings):
    gateway = FakeSmsGateway(token="test-gateway-token", inbound_url=live_server.url + WEBHOOK,
                             inbound_secret=settings.SMS_GATEWAY_WEBHOOK_SECRETS[0])
    server = make_server(gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield gateway
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def answers_to(number):
    return list(SmsMessage.objects.filter(
        recipient=number, about_reference__startswith="notifications.inbound")
        .values_list("text", flat=True))


def test_the_gateway_signs_and_posts_what_a_pilgrim_texts_and_the_portal_answers(gateway):
    pilgrim = PilgrimFactory(profile__preferred_language="en")
    _contract, reference = contract_reference(pilgrim)
    mobile = str(pilgrim.profile.mobile)

    status, answer = gateway.receive(mobile, f"STATUS {reference}", message_id="gw-1")

    assert (status, answer) == (200, {"id": "gw-1"})
    assert InboundSms.objects.get(message_id="gw-1").outcome == "answered"
    [text] = answers_to(mobile)
    assert text.startswith(f"Hajj contract {reference}: Ordered. Next payment due by ")


def test_a_gateway_with_another_secret_is_refused_and_nothing_is_stored(gateway):
    gateway.inbound_secret = "someone-elses-secret"

    status, answer = gateway.receive("+966500000001", "STATUS H1448-000001")

    assert status == 401 and answer["code"] == "bad_signature"
    assert not InboundSms.objects.exists()


def test_the_command_hands_a_message_to_the_gateway_which_posts_it(gateway, capsys, settings):
    settings.SMS_GATEWAY_TOKEN = gateway.token
    pilgrim = PilgrimFactory(profile__preferred_language="en")
    mobile = str(pilgrim.profile.mobile)

    call_command("sms_inbound", "hello", sender=mobile,
                 gateway=gateway.url.rsplit("/", 1)[0])

    assert "The portal answered the gateway: 200" in capsys.readouterr().out
    assert len(gateway.inbound) == 1 and gateway.inbound[0][0]["from"] == mobile
    assert InboundSms.objects.get(sender=mobile).outcome == "help"


def test_the_gateways_form_texts_the_portal(gateway):
    base = gateway.url.rsplit("/", 1)[0]
    form = urllib.request.urlopen(f"{base}/inbound", timeout=10).read().decode()
    assert 'action="/inbound/form"' in form

    data = urllib.parse.urlencode({"from": "+966500000002", "text": "STATUS"}).encode()
    page = urllib.request.urlopen(f"{base}/inbound/form", data=data, timeout=30).read().decode()

    assert "Portal answered" in page and "200" in page
    assert InboundSms.objects.get(sender="+966500000002").outcome == "help"

"""What the fake SMS gateway posts of a message it received is signed as portal/signing.py
describes (verified here with the portal's own `verify`), in the inbound protocol's shape;
a message handed to it needs its token."""

import json

from devtools.fake_sms_gateway import FakeSmsGateway
from portal.signing import verify

SECRET = "gateway-inbound-secret"


def test_the_gateway_signs_what_it_posts_with_the_portals_convention(webhook_receiver):
    gateway = FakeSmsGateway(inbound_url=webhook_receiver.url, inbound_secret=SECRET)

    status, _answer = gateway.receive("+966500000003", "حالة H1448-000001", message_id="gw-7")

    [sent] = webhook_receiver.requests
    assert status == 200
    assert verify(sent["body"], sent["headers"], [SECRET]).secret_index == 0
    message = json.loads(sent["body"])
    assert set(message) == {"id", "from", "text", "received_at"}
    assert (message["id"], message["from"], message["text"]) == (
        "gw-7", "+966500000003", "حالة H1448-000001")


def test_a_message_handed_to_the_gateway_without_its_token_is_refused(webhook_receiver):
    gateway = FakeSmsGateway(token="right", inbound_url=webhook_receiver.url,
                             inbound_secret=SECRET)

    status, _answer = gateway.handle_inbound({"authorization": "Bearer wrong"},
                                             {"from": "+966500000003", "text": "STATUS"})

    assert status == 401 and webhook_receiver.requests == []

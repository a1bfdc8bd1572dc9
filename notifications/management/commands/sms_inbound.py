"""Text the portal as a person would, through the local fake SMS gateway (development).

    python manage.py sms_inbound --from +966501234567 "STATUS H1448-000001"

The fake gateway (devtools/fake_sms_gateway.py, started by `make run`) signs the message with
its own secret and posts it to the portal's webhook, so what arrives is exactly what a real
gateway would send; the reply goes out as an ordinary SMS (the SMS log, or the gateway's
output).
"""

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Text the portal through the local fake SMS gateway (development)."

    def add_arguments(self, parser):
        parser.add_argument("text", help='the message, e.g. "STATUS H1448-000001"')
        parser.add_argument("--from", dest="sender", required=True,
                            help="the sender's number, E.164 (+9665XXXXXXXX)")
        parser.add_argument("--gateway", default=_gateway_origin(),
                            help="the fake gateway, e.g. http://127.0.0.1:8791")
        parser.add_argument("--token", default=settings.SMS_GATEWAY_TOKEN
                            or "dev-sms-gateway-token")

    def handle(self, *args, text, sender, gateway, token, **options):
        if not gateway:
            raise CommandError("Give --gateway: the fake SMS gateway's address (make run "
                               "prints it).")
        body = json.dumps({"from": sender, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(
            gateway.rstrip("/") + "/inbound", data=body, method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise CommandError(
                f"The gateway refused: {error.code} {error.read()[:200]!r}") from error
        except OSError as error:
            raise CommandError(f"No fake SMS gateway at {gateway}: {error}") from error
        self.stdout.write(f"The portal answered the gateway: {answer.get('portal_status')} "
                          f"{json.dumps(answer.get('portal_answer'), ensure_ascii=False)}")


def _gateway_origin() -> str:
    parts = urlsplit(settings.SMS_GATEWAY_URL or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

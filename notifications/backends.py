"""Where an SMS actually goes. A backend has two methods:

`send(message) -> provider id` raises SmsTransientError for what may work on a later try
(the gateway unreachable, 5xx), SmsOutcomeUnknown when the request may have been accepted
without us hearing so (a timeout after it left, a dropped answer), and SmsPermanentError for
what never will work (the gateway refused the request).

`lookup(message) -> provider id | None` asks whether the gateway ever received the
message's idempotency key: its id if so, None if it never did; SmsTransientError when it
cannot tell. The outbox asks before sending again a message whose last try may have
arrived, so a gateway that does not deduplicate still delivers it once.
"""

import json
import logging
import uuid

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsDeliveryError(Exception):
    pass


class SmsTransientError(SmsDeliveryError):
    pass


class SmsOutcomeUnknown(SmsTransientError):
    """The request may have reached the gateway: look the key up before sending again."""


class SmsPermanentError(SmsDeliveryError):
    pass


class SmsBackend:
    def send(self, message) -> str:
        raise NotImplementedError

    def lookup(self, message) -> str | None:
        raise NotImplementedError


def get_backend() -> SmsBackend:
    try:
        backend_class = import_string(settings.SMS_BACKEND)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"SMS_BACKEND {settings.SMS_BACKEND!r} cannot be imported: {exc}"
        ) from exc
    return backend_class()


class FileBackend(SmsBackend):
    """For development: the log gets a masked line, SMS_FILE_PATH the full SMS as JSON.

    The log line carries only the last four digits of the number; the text goes through the
    handlers' identity-masking filter like every other log line. The file is also its own
    record of what was sent: `lookup` reads it, so a worker killed after writing a line
    does not write it twice (development volumes: a linear read is fine).
    """

    def send(self, message) -> str:
        provider_message_id = f"file-{uuid.uuid4().hex}"
        record = {
            "id": provider_message_id,
            "to": message.recipient,
            "from": settings.SMS_SENDER,
            "text": message.text,
            "language": message.language,
            "idempotency_key": message.idempotency_key,
            "at": timezone.now().isoformat(),
        }
        path = settings.SMS_FILE_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line in append mode: concurrent workers do not interleave lines.
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        logger.info("SMS to %s: %s", message.recipient_masked, message.text)
        return provider_message_id

    def lookup(self, message) -> str | None:
        try:
            with open(settings.SMS_FILE_PATH, encoding="utf-8") as handle:
                for line in handle:
                    if message.idempotency_key not in line:
                        continue  # cheap test first: most lines are other SMS
                    try:
                        record = json.loads(line)
                    except ValueError:
                        continue  # a line cut short by a crash mid-write was never sent
                    if record.get("idempotency_key") == message.idempotency_key:
                        return record["id"]
        except FileNotFoundError:
            return None
        return None


class HttpGatewayBackend(SmsBackend):
    """JSON POST to SMS_GATEWAY_URL; the idempotency key travels as a field and a header.

    The status lookup is a GET of the same URL with `?idempotency_key=K`: 200 {"id",
    "status"} when the gateway holds the key (in any status: it arrived), 404
    {"error": "unknown_key"} when it never did. One request takes at most
    SMS_GATEWAY_TIMEOUT: connecting, sending and reading the answer get a third each, so
    the sending lease (notifications.services.sms_sending_lease) can be derived from it.
    """

    def __init__(self):
        self.url = settings.SMS_GATEWAY_URL
        self.token = settings.SMS_GATEWAY_TOKEN
        missing = [
            name
            for name, value in (("SMS_GATEWAY_URL", self.url), ("SMS_GATEWAY_TOKEN", self.token))
            if not value
        ]
        if missing:
            raise ImproperlyConfigured(
                f"SMS_BACKEND is the HTTP gateway but {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set."
            )
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured(
                f"SMS_GATEWAY_URL must be an http(s) URL, not {self.url!r}."
            )

    def send(self, message) -> str:
        body = {
            "to": message.recipient,
            "from": settings.SMS_SENDER,
            "text": message.text,
            "reference": str(message.pk),
            "idempotency_key": message.idempotency_key,
        }
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Idempotency-Key": message.idempotency_key,
        }
        try:
            response = httpx.post(self.url, json=body, headers=headers, timeout=_timeout())
        except NEVER_SENT as exc:
            # Nothing reached the gateway: it may come back.
            raise SmsTransientError(f"gateway unreachable: {exc!r}") from exc
        except httpx.HTTPError as exc:
            # The request left; whether the gateway accepted it only a lookup can tell.
            raise SmsOutcomeUnknown(f"no answer from the gateway: {exc!r}") from exc
        return self._provider_id(response)

    def lookup(self, message) -> str | None:
        try:
            response = httpx.get(
                self.url,
                params={"idempotency_key": message.idempotency_key},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=_timeout(),
            )
        except httpx.HTTPError as exc:
            raise SmsTransientError(f"status lookup unanswered: {exc!r}") from exc
        answer = _json_object(response)
        if response.status_code == 404 and answer.get("error") == "unknown_key":
            return None
        if response.status_code == 200 and answer.get("id"):
            return str(answer["id"])
        # Anything else (a proxy's 404, a 5xx) says nothing about the key: ask again later.
        raise SmsTransientError(
            f"status lookup answered {response.status_code}: {response.text[:300]}"
        )

    @staticmethod
    def _provider_id(response: httpx.Response) -> str:
        status = response.status_code
        excerpt = response.text[:300]
        if status >= 500 or status in (408, 429):
            raise SmsTransientError(f"gateway answered {status}: {excerpt}")
        if status >= 400:
            raise SmsPermanentError(f"gateway refused the SMS ({status}): {excerpt}")
        try:
            provider_message_id = response.json()["id"]
        except (ValueError, KeyError, TypeError) as exc:
            # Accepted but unreadable: the lookup before the next try finds its id.
            raise SmsOutcomeUnknown(f"gateway answered {status} without an id: {excerpt}") from exc
        return str(provider_message_id)


# Failures before the request left this machine: the gateway cannot have received it.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _timeout() -> httpx.Timeout:
    third = settings.SMS_GATEWAY_TIMEOUT / 3
    return httpx.Timeout(connect=third, write=third, read=third, pool=third)


def _json_object(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}

"""Where an SMS actually goes. A backend has one method, `send(message) -> provider id`.

It raises SmsTransientError for what may work on a later try (timeouts, 5xx) and
SmsPermanentError for what never will (the gateway refused the request).
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


class SmsPermanentError(SmsDeliveryError):
    pass


class SmsBackend:
    def send(self, message) -> str:
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
    handlers' identity-masking filter like every other log line.
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


class HttpGatewayBackend(SmsBackend):
    """JSON POST to SMS_GATEWAY_URL; the idempotency key travels as a field and a header."""

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
            response = httpx.post(
                self.url, json=body, headers=headers, timeout=settings.SMS_GATEWAY_TIMEOUT
            )
        except httpx.HTTPError as exc:
            # Timeouts and refused connections: the gateway may come back.
            raise SmsTransientError(f"gateway unreachable: {exc!r}") from exc
        return self._provider_id(response)

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
            # Accepted but unreadable: retrying with the same key returns the same id.
            raise SmsTransientError(f"gateway answered {status} without an id: {excerpt}") from exc
        return str(provider_message_id)

import factory
from factory.django import DjangoModelFactory

from notifications.models import SmsMessage


class SmsMessageFactory(DjangoModelFactory):
    """An outbox row as sms_queue would leave it (queued, due now)."""

    class Meta:
        model = SmsMessage

    idempotency_key = factory.Sequence(lambda n: f"test-sms:{n}")
    recipient = factory.Sequence(lambda n: f"+9665{n:08d}")
    language = "en"
    text = factory.Sequence(lambda n: f"Test message {n}")

import factory
from factory.django import DjangoModelFactory

from notifications.models import EmailMessage, SmsMessage


class SmsMessageFactory(DjangoModelFactory):
    """An outbox row as sms_queue would leave it (queued, due now)."""

    class Meta:
        model = SmsMessage

    idempotency_key = factory.Sequence(lambda n: f"test-sms:{n}")
    recipient = factory.Sequence(lambda n: f"+9665{n:08d}")
    language = "en"
    text = factory.Sequence(lambda n: f"Test message {n}")


class EmailMessageFactory(DjangoModelFactory):
    """An e-mail outbox row as email_enqueue would leave it (queued, due now)."""

    class Meta:
        model = EmailMessage

    idempotency_key = factory.Sequence(lambda n: f"test-email:{n}")
    recipient = factory.Sequence(lambda n: f"pilgrim{n}@example.com")
    language = "en"
    subject = factory.Sequence(lambda n: f"Portal: test message {n}")
    text = factory.Sequence(lambda n: f"Test message {n}")
    html = factory.LazyAttribute(lambda row: f"<p>{row.text}</p>")


def shown(text):
    """An SMS's text as its reader sees it: the isolates an Arabic SMS puts around a value with
    Latin letters (U+2068 ... U+2069, notifications.services) lay it out but are not drawn;
    their presence is tests/test_sms_latin_runs_isolated.py's."""
    return text.replace("\u2068", "").replace("\u2069", "")

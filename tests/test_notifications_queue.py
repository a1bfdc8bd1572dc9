"""Every SMS is an outbox row written in the caller's transaction, once per idempotency key."""

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext_lazy

from notifications.errors import NotificationError
from notifications.models import SmsMessage
from notifications.services import sms_queue

pytestmark = pytest.mark.django_db

# A text Django itself translates, so the test needs no catalogue of ours.
LIMIT_TEXT = gettext_lazy("Ensure this value is less than or equal to %(limit_value)s.")


def queue(**overrides):
    arguments = {
        "to": "+966501234567",
        "message": LIMIT_TEXT,
        "context": {"limit_value": 5},
        "language": "en",
        "idempotency_key": "test:1",
    }
    arguments.update(overrides)
    return sms_queue(**arguments)


def test_the_sms_is_a_queued_row_rendered_with_its_context():
    message = queue()

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.text == "Ensure this value is less than or equal to 5."
    assert message.recipient == "+966501234567"
    assert message.attempts == 0


def test_the_text_is_written_in_the_recipients_language_not_the_requests():
    message = queue(language="ar")

    assert "5" in message.text
    assert "Ensure" not in message.text
    assert any("\u0600" <= char <= "\u06ff" for char in message.text)


def test_a_repeated_key_returns_the_same_row_and_queues_nothing_more():
    first = queue()
    second = queue()

    assert second.pk == first.pk
    assert SmsMessage.objects.count() == 1


def test_a_key_reused_for_another_sms_keeps_the_first_and_warns(caplog):
    first = queue()
    second = queue(to="+966509999999")

    assert second.pk == first.pk
    assert second.recipient == "+966501234567"
    assert "reused for a different SMS" in caplog.text


def test_only_a_new_row_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        queue()
        queue()

    assert len(callbacks) == 1


def test_the_sms_is_about_an_object_or_a_reference():
    user = SmsMessage._meta.get_field("user").related_model.objects.create_user(
        username="pilgrim", email="pilgrim@example.com", password="x" * 12
    )
    about_object = queue(idempotency_key="a", user=user, about=user)
    about_reference = queue(idempotency_key="b", about="PERMIT-1448-0001")

    assert about_object.about_object == user
    assert about_object.user == user
    assert about_reference.about_reference == "PERMIT-1448-0001"


def test_the_number_must_be_international():
    with pytest.raises(NotificationError) as caught:
        queue(to="0501234567")
    assert caught.value.code == "invalid_recipient"


def test_the_language_must_be_one_the_portal_speaks():
    with pytest.raises(NotificationError) as caught:
        queue(language="xx")
    assert caught.value.code == "unknown_language"


@pytest.mark.django_db(transaction=True)
def test_queueing_outside_a_transaction_is_refused():
    with pytest.raises(TransactionManagementError):
        queue()
    assert not SmsMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_sms():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change failed")

    assert not SmsMessage.objects.exists()

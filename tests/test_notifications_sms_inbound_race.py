"""Messages from one number arriving at once (real processes, each with its own connection)
are answered no more than the number's hourly limit: they are counted one at a time under a
lock on the number. The control run switches the lock off and shows the same check catches
more answers than the limit."""

from datetime import UTC, datetime

import pytest

from notifications import inbound
from notifications.models import InboundSms, SmsMessage
from tests.racing import in_step, race

pytestmark = pytest.mark.django_db(transaction=True)

NUMBER = "+966500000077"
MESSAGES = 6
LIMIT = 2


def text_in(message_id):
    inbound.sms_inbound_receive(message_id=message_id, sender=NUMBER, text="hello",
                                received_at=datetime.now(UTC))
    return message_id


def answers():
    return SmsMessage.objects.filter(recipient=NUMBER).count()


@pytest.fixture(autouse=True)
def limit(settings):
    settings.SMS_INBOUND_ANSWERS_PER_HOUR = LIMIT


def test_simultaneous_messages_from_one_number_get_no_more_answers_than_the_limit():
    race(text_in, [(f"gw-{n}",) for n in range(MESSAGES)])

    assert InboundSms.objects.count() == MESSAGES
    assert answers() == LIMIT


def test_control_without_the_lock_the_same_race_answers_beyond_the_limit(monkeypatch):
    counted = inbound._answered_this_hour

    def counted_in_step(*args, **kwargs):
        answered = counted(*args, **kwargs)
        in_step()  # every message is counted before any answer is committed
        return answered

    monkeypatch.setattr(inbound, "_lock_number", lambda sender: None)
    monkeypatch.setattr(inbound, "_answered_this_hour", counted_in_step)

    race(text_in, [(f"gw-{n}",) for n in range(MESSAGES)])

    assert answers() > LIMIT

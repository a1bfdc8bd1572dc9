"""A called ticket tells the pilgrim who drew it with a mobile: their number and the counter,
in the language chosen at the kiosk, once."""

import datetime

import pytest
from django.utils import timezone

from centres import services
from notifications.models import SmsMessage
from tests.factories.accounts import StaffUserFactory
from tests.factories.centres import centre_create, counter_create, kiosk_create
from tests.factories.notifications import shown

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=timezone.get_fixed_timezone(180))


@pytest.fixture
def hall():
    centre, (service,) = centre_create()
    operator = StaffUserFactory()
    counter = counter_create(centre=centre, services=[service], operator=operator, label="7")
    return service, counter, operator


def draw(service, **kwargs):
    kiosk = service.centre.kiosk_devices.first() or kiosk_create(centre=service.centre)[0]
    return services.ticket_draw(device=kiosk, service=service, lane="regular", now=NOW, **kwargs)


def called_sms(ticket):
    return SmsMessage.objects.filter(idempotency_key=f"centres:{ticket.pk}:called")


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Your number A-001 is called at counter 7 (Centre riyadh-1)."),
    ("ar", "حان دور رقمك A-001 عند الشباك 7"),
])
def test_the_called_number_and_its_counter_are_texted_in_the_ticket_language(
        hall, language, words):
    service, counter, operator = hall
    ticket = draw(service, mobile="0501234567", language=language)

    services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)

    sms = called_sms(ticket).get()
    assert words in shown(sms.text)
    assert sms.recipient == "+966501234567"
    assert sms.language == language


def test_a_ticket_drawn_without_a_mobile_is_called_on_the_screen_only(hall):
    service, counter, operator = hall
    ticket = draw(service)

    services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)

    assert not called_sms(ticket).exists()


def test_a_ticket_is_called_once_and_texted_once(hall):
    service, counter, operator = hall
    ticket = draw(service, mobile="0501234567", language="en")
    draw(service)

    services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)
    services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)  # the next one

    assert called_sms(ticket).count() == 1

"""Tickets at a service centre: numbered per lane and day, the priority lane first under the
fairness rule, an SMS when the turn is three away, counter transactions recorded."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from centres import selectors, services
from centres.errors import CentreError
from centres.models import Ticket
from centres.tokens import COOKIE
from notifications.models import SmsMessage
from tests.factories.accounts import StaffUserFactory
from tests.factories.centres import centre_create, counter_create, kiosk_create

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=timezone.get_fixed_timezone(180))


@pytest.fixture
def hall():
    centre, (service,) = centre_create()
    operator = StaffUserFactory()
    counter = counter_create(centre=centre, services=[service], operator=operator)
    return centre, service, counter, operator


def draw(service, lane="regular", minutes=0, **kwargs):
    kiosk = service.centre.kiosk_devices.first() or kiosk_create(centre=service.centre)[0]
    return services.ticket_draw(device=kiosk, service=service, lane=lane,
                                now=NOW + timedelta(minutes=minutes), **kwargs)


def test_tickets_are_numbered_per_lane_and_restart_each_day(hall):
    _centre, service, _counter, _operator = hall
    numbers = [draw(service).display_number, draw(service).display_number,
               draw(service, "priority").display_number,
               draw(service, minutes=24 * 60).display_number]
    assert numbers == ["A-001", "A-002", "P-001", "A-001"]


def test_priority_first_but_at_most_n_in_a_row_while_regular_tickets_wait(hall):
    centre, service, counter, operator = hall
    centre.priority_run_limit = 2
    centre.save()
    regular = [draw(service, minutes=m) for m in range(2)]
    priority = [draw(service, "priority", minutes=5 + m) for m in range(3)]

    called = [services.ticket_call_next(counter=counter, acting_user=operator, now=NOW + timedelta(
        minutes=10 + m)) for m in range(5)]

    assert called == [priority[0], priority[1], regular[0], priority[2], regular[1]]


def test_nobody_waiting_and_strangers_are_refused(hall):
    _centre, service, counter, operator = hall
    with pytest.raises(CentreError) as error:
        services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)
    assert error.value.code == "nothing_waiting"
    draw(service)
    with pytest.raises(CentreError) as error:
        services.ticket_call_next(counter=counter, acting_user=StaffUserFactory(), now=NOW)
    assert error.value.code == "not_operator"


def test_a_counter_only_calls_its_own_services(hall):
    centre, service, counter, operator = hall
    _other_centre, (elsewhere,) = centre_create(code="other")
    draw(elsewhere)
    with pytest.raises(CentreError):
        services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)


def test_an_sms_tells_the_visitor_when_three_are_ahead(hall):
    _centre, service, counter, operator = hall
    tickets = [draw(service, minutes=m, mobile=f"05{m:08d}" if m == 5 else "")
               for m in range(6)]
    watched = tickets[5]
    assert SmsMessage.objects.filter(idempotency_key=f"centres:{watched.pk}:drawn").exists()

    later = NOW + timedelta(minutes=30)
    services.ticket_call_next(counter=counter, acting_user=operator,
                              now=later)  # 4 ahead of watched
    assert not SmsMessage.objects.filter(idempotency_key=f"centres:{watched.pk}:near").exists()
    services.ticket_call_next(counter=counter, acting_user=operator, now=later)  # 3 ahead
    near = SmsMessage.objects.get(idempotency_key=f"centres:{watched.pk}:near")
    assert near.recipient == "+966500000005"
    services.ticket_call_next(counter=counter, acting_user=operator, now=later)
    assert SmsMessage.objects.filter(idempotency_key__endswith=":near").count() == 1


def test_calling_next_finishes_the_current_and_times_feed_the_statistics(hall):
    centre, service, counter, operator = hall
    first, _second = draw(service), draw(service)
    services.ticket_call_next(counter=counter, acting_user=operator,
                              now=NOW + timedelta(minutes=10))
    services.ticket_call_next(counter=counter, acting_user=operator,
                              now=NOW + timedelta(minutes=16))
    first.refresh_from_db()
    assert first.status == Ticket.Status.SERVED
    assert first.finished_at == NOW + timedelta(minutes=16)
    services.ticket_finish(counter=counter, acting_user=operator, no_show=True,
                           now=NOW + timedelta(minutes=20))

    stats = selectors.day_statistics(centre=centre, day=NOW.date())
    assert stats["served"] == 1
    assert stats["average_service"] == timedelta(minutes=6)
    assert stats["average_wait"] == timedelta(minutes=13)


def test_a_served_ticket_is_recorded_as_a_counter_transaction(hall):
    sla_models = pytest.importorskip("sla.models")
    _centre, service, counter, operator = hall
    draw(service)
    services.ticket_call_next(counter=counter, acting_user=operator, now=NOW)
    services.ticket_finish(counter=counter, acting_user=operator, now=NOW + timedelta(minutes=5))

    row = sla_models.Transaction.objects.get(reference__startswith="centre:")
    assert row.channel == "counter"


def test_kiosk_lists_documents_and_fees_and_draws_a_ticket(client, hall):
    centre, service, _counter, _operator = hall
    client.cookies[COOKIE] = kiosk_create(centre=centre)[1]
    page = client.get(f"/centres/{centre.code}/kiosk/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Identity card" in page.content.decode()
    assert "25.00" in page.content.decode()

    ticket_page = client.post(f"/centres/{centre.code}/kiosk/ticket/",
                              {"service": service.pk, "lane": "priority", "mobile": ""},
                              HTTP_ACCEPT_LANGUAGE="en")
    assert "P-001" in ticket_page.content.decode()


def test_the_display_board_is_json(client, hall):
    centre, service, counter, operator = hall
    draw(service, minutes=(timezone.now() - NOW).total_seconds() / 60)  # today's board
    services.ticket_call_next(counter=counter, acting_user=operator)
    board = client.get(f"/centres/{centre.code}/display.json").json()
    assert board["called"][0]["number"] == "A-001"
    assert board["called"][0]["counter"] == counter.label


def test_the_counter_page_calls_next(client, hall):
    _centre, service, counter, operator = hall
    draw(service)
    client.force_login(operator)
    client.post(f"/centres/counter/{counter.pk}/", {"action": "next"})
    assert "A-001" in client.get(f"/centres/counter/{counter.pk}/").content.decode()
    client.force_login(StaffUserFactory())
    assert client.get(f"/centres/counter/{counter.pk}/").status_code == 404

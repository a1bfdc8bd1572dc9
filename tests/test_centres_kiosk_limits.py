"""Only a kiosk that staff registered gives numbers, so an anonymous script can neither fill a
centre's queue nor text strangers; a kiosk gives at most the centre's tickets per minute, and
a mobile number at most the centre's tickets per day (data staff edit on the centre)."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from centres import services
from centres.errors import CentreError
from centres.models import KioskDevice, Ticket
from centres.tokens import COOKIE
from notifications.models import SmsMessage
from tests.factories.accounts import StaffUserFactory
from tests.factories.centres import centre_create, kiosk_create

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=timezone.get_fixed_timezone(180))


@pytest.fixture
def hall():
    centre, (service,) = centre_create(tickets_per_device_per_minute=3,
                                       tickets_per_mobile_per_day=2)
    return centre, service


def draw(device, service, seconds=0, mobile=""):
    try:
        return services.ticket_draw(device=device, service=service, lane="regular",
                                    mobile=mobile, now=NOW + timedelta(seconds=seconds))
    except CentreError as error:
        return error.code


def test_a_screen_nobody_registered_gives_no_number_and_sends_no_sms(client, hall):
    centre, service = hall

    page = client.get(f"/centres/{centre.code}/kiosk/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403
    assert "not a registered kiosk" in page.content.decode()
    client.post(f"/centres/{centre.code}/kiosk/ticket/",
                {"service": service.pk, "lane": "regular", "mobile": "0500000001"})
    client.cookies[COOKIE] = "made-up-token"
    client.post(f"/centres/{centre.code}/kiosk/ticket/",
                {"service": service.pk, "lane": "regular", "mobile": "0500000001"})

    assert not Ticket.objects.exists()
    assert not SmsMessage.objects.exists()


def test_a_kiosk_of_another_centre_or_a_retired_one_is_refused(hall):
    _centre, service = hall
    elsewhere, _services = centre_create(code="elsewhere")
    retired, _token = kiosk_create(centre=service.centre)
    KioskDevice.objects.filter(pk=retired.pk).update(is_active=False)

    assert draw(kiosk_create(centre=elsewhere)[0], service) == "kiosk_unregistered"
    assert draw(retired, service) == "kiosk_unregistered"
    assert draw(None, service) == "kiosk_unregistered"


def test_a_kiosk_gives_at_most_the_centres_tickets_per_minute(hall):
    centre, service = hall
    kiosk, other_kiosk = kiosk_create(centre=centre)[0], kiosk_create(centre=centre)[0]

    assert [draw(kiosk, service, s).display_number for s in (0, 10, 20)] == [
        "A-001", "A-002", "A-003"]
    assert draw(kiosk, service, 30) == "kiosk_busy"
    assert draw(other_kiosk, service, 30).display_number == "A-004"
    assert draw(kiosk, service, 61).display_number == "A-005"


def test_a_mobile_number_gets_at_most_the_centres_tickets_per_day(hall):
    centre, service = hall
    kiosk = kiosk_create(centre=centre)[0]
    draw(kiosk, service, 0, mobile="0500000001")
    draw(kiosk, service, 60, mobile="+966500000001")  # the same number written differently

    assert draw(kiosk, service, 120, mobile="0500000001") == "mobile_limit"
    assert draw(kiosk, service, 180).display_number == "A-003"  # without the number
    assert draw(kiosk, service, 24 * 3600, mobile="0500000001").display_number == "A-001"
    assert SmsMessage.objects.filter(recipient="+966500000001").count() == 3


def test_the_kiosk_refusal_is_shown_translated_on_the_screen(client, hall):
    centre, service = hall
    client.cookies[COOKIE] = kiosk_create(centre=centre)[1]
    for _ in range(2):
        client.post(f"/centres/{centre.code}/kiosk/ticket/",
                    {"service": service.pk, "lane": "regular", "mobile": "0500000001"})

    page = client.post(f"/centres/{centre.code}/kiosk/ticket/",
                       {"service": service.pk, "lane": "regular", "mobile": "0500000001"},
                       HTTP_ACCEPT_LANGUAGE="ar", follow=True)
    assert "هذا الرقم" in page.content.decode()
    assert Ticket.objects.count() == 2


@pytest.mark.usefixtures("plain_http")
def test_staff_register_the_screen_in_front_of_them_and_it_gives_numbers(client, hall):
    centre, service = hall
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))

    response = client.post(f"/centres/{centre.code}/kiosk/register/", {"label": "Entrance"})
    assert response.status_code == 302
    device = KioskDevice.objects.get(centre=centre)
    assert device.registered_by is not None
    assert client.cookies[COOKIE]["httponly"]
    assert device.token_hash != client.cookies[COOKIE].value  # only its hash is kept

    token = client.cookies[COOKIE].value
    client.logout()  # the screen stays the kiosk, whoever stands at it
    client.cookies[COOKIE] = token
    client.post(f"/centres/{centre.code}/kiosk/ticket/",
                {"service": service.pk, "lane": "regular", "mobile": "0500000001"})
    assert Ticket.objects.get().device == device


def test_only_staff_with_the_permission_may_register_a_screen(client, hall, pilgrim):
    centre, _service = hall
    url = f"/centres/{centre.code}/kiosk/register/"

    assert client.post(url, {"label": "x"})["Location"].startswith("/accounts/login/")
    client.force_login(pilgrim)
    assert client.post(url, {"label": "x"}).status_code == 403
    assert not KioskDevice.objects.exists()

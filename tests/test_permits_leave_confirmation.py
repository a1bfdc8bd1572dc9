"""A person another account put on its booking (a companion who accepted) takes themself off
through the shared confirmation page: GET says the seat goes back and the others keep theirs,
and changes nothing; POST takes them off. "My permits" links to the page instead of acting."""

import pytest
from django.test import Client

from consent import services as consent
from permits.models import BookingPerson, Slot
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import invited_by_a_booking
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

TITLE = {"ar": "هل تريد سحب نفسك من هذا الحجز؟", "en": "Take yourself off this booking?"}
SEAT_BACK = {"ar": "يعود مقعدك إلى الموعد", "en": "Your seat goes back to the slot"}


@pytest.fixture
def slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=5)


@pytest.fixture
def companion():
    return PilgrimFactory(gender="male")


@pytest.fixture
def booking_id(app_client, slot, companion):
    """Another account books with the companion, who accepts the invitation."""
    invitation = invited_by_a_booking(app_client(PilgrimFactory(gender="male")), slot=slot,
                                      person=companion)
    consent.accept(invitation=invitation, acting_user=companion)
    return invitation.object_id


def on_it(booking_id, user):
    return BookingPerson.objects.filter(booking_id=booking_id, person__user=user).exists()


def url(booking_id):
    return f"/permits/booking/{booking_id}/leave/"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_page_says_the_seat_goes_back_and_changes_nothing(plain_http, companion,
                                                              booking_id, slot, language):
    client = Client()
    client.force_login(companion)

    response = client.get(url(booking_id), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE[language] in html and SEAT_BACK[language] in html
    assert '<form method="post"' in html and 'id="confirm-action"' in html
    assert "<script>" not in html and " style=" not in html
    assert on_it(booking_id, companion)
    assert Slot.objects.get(pk=slot.pk).remaining == 3


def test_confirming_takes_them_off_and_the_seat_goes_back(plain_http, companion, booking_id,
                                                          slot):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(companion)

    response = client.post(url(booking_id), follow=True)

    assert "You are taken off this booking." in response.content.decode()
    assert not on_it(booking_id, companion)
    assert Slot.objects.get(pk=slot.pk).remaining == 4


def test_my_permits_links_to_the_page_instead_of_leaving_at_once(plain_http, companion,
                                                                 booking_id):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(companion)

    html = client.get("/permits/mine/").content.decode()

    assert f'href="{url(booking_id)}"' in html
    assert f'action="{url(booking_id)}"' not in html


def test_someone_not_on_the_booking_gets_a_404(plain_http, booking_id):
    client = Client()
    client.force_login(PilgrimFactory())

    assert client.get(url(booking_id)).status_code == 404
    assert client.post(url(booking_id)).status_code == 404

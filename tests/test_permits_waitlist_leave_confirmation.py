"""Declining the seats offered to a waiting-list entry, or leaving the line, asks first on
the shared confirmation page (no script needed): GET says what is given up (the seats go to
the next family; the place in line is lost) and changes nothing, POST does it. Only the
entry's own account sees or does either."""

import pytest

from permits import services
from permits.booking import booking_create
from permits.models import Booking, Slot, WaitlistEntry
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

TITLE = {"ar": "هل تريد رفض المقاعد المعروضة؟", "en": "Decline the seats offered?"}
SEATS_GO = {"ar": "يذهب المقعدان المحجوزان لك إلى العائلة التالية في الصف فورًا",
            "en": "The 2 seats held for you go to the next family in line at once"}


@pytest.fixture
def full_slot(rawdah_men):
    slot = wall_clock_slot(rawdah_men, capacity=2)
    holder = PilgrimFactory()
    booking_create(acting_user=holder, slot=slot, companions=[DependantFactory(owner=holder)],
                   instructions_accepted=True)
    return slot


def join(user, slot, companions=()):
    return services.waitlist_join(acting_user=user, slot=slot, companions=list(companions))


@pytest.fixture
def offered(pilgrim, full_slot):
    """The pilgrim and a dependant first in line; the holder cancels: the 2 seats are theirs."""
    entry = join(pilgrim, full_slot, [DependantFactory(owner=pilgrim)])
    holder = full_slot.bookings.get(status=Booking.Status.BOOKED)
    services.booking_cancel(booking=holder, acting_user=holder.user)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    return entry


def url(entry):
    return f"/permits/waitlist/{entry.token}/leave/"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_page_says_the_seats_go_to_the_next_family_and_changes_nothing(
        client, pilgrim, offered, language):
    client.force_login(pilgrim)

    response = client.get(url(offered), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE[language] in html and SEATS_GO[language] in html
    assert '<form method="post"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'id="confirm-action"' in html
    assert "<script>" not in html and " style=" not in html  # no inline code for the CSP
    offered.refresh_from_db()
    assert offered.status == WaitlistEntry.Status.OFFERED
    assert Slot.objects.get(pk=offered.slot_id).remaining == 0  # still held for them


def test_confirming_declines_and_the_seats_pass_to_the_next_in_line(client, pilgrim, offered):
    second = PilgrimFactory()
    behind = join(second, offered.slot, [DependantFactory(owner=second)])
    client.force_login(pilgrim)

    response = client.post(url(offered), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.redirect_chain[-1][0] == "/permits/mine/"
    assert "You declined the seats offered; they go to the next in line." in (
        response.content.decode())
    offered.refresh_from_db()
    behind.refresh_from_db()
    assert offered.status == WaitlistEntry.Status.CANCELLED
    assert behind.status == WaitlistEntry.Status.OFFERED


def test_the_offer_page_and_my_permits_link_to_the_confirmation(client, pilgrim, offered):
    client.force_login(pilgrim)

    offer_page = client.get(f"/permits/waitlist/{offered.token}/").content.decode()
    mine = client.get("/permits/mine/").content.decode()

    assert f'href="{url(offered)}" id="offer-decline"' in offer_page
    assert f'href="{url(offered)}"' in mine
    assert f'action="{url(offered)}"' not in offer_page + mine


@pytest.mark.parametrize("language", ["ar", "en"])
def test_leaving_the_line_says_the_place_is_lost_then_leaves(client, pilgrim, full_slot,
                                                            language):
    entry = join(pilgrim, full_slot)
    client.force_login(pilgrim)

    html = client.get(url(entry), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert {"ar": "تفقد مكانك في الصف فورًا",
            "en": "You lose your place in the line at once"}[language] in html
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.WAITING

    client.post(url(entry))

    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.CANCELLED


def test_an_entry_out_of_the_line_is_said_so_without_the_button(client, pilgrim, full_slot):
    entry = join(pilgrim, full_slot)
    client.force_login(pilgrim)
    client.post(url(entry))

    html = client.get(url(entry), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    again = client.post(url(entry), HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()

    assert "You are no longer in this waiting list&#x27;s line." in html
    assert 'id="confirm-action"' not in html
    assert "You are no longer in this waiting list&#x27;s line." in again


def test_another_account_gets_a_404_and_changes_nothing(client, offered):
    client.force_login(PilgrimFactory())

    assert client.get(url(offered)).status_code == 404
    assert client.post(url(offered)).status_code == 404
    offered.refresh_from_db()
    assert offered.status == WaitlistEntry.Status.OFFERED

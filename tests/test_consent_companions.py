"""Nobody is put on a permit booking by typing their identity number: a companion is one of
the booker's own dependants, or a person invited by identity number and mobile who joins only
by accepting. The booker's answer is the same whoever the number belongs to; a companion's
refusal goes to the companion; held seats come back when an invitation is declined or lapses.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from consent import services as consent
from consent.models import Dependant, Invitation
from notifications.models import SmsMessage
from permits import services, signing
from permits.models import Booking, BookingPerson, Slot
from portal.calendars import format_dual_datetime
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"
STRANGER_MOBILE = "+966599887766"


@pytest.fixture
def slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=5)


@pytest.fixture
def victim():
    return PilgrimFactory(gender="male", profile__full_name="Registered Victim Name")


def book(client, slot, companions, language="en"):
    return client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True,
                                  "companions": companions},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


def invited(user, mobile=None):
    profile = user.profile
    return {"id_type": profile.id_type, "id_number": profile.id_number,
            "mobile": mobile or str(profile.mobile)}


def remaining(slot):
    return Slot.objects.get(pk=slot.pk).remaining


def invitation_of(booking_id):
    return Invitation.objects.get(purpose="permits.booking", object_id=booking_id)


# --- The stranger attack ------------------------------------------------------------------

def test_a_strangers_number_neither_books_them_nor_blocks_them_nor_shows_their_name(
        app_client, slot, victim):
    attacker = PilgrimFactory(gender="male")

    response = book(app_client(attacker), slot, [invited(victim, mobile=STRANGER_MOBILE)])

    assert response.status_code == 201, response.content
    assert "Registered Victim Name" not in response.content.decode()
    booking = Booking.objects.get(pk=response.json()["id"])
    assert not BookingPerson.objects.filter(booking=booking, person__user=victim).exists()
    assert not SmsMessage.objects.filter(recipient=str(victim.profile.mobile)).exists()
    own = book(app_client(victim), slot, [])  # the victim's own booking of the same slot
    assert own.status_code == 201, own.content


def test_a_wrong_gender_stranger_is_not_refused_with_their_registered_name(app_client, slot):
    woman = PilgrimFactory(gender="female", profile__full_name="Registered Woman Name")

    response = book(app_client(PilgrimFactory(gender="male")), slot,
                    [invited(woman, mobile=STRANGER_MOBILE)])

    assert response.status_code == 201
    assert "Registered Woman Name" not in response.content.decode()


def _shape(response):
    body = response.json()
    return (response.status_code, body["seats"], [p["role"] for p in body["persons"]],
            [(i["status"], i["mobile"], len(i["id_number"])) for i in body["invitations"]])


def test_the_answer_is_the_same_for_an_account_a_stranger_and_a_wrong_mobile(app_client,
                                                                              rawdah_men,
                                                                              victim):
    slot = wall_clock_slot(rawdah_men, capacity=10)
    unknown = {"id_type": "national_id", "id_number": "1000000008", "mobile": STRANGER_MOBILE}
    answers = [book(app_client(PilgrimFactory()), slot, [companion])
               for companion in (invited(victim, mobile=STRANGER_MOBILE), unknown,
                                 invited(victim))]

    assert _shape(answers[0]) == _shape(answers[1])
    # A matching mobile differs only in the number typed, never in what the booker reads.
    assert _shape(answers[2])[:3] == _shape(answers[0])[:3]
    assert answers[2].json()["invitations"][0]["status"] == "pending"
    for response in answers:
        assert response.json()["invitations"][0]["id_number"].count("*") >= 4


def test_only_a_matching_mobile_sends_the_invitation_sms(app_client, slot, victim):
    book(app_client(PilgrimFactory()), slot, [invited(victim, mobile=STRANGER_MOBILE)])
    assert not SmsMessage.objects.filter(recipient=str(victim.profile.mobile)).exists()

    book(app_client(PilgrimFactory()), slot, [invited(victim)])

    sms = SmsMessage.objects.get(recipient=str(victim.profile.mobile))
    assert "/consent/i/" in sms.text


def test_the_invitation_names_the_visit_in_both_calendars(app_client, slot, victim):
    book(app_client(PilgrimFactory()), slot, [invited(victim)])

    sms = SmsMessage.objects.get(recipient=str(victim.profile.mobile))
    assert format_dual_datetime(slot.starts_at, language=sms.language) in sms.text


# --- Accepting, refusing, declining, lapsing ----------------------------------------------

def test_an_accepted_invitation_puts_the_companion_on_the_booking(app_client, slot, victim):
    booking_id = book(app_client(PilgrimFactory()), slot, [invited(victim)]).json()["id"]
    assert remaining(slot) == 3
    invitation = invitation_of(booking_id)

    answer = app_client(victim).post(f"/api/v1/consent/invitations/{invitation.pk}/accept/")

    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    booking = Booking.objects.get(pk=booking_id)
    assert BookingPerson.objects.filter(booking=booking, person__user=victim).exists()
    assert (booking.seats, booking.held_seats, remaining(slot)) == (2, 0, 3)
    assert signing.verify(services.permit_code(permit=booking.permit))["p"] == 2


def test_an_eligibility_refusal_goes_to_the_companion_and_frees_the_seat(app_client, slot):
    woman = PilgrimFactory(gender="female", profile__preferred_language="en")
    booker_client = app_client(PilgrimFactory())
    booking_id = book(booker_client, slot, [invited(woman)]).json()["id"]

    answer = app_client(woman).post(
        f"/api/v1/consent/invitations/{invitation_of(booking_id).pk}/accept/",
        HTTP_ACCEPT_LANGUAGE="en")

    assert answer.json()["status"] == "refused"
    assert "it is for men." in answer.json()["refusal"]
    assert remaining(slot) == 4
    sms = SmsMessage.objects.filter(recipient=str(woman.profile.mobile)).order_by("pk").last()
    assert "You could not join" in sms.text and "it is for men." in sms.text
    listed = booker_client.get(BOOKINGS).json()[0]
    assert listed["seats"] == 1 and listed["invitations"][0]["status"] == "declined"


def test_a_declined_invitation_returns_the_seat(app_client, slot, victim):
    booking_id = book(app_client(PilgrimFactory()), slot, [invited(victim)]).json()["id"]

    app_client(victim).post(f"/api/v1/consent/invitations/{invitation_of(booking_id).pk}/decline/")

    assert remaining(slot) == 4
    assert Booking.objects.get(pk=booking_id).seats == 1


def test_a_lapsed_invitation_returns_the_seat_once_however_often_the_sweep_runs(
        app_client, slot, victim):
    booking_id = book(app_client(PilgrimFactory()), slot, [invited(victim)]).json()["id"]
    later = invitation_of(booking_id).expires_at + timedelta(seconds=1)

    assert consent.lapse_due(now=later) == 1
    assert consent.lapse_due(now=later) == 0

    assert remaining(slot) == 4
    assert invitation_of(booking_id).status == Invitation.Status.LAPSED
    expired = app_client(victim).post(
        f"/api/v1/consent/invitations/{invitation_of(booking_id).pk}/accept/")
    assert expired.status_code == 400


def test_a_standing_consent_books_the_companion_at_once(app_client, slot, victim):
    booker = PilgrimFactory()
    consent.consent_grant(acting_user=victim, id_type=booker.profile.id_type,
                          id_number=booker.profile.id_number)

    response = book(app_client(booker), slot, [invited(victim)])

    assert [p["role"] for p in response.json()["persons"]] == ["booker", "companion"]
    assert response.json()["invitations"][0]["status"] == "accepted"
    assert not SmsMessage.objects.filter(recipient=str(victim.profile.mobile),
                                         text__contains="/consent/i/").exists()


def test_another_accounts_invitation_answers_404(app_client, slot, victim):
    booking_id = book(app_client(PilgrimFactory()), slot, [invited(victim)]).json()["id"]

    response = app_client(PilgrimFactory()).post(
        f"/api/v1/consent/invitations/{invitation_of(booking_id).pk}/accept/")

    assert response.status_code == 404


# --- Dependants ---------------------------------------------------------------------------

def test_a_dependant_is_booked_once_confirmed_for_a_frequency_limited_service(app_client,
                                                                              slot):
    booker = PilgrimFactory()
    son = DependantFactory(owner=booker, status=Dependant.Status.PENDING, full_name="My Son")

    refused = book(app_client(booker), slot, [{"dependant": son.pk}])
    consent.dependant_review(dependant=son, acting_user=None, decision="confirmed")
    booked = book(app_client(booker), slot, [{"dependant": son.pk}])

    assert refused.status_code == 403 and refused.json()["code"] == "dependant_unconfirmed"
    assert booked.status_code == 201
    assert booked.json()["persons"][1]["full_name"] == "My Son"


def test_someone_elses_dependant_id_answers_404(app_client, slot):
    response = book(app_client(PilgrimFactory()), slot,
                    [{"dependant": DependantFactory().pk}])

    assert response.status_code == 404


def test_an_account_holders_number_claimed_as_a_dependant_goes_to_review_and_they_can_leave(
        app_client, slot, victim):
    claimer = PilgrimFactory()
    claimed = DependantFactory(owner=claimer, id_number=victim.profile.id_number,
                               full_name="Whatever I Typed")
    booking_id = book(app_client(claimer), slot, [{"dependant": claimed.pk}]).json()["id"]
    consent.dependants_review_for_profile(profile=victim.profile)

    claimed.refresh_from_db()
    assert claimed.status == Dependant.Status.IN_REVIEW
    assert claimed.owner_status == Dependant.Status.PENDING  # the claimer learns nothing
    mine = app_client(victim).get("/api/v1/permits/bookings/in-my-name/")
    assert [row["id"] for row in mine.json()] == [booking_id]
    left = app_client(victim).post(f"/api/v1/permits/bookings/{booking_id}/leave/")
    assert left.status_code == 200
    assert remaining(slot) == 4
    assert book(app_client(victim), slot, []).status_code == 201


def test_a_dependant_claimed_by_an_account_holder_signing_up_goes_to_review(slot):
    claimed = DependantFactory()

    PilgrimFactory(profile__id_number=claimed.id_number)

    claimed.refresh_from_db()
    assert claimed.status == Dependant.Status.IN_REVIEW


# --- The waiting list ---------------------------------------------------------------------

def test_a_waiting_list_join_with_a_stranger_invites_them_only_at_the_booking(app_client,
                                                                              rawdah_men,
                                                                              victim):
    full = wall_clock_slot(rawdah_men, capacity=1)
    book(app_client(PilgrimFactory()), full, [])
    booker = PilgrimFactory()
    client = app_client(booker)

    joined = client.post("/api/v1/permits/waitlist/",
                         {"slot": full.pk, "companions": [invited(victim)]},
                         content_type="application/json")
    assert joined.status_code == 201, joined.content
    assert "Registered Victim Name" not in joined.content.decode()
    Slot.objects.filter(pk=full.pk).update(capacity=3, remaining=2)
    entry = services.waitlist_offer_next(slot=full, now=timezone.now())
    booking = services.waitlist_confirm(token=entry.token, acting_user=booker)

    assert not BookingPerson.objects.filter(booking=booking, person__user=victim).exists()
    assert (booking.seats, booking.held_seats) == (2, 1)
    assert invitation_of(booking.pk).invitee == victim

"""The consent pages: the SMS link page (signed in, only the invited account, accept and
decline), the profile's add-dependant form with its document, the staff review in the admin
(confirm, or reject with a reason) and the SMS that tells the account holder the outcome; and
the SMS that tells a booker the place they held for an invited companion is released."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consent import services as consent
from consent.models import Dependant, Invitation
from notifications.models import SmsMessage
from permits.models import Booking, BookingPerson, Slot
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.consent import DependantFactory, pdf_upload
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=5)


@pytest.fixture
def victim():
    return PilgrimFactory(gender="male", profile__full_name="Registered Companion Name")


@pytest.fixture
def booker():
    return PilgrimFactory(gender="male", profile__preferred_language="en")


@pytest.fixture
def invitation(app_client, slot, victim, booker):
    profile = victim.profile
    response = app_client(booker).post(
        BOOKINGS, {"slot": slot.pk, "accept_instructions": True, "companions": [
            {"id_type": profile.id_type, "id_number": profile.id_number,
             "mobile": str(profile.mobile)}]}, content_type="application/json")
    assert response.status_code == 201, response.content
    return Invitation.objects.get(purpose="permits.booking", object_id=response.json()["id"])


def web(user=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def remaining(slot):
    return Slot.objects.get(pk=slot.pk).remaining


# --- The SMS link page --------------------------------------------------------------------

def test_the_link_page_asks_to_sign_in_first(plain_http, invitation):
    response = web().get(f"/consent/i/{invitation.token}/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_link_page_is_only_for_the_invited_account(plain_http, invitation, booker):
    for somebody in (PilgrimFactory(), booker):
        client = web(somebody)
        assert client.get(f"/consent/i/{invitation.token}/").status_code == 404
        assert client.post(f"/consent/i/{invitation.token}/accept/").status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING


def test_the_invited_account_reads_and_accepts_on_the_link_page(plain_http, invitation,
                                                                 victim, booker):
    client = web(victim)

    page = client.get(f"/consent/i/{invitation.token}/")
    assert page.status_code == 200
    assert booker.profile.full_name in page.content.decode()
    answer = client.post(f"/consent/i/{invitation.token}/accept/", follow=True)

    assert answer.status_code == 200
    assert "You have joined the booking." in answer.content.decode()
    assert BookingPerson.objects.filter(booking_id=invitation.object_id,
                                        person__user=victim).exists()


def test_the_invited_account_declines_on_the_link_page_and_the_seat_goes_back(
        plain_http, invitation, victim, slot):
    assert remaining(slot) == 3

    web(victim).post(f"/consent/i/{invitation.token}/decline/")

    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.DECLINED
    assert remaining(slot) == 4
    assert Booking.objects.get(pk=invitation.object_id).seats == 1


# --- The booker is told a held place is released -------------------------------------------

def released_sms(booker):
    return SmsMessage.objects.filter(recipient=str(booker.profile.mobile),
                                     idempotency_key__endswith=":released")


def test_a_decline_tells_the_booker_as_they_typed_the_companion(plain_http, invitation,
                                                                victim, booker):
    web(victim).post(f"/consent/i/{invitation.token}/decline/")

    sms = released_sms(booker).get()
    assert "did not join" in sms.text and "released" in sms.text
    assert invitation.mobile in sms.text
    assert invitation.id_number not in sms.text
    assert invitation.id_number[-2:] in sms.text  # masked, as the booker reads it back
    assert "Registered Companion Name" not in sms.text


def test_a_lapse_tells_the_booker_once(invitation, booker):
    later = invitation.expires_at + timedelta(seconds=1)
    consent.lapse_due(now=later)
    consent.lapse_due(now=later)

    sms = released_sms(booker).get()
    assert "did not answer in time" in sms.text


def test_a_refusal_reads_to_the_booker_as_a_decline(app_client, slot, booker):
    woman = PilgrimFactory(gender="female")  # Rawdah for men: she is not eligible
    profile = woman.profile
    booking = app_client(booker).post(BOOKINGS, {
        "slot": slot.pk, "accept_instructions": True, "companions": [
            {"id_type": profile.id_type, "id_number": profile.id_number,
             "mobile": str(profile.mobile)}]}, content_type="application/json").json()
    invitation = Invitation.objects.get(purpose="permits.booking", object_id=booking["id"])

    assert consent.accept(invitation=invitation, acting_user=woman).status == "refused"

    sms = released_sms(booker).get()
    assert "did not join" in sms.text
    assert profile.full_name not in sms.text


def test_withdrawing_with_the_booking_sends_the_booker_nothing(app_client, invitation, booker):
    app_client(booker).post(f"{BOOKINGS}{invitation.object_id}/cancel/")

    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.WITHDRAWN
    assert not released_sms(booker).exists()


# --- The profile's add-dependant form -----------------------------------------------------

def dependant_form(document, **changes):
    data = {"full_name": "My Son Salem", "relation": "son", "id_type": "national_id",
            "id_number": "1000000008", "gender": "male", "date_of_birth": "2012-03-04",
            "document": document}
    data.update(changes)
    return data


def test_the_profile_form_adds_a_dependant_with_its_document(plain_http):
    owner = PilgrimFactory()

    response = web(owner).post(reverse("consent:dependant_add"),
                               dependant_form(pdf_upload()), follow=True)

    dependant = Dependant.objects.get(owner=owner)
    assert (dependant.full_name, dependant.status, dependant.document_type) == (
        "My Son Salem", Dependant.Status.PENDING, "application/pdf")
    assert dependant.document.read().startswith(b"%PDF")
    assert "relation.pdf" not in dependant.document.name
    content = response.content.decode()
    assert "staff will check the document" in content and "My Son Salem" in content


def test_the_profile_form_refuses_a_document_that_is_not_a_pdf_or_an_image(plain_http):
    owner = PilgrimFactory()
    fake = SimpleUploadedFile("card.pdf", b"#!/bin/sh\necho not a pdf\n", "application/pdf")

    response = web(owner).post(reverse("consent:dependant_add"), dependant_form(fake),
                               follow=True)

    assert not Dependant.objects.filter(owner=owner).exists()
    assert "must be a PDF, JPEG or PNG" in response.content.decode()


# --- The staff review in the admin, and its SMS -------------------------------------------

@pytest.fixture
def reviewer(plain_http):
    staff = StaffUserFactory(is_superuser=True)
    return staff, web(staff)


def review(client, dependant, **data):
    return client.post(reverse("admin:consent_dependant_change", args=[dependant.pk]),
                       {"decision": "", "reason": "", "_save": "Save", **data}, follow=True)


def test_staff_confirm_a_dependant_and_the_owner_is_told(reviewer):
    staff, client = reviewer
    dependant = DependantFactory(status=Dependant.Status.PENDING, full_name="Salem",
                                 owner=PilgrimFactory(profile__preferred_language="en"))

    assert review(client, dependant, decision="confirmed").status_code == 200

    dependant.refresh_from_db()
    assert (dependant.status, dependant.reviewed_by) == (Dependant.Status.CONFIRMED, staff)
    sms = SmsMessage.objects.get(recipient=str(dependant.owner.profile.mobile))
    assert sms.text == "Salem is confirmed as your dependant on the portal."


def test_staff_reject_a_dependant_with_a_reason_and_the_owner_reads_it(reviewer):
    _, client = reviewer
    dependant = DependantFactory(status=Dependant.Status.PENDING, full_name="Salem",
                                 owner=PilgrimFactory(profile__preferred_language="en"))

    review(client, dependant, decision="rejected", reason="The family card is unreadable.")

    dependant.refresh_from_db()
    assert (dependant.status, dependant.review_reason) == (
        Dependant.Status.REJECTED, "The family card is unreadable.")
    sms = SmsMessage.objects.get(recipient=str(dependant.owner.profile.mobile))
    assert sms.text == ("Salem was not confirmed as your dependant: "
                        "The family card is unreadable.")


def test_a_rejection_without_a_reason_changes_nothing(reviewer):
    _, client = reviewer
    dependant = DependantFactory(status=Dependant.Status.PENDING)

    response = review(client, dependant, decision="rejected")

    assert "Give the reason for the rejection." in response.content.decode()
    dependant.refresh_from_db()
    assert dependant.status == Dependant.Status.PENDING
    assert not SmsMessage.objects.filter(recipient=str(dependant.owner.profile.mobile)).exists()

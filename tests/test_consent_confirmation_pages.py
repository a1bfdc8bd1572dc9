"""Declining an invitation, removing a dependant and withdrawing a standing permission each
ask first on the shared confirmation page: GET says what is given up and changes nothing,
POST does it. The pages that offered a button now link to the page."""

import pytest
from django.test import Client

from consent.models import Dependant, Invitation, StandingConsent
from consent.services import consent_grant
from permits.models import Slot
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory, invited_by_a_booking
from tests.factories.permits import wall_clock_slot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_http")]


def web(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def asks_first(html):
    return ('<form method="post"' in html and 'name="csrfmiddlewaretoken"' in html
            and 'id="confirm-action"' in html and "<script>" not in html
            and " style=" not in html)


# --- Declining an invitation --------------------------------------------------------------

@pytest.fixture
def slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=5)


@pytest.fixture
def invitee():
    return PilgrimFactory(gender="male")


@pytest.fixture
def invitation(app_client, slot, invitee):
    return invited_by_a_booking(app_client(PilgrimFactory(gender="male")), slot=slot,
                                person=invitee)


@pytest.mark.parametrize("language, released", [
    ("ar", "يُحرَّر المكان المحجوز لك فورًا"),
    ("en", "the place held for you is released at once")])
def test_declining_an_invitation_asks_first_and_changes_nothing(invitee, invitation, slot,
                                                                language, released):
    response = web(invitee, language).get(f"/consent/i/{invitation.token}/decline/")

    html = response.content.decode()
    assert response.status_code == 200 and asks_first(html) and released in html
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING
    assert Slot.objects.get(pk=slot.pk).remaining == 3


def test_confirming_declines_and_the_seat_goes_back(invitee, invitation, slot):
    response = web(invitee).post(f"/consent/i/{invitation.token}/decline/", follow=True)

    assert "You have declined the invitation." in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.DECLINED
    assert Slot.objects.get(pk=slot.pk).remaining == 4


def test_an_answered_invitation_is_said_so_without_the_button(invitee, invitation):
    client = web(invitee)
    client.post(f"/consent/i/{invitation.token}/decline/")

    html = client.get(f"/consent/i/{invitation.token}/decline/").content.decode()

    assert "This invitation is no longer open." in html and 'id="confirm-action"' not in html


def test_the_invitation_page_links_to_the_confirmation(invitee, invitation):
    html = web(invitee).get(f"/consent/i/{invitation.token}/").content.decode()

    assert f'href="/consent/i/{invitation.token}/decline/"' in html
    assert f'action="/consent/i/{invitation.token}/decline/"' not in html


def test_someone_else_cannot_see_or_decline(invitation):
    client = web(PilgrimFactory())

    assert client.get(f"/consent/i/{invitation.token}/decline/").status_code == 404
    assert client.post(f"/consent/i/{invitation.token}/decline/").status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING


# --- Removing a dependant -----------------------------------------------------------------

@pytest.mark.parametrize("language, deleted", [
    ("ar", "يُحذف سجله والمستند الذي يثبت صلة القرابة فورًا"),
    ("en", "Their record and the document proving the relation are deleted at once")])
def test_removing_a_dependant_asks_first_and_changes_nothing(pilgrim, language, deleted):
    dependant = DependantFactory(owner=pilgrim)

    response = web(pilgrim, language).get(f"/consent/dependants/{dependant.pk}/remove/")

    html = response.content.decode()
    assert response.status_code == 200 and asks_first(html) and deleted in html
    assert dependant.full_name in html
    assert Dependant.objects.filter(pk=dependant.pk).exists()


def test_confirming_removes_the_dependant(pilgrim):
    dependant = DependantFactory(owner=pilgrim)

    response = web(pilgrim).post(f"/consent/dependants/{dependant.pk}/remove/", follow=True)

    assert "The dependant is removed." in response.content.decode()
    assert not Dependant.objects.filter(pk=dependant.pk).exists()


def test_another_accounts_dependant_is_a_404(pilgrim):
    dependant = DependantFactory()

    assert web(pilgrim).get(f"/consent/dependants/{dependant.pk}/remove/").status_code == 404
    assert web(pilgrim).post(f"/consent/dependants/{dependant.pk}/remove/").status_code == 404
    assert Dependant.objects.filter(pk=dependant.pk).exists()


# --- Withdrawing a standing permission ----------------------------------------------------

@pytest.fixture
def permission(pilgrim):
    other = PilgrimFactory().profile
    return consent_grant(acting_user=pilgrim, id_type=other.id_type, id_number=other.id_number)


@pytest.mark.parametrize("language, effect", [
    ("ar", "لا يستطيع هذا الشخص إضافتك إلى حجوزاته مباشرة"),
    ("en", "this person can no longer add you to their bookings at once")])
def test_withdrawing_a_permission_asks_first_and_changes_nothing(pilgrim, permission,
                                                                 language, effect):
    response = web(pilgrim, language).get(f"/consent/consents/{permission.pk}/revoke/")

    html = response.content.decode()
    assert response.status_code == 200 and asks_first(html) and effect in html
    assert StandingConsent.objects.get(pk=permission.pk).revoked_at is None


def test_confirming_withdraws_the_permission(pilgrim, permission):
    response = web(pilgrim).post(f"/consent/consents/{permission.pk}/revoke/", follow=True)

    assert "The permission is withdrawn." in response.content.decode()
    assert StandingConsent.objects.get(pk=permission.pk).revoked_at is not None


def test_the_profile_links_to_the_confirmations(pilgrim, permission):
    dependant = DependantFactory(owner=pilgrim)

    html = web(pilgrim).get("/profile/").content.decode()

    for address in (f"/consent/dependants/{dependant.pk}/remove/",
                    f"/consent/consents/{permission.pk}/revoke/"):
        assert f'href="{address}"' in html and f'action="{address}"' not in html

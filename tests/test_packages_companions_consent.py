"""Nobody is put on a Hajj package contract by typing their details: a companion is one of the
holder's own dependants, confirmed by staff (Hajj is limited to once in a period), or a person
invited by identity number and mobile who joins only by accepting, with their own profile's
details and their own eligibility checked then. The place is held and counted until they
answer; a decline, a refusal or a lapse returns it and lowers the amount; no payment is taken
while an invitation is open."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from consent import services as consent
from consent.models import Invitation, StandingConsent
from notifications.models import SmsMessage
from packages.errors import PackageError
from packages.models import Contract, ContractClient, Package
from packages.services import contract_cancel, contract_order, contract_pay
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.packages import (
    PackageFactory,
    companion,
    invitee,
    package_on_sale_today,
    season_on_sale,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)  # 11/06/1448
LATER = NOW + datetime.timedelta(hours=1)
API = "/api/v1/packages/contracts/"
STRANGER_MOBILE = "+966599887766"
DETAILS = {"identity_expires_on": datetime.date(2030, 1, 1), "last_hajj_year": None,
           "relationship": "sibling", "is_mahram": False}


@pytest.fixture(autouse=True)
def _http(plain_http):
    pass


@pytest.fixture
def victim():
    return PilgrimFactory(gender="female", profile__full_name="Registered Victim Name")


def order(pilgrim, companions, now=NOW):
    package = PackageFactory(price=Decimal("10000.00"), season=season_on_sale(now))
    return contract_order(acting_user=pilgrim, package=package,
                          holder={"identity_expires_on": datetime.date(2030, 1, 1)},
                          companions=companions, acknowledged_channels=True,
                          payment_plan="instalments", now=now)


def invitation_of(contract):
    return Invitation.objects.get(purpose="packages.contract", object_id=contract.pk)


def places_sold(contract):
    return Package.objects.get(pk=contract.package_id).places_sold


def api_order(client, companions):
    return client.post(API, {"package": package_on_sale_today(price="10000.00").pk,
                             "payment_plan": "instalments", "acknowledge_channels": True,
                             "identity_expires_on": "2030-01-01", "companions": companions},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


# --- The stranger attack ------------------------------------------------------------------

def test_typed_details_no_longer_put_a_person_on_a_contract(app_client, victim):
    profile = victim.profile
    typed = {"full_name": "Anything", "id_type": profile.id_type,
             "id_number": profile.id_number, "identity_expires_on": "2030-01-01",
             "nationality": "SA", "gender": "female", "date_of_birth": "1990-01-01",
             "relationship": "spouse"}

    response = api_order(app_client(PilgrimFactory()), [typed])

    assert response.status_code == 400, response.content
    assert not ContractClient.objects.filter(id_number=profile.id_number).exists()


def test_a_strangers_number_neither_books_them_nor_blocks_them_nor_shows_their_name(
        app_client, victim):
    attacker = app_client(PilgrimFactory())

    response = api_order(attacker, [invitee(victim, mobile=STRANGER_MOBILE)])

    assert response.status_code == 201, response.content
    assert "Registered Victim Name" not in response.content.decode()
    assert [p["is_holder"] for p in response.json()["persons"]] == [True]
    assert not SmsMessage.objects.filter(recipient=str(victim.profile.mobile)).exists()
    own = order(victim, [])  # the victim's own contract this season
    assert own.clients == 1


def _shape(response):
    body = response.json()
    return (response.status_code, body["clients"], body["value"], len(body["persons"]),
            [(i["status"], i["mobile"], len(i["id_number"])) for i in body["invitations"]])


def test_the_answer_is_the_same_for_an_account_a_stranger_and_a_wrong_mobile(app_client,
                                                                              victim):
    unknown = {"id_type": "national_id", "id_number": "1000000008", "mobile": STRANGER_MOBILE}
    answers = [api_order(app_client(PilgrimFactory()), [row])
               for row in (invitee(victim, mobile=STRANGER_MOBILE), unknown, invitee(victim))]

    assert _shape(answers[0]) == _shape(answers[1])
    assert _shape(answers[2])[:4] == _shape(answers[0])[:4]
    for response in answers:
        invited = response.json()["invitations"][0]
        assert invited["status"] == "pending" and invited["id_number"].count("*") >= 4
    assert SmsMessage.objects.filter(recipient=str(victim.profile.mobile)).count() == 1


def test_the_contract_read_lists_its_invitations_as_typed(app_client, victim):
    holder = app_client(PilgrimFactory())
    ordered = api_order(holder, [invitee(victim)]).json()

    read = holder.get(f"/api/v1/packages/contracts/{ordered['id']}/").json()

    def typed(invitations):  # the label follows each request's language
        return [{k: v for k, v in i.items() if k != "status_label"} for i in invitations]

    assert typed(read["invitations"]) == typed(ordered["invitations"])
    assert read["invitations"][0]["status"] == "pending"


# --- Dependants ---------------------------------------------------------------------------

def test_a_dependant_must_be_confirmed_by_staff_for_hajj():
    pilgrim = PilgrimFactory()
    with pytest.raises(PackageError) as error:
        order(pilgrim, [companion(pilgrim, status="pending", full_name="My Son")])
    assert error.value.code == "dependant_unconfirmed"
    assert "My Son" in str(error.value.message)


def test_someone_elses_dependant_is_not_found():
    with pytest.raises(PackageError) as error:
        order(PilgrimFactory(), [{"dependant": DependantFactory().pk,
                                  "identity_expires_on": datetime.date(2030, 1, 1)}])
    assert error.value.code == "dependant_not_found"


def test_a_confirmed_dependant_is_on_the_contract_with_the_confirmed_record():
    pilgrim = PilgrimFactory()
    contract = order(pilgrim, [companion(pilgrim, full_name="Confirmed Wife")])
    wife = contract.persons.get(is_holder=False)
    assert (wife.full_name, wife.relationship, contract.clients, contract.held_places) == (
        "Confirmed Wife", "spouse", 2, 0)


# --- Invitations: accept, refuse, decline, lapse ------------------------------------------

def test_an_invitation_holds_a_place_counted_in_the_amount_and_blocks_payment(victim):
    contract = order(PilgrimFactory(), [invitee(victim)])

    assert (contract.clients, contract.held_places, contract.value) == (
        2, 1, Decimal("20000.00"))
    assert places_sold(contract) == 2
    assert list(contract.persons.values_list("is_holder", flat=True)) == [True]
    with pytest.raises(PackageError) as error:
        contract_pay(contract=contract, card_token="tok_ok", now=NOW)
    assert error.value.code == "invitations_pending"


def test_the_invitee_joins_with_their_own_profile_and_stated_details(victim):
    contract = order(PilgrimFactory(), [invitee(victim)])

    answered = consent.accept(invitation=invitation_of(contract), acting_user=victim,
                              details=DETAILS,
                              now=LATER)

    assert answered.status == Invitation.Status.ACCEPTED
    contract.refresh_from_db()
    joined = contract.persons.get(is_holder=False)
    assert (joined.full_name, joined.id_number, joined.mobile, joined.relationship) == (
        "Registered Victim Name", victim.profile.id_number, str(victim.profile.mobile),
        "sibling")
    assert (contract.clients, contract.held_places, contract.value) == (
        2, 0, Decimal("20000.00"))


def test_accepting_a_contract_invitation_needs_the_persons_own_details(victim):
    contract = order(PilgrimFactory(), [invitee(victim)])
    with pytest.raises(Exception) as error:
        consent.accept(invitation=invitation_of(contract), acting_user=victim, now=LATER)
    assert error.value.code == "details_required"


def test_an_ineligible_invitee_is_told_why_and_the_place_and_amount_go_back(victim):
    booker = PilgrimFactory()
    contract = order(booker, [invitee(victim)])

    answered = consent.accept(invitation=invitation_of(contract), acting_user=victim,
                              details={**DETAILS, "last_hajj_year": 1446}, now=LATER)

    assert answered.status == Invitation.Status.REFUSED
    contract.refresh_from_db()
    assert (contract.clients, contract.held_places, contract.value) == (
        1, 0, Decimal("10000.00"))
    assert list(contract.instalments.values_list("amount", flat=True)) == [
        Decimal("2000.00"), Decimal("4000.00"), Decimal("4000.00")]
    assert places_sold(contract) == 1
    to_victim = SmsMessage.objects.get(idempotency_key__endswith=f"{answered.pk}:refused")
    assert to_victim.recipient == str(victim.profile.mobile)
    to_booker = SmsMessage.objects.get(recipient=str(booker.profile.mobile),
                                       idempotency_key__endswith=f"{answered.pk}:released")
    assert "Registered Victim Name" not in to_booker.text
    assert victim.profile.id_number not in to_booker.text


def test_a_declined_invitation_returns_the_place_and_lowers_the_amount(victim):
    booker = PilgrimFactory()
    contract = order(booker, [invitee(victim)])

    consent.decline(invitation=invitation_of(contract), acting_user=victim, now=LATER)

    contract.refresh_from_db()
    assert (contract.clients, contract.value, places_sold(contract)) == (
        1, Decimal("10000.00"), 1)
    assert sum(contract.instalments.values_list("amount", flat=True)) == contract.value
    assert SmsMessage.objects.filter(recipient=str(booker.profile.mobile),
                                     idempotency_key__endswith=":released").count() == 1


def test_a_lapsed_invitation_returns_the_place_once_and_then_payment_opens(victim,
                                                                           payment_gateway):
    contract = order(PilgrimFactory(), [invitee(victim)])
    expires = invitation_of(contract).expires_at
    assert expires <= contract.instalments.order_by("position").first().due_at

    assert consent.lapse_due(now=expires) == 1
    assert consent.lapse_due(now=expires) == 0

    contract.refresh_from_db()
    assert (contract.clients, contract.held_places, places_sold(contract)) == (1, 0, 1)
    paid = contract_pay(contract=contract, card_token="tok_ok", now=expires)
    assert paid.instalments.filter(status="paid").get().amount == Decimal("2000.00")


def test_a_standing_consent_still_asks_for_a_contract(victim):
    booker = PilgrimFactory()
    StandingConsent.objects.create(grantor=victim, grantee_id_type=booker.profile.id_type,
                                   grantee_id_number=booker.profile.id_number, granted_at=NOW)

    contract = order(booker, [invitee(victim)])

    invitation = invitation_of(contract)
    assert (invitation.status, invitation.by_standing_consent) == ("pending", False)
    assert SmsMessage.objects.filter(recipient=str(victim.profile.mobile)).exists()


def test_cancelling_withdraws_the_invitation_and_returns_every_place(victim):
    contract = order(PilgrimFactory(), [invitee(victim)])

    contract_cancel(contract=contract, reason=Contract.CancelReason.PILGRIM, now=LATER)

    assert invitation_of(contract).status == Invitation.Status.WITHDRAWN
    assert places_sold(contract) == 0
    with pytest.raises(Exception) as error:
        consent.accept(invitation=invitation_of(contract), acting_user=victim, details=DETAILS,
                       now=LATER)
    assert error.value.code == "closed"


def test_the_invitee_accepts_through_the_api_with_their_details(app_client, victim):
    contract = order(PilgrimFactory(), [invitee(victim)], now=timezone.now())
    url = f"/api/v1/consent/invitations/{invitation_of(contract).pk}/accept/"
    client = app_client(victim)

    missing = client.post(url, {}, content_type="application/json")
    assert missing.status_code == 400, missing.content

    response = client.post(url, {"details": {"identity_expires_on": "2030-01-01",
                                             "relationship": "spouse"}},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert contract.persons.filter(id_number=victim.profile.id_number).exists()


def test_the_invitee_accepts_on_the_link_page_with_their_details(client, victim):
    contract = order(PilgrimFactory(), [invitee(victim)], now=timezone.now())
    token = invitation_of(contract).token
    client.force_login(victim)

    page = client.get(f"/consent/i/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'id="invitation-details"' in page.content
    refused = client.post(f"/consent/i/{token}/accept/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    client.post(f"/consent/i/{token}/accept/", {"identity_expires_on": "2030-01-01",
                                                "relationship": "child"})

    assert invitation_of(contract).status == Invitation.Status.ACCEPTED
    assert contract.persons.get(is_holder=False).relationship == "child"

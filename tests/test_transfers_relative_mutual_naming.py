"""A priority goes to a named relative only when both name each other: the holder's offer
names the relative, the relative's request names the holder. A stranger who names a holder
never holds up that holder's offer, and their answer never tells whether that holder exists
or has an offer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import SmsMessage
from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory
from transfers import services
from transfers.models import Match, Offer, Province, TransferRequest

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=timezone.get_fixed_timezone(180))
API = "/api/v1/transfers/requests/"


def offer(registration, relative=None, now=NOW):
    named = {"relative_id_number": relative.profile.id_number} if relative else {}
    return services.offer_create(acting_user=registration.holder, registration=registration,
                                 price=Decimal("4000"), now=now, **named)


def ask(user, holder=None, now=NOW):
    return services.request_create(
        acting_user=user, province=Province.objects.get(code="riyadh"), now=now,
        relation="sibling" if holder else "",
        relative_id_number=holder.profile.id_number if holder else "")


def test_a_stranger_naming_a_holder_does_not_hold_up_the_holders_offer():
    registration = RegistrationFactory()
    holders_offer = offer(registration)
    stranger = ask(PilgrimFactory(), holder=registration.holder)
    in_line = ask(PilgrimFactory(), now=NOW + datetime.timedelta(minutes=1))

    assert services.match_all(now=NOW) == 1

    assert Match.objects.get().request == in_line
    assert Match.objects.get().offer == holders_offer
    stranger.refresh_from_db()
    assert stranger.status == TransferRequest.Status.OPEN


def test_an_offer_named_for_a_relative_goes_to_that_relative_only():
    registration = RegistrationFactory(due_year=1450)  # not due this year: relatives only
    relative = PilgrimFactory()
    stranger = ask(PilgrimFactory(), holder=registration.holder)
    offer(registration, relative=relative)
    assert services.match_all(now=NOW) == 0

    relatives_request = ask(relative, holder=registration.holder,
                            now=NOW + datetime.timedelta(minutes=1))

    assert services.match_next(now=NOW).request == relatives_request
    stranger.refresh_from_db()
    assert stranger.status == TransferRequest.Status.OPEN


def test_the_mutual_case_matches_as_before_through_the_api(app_client):
    registration = RegistrationFactory(due_year=1450)
    relative = PilgrimFactory()
    holder = app_client(registration.holder)

    created = holder.post("/api/v1/transfers/offers/", {
        "registration": registration.pk, "price": "4000",
        "relative_id_number": relative.profile.id_number}, content_type="application/json")
    asked = app_client(relative).post(API, {
        "province": "riyadh", "relation": "child",
        "relative_id_number": registration.holder.profile.id_number},
        content_type="application/json")

    assert (created.status_code, asked.status_code) == (201, 201)
    assert created.json()["relative_id_number"] == relative.profile.id_number
    match = services.match_next(now=NOW)
    assert (match.offer.pk, match.request.pk) == (created.json()["id"], asked.json()["id"])
    assert Offer.objects.get().status == Offer.Status.MATCHED


def test_a_request_naming_a_holder_reveals_nothing_about_them(app_client):
    registration = RegistrationFactory()
    offer(registration)
    stranger, other = PilgrimFactory(profile__preferred_language="en"), \
        PilgrimFactory(profile__preferred_language="en")

    answers = []
    for user, named in ((stranger, registration.holder.profile.id_number),
                        (other, "1000000000")):  # a holder with an offer, and nobody
        response = app_client(user).post(API, {
            "province": "riyadh", "relation": "sibling", "relative_id_number": named},
            content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
        body = response.json()
        del body["id"], body["queued_at"]
        answers.append((response.status_code, body))
    services.match_all(now=NOW)

    assert answers[0] == answers[1]
    texts = [list(SmsMessage.objects.filter(user=user).order_by("pk")
                  .values_list("text", flat=True)) for user in (stranger, other)]
    assert texts[0] == texts[1] == ["Your request for a Hajj priority is in line for a match."]

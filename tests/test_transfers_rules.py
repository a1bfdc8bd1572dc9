"""The priority transfer's rules (RULES.md section 6), with the clock passed in.

Today (21/11/2026) is in 1448 AH, so a registration due in 1448 is "due this year"."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pghistory.models
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notifications.models import SmsMessage
from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory, agent_create
from transfers import services
from transfers.errors import TransferError
from transfers.models import Match, Offer, Province, TransferRequest

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=timezone.get_fixed_timezone(180))


def riyadh():
    return Province.objects.get(code="riyadh")


def offer(registration=None, price="4000", now=NOW, relative=None):
    registration = registration or RegistrationFactory()
    return services.offer_create(acting_user=registration.holder, registration=registration,
                                 price=Decimal(price), now=now, relative_id_number=(
                                     relative.profile.id_number if relative else ""))


def ask(user=None, now=NOW, **kwargs):
    return services.request_create(acting_user=user or PilgrimFactory(), province=kwargs.pop(
        "province", riyadh()), now=now, **kwargs)


def refused(code, call, *args, **kwargs):
    with pytest.raises(TransferError) as error:
        call(*args, **kwargs)
    assert error.value.code == code


def test_offers_match_requests_first_come_first_served_within_the_province():
    first_offer, second_offer = offer(now=NOW), offer(now=NOW + timedelta(minutes=1))
    elsewhere = ask(province=Province.objects.get(code="makkah"), now=NOW)
    early, late = ask(now=NOW + timedelta(minutes=2)), ask(now=NOW + timedelta(minutes=3))

    assert services.match_all(now=NOW) == 2

    assert Match.objects.get(offer=first_offer).request == early
    assert Match.objects.get(offer=second_offer).request == late
    elsewhere.refresh_from_db()
    assert elsewhere.status == TransferRequest.Status.OPEN


def test_the_recipient_must_be_18_unless_a_close_relative():
    holder_registration = RegistrationFactory()
    minor = PilgrimFactory(profile__date_of_birth=datetime.date(2010, 1, 1))

    refused("too_young", ask, user=minor)

    relative = ask(user=minor, relation="child",
                   relative_id_number=holder_registration.holder.profile.id_number)
    offer(holder_registration, relative=minor)
    assert services.match_next(now=NOW).request == relative


def test_age_limit_is_data():
    rules = services.rules(now=NOW)
    rules.min_recipient_age = 21
    rules.save()
    refused("too_young", ask, user=PilgrimFactory(profile__date_of_birth=datetime.date(2006, 1, 1)))


def test_a_registration_holder_cannot_take_another():
    holder = RegistrationFactory().holder
    refused("already_registered", ask, user=holder)


def test_only_priorities_due_this_year_go_to_non_relatives():
    sibling = PilgrimFactory()
    later = offer(RegistrationFactory(due_year=1450), relative=sibling)
    stranger = ask()
    assert services.match_next(now=NOW) is None

    relative = ask(user=sibling, relation="sibling",
                   relative_id_number=later.user.profile.id_number)
    assert services.match_next(now=NOW).request == relative
    stranger.refresh_from_db()
    assert stranger.status == TransferRequest.Status.OPEN


def test_one_open_offer_or_request_per_person():
    registration = RegistrationFactory()
    offer(registration)
    refused("already_open", offer, registration)
    applicant = PilgrimFactory()
    ask(user=applicant)
    refused("already_open", ask, user=applicant)


def test_the_price_is_capped_by_the_deposit_and_the_rules():
    refused("price_too_high", offer, price="5000.01")
    rules = services.rules(now=NOW)
    rules.max_price = Decimal("3000")
    rules.save()
    refused("price_too_high", offer, price="3500")


def matched():
    offered = offer()
    asked = ask()
    match = services.match_next(now=NOW)
    return match, offered, asked


def choose_same_agent(match):
    agent, staff = agent_create()
    services.match_choose_agent(match=match, acting_user=match.offer.user, agent=agent)
    services.match_choose_agent(match=match, acting_user=match.request.user, agent=agent)
    return agent, staff


def test_the_chosen_agent_completes_and_the_priority_moves_with_its_history():
    match, offered, asked = matched()
    _agent, staff = choose_same_agent(match)

    services.transfer_complete(match=match, acting_user=staff, agent_fee=Decimal("300"),
                               now=NOW + timedelta(days=1))

    registration = offered.registration
    registration.refresh_from_db()
    assert registration.holder == asked.user
    match.refresh_from_db()
    assert (match.status, match.price, match.agent_fee) == ("completed", Decimal("4000"),
                                                            Decimal("300"))
    holders = [event.pgh_data["holder_id"] for event in pghistory.models.Events.objects.tracks(
        registration).order_by("pgh_created_at")]
    assert holders[0] == offered.user.pk and holders[-1] == asked.user.pk
    parties = {offered.user.pk, asked.user.pk}
    for step in ("matched", "agent", "completed"):
        assert {sms.user_id for sms in SmsMessage.objects.filter(
            idempotency_key__startswith=f"transfers:{step}:")} == parties


def test_the_agent_fee_is_capped():
    match, _offered, _asked = matched()
    _agent, staff = choose_same_agent(match)
    refused("fee_too_high", services.transfer_complete, match=match, acting_user=staff,
            agent_fee=Decimal("500.01"), now=NOW)


def test_only_the_agent_both_chose_may_complete():
    match, _offered, _asked = matched()
    agent, _staff = agent_create()
    _other, stranger = agent_create()
    services.match_choose_agent(match=match, acting_user=match.offer.user, agent=agent)
    refused("not_the_agent", services.transfer_complete, match=match, acting_user=stranger,
            agent_fee=Decimal("0"), now=NOW)


def test_an_overdue_match_lapses_and_both_return_to_the_front_of_their_lines():
    match, offered, asked = matched()
    newer_offer = offer(now=NOW + timedelta(hours=1))
    _agent, staff = choose_same_agent(match)

    assert services.matches_lapse_overdue(now=NOW + timedelta(days=8)) == 1

    refused("not_pending", services.transfer_complete, match=match, acting_user=staff,
            agent_fee=Decimal("0"), now=NOW + timedelta(days=8))
    offered.refresh_from_db()
    asked.refresh_from_db()
    assert (offered.status, asked.status) == ("open", "open")
    newcomer = ask(now=NOW + timedelta(days=8))
    rematch = services.match_next(now=NOW + timedelta(days=8))
    # the lapsed offer is first in line again, but is not paired with the same request
    assert (rematch.offer, rematch.request) == (offered, newcomer)
    assert services.match_next(now=NOW + timedelta(days=8)).offer == newer_offer


def test_an_heir_with_a_probate_document_takes_over_a_deceased_holders_priority():
    registration = RegistrationFactory()
    heir = PilgrimFactory()
    document = SimpleUploadedFile("probate.pdf", b"%PDF-1.4 probate")

    named = {"due_year": registration.due_year,
             "priority_number": registration.priority_number,
             "holder_id_number": registration.holder.profile.id_number}

    claim = services.heir_claim_file(acting_user=heir, probate_document=document, now=NOW, **named)
    services.heir_claim_decide(claim=claim, acting_user=PilgrimFactory(), approve=True, now=NOW)

    registration.refresh_from_db()
    assert registration.holder == heir
    refused("file_type", services.heir_claim_file, acting_user=PilgrimFactory(), **named,
            probate_document=SimpleUploadedFile("x.pdf", b"nope"))


def test_offers_need_the_holder():
    registration = RegistrationFactory()
    refused("not_holder", services.offer_create, acting_user=PilgrimFactory(),
            registration=registration, price=Decimal("1"), now=NOW)
    assert not Offer.objects.exists()

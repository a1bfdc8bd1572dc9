"""The pilgrim's transfer page and API: offer, ask, see the match, choose an agent."""

import pytest

from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory, agent_create, due_this_year, province_get
from transfers.models import Match, Offer, TransferRequest

pytestmark = pytest.mark.django_db


def test_a_holder_offers_and_an_applicant_asks_from_the_page(client):
    registration = RegistrationFactory(due_year=due_this_year())
    client.force_login(registration.holder)
    page = client.get("/transfers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Offer this priority" in page

    client.post(f"/transfers/registration/{registration.pk}/offer/", {"price": "3000"})
    assert Offer.objects.get().price == 3000

    applicant = PilgrimFactory()
    client.force_login(applicant)
    client.post("/transfers/request/", {"province": province_get("riyadh").pk})
    assert TransferRequest.objects.get().user == applicant


def test_parties_choose_an_agent_from_the_page(client):
    from transfers import services

    registration = RegistrationFactory(due_year=due_this_year())
    services.offer_create(acting_user=registration.holder, registration=registration, price=100)
    applicant = PilgrimFactory()
    services.request_create(acting_user=applicant, province=registration.province)
    match = services.match_next()
    agent, _staff = agent_create()

    for user in (registration.holder, applicant):
        client.force_login(user)
        client.post(f"/transfers/match/{match.pk}/agent/", {"agent": agent.pk})

    match.refresh_from_db()
    assert match.agent == agent
    client.force_login(PilgrimFactory())
    response = client.post(f"/transfers/match/{match.pk}/agent/", {"agent": agent.pk},
                           HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "You are not a party to this match." in response.content.decode()


def test_the_api_refuses_a_second_open_request_in_the_one_error_shape(app_client):
    api = app_client(PilgrimFactory())
    assert api.post("/api/v1/transfers/requests/", {"province": "riyadh"},
                    content_type="application/json").status_code == 201

    again = api.post("/api/v1/transfers/requests/", {"province": "riyadh"},
                     content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert again.status_code == 400
    assert again.json() == {"code": "already_open",
                            "detail": "You already have an open offer or request."}
    assert len(api.get("/api/v1/transfers/mine/").json()["requests"]) == 1


def test_agents_complete_their_matches_in_the_admin(client):
    from transfers import services

    registration = RegistrationFactory(due_year=due_this_year())
    services.offer_create(acting_user=registration.holder, registration=registration, price=100)
    applicant = PilgrimFactory()
    services.request_create(acting_user=applicant, province=registration.province)
    match = services.match_next()
    agent, staff = agent_create()
    _other_agent, other_staff = agent_create()
    for user in (registration.holder, applicant):
        services.match_choose_agent(match=match, acting_user=user, agent=agent)

    client.force_login(other_staff)
    assert str(match) not in client.get("/admin/transfers/match/").content.decode()
    client.force_login(staff)
    client.post(f"/admin/transfers/match/{match.pk}/change/", {"complete": "on", "fee": "200"})

    match.refresh_from_db()
    registration.refresh_from_db()
    assert match.status == Match.Status.COMPLETED
    assert registration.holder == applicant


def test_a_match_shows_the_reference_both_parties_quote(client):
    from transfers import services

    registration = RegistrationFactory(due_year=due_this_year())
    services.offer_create(acting_user=registration.holder, registration=registration, price=100)
    applicant = PilgrimFactory()
    services.request_create(acting_user=applicant, province=registration.province)
    match = services.match_next()

    for party in (registration.holder, applicant):
        client.force_login(party)
        assert match.reference in client.get("/transfers/").content.decode()

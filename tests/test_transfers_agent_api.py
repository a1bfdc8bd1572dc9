"""Through the API, each party to a match chooses its accredited agent (the same service as
the page); a stranger does not even see the match, and refusals use the one error shape."""

import pytest

from tests.factories.accounts import PilgrimFactory
from tests.factories.transfers import RegistrationFactory, agent_create, due_this_year
from transfers import services
from transfers.models import AccreditedAgent

pytestmark = pytest.mark.django_db


@pytest.fixture
def match():
    registration = RegistrationFactory(due_year=due_this_year())
    services.offer_create(acting_user=registration.holder, registration=registration, price=100)
    services.request_create(acting_user=PilgrimFactory(), province=registration.province)
    return services.match_next()


def choose(api, match, agent, **extra):
    return api.post(f"/api/v1/transfers/matches/{match.pk}/agent/", {"agent": agent.pk},
                    content_type="application/json", **extra)


def test_both_parties_choose_the_same_agent(app_client, match):
    agent, _staff = agent_create()
    holder, recipient = match.offer.user, match.request.user

    assert agent.pk in [a["id"] for a in app_client(holder).get(
        "/api/v1/transfers/mine/").json()["agents"]]
    first = choose(app_client(holder), match, agent)
    assert first.status_code == 200
    assert first.json()["holder_agent"] == agent.pk
    assert first.json()["recipient_agent"] is None
    second = choose(app_client(recipient), match, agent)
    assert second.json()["recipient_agent"] == agent.pk

    match.refresh_from_db()
    assert match.agent == agent


def test_a_stranger_does_not_find_the_match(app_client, match):
    agent, _staff = agent_create()
    assert choose(app_client(PilgrimFactory()), match, agent).status_code == 404
    match.refresh_from_db()
    assert match.holder_agent is None


def test_an_agent_no_longer_accredited_is_refused_in_the_one_error_shape(app_client, match):
    agent, _staff = agent_create()
    AccreditedAgent.objects.filter(pk=agent.pk).update(is_active=False)

    response = choose(app_client(match.offer.user), match, agent, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"code": "agent_inactive",
                               "detail": "This agent is not accredited."}


def test_the_endpoint_is_in_the_openapi_schema():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/transfers/matches/{match_id}/agent/"]["post"]
    assert operation["parameters"][0]["schema"]["type"] == "integer"
    assert "TransferAgent" in schema["components"]["schemas"]

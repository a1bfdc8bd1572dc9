"""The pilgrim's dashboard shows "My priority transfer": the priorities held, the live offer
or request, and a pending match with the date the agent must complete it by."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import NOW
from tests.factories.transfers import RegistrationFactory, province_get
from transfers import services

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_panel_shows_the_offer_then_the_match(client):
    registration = RegistrationFactory(due_year=1448)
    holder = registration.holder
    services.offer_create(acting_user=holder, registration=registration, price=Decimal("4000"),
                          now=NOW)
    html = dashboard(client, holder)
    assert 'id="transfers-panel-offer"' in html and str(registration) in html
    assert "Waiting for a match" in html

    recipient = PilgrimFactory()
    services.request_create(acting_user=recipient, province=province_get("riyadh"), now=NOW)
    services.match_all(now=NOW)
    html = dashboard(client, recipient)
    assert 'id="transfers-panel-match"' in html and "complete by" in html


def test_a_pilgrim_with_nothing_to_transfer_is_told_so(client):
    html = dashboard(client, PilgrimFactory())
    assert 'id="transfers-panel"' in html
    assert "You hold no Hajj registration and have no request." in html
